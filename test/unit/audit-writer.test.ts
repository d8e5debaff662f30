/**
 * The audit trail's two halves alone: the stamp `Store.write` puts on every audited write (in
 * the same single-item write), and the stream writer's pure mapping from a change record to
 * an audit record, written once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { auditRecordOf, type ChangeRecord, changeOf, writeAuditRecords } from '../../shared/infrastructure/dynamodb/audit-writer.ts';
import { type Item, type LastChange, Store, stampedUpdate } from '../../shared/infrastructure/dynamodb/store.ts';

const META = { actor: 'fiona@finance', requestId: 'req-1', at: '2025-06-01T10:00:00.000Z', operationId: 'op-1' };

/** A DocumentClient that keeps items in a map and honours `attribute_not_exists(pk)`; it can be told to fail. */
function memoryDoc() {
  const items = new Map<string, Record<string, unknown>>();
  const sent: Record<string, any>[] = [];
  let failing = 0;
  const doc = {
    send: async (command: { input: Record<string, any> }) => {
      const input = command.input;
      sent.push(input);
      if (failing > 0) {
        failing -= 1;
        throw Object.assign(new Error('injected: throttled'), { name: 'ProvisionedThroughputExceededException' });
      }
      if (input.Item) {
        const key = `${input.Item.pk}|${input.Item.sk}`;
        if (input.ConditionExpression === 'attribute_not_exists(pk)' && items.has(key))
          throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
        items.set(key, input.Item);
      }
      return { Attributes: {} };
    },
  } as unknown as DynamoDBDocumentClient;
  return {
    doc,
    items,
    sent,
    failNext: (n: number) => {
      failing = n;
    },
  };
}

const stamp = (over: Partial<LastChange> = {}): LastChange => ({
  actor: 'fiona@finance',
  requestId: 'req-1',
  at: '2025-06-01T10:00:00.000Z',
  action: 'put',
  n: '000000007',
  ...over,
});

const entryKey = { pk: 'B#b1#Y#2025-26', sk: 'ENTRY#00000001' };
const change = (c: Partial<ChangeRecord>): ChangeRecord => ({
  eventId: 'ev-1',
  eventName: 'INSERT',
  approximateAt: '2025-06-01T10:00:01.000Z',
  keys: entryKey,
  ...c,
});

describe('the stamp of an audited write', () => {
  it('joins the SET clause of an update, or opens one before ADD and REMOVE clauses', () => {
    expect(stampedUpdate('SET a = :a, b = :b')).toBe('SET #lastChange = :lastChange, a = :a, b = :b');
    expect(stampedUpdate('ADD committedImports :id')).toBe('SET #lastChange = :lastChange ADD committedImports :id');
    expect(stampedUpdate('ADD seq :n SET #x = :x')).toBe('ADD seq :n SET #lastChange = :lastChange, #x = :x');
    expect(stampedUpdate('SET #a = :a REMOVE #r0')).toBe('SET #lastChange = :lastChange, #a = :a REMOVE #r0');
    expect(stampedUpdate('set a = :a')).toBe('set #lastChange = :lastChange, a = :a');
    // A placeholder named like the keyword is not the clause.
    expect(stampedUpdate('ADD #set :v')).toBe('SET #lastChange = :lastChange ADD #set :v');
    expect(() => stampedUpdate('SET #lastChange = :x')).toThrow();
  });

  it('is written inside the write itself: on the item of a put, beside the actions of an update, never on an unaudited write', async () => {
    // Prepare
    const { doc, sent } = memoryDoc();
    const store = new Store(doc, 't');

    // Act
    await store.write({ kind: 'put', item: { pk: 'B#b1', sk: 'SAR#s1', title: 'x' } }, META);
    await store.write(
      { kind: 'update', key: { pk: 'B#b1', sk: 'YEAR#2025-26' }, update: 'ADD committedImports :id', values: { ':id': 1 } },
      META,
    );
    await store.write(
      { kind: 'update', key: { pk: 'B#b1', sk: 'YEAR#2025-26' }, update: 'ADD seq :one', audit: false, values: { ':one': 1 } },
      META,
    );
    await store.write(
      {
        kind: 'update',
        key: { pk: 'B#b1', sk: 'YEAR#2025-26' },
        update: 'SET x = :x',
        values: { ':x': 1 },
        audit: { action: 'close-requested' },
      },
      META,
    );

    // Assess
    const [put, add, counter, named] = sent as [any, any, any, any];
    expect(put.Item.lastChange).toMatchObject({
      actor: 'fiona@finance',
      requestId: 'req-1',
      operationId: 'op-1',
      at: META.at,
      action: 'put',
    });
    expect(add.UpdateExpression).toBe('SET #lastChange = :lastChange ADD committedImports :id');
    expect(add.ExpressionAttributeNames).toEqual({ '#lastChange': 'lastChange' });
    expect(add.ExpressionAttributeValues[':lastChange']).toMatchObject({ requestId: 'req-1', action: 'update' });
    expect(counter.UpdateExpression).toBe('ADD seq :one');
    expect(counter.ExpressionAttributeNames).toBeUndefined();
    expect(counter.ExpressionAttributeValues).toEqual({ ':one': 1 });
    expect(named.ExpressionAttributeValues[':lastChange'].action).toBe('close-requested');
    // Every audited write of a request is a change of its own, numbered in order.
    const numbers = [
      put.Item.lastChange.n,
      add.ExpressionAttributeValues[':lastChange'].n,
      named.ExpressionAttributeValues[':lastChange'].n,
    ];
    expect(new Set(numbers).size).toBe(3);
    expect([...numbers].sort()).toEqual(numbers);
  });
});

