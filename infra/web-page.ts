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
 * The page's Content-Security-Policy: scripts, styles, images and fonts only from the page's own
 * origin (no inline code), data only from the page's origin and the API. The deployed page uses
 * the same policy with the API's origin added to connect-src.
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
