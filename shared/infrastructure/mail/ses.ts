/**
 * The Amazon SES (v2 API) mail provider. The message goes as raw MIME (mime.ts) through
 * `SendEmail` with the configuration set that publishes its events, and with message tags that
 * name the outbox item and round, which those events carry back (SES replaces our Message-ID,
 * so the tags are what the recorder matches on).
 *
 * SendEmail has no idempotency key, so the client makes exactly one attempt (`maxAttempts: 1`):
 * an SDK retry after a timeout could send the message twice. Every retry is the sender's
 * decision. Errors are classified for it: an answer refusing the request (throttling, a
 * rejected message, sending paused, a 4xx) means nothing was sent (`refused`); a timeout, a
 * dropped connection or a 5xx leaves it unknown whether SES took the message (`unknown`), and
 * the SES events settle it.
 *
 * The MIME builder (with nodemailer) and the SES client are loaded by the first message: the
 * sender runs every five minutes, and most passes have nothing to send.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailerPort, OutgoingMail, SendResult } from '../../application/ports.ts';
import { loadMime, loadSes } from '../../lazy/load.ts';

export interface SesOptions {
  /** The configuration set whose event destination feeds the recorder. */
  readonly configurationSet?: string;
  readonly region?: string;
  /** For tests: a client of their own (aws-sdk-client-mock). */
  readonly client?: SESv2Client;
}

/** SES tag values allow letters, digits, `_ - . @` only (and 256 characters). */
export const sesTagValue = (value: string): string => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

export function classifySesError(err: unknown): SendResult {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  const status = e.$metadata?.httpStatusCode;
  const reason = `${e.name ?? 'Error'}: ${e.message ?? String(err)}`.slice(0, 500);
  if (status !== undefined && status >= 400 && status < 500) return { outcome: 'refused', reason };
  return { outcome: 'unknown', reason };
}

export class SesMailer implements MailerPort {
  private client: Promise<SESv2Client> | undefined;
  private readonly region: string | undefined;
  private readonly configurationSet: string | undefined;

  constructor(opts: SesOptions = {}) {
    if (opts.client) this.client = Promise.resolve(opts.client);
    this.region = opts.region;
    this.configurationSet = opts.configurationSet;
  }

  /** The client, made by the first message (the SES SDK is a side bundle in Lambda, loaded then). */
  private clientOf(): Promise<SESv2Client> {
    this.client ??= loadSes().then(
      ({ SESv2Client }) => new SESv2Client({ maxAttempts: 1, ...(this.region ? { region: this.region } : {}) }),
    );
    return this.client;
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    // nodemailer's composer and the SES client are loaded by the first message (side bundles in Lambda).
    const [{ buildMime }, { SendEmailCommand }, client] = await Promise.all([loadMime(), loadSes(), this.clientOf()]);
    const raw = await buildMime(mail);
    try {
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from.address,
          Destination: { ToAddresses: [...mail.to], ...(mail.cc.length ? { CcAddresses: [...mail.cc] } : {}) },
          ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
          Content: { Raw: { Data: raw } },
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
          EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value: sesTagValue(Value) })),
        }),
      );
      return { outcome: 'accepted', providerMessageId: out.MessageId ?? mail.messageId };
    } catch (err) {
      return classifySesError(err);
    }
  }
}
