/**
 * Email delivery (DESIGN 10.5): the SES identity and configuration set, the sender, the reminder
 * scan and the event recorder (infra/constructs/mail-delivery.ts), in a stack of their own: the
 * identity's verification (DKIM records, a confirmation email) outlives API redeploys, and the
 * API stack stays exactly what the routes table derives.
 *
 * The sender comes from context: `-c senderDomain=lsab.example.org` verifies the domain (publish
 * the three DKIM CNAME records SES gives; the From address is `invoices@<domain>`, or
 * `-c senderEmail=` within it), or `-c senderEmail=finance@example.org` verifies that one
 * address (SES emails it a link to click). Without either, the stack uses a placeholder
 * address that nothing can verify, so it deploys and queues but SES refuses its sends (recorded,
 * retried, then failed and alarmed) until a real sender is given; the stack's `MailSender`
 * output says which sender it has.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { isDeliverableEmail } from '../../shared/domain/email.ts';
import type { StageConfig } from '../config.ts';
import { MailDelivery } from '../constructs/mail-delivery.ts';

/** The dev placeholder sender (never verifiable: example.org is reserved). */
export const DEV_SENDER = 'invoices@sab-budget.example.org';

export interface MailSender {
  readonly identity: Identity;
  readonly fromAddress: string;
  /** What is verified: the address or the domain. */
  readonly verifies: string;
}

/** The sender from `-c senderDomain=` / `-c senderEmail=`, checked as an address a mail server accepts. */
export function mailSenderOf(scope: Construct): MailSender {
  const domain: unknown = scope.node.tryGetContext('senderDomain');
  const email: unknown = scope.node.tryGetContext('senderEmail');
  if (domain !== undefined && (typeof domain !== 'string' || !isDeliverableEmail(`invoices@${domain}`))) {
    throw new Error(`senderDomain: pass a domain such as lsab.example.org, not ${JSON.stringify(domain)}`);
  }
  if (email !== undefined && (typeof email !== 'string' || !isDeliverableEmail(email))) {
    throw new Error(`senderEmail: pass an address a mail server accepts, not ${JSON.stringify(email)}`);
  }
  if (typeof domain === 'string') {
    const from = typeof email === 'string' ? email : `invoices@${domain}`;
    if (!from.toLowerCase().endsWith(`@${domain.toLowerCase()}`)) throw new Error(`senderEmail ${from} is not in senderDomain ${domain}`);
    return { identity: Identity.domain(domain), fromAddress: from, verifies: domain };
  }
  if (typeof email === 'string') return { identity: Identity.email(email), fromAddress: email, verifies: email };
  return { identity: Identity.email(DEV_SENDER), fromAddress: DEV_SENDER, verifies: DEV_SENDER };
}

export interface MailStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: ITableV2;
}

export class MailStack extends Stack {
  readonly delivery: MailDelivery;
  readonly sender: MailSender;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.sender = mailSenderOf(this);
    this.delivery = new MailDelivery(this, 'Delivery', {
      table: props.table,
      identity: this.sender.identity,
      fromAddress: this.sender.fromAddress,
      memorySize: config.lambda.memorySize,
      logRetention: config.logRetention,
      logRemovalPolicy: config.retainOperationalData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      logLevel: config.logLevel,
      tracing: config.tracing,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    new CfnOutput(this, 'MailSender', {
      value: this.sender.fromAddress,
      description:
        this.sender.fromAddress === DEV_SENDER
          ? 'A placeholder nobody can verify: SES refuses its sends. Deploy with -c senderDomain= or -c senderEmail='
          : `The From address; SES sends once ${this.sender.verifies} is verified`,
    });
    new CfnOutput(this, 'MailDeadLetterQueue', {
      value: this.delivery.deadLetters.queueUrl,
      description: 'Mail schedule runs and SES events that failed after their retries',
    });
  }
}
