/**
 * Entry of the SES side bundle (see load.ts): the SES v2 client, loaded by the mail sender's
 * first pass that has a message to send; its passes every five minutes mostly have none, and
 * start without it (the DynamoDB client it always needs is in its index.mjs).
 */
export { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