describe('the audit record of a change', () => {
  it('records a create with who, when, which request, and the image after, under a key taken from the stamp', () => {
    // Act
    const record = auditRecordOf(change({ newImage: { ...entryKey, type: 'entry', amount: '1.00', lastChange: stamp() } }), 'now');

    // Assess
    expect(record).toMatchObject({
      pk: 'B#b1#AUDIT#2025-06',
      sk: '2025-06-01T10:00:00.000Z#req-1#000000007',
      type: 'audit',
      boardId: 'b1',
      at: '2025-06-01T10:00:00.000Z',
      actor: 'fiona@finance',
      requestId: 'req-1',
      action: 'create',
      entity: 'entry',
      entityKey: 'B#b1#Y#2025-26|ENTRY#00000001',
      before: null,
    });
    expect(record?.after).toEqual({ type: 'entry', amount: '1.00', lastChange: stamp() });
  });

  it('names an update, a replacement and a named action, and keeps the image before', () => {
    const old = { ...entryKey, type: 'partner', name: 'A', lastChange: stamp({ n: '000000001' }) };
    const updated = auditRecordOf(
      change({ eventName: 'MODIFY', oldImage: old, newImage: { ...old, name: 'B', lastChange: stamp({ action: 'update' }) } }),
      'now',
    );
    expect(updated).toMatchObject({ action: 'update', before: { name: 'A' }, after: { name: 'B' } });
    const replaced = auditRecordOf(change({ eventName: 'MODIFY', oldImage: old, newImage: { ...old, lastChange: stamp() } }), 'now');
    expect(replaced?.action).toBe('replace');
    const named = auditRecordOf(
      change({ eventName: 'MODIFY', oldImage: old, newImage: { ...old, lastChange: stamp({ action: 'close-approved' }) } }),
      'now',
    );
    expect(named?.action).toBe('close-approved');
  });

  it('skips what is not an audited change: no stamp, the stamp of an earlier change, the audit records, keys outside a board', () => {
    const year = { pk: 'B#b1', sk: 'YEAR#2025-26', type: 'year', seq: 4, lastChange: stamp() };
    expect(auditRecordOf(change({ newImage: { ...entryKey, type: 'entry' } }), 'now')).toBeUndefined();
    // An entry number reserved on the year keeps the year's last stamp: a counter, not a change to record.
    expect(
      auditRecordOf(change({ keys: year, eventName: 'MODIFY', oldImage: year, newImage: { ...year, seq: 5 } }), 'now'),
    ).toBeUndefined();
    const audit = { pk: 'B#b1#AUDIT#2025-06', sk: 'x', lastChange: stamp() };
    expect(auditRecordOf(change({ keys: audit, newImage: audit }), 'now')).toBeUndefined();
    const foreign = { pk: 'OTHER', sk: 'x', lastChange: stamp() };
    expect(auditRecordOf(change({ keys: foreign, newImage: foreign }), 'now')).toBeUndefined();
  });

  it('records a deletion of an audited item, and a malformed stamp as found, keyed by the stream record', () => {
    const old = { ...entryKey, type: 'entry', lastChange: stamp() };
    const removed = auditRecordOf(change({ eventName: 'REMOVE', oldImage: old, principal: 'dynamodb.amazonaws.com' }), 'now');
    expect(removed).toMatchObject({
      sk: '2025-06-01T10:00:01.000Z#removed#ev-1',
      action: 'delete',
      actor: 'dynamodb.amazonaws.com',
      after: null,
    });
    expect(auditRecordOf(change({ eventName: 'REMOVE', oldImage: { ...entryKey } }), 'now')).toBeUndefined();
    const odd = auditRecordOf(change({ newImage: { ...entryKey, lastChange: 'garbage' } }), 'now');
    expect(odd).toMatchObject({ sk: '2025-06-01T10:00:01.000Z#unattributed#ev-1', actor: 'unknown', action: 'create' });
  });

  it('leaves out images too large for one item rather than failing forever', () => {
    const big = 'x'.repeat(200_000);
    const old = { ...entryKey, type: 'entry', text: big, lastChange: stamp({ n: '1' }) };
    const record = auditRecordOf(change({ eventName: 'MODIFY', oldImage: old, newImage: { ...old, lastChange: stamp() } }), 'now');
    expect(record).toMatchObject({ before: null, omitted: ['before'] });
    expect((record?.after as Item | undefined)?.text).toBe(big);
  });
});

