/**
 * Fault injection at the AWS SDK boundary (aws-sdk-client-mock): a DocumentClient whose every
 * call is forwarded to the real one (dynalite), except one planned call that fails, either
 * before it reaches DynamoDB (throttled, connection reset: nothing happened) or after it took
 * effect (a timeout, or the ambiguous conditional failure an SDK retry of a successful write
 * gets: it happened, but the caller hears otherwise).
 */
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

export const FAULTS = ['throttle-before', 'reset-before', 'timeout-after', 'conditional-after'] as const;
export type Fault = (typeof FAULTS)[number];

export class InjectedSdkFault extends Error {}

function faultError(fault: Fault): Error {
  switch (fault) {
    case 'throttle-before':
      return new ProvisionedThroughputExceededException({ message: 'injected: throughput exceeded', $metadata: {} });
    case 'reset-before':
      return Object.assign(new InjectedSdkFault('injected: socket hang up'), { name: 'ECONNRESET', code: 'ECONNRESET' });
    case 'timeout-after':
      return Object.assign(new InjectedSdkFault('injected: the call succeeded but the answer timed out'), { name: 'TimeoutError' });
    case 'conditional-after':
      return new ConditionalCheckFailedException({ message: 'injected: a retried write found its own first attempt', $metadata: {} });
  }
}

const COMMANDS = [GetCommand, PutCommand, UpdateCommand, QueryCommand, BatchGetCommand] as const;

export class Chaos {
  /** Calls made since the last reset. */
  calls = 0;
  private plan: { at: number; fault: Fault; fired: boolean } | undefined;
  readonly client: DynamoDBDocumentClient;
  private readonly real: DynamoDBDocumentClient;

  constructor(real: DynamoDBDocumentClient, mocked: DynamoDBDocumentClient) {
    this.real = real;
    this.client = mocked;
    const stub = mockClient(mocked);
    for (const Cmd of COMMANDS) {
      stub.on(Cmd as any).callsFake(async (input: any) => this.forward(Cmd, input));
    }
  }

  /** Fails call number `at` (1-based, counted from now) with `fault`; until then and after, calls pass. */
  arm(at: number, fault: Fault): void {
    this.calls = 0;
    this.plan = { at, fault, fired: false };
  }

  disarm(): boolean {
    const fired = this.plan?.fired ?? false;
    this.plan = undefined;
    this.calls = 0;
    return fired;
  }

  private async forward(Cmd: (typeof COMMANDS)[number], input: any): Promise<unknown> {
    this.calls += 1;
    const p = this.plan;
    const now = p && !p.fired && this.calls === p.at;
    const isWrite = Cmd === PutCommand || Cmd === UpdateCommand;
    if (now && (p.fault.endsWith('-before') || !isWrite)) {
      p.fired = true;
      throw faultError(p.fault.endsWith('-before') ? p.fault : 'throttle-before');
    }
    const out = await this.real.send(new (Cmd as any)(input));
    if (now) {
      p.fired = true;
      // Only a conditional write can come back as a failed condition; any other answers with a timeout.
      throw faultError(p.fault === 'conditional-after' && !input.ConditionExpression ? 'timeout-after' : p.fault);
    }
    return out;
  }
}

/** Every item of a board (all its partitions), for cloning fixtures and comparing states. */
export async function scanBoard(doc: DynamoDBDocumentClient, table: string, boardId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'pk = :board OR begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':board': `B#${boardId}`, ':prefix': `B#${boardId}#` },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Copies a board's items under another board id (keys, index keys and boardId rewritten). */
export async function cloneBoard(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  from: string,
  to: string,
): Promise<void> {
  const rewrite = (v: unknown) => (typeof v === 'string' ? v.replace(`B#${from}`, `B#${to}`) : v);
  const copies = items.map((i) => ({
    ...i,
    pk: rewrite(i.pk),
    ...(i.gsi1pk ? { gsi1pk: rewrite(i.gsi1pk) } : {}),
    ...(i.boardId === from ? { boardId: to } : {}),
  }));
  for (let i = 0; i < copies.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = copies.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
    }
  }
}
