/**
 * The local stand-in for Amazon SES: an SMTP server on the loopback interface that accepts
 * every message and delivers none. What it received is listed by `GET /dev/mail` and kept as
 * `.eml` files under the data folder (`<DATA_DIR>/mail/`; in memory with `--memory`), so
 * nothing leaves the machine.
 *
 * It plays SES's event source too: its list of received Message-IDs is the evidence the sender
 * consults before ever resending a message whose outcome it lost (DeliveryEvidencePort), and it
 * can be told to refuse the next messages to an address (an SMTP 4xx/5xx, as a remote server
 * would) or to accept and then bounce them (reported to the recorder, as SES reports a bounce).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DeliveryEvidencePort } from '../../shared/application/ports.ts';
import type { DeliveryReport, MessageRef, OutboxItem } from '../../shared/domain/delivery.ts';
import { parseMessageId } from '../../shared/domain/delivery.ts';

export interface CaughtAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly content: Buffer;
}

export interface CaughtMail {
  /** The catcher's own id (`m000001`), in the order received. */
  readonly id: string;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  readonly replyTo: string;
  /** Envelope recipients (To and Cc). */
  readonly recipients: readonly string[];
  readonly subject: string;
  /** When it was received. */
  readonly sentAt: string;
  readonly text: string;
  readonly html: string;
  readonly headers: ReadonlyMap<string, unknown>;
  readonly attachments: readonly CaughtAttachment[];
  readonly raw: Buffer;
}

/** What to do with the next messages to an address. */
export type CatcherRule =
  | { readonly kind: 'refuse'; readonly code: number; readonly message?: string }
  | { readonly kind: 'bounce'; readonly permanent: boolean; readonly message?: string };

export interface MailCatcherOptions {
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Folder for the `.eml` files; in memory only when absent. */
  readonly dir?: string;
  /** Where bounces are reported (the runtime records them on the outbox item). */
  readonly onReport?: (ref: MessageRef, report: DeliveryReport) => Promise<void>;
}

const addressList = (v: unknown): string => {
  if (!v) return '';
  const list = Array.isArray(v) ? v : [v];
  return list.map((a: { text?: string }) => a.text ?? '').join(', ');
};

export class MailCatcher implements DeliveryEvidencePort {
  readonly host: string;
  readonly port: number;
  private readonly server: SMTPServer;
  private readonly mails: CaughtMail[] = [];
  private readonly rules = new Map<string, { rule: CatcherRule; times: number }>();
  private readonly dir: string | undefined;
  private readonly reports = new Set<Promise<void>>();
  private onReport: MailCatcherOptions['onReport'];
  private seq = 0;

  private constructor(server: SMTPServer, host: string, port: number, opts: MailCatcherOptions) {
    this.server = server;
    this.host = host;
    this.port = port;
    this.dir = opts.dir;
    this.onReport = opts.onReport;
  }

