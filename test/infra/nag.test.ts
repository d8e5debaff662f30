import { App, Stack, Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIL_FUNCTIONS } from '../../infra/constructs/mail-delivery.ts';
import { functionGroups } from '../../infra/stacks/route-groups.ts';
import { routes } from '../../shared/contract/routes.ts';
import { type PluginReport, type Synthesized, synthesize } from './synth.ts';

// cdk-nag's AwsSolutions pack runs in every synthesis; an unacknowledged finding of any
// severity makes it throw. (CDK's built-in CloudFormation validation takes seconds, so it
// runs in the CI synthesis of both stages, `.ci/run`, rather than here.)
const prod = synthesize('prod');
const dev = synthesize('dev');
afterAll(() => {
  prod.cleanup();
  dev.cleanup();
});

const groups = functionGroups();
/** Email delivery's functions (no route) and what its stack acknowledges besides their X-Ray grants. */
const MAIL_ROLES = {
  'mail-sender': 'SenderFunctionRole',
  'mail-reminders': 'RemindersFunctionRole',
  'mail-events': 'EventsFunctionRole',
} as const;
const MAIL_ACKS = [
  'AwsSolutions-SQS3',
  'AwsSolutions-IAM5[Resource::<DeliverySenderFunctionF95286FC.Arn>:*]',
  'AwsSolutions-IAM5[Resource::<DeliveryRemindersFunctionBC12492E.Arn>:*]',
];
/** X-Ray's write actions take no resource ARN: one wildcard-resource finding per traced function's role. */
const XRAY_WILDCARD = 'AwsSolutions-IAM5[Resource::*]';

const publicRoutes = Object.entries(routes)
  .filter(([, spec]) => !spec.auth)
  .map(([key]) => key);

const pascal = (name: string) => name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

function suppressed(reports: readonly PluginReport[]) {
  return reports.flatMap((r) =>
    (r.suppressedViolations ?? []).flatMap((v) =>
      (v.violatingConstructs ?? [{ constructPath: '?' }]).map((c) => ({ rule: v.ruleName, path: c.constructPath, reason: v.reason ?? '' })),
    ),
  );
}

describe.each([
  ['prod', prod, [] as string[]],
  ['dev', dev, ['AwsSolutions-COG2', 'AwsSolutions-COG8']],
] as [string, Synthesized, string[]][])('cdk-nag AwsSolutions (%s)', (_stage, synth, stageOnly) => {
  it('leaves no finding unacknowledged, whatever its severity', () => {
    for (const report of synth.reports) expect(report.violations, report.pluginName).toEqual([]);
  });

  it('acknowledges only the expected findings', () => {
    const rules = suppressed(synth.reports).map((s) => s.rule);
    expect(rules.sort()).toEqual(
      [
        ...publicRoutes.map(() => 'AwsSolutions-APIG4'),
        ...groups.map(() => XRAY_WILDCARD),
        // The audit writer: traced like the others, and its on-failure queue is itself a dead-letter queue.
        XRAY_WILDCARD,
        'AwsSolutions-SQS3',
        ...MAIL_FUNCTIONS.map(() => XRAY_WILDCARD),
        ...MAIL_ACKS,
        ...stageOnly,
      ].sort(),
    );
  });

  it('acknowledges the X-Ray wildcard only on the functions’ own roles, finding by finding', () => {
    const paths = suppressed(synth.reports)
      .filter((s) => s.rule === XRAY_WILDCARD)
      .map((s) => s.path);
    const expected = [
      ...groups.map((g) => new RegExp(`/${pascal(g.name)}FunctionRole/DefaultPolicy/Resource$`)),
      /\/AuditWriter\/FunctionRole\/DefaultPolicy\/Resource$/,
      ...MAIL_FUNCTIONS.map((f) => new RegExp(`-Mail/Delivery/${MAIL_ROLES[f]}/DefaultPolicy/Resource$`)),
    ];
    expect(paths).toHaveLength(expected.length);
    for (const re of expected)
      expect(
        paths.filter((p) => re.test(p)),
        String(re),
      ).toHaveLength(1);
  });

  it("acknowledges the scheduler's version wildcard only on its own role, for the two scheduled functions", () => {
    const found = suppressed(synth.reports).filter((s) => s.rule.startsWith('AwsSolutions-IAM5[Resource::<'));
    expect(found.map((s) => s.rule).sort()).toEqual(MAIL_ACKS.filter((a) => a.startsWith('AwsSolutions-IAM5')).sort());
    for (const s of found) expect(s.path).toMatch(/-Mail\/Delivery\/SchedulerRole\/DefaultPolicy\/Resource$/);
  });

  it('acknowledges APIG4 (no authorization) only on the routes the table marks public', () => {
    const paths = suppressed(synth.reports)
      .filter((s) => s.rule === 'AwsSolutions-APIG4')
      .map((s) => s.path);
    expect(paths).toHaveLength(publicRoutes.length);
    for (const key of publicRoutes) expect(paths.some((p) => p.includes(`/${key.replace(/[^A-Za-z0-9]+/g, '-')}`))).toBe(true);
  });

  it('records a written reason with every acknowledgement', () => {
    for (const s of suppressed(synth.reports)) expect(s.reason.length, `${s.rule} at ${s.path}`).toBeGreaterThanOrEqual(40);
  });
});

describe('the cdk-nag harness', () => {
  it('does fail a synthesis on an unacknowledged finding', () => {
    // Prepare: a topic that accepts publishers without TLS (AwsSolutions-SNS3).
    const app = new App({ builtinCloudFormationValidation: false });
    new Topic(new Stack(app, 'Canary'), 'Topic');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act + Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SNS3/);
  });
});
