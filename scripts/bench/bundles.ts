/**
 * Section 1: every function bundled exactly as `cdk synth` bundles it (the ServiceFunction
 * construct, local esbuild, side bundles and all), and the minimal handler bundled by a
 * NodejsFunction with the very same bundling options.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { type CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { REPO_ROOT, serviceBundling } from '../../infra/constructs/bundling.ts';
import { MAIL_FUNCTIONS } from '../../infra/constructs/mail-delivery.ts';
import { ServiceFunction } from '../../infra/constructs/service-function.ts';
import { functionGroups, STREAM_FUNCTIONS } from '../../infra/stacks/route-groups.ts';

export const MINIMAL = 'minimal';
/** The minimal handler with Powertools Tracer (traced-handler.ts): what the Tracer would add, for information. */
export const TRACED = 'minimal+tracer';

export interface BuiltBundle {
  /** The function group, or `minimal`. */
  readonly name: string;
  readonly dir: string;
  /** index.mjs, what a cold start loads. */
  readonly bytes: number;
  /** The side bundles (loaded on first use) and their sizes. */
  readonly side: Record<string, number>;
  /** Everything in the asset, source maps included: what is uploaded. */
  readonly assetBytes: number;
}

export function bundleAll(outdir: string): { bundles: BuiltBundle[]; ms: number } {
  const started = performance.now();
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'BenchBundles');
  const fns: [string, NodejsFunction][] = [...functionGroups().map((g) => g.name), ...STREAM_FUNCTIONS, ...MAIL_FUNCTIONS].map((name) => [
    name,
    new ServiceFunction(stack, `${name}Fn`, { group: name }),
  ]);
  const baseline = (id: string, file: string) =>
    new NodejsFunction(stack, id, {
      entry: join(REPO_ROOT, 'scripts', 'bench', file),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      bundling: serviceBundling(),
    });
  fns.push([TRACED, baseline('TracedFn', 'traced-handler.ts')], [MINIMAL, baseline('MinimalFn', 'minimal-handler.ts')]);
  const assembly = app.synth();
  const bundles = fns.map(([name, fn]) => {
    const dir = join(assembly.directory, (fn.node.defaultChild as CfnFunction).getMetadata('aws:asset:path') as string);
    const files = readdirSync(dir);
    const size = (f: string) => statSync(join(dir, f)).size;
    const side = Object.fromEntries(files.filter((f) => f.endsWith('.mjs') && f !== 'index.mjs').map((f) => [f, size(f)]));
    return { name, dir, bytes: size('index.mjs'), side, assetBytes: files.reduce((a, f) => a + size(f), 0) };
  });
  return { bundles, ms: performance.now() - started };
}
