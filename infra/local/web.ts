/**
 * Serves the board's web page from `web/` (plus the vendored Chart.js from node_modules)
 * on the local server, as CloudFront serves it from S3 in AWS. Plugged in as the
 * `extra` option of createLocalServer, so it sees each request before the API routes:
 * it answers the page's own paths and passes everything else (API, /dev/tokens) through.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pageCsp, SAME_ORIGIN_CONFIG, vendorFiles, WEB_ROOT } from '../web-page.ts';

export { pageCsp, SAME_ORIGIN_CONFIG, vendorFiles, WEB_ROOT };

/** Headers every response of the page carries (the API's own responses have theirs). */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Asset paths: lower-case words, digits, dots, dashes, underscores and slashes only. */
const SAFE_PATH = /^[a-z0-9][a-z0-9._/-]*$/;

export interface WebHandlerOptions {
  /** Where index.html and assets/ live. @default WEB_ROOT */
  readonly root?: string;
  /** What `config.json` says; locally the API is on the same origin. @default SAME_ORIGIN_CONFIG */
  readonly config?: Readonly<Record<string, unknown>>;
}

type Extra = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** True for the paths the page owns; everything else belongs to the API. */
export function isWebPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || pathname === '/config.json' || /^\/(assets|vendor)\//.test(pathname);
}

export function webHandler(opts: WebHandlerOptions = {}): Extra {
  const root = normalize(opts.root ?? WEB_ROOT);
  const vendor = vendorFiles();
  const config = `${JSON.stringify(opts.config ?? SAME_ORIGIN_CONFIG)}\n`;

  return async (req, res, url) => {
    const path = url.pathname;
    if (!isWebPath(path)) return false;

    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      reply(
        req,
        res,
        405,
        { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD', 'cache-control': 'no-store' },
        'Method not allowed\n',
      );
      return true;
    }

    if (path === '/config.json') {
      reply(req, res, 200, { 'content-type': TYPES['.json'] as string, 'cache-control': 'no-store' }, config);
      return true;
    }

    const file = resolveFile(path, root, vendor);
    const body = file ? await readFile(file.path).catch(() => undefined) : undefined;
    if (!file || !body) {
      reply(req, res, 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'Not found\n');
      return true;
    }

    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file.path)] ?? 'application/octet-stream',
      // The page and its own assets change with every edit: revalidate each time (cheap with the
      // ETag). The vendored library only changes with an npm install.
      'cache-control': file.vendor ? 'public, max-age=86400' : 'no-cache',
      etag,
    };
    if (file.path.endsWith('.html')) headers['content-security-policy'] = pageCsp();
    if (req.headers['if-none-match'] === etag) {
      reply(req, res, 304, headers);
      return true;
    }
    reply(req, res, 200, headers, body);
    return true;
  };
}

function resolveFile(path: string, root: string, vendor: Readonly<Record<string, string>>): { path: string; vendor: boolean } | undefined {
  if (path === '/' || path === '/index.html') return { path: join(root, 'index.html'), vendor: false };
  const rel = path.slice(1);
  if (rel.startsWith('vendor/')) {
    const hit = vendor[rel];
    return hit ? { path: hit, vendor: true } : undefined;
  }
  // assets/...: no encoded characters, no dot segments, a known type, and inside the root.
  if (!SAFE_PATH.test(rel) || rel.split('/').some((s) => s === '' || s.startsWith('.'))) return undefined;
  if (!(extname(rel) in TYPES)) return undefined;
  const full = normalize(join(root, rel));
  return full.startsWith(root.endsWith(sep) ? root : root + sep) ? { path: full, vendor: false } : undefined;
}

function reply(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer): void {
  const all: Record<string, string> = { ...COMMON_HEADERS, ...headers };
  if (!headers['content-security-policy']) all['content-security-policy'] = "default-src 'none'; frame-ancestors 'none'";
  if (body !== undefined) all['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, all);
  res.end(req.method === 'HEAD' || status === 304 ? undefined : body);
}
