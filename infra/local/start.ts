/**
 * `npm start`: the service on 127.0.0.1:${PORT:-3000}, data kept in ${DATA_DIR:-./data}
 * (or in memory with `npm start -- --memory`). Ctrl-C stops it cleanly; a restart keeps
 * the data (and the signing key, so tokens stay valid).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startRuntime } from './runtime.ts';

const memory = process.argv.includes('--memory');
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? 'data');

function secret(): Uint8Array {
  if (memory) return randomBytes(32);
  const file = join(dataDir, 'local-jwt.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

if (!memory) mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
process.env.LOG_LEVEL ??= 'silent';
const verbose = process.env.LOG_REQUESTS !== '0';

const runtime = await startRuntime({
  ...(memory ? {} : { dataDir: join(dataDir, 'dynamodb') }),
  port,
  jwtSecret: secret(),
  ...(memory ? {} : { mailDir: join(dataDir, 'mail') }),
  // Email goes to the embedded catcher only: the sender every 2 s, overdue reminders every minute.
  mailTimers: { sendMs: Number(process.env.MAIL_SEND_INTERVAL_MS ?? 2000), scanMs: Number(process.env.MAIL_SCAN_INTERVAL_MS ?? 60_000) },
  ...(verbose ? { log: (line: string) => console.log(line) } : {}),
});

const financeToken = (await runtime.tokens.sign({ sub: 'finance.officer@luton.example', roles: ['finance'], boardId: 'luton-sab' })).token;
console.log(`
Luton SAB budget service (local) on ${runtime.url}
  web page:   ${runtime.url}/  (sign in with a token, or as a board member with the local demo button)
  data:       ${memory ? 'in memory (gone when you stop)' : dataDir}
  health:     curl ${runtime.url}/v1/health
  API docs:   ${runtime.url}/v1/openapi.json
  mail:       ${runtime.url}/dev/mail  (what was emailed: invoices, credit notes, statements, reminders;
              caught by the local SMTP server on ${runtime.mail.catcher.host}:${runtime.mail.catcher.port}, nothing leaves this machine${
                memory
                  ? ''
                  : `;
              each message also saved as .eml in ${join(dataDir, 'mail')}`
              })

Get a token (roles: finance, board, admin, partner; partners also give partnerId):
  curl -s -X POST ${runtime.url}/dev/tokens -H 'content-type: application/json' \\
    -d '{"sub":"me@example.org","roles":["finance"],"boardId":"luton-sab"}'

A finance token for the next 12 hours:
  export TOKEN=${financeToken}
  curl -s ${runtime.url}/v1/boards/luton-sab/years -H "authorization: Bearer $TOKEN"

Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  await runtime.stop();
  console.log('stopped; data kept.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
