/**
 * Runs one in-process section of the benchmark (the scaling, the import) in a child process of
 * its own, so that it measures a heap holding only the local runtime, as a Lambda's would, and not
 * the CDK app and bundles the parent built: `node scripts/bench/child.ts scale|import '<json>'`.
 * Prints its result as one JSON line after MARKS.result.
 */
import { benchImport } from './import.ts';
import { MARKS } from './lib.ts';
import { scaling } from './scale.ts';

process.env.LOG_LEVEL ??= 'silent';
const [section, json = '{}'] = process.argv.slice(2);
const args = JSON.parse(json) as { sizes?: number[]; rows?: number };
const result =
  section === 'scale'
    ? await scaling(args.sizes ?? [1000])
    : section === 'import'
      ? await benchImport({ rows: args.rows ?? 10_000, format: 'csv', audit: true })
      : undefined;
if (result === undefined) throw new Error('usage: child.ts scale|import <json>');
process.stdout.write(`${MARKS.result}${JSON.stringify(result)}\n`);
process.exit(0);
