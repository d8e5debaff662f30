/**
 * Email delivery in AWS (infra/stacks/mail-stack.ts, infra/constructs/mail-delivery.ts): the SES
 * identity and configuration set publishing to EventBridge, the scheduled sender and reminder
 * scan, the event recorder, least privilege, dead letters and alarms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from '../../infra/constructs/service-function.ts';
import { DEV_SENDER } from '../../infra/stacks/mail-stack.ts';
import { type Resource, type Synthesized, synthesize } from './synth.ts';

const withDomain = synthesize('prod', { context: { senderDomain: 'lsab.example.org', alarmEmail: 'ops@example.org' } });
const dev = synthesize('dev');
afterAll(() => {
  withDomain.cleanup();
  dev.cleanup();
});

const mailTemplate = (s: Synthesized) => {
  const json = JSON.parse(readFileSync(join(s.outdir, `${s.service.mail.stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, Resource>;
  };
  return { t: Template.fromJSON(json), resources: json.Resources };
};
const { t, resources } = mailTemplate(withDomain);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const fnLogicalId = (group: string) => {
  const found = ofType('AWS::Lambda::Function').find(([, r]) =>
    JSON.stringify(r.Properties?.Description ?? '').includes(group.replace('mail-', '')),
  );
  return found?.[0] ?? '';
};
const policiesOfRole = (roleId: string) =>
  ofType('AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties?.Roles).includes(roleId))
    .flatMap(
      ([, r]) =>
        (r.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown; Sid?: string }[] } }).PolicyDocument
          .Statement,
    );
const roleOf = (fnId: string) =>
  ((resources[fnId] as Resource).Properties as { Role: { 'Fn::GetAtt': [string, string] } }).Role['Fn::GetAtt'][0];

describe('the SES sender', () => {
  it('verifies the domain given in context (DKIM) and sends as invoices@ it, through the configuration set', () => {
    const [identity] = ofType('AWS::SES::EmailIdentity').map(([, r]) => r.Properties as Record<string, any>);
    expect(identity?.EmailIdentity).toBe('lsab.example.org');
    const [configSet] = ofType('AWS::SES::ConfigurationSet').map(([id]) => id);
    expect(identity?.ConfigurationSetAttributes).toEqual({ ConfigurationSetName: { Ref: configSet } });
    const env = ((resources[fnLogicalId('mail-sender')] as Resource).Properties as { Environment: { Variables: Record<string, unknown> } })
      .Environment.Variables;
    expect(env.MAIL_FROM).toBe('invoices@lsab.example.org');
    expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: configSet });
  });

  it('publishes Send, Delivery, Bounce, Complaint and Reject to the default event bus', () => {
    const [dest] = ofType('AWS::SES::ConfigurationSetEventDestination').map(([, r]) => r.Properties as Record<string, any>);
    expect(dest?.EventDestination.Enabled).toBe(true);
    expect(dest?.EventDestination.MatchingEventTypes).toEqual(['send', 'delivery', 'bounce', 'complaint', 'reject']);
    expect(JSON.stringify(dest?.EventDestination.EventBridgeDestination.EventBusArn)).toContain(':event-bus/default');
  });

  it('without a sender in context: a placeholder nobody can verify, said so in an output', () => {
    const { t: devT } = mailTemplate(dev);
    devT.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: DEV_SENDER });
    const out = devT.findOutputs('MailSender').MailSender as { Value: string; Description: string };
    expect(out.Value).toBe(DEV_SENDER);
    expect(out.Description).toContain('placeholder');
  });

  it('refuses a sender a mail server would refuse, or an address outside the domain', () => {
    expect(() => synthesize('dev', { context: { senderEmail: 'invoices@localhost' } })).toThrow(/senderEmail/);
    expect(() => synthesize('dev', { context: { senderDomain: 'lsab.example.org', senderEmail: 'x@other.example.org' } })).toThrow(
      /not in senderDomain/,
    );
  });
});

describe('the mail functions', () => {
  const sender = fnLogicalId('mail-sender');
  const reminders = fnLogicalId('mail-reminders');
  const events = fnLogicalId('mail-events');

  it('are three Node 24 functions, none behind a route (this stack has no API)', () => {
    expect([sender, reminders, events].every(Boolean)).toBe(true);
    expect(ofType('AWS::Lambda::Function')).toHaveLength(3);
    for (const [, r] of ofType('AWS::Lambda::Function')) expect(r.Properties?.Runtime).toBe('nodejs24.x');
    expect(ofType('AWS::ApiGatewayV2::Route')).toHaveLength(0);
  });

  it('the sender alone may send, only as the service identity through its configuration set; nothing may delete or scan', () => {
    const ses = policiesOfRole(roleOf(sender)).filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toBe('ses:SendEmail');
    const targets = JSON.stringify(ses[0]?.Resource);
    expect(targets).toContain(':identity/');
    expect(targets).toContain(':configuration-set/');
    expect(targets).not.toContain('"*"');
    for (const fn of [reminders, events]) {
      expect(JSON.stringify(policiesOfRole(roleOf(fn)))).not.toContain('ses:');
    }
    for (const fn of [sender, reminders, events]) {
      const table = policiesOfRole(roleOf(fn)).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
      expect([table[0]?.Action].flat().sort()).toEqual([...TABLE_ACTIONS.RW].sort());
    }
  });

  it('the sender runs every 5 minutes, the reminder scan daily at 07:00 London time, each with retries and a dead-letter queue', () => {
    const schedules = ofType('AWS::Scheduler::Schedule').map(([, r]) => r.Properties as Record<string, any>);
    expect(schedules).toHaveLength(2);
    const bySchedule = Object.fromEntries(schedules.map((s) => [s.ScheduleExpression, s]));
    expect(JSON.stringify(bySchedule['rate(5 minutes)']?.Target.Arn)).toContain(sender);
    const daily = bySchedule['cron(0 7 * * ? *)'];
    expect(daily?.ScheduleExpressionTimezone).toBe('Europe/London');
    expect(JSON.stringify(daily?.Target.Arn)).toContain(reminders);
    for (const s of schedules) {
      expect(s.Target.DeadLetterConfig.Arn).toBeDefined();
      expect(s.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThanOrEqual(2);
    }
  });

  it('the recorder gets only this configuration set’s SES events, retried for a day, then dead-lettered', () => {
    const rules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties as Record<string, any>);
    expect(rules).toHaveLength(1);
    const [configSet] = ofType('AWS::SES::ConfigurationSet').map(([id]) => id);
    expect(rules[0]?.EventPattern).toEqual({
      source: ['aws.ses'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: configSet }] } } },
    });
    expect(rules[0]?.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [events, 'Arn'] },
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 20 },
      }),
    ]);
  });

  it('dead letters are encrypted and TLS-only; alarms on errors, dead letters, failed messages and passes that left messages behind', () => {
    const [queue] = ofType('AWS::SQS::Queue').map(([, r]) => r.Properties as Record<string, any>);
    expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    const [policy] = ofType('AWS::SQS::QueuePolicy').map(([, r]) => r.Properties as Record<string, any>);
    expect(policy?.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as Record<string, any>);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(
      ['ApproximateNumberOfMessagesVisible', 'Errors', 'Errors', 'Errors', 'MailFailed', 'MailFailed', 'MailSendErrors'].sort(),
    );
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });
});
