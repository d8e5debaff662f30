/**
 * A child process of the benchmark: the baseline for the load test. The same seeded local
 * runtime as the served one (dynalite in this process), but no HTTP server, handler, auth or
 * validation: BENCH_CONNECTIONS workers send the DynamoDB requests one request of the service
 * sends, back to back, for BENCH_DURATION seconds.
 *
 *   post      BatchGet (year, budget line) + GetItem (the supplier reference's index bucket: is
 *             it taken?) + UpdateItem (reserve the number) + GetItem and a conditional write of
 *             the bucket (claim the reference) + PutItem (the entry, conditional, stamped), items
 *             as the service writes them; its audit record is written by the same runtime's
 *             stream writer, as the service's is
 *   forecast  GetItem (the year), then, side by side, the Query of the year's partition (all
 *             pages, consistent) and the Query of the board's partners (their names label the
 *             partners' lines)
 *
 * Prints one JSON line: requests per second, latency p50/p99 (ms), errors.
 */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startRuntime } from '../../infra/local/runtime.ts';
import { localClient } from '../../infra/local/table.ts';
import { bucketOf } from '../../shared/application/references.ts';
import { entryIdOf, normaliseReference } from '../../shared/domain/ledger.ts';
import { boardPk, keys, PREFIX, yearPk } from '../../shared/infrastructure/dynamodb/keys.ts';
import { createDocumentClient, int } from '../../shared/infrastructure/dynamodb/store.ts';
import { BOARD, OPEN_YEAR } from './events.ts';
import { entryItems, sampleEntry } from './items.ts';
import { MARKS, quantile } from './lib.ts';

const scenario = process.argv[2];
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const seconds = Number(process.env.BENCH_DURATION ?? 10);
if (scenario !== 'post' && scenario !== 'forecast') throw new Error('usage: raw-loop.ts post|forecast');

process.env.LOG_LEVEL ??= 'silent';
const runtime = await startRuntime({ seed: true });
const doc = createDocumentClient(localClient(runtime.dynamoEndpoint));
const TableName = runtime.tableName;
const yearKey = keys.year(BOARD, OPEN_YEAR);
const lineKey = keys.budgetLine(BOARD, OPEN_YEAR, 'training');

let n = 0;
async function post(): Promise<void> {
  const i = ++n;
  const reference = normaliseReference(`BENCH-RAW-${process.pid}-${i}`);
  const bucketKey = keys.referenceBucket(BOARD, OPEN_YEAR, bucketOf(reference));
  const bucket = () => doc.send(new GetCommand({ TableName, Key: bucketKey, ConsistentRead: true }));
  await doc.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [yearKey, lineKey], ConsistentRead: true } } }));
  await bucket();
  const out = await doc.send(
    new UpdateCommand({
      TableName,
      Key: yearKey,
      UpdateExpression: 'ADD seq :one',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':open': 'open' },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const seq = int(out.Attributes?.seq);
  const held = (await bucket()).Item;
  if (held)
    await doc.send(
      new UpdateCommand({
        TableName,
        Key: bucketKey,
        UpdateExpression: 'SET #refs.#r = :h',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#refs.#r)',
        ExpressionAttributeNames: { '#refs': 'refs', '#r': reference },
        ExpressionAttributeValues: { ':h': entryIdOf(seq) },
      }),
    );
  else
    await doc.send(
      new PutCommand({
        TableName,
        Item: { ...bucketKey, type: 'references', refs: { [reference]: entryIdOf(seq) } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  const at = new Date().toISOString();
  const meta = { actor: 'bench-finance@local', requestId: `raw-${process.pid}-${i}`, at };
  const items = await entryItems(TableName, meta, { ...sampleEntry(BOARD, OPEN_YEAR, seq, ['training']), date: '2025-10-15' }, true);
  await doc.send(new PutCommand({ TableName, Item: items.entry, ConditionExpression: 'attribute_not_exists(pk)' }));
}

async function forecast(): Promise<void> {
  await doc.send(new GetCommand({ TableName, Key: yearKey, ConsistentRead: true }));
  await Promise.all([queryAll(yearPk(BOARD, OPEN_YEAR)), queryAll(boardPk(BOARD), PREFIX.partner)]);
}

async function queryAll(pk: string, prefix?: string): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: prefix ? { ':pk': pk, ':prefix': prefix } : { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    start = page.LastEvaluatedKey;
  } while (start);
}

const op = scenario === 'post' ? post : forecast;
const latencies: number[] = [];
let errors = 0;
const stopAt = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < stopAt) {
      const t = performance.now();
      try {
        await op();
        latencies.push(performance.now() - t);
      } catch {
        errors += 1;
      }
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
process.stdout.write(
  `${MARKS.raw}${JSON.stringify({
    scenario,
    connections,
    seconds: elapsed,
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    errors,
  })}\n`,
);
await runtime.stop();
process.exit(0);