  static async start(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
    const host = opts.host ?? '127.0.0.1';
    let catcher: MailCatcher | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      banner: 'sab-budget local mail catcher: nothing is delivered',
      logger: false,
      size: 20 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', callback);
        stream.on('end', () => {
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          // A refusal answers the whole message (as SES's MessageRejected does): nothing is kept.
          const refusal = recipients.map((r) => catcher?.take(r, 'refuse')).find((r) => r !== undefined);
          if (refusal?.kind === 'refuse') {
            callback(Object.assign(new Error(refusal.message ?? 'mailbox unavailable'), { responseCode: refusal.code }));
            return;
          }
          (catcher as MailCatcher)
            .receive(Buffer.concat(chunks), recipients)
            .then((id) => callback(null, `OK: queued as ${id}`))
            .catch((err: Error) => callback(Object.assign(err, { responseCode: 451 })));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
    // A client that drops its connection is not the catcher's failure.
    server.on('error', () => undefined);
    const port = (server.server.address() as AddressInfo).port;
    catcher = new MailCatcher(server, host, port, opts);
    if (opts.dir) await catcher.load(opts.dir);
    return catcher;
  }

  /** Reports go here from now on (the runtime sets it once its stores exist). */
  reportTo(onReport: MailCatcherOptions['onReport']): void {
    this.onReport = onReport;
  }

  /** Everything received, oldest first. */
  received(): readonly CaughtMail[] {
    return this.mails;
  }

  byMessageId(messageId: string): CaughtMail[] {
    return this.mails.filter((m) => m.messageId === messageId);
  }

  /** The evidence port: was a message with this Message-ID received? */
  async acceptedAs(_item: OutboxItem, messageId: string): Promise<{ providerMessageId?: string; at: string } | undefined> {
    const found = this.mails.find((m) => m.messageId === messageId);
    return found ? { providerMessageId: found.id, at: found.sentAt } : undefined;
  }

  /** The next `times` messages to `address` get this treatment (refused with an SMTP code, or accepted and then bounced). */
  failNext(address: string, rule: CatcherRule, times = 1): void {
    this.rules.set(address.toLowerCase(), { rule, times });
  }

  /** Waits until every bounce reported so far has been recorded. */
  async settled(): Promise<void> {
    while (this.reports.size > 0) await Promise.all([...this.reports]);
  }

  async stop(): Promise<void> {
    await this.settled();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(address: string, kind: CatcherRule['kind']): CatcherRule | undefined {
    const key = address.toLowerCase();
    const r = this.rules.get(key);
    if (!r || r.rule.kind !== kind) return undefined;
    if (--r.times <= 0) this.rules.delete(key);
    return r.rule;
  }

  private async parse(id: string, raw: Buffer, recipients: readonly string[], sentAt: string): Promise<CaughtMail> {
    const parsed = await simpleParser(raw);
    return {
      id,
      messageId: parsed.messageId ?? '',
      from: addressList(parsed.from),
      to: addressList(parsed.to),
      cc: addressList(parsed.cc),
      replyTo: addressList(parsed.replyTo),
      recipients,
      subject: parsed.subject ?? '',
      sentAt,
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      headers: parsed.headers,
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? '',
        contentType: a.contentType,
        size: a.size,
        content: a.content,
      })),
      raw,
    };
  }

  private async receive(raw: Buffer, recipients: readonly string[]): Promise<string> {
    const id = `m${String(++this.seq).padStart(6, '0')}`;
    const mail = await this.parse(id, raw, recipients, new Date().toISOString());
    if (this.dir) writeFileSync(join(this.dir, `${id}.eml`), raw);
    this.mails.push(mail);
    const bounce = recipients.map((r) => this.take(r, 'bounce')).find((r) => r !== undefined);
    const ref = parseMessageId(mail.messageId);
    if (bounce?.kind === 'bounce' && ref && this.onReport) {
      const report: DeliveryReport = {
        type: 'bounce',
        round: ref.round,
        at: new Date().toISOString(),
        permanent: bounce.permanent,
        providerMessageId: id,
        detail:
          bounce.message ?? (bounce.permanent ? '550 5.1.1 no such mailbox (local catcher)' : '452 4.2.2 mailbox full (local catcher)'),
      };
      // Reported after the SMTP answer, as SES reports a bounce after accepting the message.
      const done = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.onReport?.(ref, report))
        .catch(() => undefined)
        .finally(() => this.reports.delete(done));
      this.reports.add(done);
    }
    return id;
  }

  private async load(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    const files = readdirSync(dir)
      .filter((f) => /^m\d{6}\.eml$/.test(f))
      .sort();
    for (const f of files) {
      const id = f.slice(0, -4);
      const raw = readFileSync(join(dir, f));
      const mail = await this.parse(id, raw, [], new Date(0).toISOString());
      // The time it was caught is the Date header's (kept in the file); recipients are the To and Cc.
      const date = mail.headers.get('date');
      this.mails.push({
        ...mail,
        sentAt: date instanceof Date ? date.toISOString() : mail.sentAt,
        recipients: [mail.to, mail.cc].filter(Boolean).join(', ').split(/,\s*/),
      });
      this.seq = Math.max(this.seq, Number(id.slice(1)));
    }
  }
}

/** The DESIGN 10.5 listing of what the catcher received: `{ items: [{ to, subject, sentAt, attachments }] }`, newest first. */
export function mailListing(catcher: MailCatcher) {
  return {
    items: [...catcher.received()].reverse().map((m) => ({
      id: m.id,
      messageId: m.messageId,
      from: m.from,
      to: m.to,
      ...(m.cc ? { cc: m.cc } : {}),
      subject: m.subject,
      sentAt: m.sentAt,
      attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    })),
  };
}