/** A stream record as Lambda delivers it (and the local stream emulates it). */
function streamRecord(seq: string, keys: Item, newImage?: Item, oldImage?: Item): DynamoDBRecord {
  return {
    eventID: `ev-${seq}`,
    eventName: newImage ? (oldImage ? 'MODIFY' : 'INSERT') : 'REMOVE',
    dynamodb: {
      ApproximateCreationDateTime: 1748772001,
      Keys: marshall(keys) as never,
      ...(newImage ? { NewImage: marshall(newImage, { convertClassInstanceToMap: false }) as never } : {}),
      ...(oldImage ? { OldImage: marshall(oldImage) as never } : {}),
      SequenceNumber: seq,
    },
  };
}

describe('the writer over a batch', () => {
  it('unmarshalls the images without floats, and passes over records with no stamp without reading them', () => {
    const c = changeOf(streamRecord('1', entryKey, { ...entryKey, version: 3, lastChange: stamp() }));
    expect(String(c?.newImage?.version)).toBe('3');
    expect(typeof c?.newImage?.version).toBe('object');
    expect(c?.approximateAt).toBe('2025-06-01T10:00:01.000Z');
    expect(changeOf(streamRecord('2', entryKey, { ...entryKey, seq: 1 }))).toBeUndefined();
  });

  it('writes each record once: a redelivered batch writes nothing new', async () => {
    // Prepare
    const { doc, items } = memoryDoc();
    const store = new Store(doc, 't');
    const batch = {
      Records: [
        streamRecord('1', entryKey, { ...entryKey, type: 'entry', lastChange: stamp({ n: '000000001' }) }),
        streamRecord('2', { pk: 'B#b1', sk: 'INVCOUNTER' }, { pk: 'B#b1', sk: 'INVCOUNTER', last: 1 }),
        streamRecord('3', { pk: 'B#b1', sk: 'SAR#s1' }, { pk: 'B#b1', sk: 'SAR#s1', type: 'sar', lastChange: stamp({ n: '000000002' }) }),
      ],
    };

    // Act
    const first = await writeAuditRecords(store, batch);
    const again = await writeAuditRecords(store, batch);

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect([...items.keys()].sort()).toEqual([
      'B#b1#AUDIT#2025-06|2025-06-01T10:00:00.000Z#req-1#000000001',
      'B#b1#AUDIT#2025-06|2025-06-01T10:00:00.000Z#req-1#000000002',
    ]);
  });

  it('answers the records it could not write, for Lambda to retry from the first of them', async () => {
    // Prepare
    const { doc, failNext } = memoryDoc();
    const store = new Store(doc, 't');
    const record = streamRecord('42', entryKey, { ...entryKey, type: 'entry', lastChange: stamp() });
    failNext(1);

    // Act
    const out = await writeAuditRecords(store, { Records: [record] });

    // Assess
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '42' }]);
    expect((await writeAuditRecords(store, { Records: [record] })).batchItemFailures).toEqual([]);
  });
});
