/**
 * The change stream emulated inside dynalite (infra/local/dynalite.ts): what DynamoDB Streams
 * gives the audit writer in AWS, given to the same writer locally, below the SDK client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalDynamo, startDynalite } from '../../infra/local/dynalite.ts';
import { ensureTable, localClient } from '../../infra/local/table.ts';
import { createDocumentClient } from '../../shared/infrastructure/dynamodb/store.ts';

const TABLE = 'stream-test';
const started: { dynamo: LocalDynamo; destroy: () => void }[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) {
    s.destroy();
    await s.dynamo.close();
  }
});

async function start(path?: string) {
  const dynamo = await startDynalite(path ? { path } : {});
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  started.push({ dynamo, destroy: () => client.destroy() });
  return { dynamo, doc: createDocumentClient(client) };
}

const images = (r: DynamoDBRecord) => ({
  event: r.eventName,
  keys: unmarshall(r.dynamodb?.Keys as never),
  old: r.dynamodb?.OldImage ? unmarshall(r.dynamodb.OldImage as never) : undefined,
  new: r.dynamodb?.NewImage ? unmarshall(r.dynamodb.NewImage as never) : undefined,
});

describe('the local change stream', () => {
  it('hands every change of an item to the consumer, in order, with the images before and after, before the write answers', async () => {
    // Prepare
    const { dynamo, doc } = await start();
    const seen: DynamoDBRecord[] = [];
    await dynamo.stream.attach(TABLE, async (r) => void seen.push(r));
    const key = { pk: 'B#b', sk: 'X' };

    // Act
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...key, v: 1 } }));
    const afterPut = seen.length;
    await doc.send(
      new UpdateCommand({ TableName: TABLE, Key: key, UpdateExpression: 'ADD v :one', ExpressionAttributeValues: { ':one': 1 } }),
    );
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...key, v: 2 } })); // changes nothing
    await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: { pk: 'B#b', sk: 'Y', w: 'a' } } }] } }));
    await doc.send(new DeleteCommand({ TableName: TABLE, Key: key }));

    // Assess
    expect(afterPut).toBe(1);
    expect(seen.map(images)).toEqual([
      { event: 'INSERT', keys: key, old: undefined, new: { ...key, v: 1 } },
      { event: 'MODIFY', keys: key, old: { ...key, v: 1 }, new: { ...key, v: 2 } },
      { event: 'INSERT', keys: { pk: 'B#b', sk: 'Y' }, old: undefined, new: { pk: 'B#b', sk: 'Y', w: 'a' } },
      { event: 'REMOVE', keys: key, old: { ...key, v: 2 }, new: undefined },
    ]);
    const sequence = seen.map((r) => r.dynamodb?.SequenceNumber ?? '');
    expect([...sequence].sort()).toEqual(sequence);
    expect(seen.every((r) => r.dynamodb?.StreamViewType === 'NEW_AND_OLD_IMAGES')).toBe(true);
  });

  it('streams nothing for a table without a consumer, nor a write refused by its condition', async () => {
    const { dynamo, doc } = await start();
    const seen: DynamoDBRecord[] = [];
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'B#b', sk: 'before-attach' } }));
    await dynamo.stream.attach(TABLE, async (r) => void seen.push(r));
    await expect(
      doc.send(
        new PutCommand({ TableName: TABLE, Item: { pk: 'B#b', sk: 'before-attach' }, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    ).rejects.toThrow();
    expect(seen).toEqual([]);
  });

  it('retries a delivery the consumer refused until it takes it; the write answers only then', async () => {
    // Prepare
    const { dynamo, doc } = await start();
    dynamo.stream.log = () => {};
    let attempts = 0;
    const taken: DynamoDBRecord[] = [];
    await dynamo.stream.attach(TABLE, async (r) => {
      attempts += 1;
      if (attempts < 4) throw new Error('the writer is down');
      taken.push(r);
    });

    // Act
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'B#b', sk: 'Z' } }));

    // Assess
    expect(attempts).toBe(4);
    expect(taken).toHaveLength(1);
  });

  it('on disk, delivers at the next start a change the previous process wrote but never delivered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sab-stream-'));
    try {
      // Prepare: a consumer that never takes anything, and a process that dies with the write done.
      const first = await start(join(dir, 'data'));
      first.dynamo.stream.log = () => {};
      let offered = 0;
      await first.dynamo.stream.attach(TABLE, async () => {
        offered += 1;
        throw new Error('the writer is down');
      });
      const write = first.doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'B#b', sk: 'W', v: 'kept' } }));
      while (offered < 2) await new Promise((r) => setTimeout(r, 5));
      first.dynamo.stream.close(); // the process stops delivering (as if it died): the record stays logged
      await write;
      const s = started.pop();
      s?.destroy();
      await s?.dynamo.close();

      // Act: the next start attaches a working consumer.
      const second = await start(join(dir, 'data'));
      const seen: DynamoDBRecord[] = [];
      await second.dynamo.stream.attach(TABLE, async (r) => void seen.push(r));

      // Assess: delivered once, at attach, and not again at the start after.
      expect(seen.map(images)).toEqual([
        { event: 'INSERT', keys: { pk: 'B#b', sk: 'W' }, old: undefined, new: { pk: 'B#b', sk: 'W', v: 'kept' } },
      ]);
      const again = started.pop();
      again?.destroy();
      await again?.dynamo.close();
      const third = await start(join(dir, 'data'));
      const later: DynamoDBRecord[] = [];
      await third.dynamo.stream.attach(TABLE, async (r) => void later.push(r));
      expect(later).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
