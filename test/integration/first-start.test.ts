/**
 * The first start on an empty data folder (issue 11, defect 16): CreateTable answers while the
 * table is still CREATING, and a write then fails with ResourceNotFoundException. It crashed
 * `npm start`'s seed in 2 of 6 starts (4 of 10 here before the fix). The table must be ACTIVE,
 * with its index, before anything writes, and two creators at once must both come through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startDynalite } from '../../infra/local/dynalite.ts';
import { startRuntime } from '../../infra/local/runtime.ts';
import { ensureTable, localClient } from '../../infra/local/table.ts';
import { keys } from '../../shared/infrastructure/dynamodb/keys.ts';
import { TABLE_SCHEMA as T } from '../../shared/infrastructure/dynamodb/table-schema.ts';

const folders: string[] = [];
const freshFolder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sab-first-start-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the first start on an empty data folder', () => {
  it('has the table ACTIVE, index included, when ensureTable returns: a write right after never fails (20 fresh folders)', async () => {
    for (let i = 0; i < 20; i++) {
      // Prepare: dynalite on disk, as npm start runs it, in a folder of its own.
      const dynamo = await startDynalite({ path: freshFolder() });
      const client = localClient(dynamo.endpoint);
      try {
        // Act
        expect(await ensureTable(client, 'sab-first')).toBe('created');
        await client.send(
          new PutItemCommand({ TableName: 'sab-first', Item: { [T.partitionKey]: { S: 'P' }, [T.sortKey]: { S: `S${i}` } } }),
        );
        // Assess
        const { Table } = await client.send(new DescribeTableCommand({ TableName: 'sab-first' }));
        expect(Table?.TableStatus).toBe('ACTIVE');
        expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexStatus)).toEqual(['ACTIVE']);
      } finally {
        client.destroy();
        await dynamo.close();
      }
    }
  });

  it('lets two starts create the table at once: one creates it, the other finds it, both wait for it', async () => {
    const dynamo = await startDynalite({ path: freshFolder() });
    const [a, b] = [localClient(dynamo.endpoint), localClient(dynamo.endpoint)];
    try {
      const outcomes = await Promise.all([ensureTable(a, 'sab-race'), ensureTable(b, 'sab-race')]);
      expect(outcomes.sort()).toEqual(['created', 'exists']);
      expect(await ensureTable(a, 'sab-race')).toBe('exists');
      await b.send(new PutItemCommand({ TableName: 'sab-race', Item: { [T.partitionKey]: { S: 'P' }, [T.sortKey]: { S: 'S' } } }));
    } finally {
      a.destroy();
      b.destroy();
      await dynamo.close();
    }
  });

  it('starts the whole service, seed included, on fresh data folders without a crash, and again on the same folder', async () => {
    const dirs = [freshFolder(), freshFolder()];
    for (const dir of [...dirs, dirs[0] as string]) {
      const runtime = await startRuntime({ dataDir: join(dir, 'dynamodb'), seed: true });
      try {
        const board = await runtime.store.get(keys.board('luton-sab'));
        expect(board?.name).toBe('Luton Safeguarding Adults Board');
      } finally {
        await runtime.stop();
      }
    }
  });
});
