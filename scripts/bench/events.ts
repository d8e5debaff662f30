/**
 * One API Gateway (HTTP API, payload 2.0) event per function, as the deployed API would send
 * it with a Cognito ID token's claims, against the seeded Luton board: what each cold start
 * answers. Reads where the function has them; expenditure posts an entry (the most frequent
 * request of all), and the write-only groups (close, payments) do a write that stays valid
 * when repeated.
 */
import { MINIMAL, TRACED } from './bundles.ts';

export const BOARD = 'luton-sab';
export const OPEN_YEAR = '2025-26';

export interface EventSpec {
  readonly routeKey: string;
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** A raw body (a file): its text or bytes and media type. */
  readonly file?: { readonly text?: string; readonly bytes?: Uint8Array; readonly type: string };
  readonly accept?: string;
  readonly roles?: string;
  /** Statuses that count as an answer (default: 200). */
  readonly ok?: readonly number[];
}

const b = { boardId: BOARD };
const y = { boardId: BOARD, yearId: OPEN_YEAR };

export const COLD_EVENTS: Record<string, EventSpec> = {
  [MINIMAL]: { routeKey: 'GET /v1/boards/{boardId}', params: b },
  [TRACED]: { routeKey: 'GET /v1/boards/{boardId}', params: b },
  health: { routeKey: 'GET /v1/health' },
  boards: { routeKey: 'GET /v1/boards/{boardId}', params: b },
  partners: { routeKey: 'GET /v1/boards/{boardId}/partners', params: b },
  years: { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}', params: y },
  agreement: { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}/agreement', params: y },
  // The most frequent request of all: posting an entry (its log lines are the cost model's for a post).
  expenditure: {
    routeKey: 'POST /v1/boards/{boardId}/years/{yearId}/expenditure',
    params: y,
    body: { date: '2025-10-15', category: 'training', amount: '12.50', supplier: 'Bench Ltd', description: 'Cold start' },
    ok: [201],
  },
  commitments: { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}/commitments', params: y },
  sars: { routeKey: 'GET /v1/boards/{boardId}/sars', params: b },
  recharge: { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}/recharge', params: y },
  // Asking to close again by the same person answers the preview again (202).
  close: { routeKey: 'POST /v1/boards/{boardId}/years/{yearId}/close', params: y, ok: [202] },
  invoices: { routeKey: 'GET /v1/boards/{boardId}/invoices', params: b },
  payments: {
    routeKey: 'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments',
    params: { boardId: BOARD, invoiceId: `${OPEN_YEAR}-baseline-blmk-icb` },
    // The ICB has paid half of its 2025-26 baseline in the seed; a penny a run of the rest, dated today.
    body: { date: 'TODAY', amount: '0.01', reference: 'bench' },
    ok: [201],
  },
  reports: { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}/forecast', params: y },
  import: {
    routeKey: 'POST /v1/boards/{boardId}/years/{yearId}/expenditure/import',
    params: y,
    query: { dryRun: 'true' },
    file: {
      type: 'text/csv',
      text: 'Transaction date,Cost centre,Net amount,Supplier name,Narrative\r\n01/10/2025,training,120.00,Bench Ltd,Cold start\r\n',
    },
  },
  audit: { routeKey: 'GET /v1/boards/{boardId}/audit', params: b, query: { month: '2025-04' }, roles: 'finance admin' },
  delivery: { routeKey: 'GET /v1/boards/{boardId}/partners/{partnerId}/statement/deliveries', params: { ...b, partnerId: 'blmk-icb' } },
  income: { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}/other-income', params: y },
  planning: { routeKey: 'GET /v1/boards/{boardId}/reserve', params: b },
  receivables: { routeKey: 'GET /v1/boards/{boardId}/aged-debt', params: b },
  virements: { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}/virements', params: y },
};

/**
 * The functions no route invokes, each with the event its trigger sends: a change record from
 * the table's stream (a board item changed: the audit writer writes its record once, and finds
 * it written on every later run), the reminder scan and the send pass as the schedule invokes
 * them (the bench's context leaves the send pass less time than its margin, so it starts no
 * message: its cold start is what is measured), an SES event that is not the service's.
 */
export const COLD_TRIGGERS: Record<string, () => unknown> = {
  'audit-writer': () => {
    const at = '2025-06-01T09:00:00.000Z';
    const S = (v: string) => ({ S: v });
    const keys = { pk: S(`B#${BOARD}`), sk: S('BOARD') };
    const stamp = { M: { actor: S('bench'), requestId: S('bench-cold-start'), at: S(at), action: S('update'), n: S('000000001') } };
    return {
      Records: [
        {
          eventID: 'bench-cold-start-1',
          eventName: 'MODIFY',
          eventSource: 'aws:dynamodb',
          awsRegion: 'eu-west-2',
          dynamodb: {
            ApproximateCreationDateTime: Date.parse(at) / 1000,
            Keys: keys,
            OldImage: { ...keys, type: S('board'), name: S('Luton SAB') },
            NewImage: { ...keys, type: S('board'), name: S('Luton Safeguarding Adults Board'), lastChange: stamp },
            SequenceNumber: '1',
            SizeBytes: 200,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
        },
      ],
    };
  },
  'mail-reminders': () => ({ source: 'aws.scheduler', 'detail-type': 'Scheduled Event', detail: {} }),
  'mail-sender': () => ({ source: 'aws.scheduler', 'detail-type': 'Scheduled Event', detail: {} }),
  'mail-events': () => ({ source: 'bench', 'detail-type': 'Not a delivery event', detail: {} }),
};

/** The event and the statuses that count as answered (a function no route invokes answers 200 when it resolves). */
export function coldEvent(name: string): { event: unknown; ok: readonly number[] } {
  const trigger = COLD_TRIGGERS[name];
  if (trigger) return { event: trigger(), ok: [200] };
  const spec = COLD_EVENTS[name];
  if (!spec) throw new Error(`no cold-start event for ${name}: add one to scripts/bench/events.ts`);
  return { event: apiEvent(spec), ok: spec.ok ?? [200] };
}

/** An HTTP API payload 2.0 event for a route of the seeded board, with ID-token claims. */
export function apiEvent(spec: EventSpec): Record<string, unknown> {
  const [method = 'GET', template = '/'] = spec.routeKey.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_, k: string) => spec.params?.[k] ?? '');
  const now = Date.now();
  const query = new URLSearchParams(spec.query ?? {}).toString();
  const claims = {
    sub: 'bench-user-0000-4000-8000-000000000001',
    'cognito:groups': `[${spec.roles ?? 'finance'}]`,
    'custom:boardId': BOARD,
    token_use: 'id',
    aud: 'bench-client',
  };
  const body = spec.file
    ? { body: Buffer.from(spec.file.bytes ?? spec.file.text ?? '').toString('base64'), isBase64Encoded: true }
    : spec.body !== undefined
      ? {
          body: JSON.stringify(spec.body).replace('"TODAY"', JSON.stringify(new Date(now).toISOString().slice(0, 10))),
          isBase64Encoded: false,
        }
      : { isBase64Encoded: false };
  const event = {
    version: '2.0',
    routeKey: spec.routeKey,
    rawPath: path,
    rawQueryString: query,
    headers: { 'content-type': spec.file?.type ?? 'application/json', accept: spec.accept ?? 'application/json' },
    ...(spec.query ? { queryStringParameters: spec.query } : {}),
    ...(spec.params ? { pathParameters: spec.params } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: `bench-${now}`,
      routeKey: spec.routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } },
    },
    ...body,
  };
  return event;
}
