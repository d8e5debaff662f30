/**
 * What the board's web page is made of and the policy it is served under, for both places that
 * serve it: the local server (infra/local/web.ts) and the web stack (S3 and CloudFront).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding index.html and assets/. */
export const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

/**
 * Third-party files the page loads, by the path it loads them from, resolved in node_modules so
 * the served (and deployed) copy is always the installed version. Nothing is fetched from a CDN.
 */
export function vendorFiles(): Readonly<Record<string, string>> {
  const chartDist = dirname(createRequire(import.meta.url).resolve('chart.js'));
  return {
    'vendor/chart.umd.min.js': join(chartDist, 'chart.umd.min.js'),
    'vendor/chart.umd.min.js.map': join(chartDist, 'chart.umd.min.js.map'),
  };
}

/**
 * The page's Content-Security-Policy: scripts, styles, images, fonts and data only from the
 * page's own origin (no inline code), where the API also is, locally and behind CloudFront
 * alike, so the deployed page sends exactly this policy. `connectSrc` adds origins to
 * connect-src for a page served apart from its API.
 */
export function pageCsp(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectSrc].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The page's config.json when the API is on the page's own origin: the local server serves it
 * and the web stack deploys it. (`apiUrl` names another origin only for a page served apart
 * from its API, which then needs that origin in connect-src and CORS on the API.)
 */
export const SAME_ORIGIN_CONFIG: Readonly<{ apiUrl: string }> = { apiUrl: '' };
