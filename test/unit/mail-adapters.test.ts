/**
 * The mail adapters at their boundaries: the MIME message, SES v2 SendEmail (mocked at the SDK:
 * what is sent, how each answer is classified, one attempt only), and SES events as
 * EventBridge delivers them.
 */
import { SESv2Client, SESv2ServiceException, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../shared/application/ports.ts';
import { buildMime } from '../../shared/infrastructure/mail/mime.ts';
import { SesMailer, sesTagValue } from '../../shared/infrastructure/mail/ses.ts';
import { parseSesEvent } from '../../shared/infrastructure/mail/ses-events.ts';
import { classifySmtpError } from '../../shared/infrastructure/mail/smtp.ts';

const mail: OutgoingMail = {
  messageId: '<r1.issued.2024-25-baseline-blmk-icb.blmk-icb.luton-sab@mail.sab.example>',
  from: { name: 'Luton Safeguarding Adults Board', address: 'invoices@mail.sab.example' },
  to: ['finance@blmk-icb.example'],
  cc: ['remittances@luton.example'],
  replyTo: 'lsab@luton.example',
  subject: 'Invoice INV-000001 from Luton Safeguarding Adults Board: £81,305.00 due 1 May 2025',
  text: 'Please find attached invoice INV-000001.\n',
  html: '<p>Please find attached invoice INV-000001.</p>',
  attachments: [{ filename: 'INV-000001.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.7 probe') }],
  tags: { board: 'luton-sab', partner: 'blmk-icb', outbox: '2024-25-baseline-blmk-icb.issued', round: '1' },
};

describe('the MIME message', () => {
  it('carries our Message-ID, the addresses, both bodies, the PDF and the correlation headers', async () => {
    const parsed = await simpleParser(await buildMime(mail));
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('finance@blmk-icb.example');
    expect(parsed.cc && !Array.isArray(parsed.cc) ? parsed.cc.text : '').toBe('remittances@luton.example');
    expect(parsed.replyTo?.text).toBe('lsab@luton.example');
    expect(parsed.from?.text).toBe('"Luton Safeguarding Adults Board" <invoices@mail.sab.example>');
    expect(parsed.text).toContain('INV-000001');
    expect(parsed.html).toContain('<p>Please find attached');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['INV-000001.pdf', 'application/pdf', '%PDF-1.7 probe'],
    ]);
    expect(parsed.headers.get('x-sab-outbox')).toBe('2024-25-baseline-blmk-icb.issued');
    expect(parsed.headers.get('x-sab-round')).toBe('1');
  });
});

describe('SES v2', () => {
  const ses = mockClient(SESv2Client);
  beforeEach(() => ses.reset());

  it('sends the raw message once through the configuration set, tagged with the item and round', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0102018f-ses-id' });
    const result = await new SesMailer({ configurationSet: 'sab-events', client: new SESv2Client({ region: 'eu-west-2' }) }).send(mail);
    expect(result).toEqual({ outcome: 'accepted', providerMessageId: '0102018f-ses-id' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBe('sab-events');
    expect(input?.FromEmailAddress).toBe('invoices@mail.sab.example');
    expect(input?.Destination).toEqual({ ToAddresses: ['finance@blmk-icb.example'], CcAddresses: ['remittances@luton.example'] });
    expect(input?.ReplyToAddresses).toEqual(['lsab@luton.example']);
    expect(input?.EmailTags).toEqual([
      { Name: 'board', Value: 'luton-sab' },
      { Name: 'partner', Value: 'blmk-icb' },
      { Name: 'outbox', Value: '2024-25-baseline-blmk-icb.issued' },
      { Name: 'round', Value: '1' },
    ]);
    const raw = await simpleParser(Buffer.from(input?.Content?.Raw?.Data ?? new Uint8Array()));
    expect(raw.messageId).toBe(mail.messageId);
    expect(raw.attachments.map((a) => a.filename)).toEqual(['INV-000001.pdf']);
  });

  it('a refusal (throttled, rejected, any 4xx) is "refused": nothing was sent; a 5xx or a timeout is "unknown"', async () => {
    const answer = async (err: Error) => {
      ses.reset();
      ses.on(SendEmailCommand).rejects(err);
      return new SesMailer({ client: new SESv2Client({ region: 'eu-west-2' }) }).send(mail);
    };
    expect(await answer(new TooManyRequestsException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }))).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('TooManyRequestsException'),
    });
    const rejected = new SESv2ServiceException({
      name: 'MessageRejected',
      $fault: 'client',
      message: 'Email address is not verified.',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await answer(rejected)).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('not verified') });
    const internal = new SESv2ServiceException({
      name: 'InternalFailure',
      $fault: 'server',
      message: 'oops',
      $metadata: { httpStatusCode: 500 },
    });
    expect((await answer(internal)).outcome).toBe('unknown');
    expect((await answer(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))).outcome).toBe('unknown');
  });

  it('makes exactly one attempt: SendEmail has no idempotency key, so the SDK must not retry it', async () => {
    const client = new SESv2Client({ region: 'eu-west-2' }); // what SesMailer builds when given none
    const mailer = new SesMailer({});
    const built = await (mailer as unknown as { clientOf(): Promise<SESv2Client> }).clientOf();
    expect(await built.config.maxAttempts()).toBe(1);
    expect(await client.config.maxAttempts()).toBeGreaterThan(1); // (the SDK's own default would retry)
  });

  it('tag values keep only what SES allows', () => {
    expect(sesTagValue('2024-25-baseline-blmk-icb.resend-0a1b2c3d4e5f')).toBe('2024-25-baseline-blmk-icb.resend-0a1b2c3d4e5f');
    expect(sesTagValue('a b#c')).toBe('a_b_c');
  });
});

