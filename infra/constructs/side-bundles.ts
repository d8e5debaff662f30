/**
 * Emits the side bundles a function bundle loads (see bundling.ts): run by CDK after its
 * esbuild, as `node infra/constructs/side-bundles.ts <asset output folder>`. For each
 * `./<name>.mjs` that `index.mjs` refers to, bundles `shared/lazy/<name>.ts` beside it with the
 * function's own options. A bundle that refers to none is left as it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, SIDE_BUNDLE_DIR, sideBundlesOf } from './bundling.ts';

export async function emitSideBundles(outputDir: string): Promise<string[]> {
  const main = join(outputDir, 'index.mjs');
  if (!existsSync(main)) throw new Error(`no function bundle at ${main}`);
  const names = sideBundlesOf(readFileSync(main, 'utf8'));
  for (const name of names) {
    const entry = join(SIDE_BUNDLE_DIR, `${name}.ts`);
    if (!existsSync(entry)) throw new Error(`${main} loads ./${name}.mjs, but there is no ${entry} to build it from`);
    await build({ ...esbuildOptions(join(outputDir, `${name}.mjs`)), entryPoints: [entry] });
  }
  return names;
}

if (import.meta.main) {
  const outputDir = process.argv[2];
  if (!outputDir) throw new Error('usage: node infra/constructs/side-bundles.ts <asset output folder>');
  await emitSideBundles(outputDir);
}
