/**
 * How every function is bundled, in one place: the options the ServiceFunction construct gives
 * CDK's NodejsFunction, which the benchmark also gives its minimal handler so both are built
 * alike, and the side bundles emitted beside `index.mjs`.
 *
 * Side bundles: libraries a function needs for a few requests only (exceljs for XLSX, pdf-lib
 * and pdfkit for PDFs; see `shared/lazy/load.ts`). esbuild inlines a dynamic `import()` into the one
 * file CDK asks for, which made every function that can export a list carry exceljs (~1.1 MB
 * of its ~1.5 MB). The build defines `__SAB_SIDE_BUNDLES__`, so the loaders import
 * `./<name>.mjs` beside the bundle instead, and after CDK's esbuild has run, a command hook
 * builds each side bundle the function's `index.mjs` refers to from `shared/lazy/<name>.ts`,
 * with these same options.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, LogLevel, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions, Loader } from 'esbuild';

/** The repository root, found from this file, so nothing depends on the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A CommonJS dependency bundled into an ES module still calls `require` for Node built-ins;
 * esbuild's stub throws "Dynamic require is not supported" unless a real `require` exists.
 */
export const REQUIRE_SHIM =
  "import { createRequire as __sabCreateRequire } from 'node:module'; const require = __sabCreateRequire(import.meta.url);";

/** Where the side bundles' entries live: `shared/lazy/<name>.ts` becomes `<name>.mjs`. */
export const SIDE_BUNDLE_DIR = join(REPO_ROOT, 'shared', 'lazy');

/** How a loader refers to a side bundle in the minified output: `new URL("./<name>.mjs",import.meta.url)`. */
export const SIDE_BUNDLE_REFERENCE = /new URL\("\.\/([a-z0-9-]+)\.mjs",\s*import\.meta\.url\)/g;

/** The names of the side bundles a function's minified `index.mjs` loads. */
export function sideBundlesOf(code: string): string[] {
  return [...new Set([...code.matchAll(SIDE_BUNDLE_REFERENCE)].map((m) => m[1] as string))].sort();
}

/** The esbuild options every function (and every side bundle) is built with, as CDK takes them. */
export const BUNDLE_OPTIONS = {
  format: OutputFormat.ESM,
  target: 'node24',
  // ESM builds of dependencies tree-shake; their CJS builds do not.
  mainFields: ['module', 'main'],
  // The SDK in the runtime is older, and loading it from there doubles cold starts.
  bundleAwsSDK: true,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  // Names and lines are enough to read a stack trace; the sources would double the upload.
  sourcesContent: false,
  banner: REQUIRE_SHIM,
  // Loaders import side bundles instead of inlining their libraries (shared/lazy/load.ts).
  define: { __SAB_SIDE_BUNDLES__: 'true' },
  // Font files a side bundle inlines as bytes (the pdfkit bundle's Noto Sans, shared/lazy/fonts-inline.ts).
  loader: { '.ttf': 'binary' },
  logLevel: LogLevel.WARNING,
} satisfies BundlingOptions;

/** The same options for esbuild's API, for the side bundles: only what {@link BUNDLE_OPTIONS} sets. */
export function esbuildOptions(outfile: string): BuildOptions {
  const o = BUNDLE_OPTIONS;
  return {
    bundle: true,
    platform: 'node',
    format: o.format,
    target: o.target,
    mainFields: o.mainFields,
    minify: o.minify,
    sourcemap: o.sourceMap,
    sourcesContent: o.sourcesContent,
    banner: { js: o.banner },
    define: o.define,
    loader: o.loader as Record<string, Loader>,
    logLevel: o.logLevel,
    outfile,
  };
}

/** The shell command, run after CDK's esbuild, that emits the side bundles into `outputDir`. */
export function sideBundleCommand(outputDir: string): string {
  const script = join(REPO_ROOT, 'infra', 'constructs', 'side-bundles.ts');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // The Node running the synthesis (the project's Node 24): it runs the TypeScript script as is.
  return `${q(process.execPath)} ${q(script)} ${q(outputDir)}`;
}

/** Everything a function's `bundling` prop holds: the options, local esbuild only, and the side bundles. */
export function serviceBundling(): BundlingOptions {
  return {
    ...BUNDLE_OPTIONS,
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [sideBundleCommand(outputDir)],
    },
  };
}
