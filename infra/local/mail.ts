/**
 * Email delivery on the local runtime: the SMTP catcher (mail-catcher.ts) in the role of SES,
 * the sender and the reminder scan run in-process (on short timers under `npm start`; on demand
 * in tests), and `GET /dev/mail` (local server only, like `POST /dev/tokens`) listing what the
 * catcher received. The sender is the very use case the AWS sender function runs
 * (application/delivery.ts), over the SMTP adapter instead of SES.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordDeliveryReport, type ScanSummary, scanReminders } from '../../shared/application/delivery.ts';
import { type PassSummary, sendPass } from '../../shared/application/mail-sender.ts';
import type { Deps, MailSettings, SenderDeps } from '../../shared/application/ports.ts';
import type { DeliveryPolicy } from '../../shared/domain/delivery.ts';
import { SECURITY_HEADERS } from '../../shared/http/api.ts';
import { pdfDocuments } from '../../shared/infrastructure/mail/documents.ts';
import { SmtpMailer } from '../../shared/infrastructure/mail/smtp.ts';
import { type MailCatcher, mailListing } from './mail-catcher.ts';

/**
 * Local timings: a claim holds 30 s and the catcher's evidence is immediate, so 5 s of grace;
 * retries after 5 s, 15 s, 45 s... capped at 10 minutes, six attempts.
 */
export const LOCAL_POLICY: DeliveryPolicy = {
  leaseMs: 30_000,
  graceMs: 5_000,
  maxAttempts: 6,
  baseDelayMs: 5_000,
  factor: 3,
  capDelayMs: 600_000,
};

export const LOCAL_MAIL_SETTINGS: MailSettings = {
  fromAddress: 'invoices@sab-budget.localhost',
  messageDomain: 'sab-budget.localhost',
  policy: LOCAL_POLICY,
};

export interface LocalMail {
  readonly catcher: MailCatcher;
  readonly settings: MailSettings;
  /** The sender's dependencies over the runtime's current store. */
  senderDeps(): SenderDeps;
  /** One pass of the sender, as the scheduled function runs it in AWS. */
  sendPass(now?: Date): Promise<PassSummary>;
  /** One reminder scan. */
  scanReminders(now?: Date): Promise<ScanSummary>;
  /** Runs the sender every `sendMs` and the scan every `scanMs` (skipping a tick while one still runs). */
  startTimers(sendMs: number, scanMs: number, log?: (line: string) => void): void;
  stop(): Promise<void>;
}

export function localMail(catcher: MailCatcher, deps: () => Deps, recorderDeps: Deps, settings = LOCAL_MAIL_SETTINGS): LocalMail {
  const mailer = new SmtpMailer({ host: catcher.host, port: catcher.port });
  // Bounces the catcher reports are recorded by the recorder's own store, which no test's fault injection touches.
  catcher.reportTo(async (ref, report) => {
    await recordDeliveryReport(recorderDeps, settings.policy, ref, report, new Date());
  });
  const senderDeps = (): SenderDeps => ({ ...deps(), mailer, evidence: catcher, documents: pdfDocuments, mail: settings });
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const every = (ms: number, task: () => Promise<unknown>) => {
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        const p = task()
          .catch(() => undefined)
          .finally(() => {
            busy = false;
            running.delete(p);
          });
        running.add(p);
      }, ms),
    );
  };
  const mail: LocalMail = {
    catcher,
    settings,
    senderDeps,
    sendPass: (now = new Date()) => sendPass(senderDeps(), { now }),
    scanReminders: (now = new Date()) => scanReminders(deps(), { now }),
    startTimers(sendMs, scanMs, log) {
      every(sendMs, async () => {
        const s = await mail.sendPass();
        if (log && (s.sent || s.refused || s.unknown || s.resolved || s.cancelled || s.errors.length)) {
          log(
            `mail: ${s.sent} sent, ${s.resolved} settled from evidence, ${s.refused} refused (will retry), ${s.unknown} unknown, ${s.cancelled} cancelled${s.errors.length ? `, errors: ${s.errors.join('; ')}` : ''}`,
          );
        }
      });
      every(scanMs, async () => {
        const s = await mail.scanReminders();
        if (log && s.queued) log(`mail: ${s.queued} overdue reminder(s) queued`);
      });
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all([...running]);
      await catcher.stop();
    },
  };
  return mail;
}

function reply(res: ServerResponse, status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}): void {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': String(data.length), ...extra });
  res.end(data);
}

/**
 * `GET /dev/mail` (the listing, newest first), `GET /dev/mail/{id}` (the message as received,
 * `message/rfc822`: open it in a mail client) and `GET /dev/mail/{id}/attachments/{n}` (an
 * attachment, 0-based). Only on the local server: nothing of this is deployed.
 */
export function devMailHandler(catcher: () => MailCatcher | undefined) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== '/dev/mail' && !url.pathname.startsWith('/dev/mail/')) return false;
    const c = catcher();
    const problem = (status: number, detail: string) =>
      reply(res, status, 'application/problem+json; charset=utf-8', JSON.stringify({ type: 'about:blank', title: detail, status, detail }));
    if (req.method !== 'GET') {
      problem(405, 'use GET on /dev/mail');
      return true;
    }
    if (!c) {
      problem(404, 'the mail catcher is not running');
      return true;
    }
    if (url.pathname === '/dev/mail') {
      reply(res, 200, 'application/json; charset=utf-8', JSON.stringify(mailListing(c)));
      return true;
    }
    const m = /^\/dev\/mail\/(m\d{6})(?:\/attachments\/(\d{1,3}))?$/.exec(url.pathname);
    const mail = m ? c.received().find((x) => x.id === m[1]) : undefined;
    if (!m || !mail) {
      problem(404, 'no such message');
      return true;
    }
    if (m[2] === undefined) {
      reply(res, 200, 'message/rfc822', mail.raw, { 'content-disposition': `attachment; filename="${mail.id}.eml"` });
      return true;
    }
    const att = mail.attachments[Number(m[2])];
    if (!att) {
      problem(404, 'no such attachment');
      return true;
    }
    reply(res, 200, att.contentType, att.content, {
      'content-disposition': `attachment; filename="${att.filename.replace(/["\\\r\n]/g, '_')}"`,
    });
    return true;
  };
}
