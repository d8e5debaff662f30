/**
 * The composition roots of the mail functions in AWS: the sender over SES v2 (the configuration
 * set that publishes its events, the recorded events as evidence), the recorder and the
 * reminder scan over the table alone. Read once per function, at module scope; a missing
 * variable fails the cold start, not a send.
 */
import type { MailSettings, SenderDeps } from '../../application/ports.ts';
import { DEFAULT_POLICY } from '../../domain/delivery.ts';
import { isDeliverableEmail } from '../../domain/email.ts';
import { boards, depsFromEnv, invoices, outbox, partners } from '../composition.ts';
import { pdfDocuments } from './documents.ts';
import { RecordedEventsEvidence } from './evidence.ts';
import { SesMailer } from './ses.ts';

/** `MAIL_FROM` (the verified sender address); Message-IDs are made in its domain. */
export function mailSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): MailSettings {
  const from = env.MAIL_FROM;
  if (!from || !isDeliverableEmail(from)) throw new Error(`MAIL_FROM must be the verified sender address, not ${JSON.stringify(from)}`);
  return { fromAddress: from, messageDomain: from.slice(from.indexOf('@') + 1), policy: DEFAULT_POLICY };
}

/** What the sender uses (application/mail-sender.ts `sendPass`): four repositories, SES, the evidence and the renderers. */
export type SenderFunctionDeps = Pick<
  SenderDeps,
  'boards' | 'invoices' | 'outbox' | 'partners' | 'mailer' | 'evidence' | 'documents' | 'mail'
>;

export function senderDepsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SenderFunctionDeps {
  return {
    ...depsFromEnv({ boards, invoices, outbox, partners }, env),
    mailer: new SesMailer(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}),
    evidence: new RecordedEventsEvidence(),
    documents: pdfDocuments,
    mail: mailSettingsFromEnv(env),
  };
}