describe('SMTP answers', () => {
  it('a 4xx/5xx answer or a failed connection is "refused"; a drop after the data is "unknown"', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 mailbox unavailable', command: 'DATA' }).outcome).toBe('refused');
    expect(classifySmtpError({ responseCode: 451, response: '451 try later', command: 'RCPT TO' }).outcome).toBe('refused');
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }).outcome).toBe('refused');
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'timeout', command: 'DATA' }).outcome).toBe('unknown');
  });
});

const sesEvent = (eventType: string, extra: Record<string, unknown> = {}, tags: Record<string, string[]> = {}) => ({
  version: '0',
  source: 'aws.ses',
  'detail-type': `Email ${eventType}`,
  time: '2025-05-01T09:00:05Z',
  detail: {
    eventType,
    mail: {
      messageId: '0102018f-ses-id',
      timestamp: '2025-05-01T09:00:00.000Z',
      tags: {
        'ses:configuration-set': ['sab-events'],
        board: ['luton-sab'],
        partner: ['blmk-icb'],
        outbox: ['2024-25-baseline-blmk-icb.issued'],
        round: ['2'],
        ...tags,
      },
    },
    ...extra,
  },
});

describe('SES events from EventBridge', () => {
  const ref = { boardId: 'luton-sab', partnerId: 'blmk-icb', outboxId: '2024-25-baseline-blmk-icb.issued', round: 2 };

  it('a Send event names the item and round it settles', () => {
    expect(parseSesEvent(sesEvent('Send', { send: {} }))).toEqual({
      ref,
      report: { type: 'send', round: 2, at: '2025-05-01T09:00:05.000Z', providerMessageId: '0102018f-ses-id' },
    });
  });

  it('a bounce: permanent only when SES says Permanent, with the recipients and diagnostics', () => {
    const hard = parseSesEvent(
      sesEvent('Bounce', {
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          timestamp: '2025-05-01T09:01:00.000Z',
          bouncedRecipients: [{ emailAddress: 'finance@blmk-icb.example', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        },
      }),
    );
    expect(hard?.report).toMatchObject({ type: 'bounce', permanent: true, at: '2025-05-01T09:01:00.000Z' });
    expect(hard?.report.detail).toBe('Permanent bounce (General): finance@blmk-icb.example (smtp; 550 5.1.1 user unknown)');
    const soft = parseSesEvent(sesEvent('Bounce', { bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull' } }));
    expect(soft?.report.permanent).toBe(false);
  });

  it('ignores what is not ours to record: opens and delays, events without our tags, other sources', () => {
    expect(parseSesEvent(sesEvent('Open', { open: {} }))).toBeUndefined();
    expect(parseSesEvent(sesEvent('DeliveryDelay', {}))).toBeUndefined();
    expect(parseSesEvent(sesEvent('Send', {}, { round: ['x'] }))).toBeUndefined();
    const untagged = sesEvent('Send');
    untagged.detail.mail.tags = { 'ses:configuration-set': ['other'] } as never;
    expect(parseSesEvent(untagged)).toBeUndefined();
    expect(parseSesEvent({ ...sesEvent('Send'), source: 'aws.s3' })).toBeUndefined();
    expect(parseSesEvent('nonsense')).toBeUndefined();
  });
});
