/**
 * The SMTP mail provider: the local runtime's adapter to its embedded catcher (never a real
 * mail server: it is given the catcher's loopback port). One attempt per send, no pooling, no
 * retries of its own; the answer is classified for the sender's protocol:
 *
 * - accepted: the server answered 250 to the message (its id taken from the answer), even if it
 *   refused some recipients and took it for the others: it went, and resending would duplicate
 *   it for those (SES reports such recipients later, as bounces);
 * - refused: the server answered 4xx/5xx, or the connection failed before the message was
 *   handed over (nothing was sent);
 * - unknown: the connection dropped or timed out after the message data was sent, before the
 *   answer (it may have been taken).
 */
import { createTransport } from 'nodemailer';
import type { MailerPort, OutgoingMail, SendResult } from '../../application/ports.ts';
import { buildMime } from './mime.ts';

export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
  /** Socket timeout. @default 10_000 */
  readonly timeoutMs?: number;
}

/** SMTP commands before the message data: a failure there means nothing was sent. */
const BEFORE_DATA = new Set(['CONN', 'EHLO', 'HELO', 'LHLO', 'STARTTLS', 'AUTH PLAIN', 'AUTH LOGIN', 'MAIL FROM', 'RCPT TO']);

export function classifySmtpError(err: unknown): SendResult {
  const e = err as { responseCode?: number; response?: string; command?: string; code?: string; message?: string };
  const reason = (e.response ?? e.message ?? String(err)).slice(0, 500);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return { outcome: 'refused', reason };
  if (e.code === 'ECONNECTION' || e.code === 'EDNS' || (e.command && BEFORE_DATA.has(e.command))) return { outcome: 'refused', reason };
  return { outcome: 'unknown', reason };
}

export class SmtpMailer implements MailerPort {
  private readonly opts: SmtpOptions;
  constructor(opts: SmtpOptions) {
    this.opts = opts;
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const raw = await buildMime(mail);
    const transport = createTransport({
      host: this.opts.host,
      port: this.opts.port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: this.opts.timeoutMs ?? 10_000,
      greetingTimeout: this.opts.timeoutMs ?? 10_000,
      socketTimeout: this.opts.timeoutMs ?? 10_000,
    });
    try {
      const info = await transport.sendMail({ envelope: { from: mail.from.address, to: [...mail.to, ...mail.cc] }, raw });
      const queued = /queued as (\S+)/.exec(String(info.response ?? ''))?.[1];
      return { outcome: 'accepted', providerMessageId: queued ?? mail.messageId };
    } catch (err) {
      return classifySmtpError(err);
    } finally {
      transport.close();
    }
  }
}
