/**
 * Entry of the MIME side bundle (see load.ts): the message builder with nodemailer's composer
 * (shared/infrastructure/mail/mime.ts, about 135 KB of nodemailer), loaded by the mail
 * sender's first pass that has a message to send; its passes every five minutes mostly have
 * none, and start without it.
 */
export { buildMime } from '../infrastructure/mail/mime.ts';
