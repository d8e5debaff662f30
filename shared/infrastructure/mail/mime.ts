/**
 * The MIME message of an outgoing mail, built once by nodemailer's composer and handed byte for
 * byte to either provider (SES v2 as raw content, the local catcher over SMTP), so both carry
 * the same headers, bodies and attachment. The Message-ID is ours (deterministic per item and
 * round); locally it is what the catcher's received list records. SES replaces it with its own
 * on the way out, which is why the SES events are matched by message tags instead.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from '../../application/ports.ts';

/** `X-` headers naming the item and round, readable in any client's "show original". */
export function correlationHeaders(mail: OutgoingMail): Record<string, string> {
  return Object.fromEntries(Object.entries(mail.tags).map(([k, v]) => [`X-Sab-${k[0]?.toUpperCase()}${k.slice(1)}`, v]));
}

export async function buildMime(mail: OutgoingMail, date = new Date()): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: mail.from.name, address: mail.from.address },
    to: mail.to.map((address) => ({ name: '', address })),
    ...(mail.cc.length ? { cc: mail.cc.map((address) => ({ name: '', address })) } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    messageId: mail.messageId,
    date,
    text: mail.text,
    html: mail.html,
    headers: correlationHeaders(mail),
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
    // Never fetch anything named in the content: the message is built from what we hold.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
