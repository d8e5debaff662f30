import type { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config.ts';
import { BUSINESS_METRICS } from '../../infra/constructs/metrics.ts';
import { functionGroups, STREAM_FUNCTIONS } from '../../infra/stacks/route-groups.ts';
import { routes } from '../../shared/contract/routes.ts';
import { resourceOf, resourcesOf, type Synthesized, synthesize } from './synth.ts';

const prod = synthesize('prod');
const dev = synthesize('dev', { context: { alarmEmail: 'ops@example.org' } });
// The stage defaults overridden from the command line, as `-c tracing=false -c logLevel=WARN` would.
const quiet = synthesize('prod', { context: { tracing: 'false', logLevel: 'WARN' } });
afterAll(() => {
  prod.cleanup();
  dev.cleanup();
  quiet.cleanup();
});

const groups = functionGroups();

function logicalId(stack: Stack, fnGroup: string): string {
  const fn = prod.service.api.functions.get(fnGroup);
  if (!fn) throw new Error(`no function for group ${fnGroup}`);
  return stack.getLogicalId(fn.node.defaultChild as CfnFunction);
}

/** The group whose function a route's integration invokes, read from the template. */
function targetGroupOf(synth: Synthesized, routeKey: string): string | undefined {
  const route = Object.values(resourcesOf(synth.api, 'AWS::ApiGatewayV2::Route')).find((r) => r.Properties?.RouteKey === routeKey);
  const target = JSON.stringify(route?.Properties?.Target);
  const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1];
  const integration = integrationId ? resourcesOf(synth.api, 'AWS::ApiGatewayV2::Integration')[integrationId] : undefined;
  const fnId = (integration?.Properties?.IntegrationUri as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  return groups.find((g) => logicalId(synth.service.api, g.name) === fnId)?.name;
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

/** Every IAM statement a function's role holds, inline policies included. */
function statementsOfFunction(synth: Synthesized, group: string): Statement[] {
  const fn = resourceOf(synth.api, 'AWS::Lambda::Function', logicalId(synth.service.api, group));
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const role = resourceOf(synth.api, 'AWS::IAM::Role', roleId);
  expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
  const inline = ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
  const attached = Object.values(resourcesOf(synth.api, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? []);
  return [...inline, ...attached];
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Written out here, not imported, so a change to the grants has to change this test too. */
const EXPECTED_ACTIONS = {
  RO: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  RW: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
} as const;

describe('api stack: routes and functions come from the routes table', () => {
  it('deploys exactly one function per function group, and the stream functions (the audit writer)', () => {
    expect(Object.keys(resourcesOf(prod.api, 'AWS::Lambda::Function'))).toHaveLength(groups.length + STREAM_FUNCTIONS.length);
    expect([...prod.service.api.functions.keys()].sort()).toEqual(groups.map((g) => g.name).sort());
  });

  it('turns every route of the table into an API route, and no other', () => {
    const deployed = Object.values(resourcesOf(prod.api, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties?.RouteKey);
    expect(deployed.sort()).toEqual(Object.keys(routes).sort());
  });

  it.each(Object.entries(routes))('%s invokes the function of its group', (key, spec) => {
    expect(targetGroupOf(prod, key)).toBe(spec.fn);
  });

  it('lets API Gateway invoke each function only through its own routes', () => {
    const permissions = Object.values(resourcesOf(prod.api, 'AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(Object.keys(routes).length);
    for (const p of permissions) {
      expect(p.Properties?.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(p.Properties?.SourceArn)).toMatch(/\/\*\/\*\/v1\//);
    }
  });
});

describe('api stack: the JWT authorizer', () => {
  it('accepts tokens of the user pool issued to the app client (aud = client id: ID tokens)', () => {
    prod.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Identity:.*ApiClient') }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', Match.anyValue()]] },
      },
    });
  });

  it.each(Object.entries(routes))('%s has the authorizer unless the table marks it public', (key, spec) => {
    const [authorizerId] = Object.keys(resourcesOf(prod.api, 'AWS::ApiGatewayV2::Authorizer'));
    const route = Object.values(resourcesOf(prod.api, 'AWS::ApiGatewayV2::Route')).find((r) => r.Properties?.RouteKey === key);
    if (spec.auth) {
      expect(route?.Properties?.AuthorizationType).toBe('JWT');
      expect(route?.Properties?.AuthorizerId).toEqual({ Ref: authorizerId });
    } else {
      expect(route?.Properties?.AuthorizationType).toBe('NONE');
      expect(route?.Properties).not.toHaveProperty('AuthorizerId');
    }
  });
});

describe('api stack: least privilege on the table', () => {
  it.each(groups.map((g) => [g.name, g.access] as const))(
    '%s gets exactly the actions of %s access, on the table and its index only',
    (name, access) => {
      const table = statementsOfFunction(prod, name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      const fn = resourceOf(prod.api, 'AWS::Lambda::Function', logicalId(prod.service.api, name));
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      if (access === 'none') {
        expect(table).toEqual([]);
        expect(env).not.toHaveProperty('TABLE_NAME');
        return;
      }
      expect(table).toHaveLength(1);
      expect(actionsOf(table[0] as Statement).sort()).toEqual(EXPECTED_ACTIONS[access]);
      const resources = JSON.stringify((table[0] as Statement).Resource);
      expect(resources).toContain('Data:ExportsOutputFnGetAttTable');
      expect(resources).toContain('/index/gsi1');
      expect(JSON.stringify(env.TABLE_NAME)).toMatch(/^\{"Fn::ImportValue":"[\w-]+-Data:ExportsOutputRefTable\w+"\}$/);
    },
  );

  it('gives read-only groups no write action, and no function a delete, a scan, a batch write or a wildcard', () => {
    const forbidden = ['dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:*', '*'];
    for (const g of groups) {
      const actions = statementsOfFunction(prod, g.name).flatMap(actionsOf);
      for (const action of actions) {
        expect(forbidden, `${g.name}: ${action}`).not.toContain(action);
        expect(action, g.name).not.toContain('*');
      }
      if (g.access === 'RO')
        expect(
          actions.filter((a) => a.startsWith('dynamodb:') && /Put|Update|Delete|Write/.test(a)),
          g.name,
        ).toEqual([]);
    }
    // And nowhere else in the stack either.
    const everything = JSON.stringify(prod.templates.api);
    for (const action of ['dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:*'])
      expect(everything).not.toContain(action);
  });

  it('grants logs only on the function its own log group, with no managed policy', () => {
    for (const g of groups) {
      const logs = statementsOfFunction(prod, g.name).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(JSON.stringify(logs[0]?.Resource)).toMatch(/"Fn::GetAtt":\["\w+FunctionLogs\w+","Arn"\]/);
    }
  });
});

describe('api stack: functions', () => {
  it('run Node.js 24 on ARM64 with JSON logs, source maps and the ESM bundle handler', () => {
    for (const fn of Object.values(resourcesOf(prod.api, 'AWS::Lambda::Function'))) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: expect.any(Number),
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: { Ref: expect.any(String) } },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
    }
  });

  it.each(groups.map((g) => g.name))('%s tells Powertools its service, the SabBudget namespace, the log level, and traces', (name) => {
    const fn = resourceOf(prod.api, 'AWS::Lambda::Function', logicalId(prod.service.api, name));
    expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: 'SabBudget',
      POWERTOOLS_TRACE_ENABLED: 'true',
      LOG_LEVEL: 'INFO',
    });
    expect(fn.Properties.LoggingConfig).toMatchObject({ ApplicationLogLevel: 'INFO' });
    expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('grants a wildcard resource only for X-Ray, whose write actions take no ARN', () => {
    for (const g of groups) {
      const wildcard = statementsOfFunction(prod, g.name).filter((s) => JSON.stringify(s.Resource) === '"*"');
      expect(wildcard.flatMap(actionsOf).sort(), g.name).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it('follows the stage config: no tracing and another log level when the command line says so', () => {
    for (const { Properties: fn = {} } of Object.values(resourcesOf(quiet.api, 'AWS::Lambda::Function'))) {
      expect(fn).not.toHaveProperty('TracingConfig');
      expect(fn.LoggingConfig).toMatchObject({ ApplicationLogLevel: 'WARN' });
      expect((fn.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        LOG_LEVEL: 'WARN',
        POWERTOOLS_TRACE_ENABLED: 'false',
      });
    }
    expect(JSON.stringify(quiet.templates.api)).not.toContain('xray:');
  });

  it('log to groups with a retention: a year in prod, a month in dev, kept in prod only', () => {
    prod.api.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    dev.api.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    prod.api.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    dev.api.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    // One per function (the audit writer's too) plus the access logs.
    expect(Object.keys(resourcesOf(prod.api, 'AWS::Logs::LogGroup'))).toHaveLength(groups.length + STREAM_FUNCTIONS.length + 1);
  });
});

describe('api stack: the stage', () => {
  it.each([
    ['prod', prod],
    ['dev', dev],
  ] as const)('%s throttles every route at the stage config limits', (stage, synth) => {
    const { throttle } = stageConfig(synth.service.api);
    expect(stage).toBe(synth.service.config.stage);
    synth.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit },
    });
  });

  it('writes a JSON access log line per request to its own log group', () => {
    const [stage] = Object.values(resourcesOf(prod.api, 'AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties?.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'Arn'] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
  });

  it.each([
    ['prod', prod],
    ['dev', dev],
  ] as const)('%s has no CORS configuration: browsers call it on the web page’s own origin', (_stage, synth) => {
    synth.api.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    synth.api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.absent(),
      DisableExecuteApiEndpoint: Match.absent(),
    });
    // No OPTIONS route either: nothing answers a preflight.
    for (const r of Object.values(resourcesOf(synth.api, 'AWS::ApiGatewayV2::Route')))
      expect(String(r.Properties?.RouteKey)).not.toMatch(/^OPTIONS /);
  });

  it('outputs the API URL and the dashboard URL', () => {
    const url = JSON.stringify(prod.templates.api.Outputs);
    expect(url).toMatch(/"ApiUrl":\{[^}]*"Value":\{"Fn::Join":\["",\["https:\/\/",\{"Ref":"Api\w+"\},".execute-api."/);
    expect(url).toMatch(
      /"DashboardUrl":\{[^}]*"Value":\{"Fn::Join":\["",\["https:\/\/console.aws.amazon.com\/cloudwatch\/home\?region=",\{"Ref":"AWS::Region"\},"#dashboards:name=",\{"Ref":"Dashboard\w+"\}\]\]\}/,
    );
  });
});

describe('api stack: alarms', () => {
  const alarms = () => Object.values(resourcesOf(prod.api, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties ?? {});

  it('alarm on API 5xx', () => {
    prod.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Statistic: 'Sum',
      Threshold: 1,
      Dimensions: Match.arrayWith([{ Name: 'Stage', Value: '$default' }]),
    });
  });

  it.each(groups.map((g) => g.name))('alarm on errors, throttles and p99 duration near the timeout of %s', (name) => {
    const fnId = logicalId(prod.service.api, name);
    const mine = alarms().filter((a) => JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }]));
    expect(mine.map((a) => a.MetricName).sort()).toEqual(['Duration', 'Errors', 'Throttles']);
    const duration = mine.find((a) => a.MetricName === 'Duration');
    const timeout = groups.find((g) => g.name === name)?.timeoutSeconds ?? 0;
    expect(duration).toMatchObject({ ExtendedStatistic: 'p99', Threshold: timeout * 800 });
  });

  it.each(groups.map((g) => g.name))(
    'alarm when %s reports an unhandled error (SabBudget UnhandledError, sum >= 1 in 5 minutes)',
    (name) => {
      const mine = alarms().filter(
        (a) =>
          a.Namespace === 'SabBudget' &&
          a.MetricName === 'UnhandledError' &&
          JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'service', Value: name }]),
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: expect.stringMatching(/^AlarmsTopic/) }],
        OKActions: [{ Ref: expect.stringMatching(/^AlarmsTopic/) }],
      });
    },
  );

  it('alarm on nothing else: API 5xx, four alarms per function group, five on the audit writer', () => {
    expect(alarms()).toHaveLength(1 + 4 * groups.length + 5);
    for (const a of alarms()) expect(a.TreatMissingData).toBe('notBreaching');
  });

  it.each(groups.map((g) => [g.name, g.timeoutSeconds] as const))('give %s the timeout its routes ask for (%i s)', (name, seconds) => {
    const fn = resourcesOf(prod.api, 'AWS::Lambda::Function')[logicalId(prod.service.api, name)];
    expect(fn?.Properties?.Timeout).toBe(seconds);
    // An import or a close may run close to API Gateway's 30 s; everything else stays at 10 s.
    expect(seconds).toBe(['close', 'import'].includes(name) ? 29 : 10);
  });

  it('notify one SNS topic that only accepts TLS publishers', () => {
    for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
    prod.api.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('email the address given in context, if any', () => {
    dev.api.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    prod.api.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

/** A widget of the dashboard, its CloudFormation references written as `ref:Id`, `arn:Id` and `import:Name`. */
interface Widget {
  type: string;
  width: number;
  properties: {
    title?: string;
    alarms?: string[];
    metrics?: (string | Record<string, unknown>)[][];
    annotations?: { horizontal?: { value: number; label?: string }[] };
  };
}

function dashboardWidgets(synth: Synthesized): Widget[] {
  const dashboards = Object.values(resourcesOf(synth.api, 'AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const dashboardBody = dashboards[0]?.Properties?.DashboardBody as { 'Fn::Join': [string, unknown[]] } | undefined;
  const parts = dashboardBody?.['Fn::Join'][1] ?? [];
  const body = parts
    .map((p: any) => {
      if (typeof p === 'string') return p;
      if (p.Ref) return `ref:${p.Ref}`;
      if (p['Fn::GetAtt']) return `arn:${p['Fn::GetAtt'][0]}`;
      if (p['Fn::ImportValue']) return `import:${p['Fn::ImportValue']}`;
      throw new Error(`unexpected token in the dashboard body: ${JSON.stringify(p)}`);
    })
    .join('');
  return (JSON.parse(body) as { widgets: Widget[] }).widgets;
}

describe('the dashboard', () => {
  const widgets = dashboardWidgets(prod);
  const byTitle = (title: string) => {
    const found = widgets.filter((w) => w.properties.title === title);
    expect(found, title).toHaveLength(1);
    return found[0] as Widget;
  };
  /** Each metric line of a graph as `namespace name dim=value... stat`, or its expression. */
  const lines = (title: string) =>
    (byTitle(title).properties.metrics ?? []).map((m) => {
      const opts = m[m.length - 1] as Record<string, unknown>;
      if (typeof opts.expression === 'string') return opts.expression;
      const [namespace, name, ...dims] = m.slice(0, -1) as string[];
      const pairs = [];
      for (let i = 0; i < dims.length; i += 2) pairs.push(`${dims[i]}=${dims[i + 1]}`);
      return [namespace, name, ...pairs.sort(), opts.stat].join(' ');
    });
  const apiRef = `ref:${prod.service.api.getLogicalId(prod.service.api.api.node.defaultChild as CfnApi)}`;
  const table = expect.stringMatching(/^TableName=import:SabBudget-prod-Data:ExportsOutputRefTable/);

  it('opens with the state of every alarm', () => {
    const status = widgets.filter((w) => w.type === 'alarm');
    expect(status).toHaveLength(1);
    const alarmIds = Object.keys(resourcesOf(prod.api, 'AWS::CloudWatch::Alarm')).map((id) => `arn:${id}`);
    expect([...(status[0]?.properties.alarms ?? [])].sort()).toEqual(alarmIds.sort());
  });

  it('graphs the API: requests, 4xx and 5xx, latency', () => {
    const api = `ApiId=${apiRef} Stage=$default`;
    expect(lines('API requests')).toEqual([`AWS/ApiGateway Count ${api} Sum`]);
    expect(lines('API 4xx and 5xx')).toEqual([`AWS/ApiGateway 4xx ${api} Sum`, `AWS/ApiGateway 5xx ${api} Sum`]);
    expect(lines('API latency (ms)')).toEqual([`AWS/ApiGateway Latency ${api} p50`, `AWS/ApiGateway Latency ${api} p99`]);
  });

  it('graphs the table: consumed read and write capacity, throttled requests and system errors per operation', () => {
    const split = (l: string) => l.split(' ');
    const capacity = lines('Table consumed capacity (units)').map(split);
    expect(capacity.map((l) => l.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['AWS/DynamoDB ConsumedReadCapacityUnits', 'AWS/DynamoDB ConsumedWriteCapacityUnits']),
    );
    expect(capacity.filter((l) => l.length === 4)).toEqual([
      ['AWS/DynamoDB', 'ConsumedReadCapacityUnits', table, 'Sum'],
      ['AWS/DynamoDB', 'ConsumedWriteCapacityUnits', table, 'Sum'],
    ]);
    const operations = ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'];
    for (const [title, metric] of [
      ['Table throttled requests', 'ThrottledRequests'],
      ['Table system errors', 'SystemErrors'],
    ] as const) {
      const graphed = lines(title).map(split);
      expect(graphed.map((l) => l[2]).sort()).toEqual(operations.map((op) => `Operation=${op}`));
      for (const l of graphed) expect(l).toEqual(['AWS/DynamoDB', metric, expect.stringMatching(/^Operation=/), table, 'Sum']);
    }
  });

  it('graphs every business metric the routes table counts', () => {
    const counted = new Set(Object.values(routes).flatMap((spec) => ('metric' in spec && spec.metric ? [spec.metric] : [])));
    expect(counted.size).toBeGreaterThan(0);
    for (const name of counted) expect(BUSINESS_METRICS).toContain(name);
  });

  it.each(BUSINESS_METRICS)('graphs %s for every service that publishes it', (name) => {
    expect(lines(name)).toEqual([`SEARCH('{SabBudget,service} MetricName="${name}"', 'Sum', 300)`]);
  });

  it.each(groups.map((g) => [g.name, g.timeoutSeconds] as const))(
    'gives %s a row: invocations, errors (failed invocations, unhandled errors, throttles), duration p50 and p99 against its timeout',
    (name, seconds) => {
      const fn = `FunctionName=ref:${logicalId(prod.service.api, name)}`;
      expect(lines(`${name}: invocations`)).toEqual([`AWS/Lambda Invocations ${fn} Sum`]);
      expect(lines(`${name}: errors`)).toEqual([
        `AWS/Lambda Errors ${fn} Sum`,
        `SabBudget UnhandledError service=${name} Sum`,
        `AWS/Lambda Throttles ${fn} Sum`,
      ]);
      expect(lines(`${name}: duration (ms)`)).toEqual([`AWS/Lambda Duration ${fn} p50`, `AWS/Lambda Duration ${fn} p99`]);
      expect(byTitle(`${name}: duration (ms)`).properties.annotations?.horizontal).toEqual([
        { value: seconds * 1000, label: 'timeout', yAxis: 'left' },
      ]);
    },
  );

  it('has one row per function group, then the stream functions, and nothing for a function that is not deployed', () => {
    const rows = widgets.filter((w) => w.properties.title?.endsWith(': invocations')).map((w) => w.properties.title);
    expect(rows).toEqual([...groups.map((g) => `${g.name}: invocations`), ...STREAM_FUNCTIONS.map((f) => `${f}: invocations`)]);
  });

  it('fits every widget on CloudWatch’s 24-column grid', () => {
    for (const w of widgets) expect(w.width).toBeLessThanOrEqual(24);
  });
});

describe('no hard-coded physical names', () => {
  const NAME_PROPS: Record<string, string> = {
    'AWS::Lambda::Function': 'FunctionName',
    'AWS::IAM::Role': 'RoleName',
    'AWS::Logs::LogGroup': 'LogGroupName',
    'AWS::SNS::Topic': 'TopicName',
    'AWS::CloudWatch::Alarm': 'AlarmName',
    'AWS::CloudWatch::Dashboard': 'DashboardName',
  };
  it.each(Object.entries(NAME_PROPS))('%s sets no %s', (type, prop) => {
    for (const r of Object.values(resourcesOf(prod.api, type))) expect(r.Properties).not.toHaveProperty(prop);
  });
});
