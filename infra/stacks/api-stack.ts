/**
 * The stateless half: the HTTP API, one function per route group, the JWT authorizer, the
 * audit writer fed by the table's stream, the alarms and the dashboard. Everything here is derived from the routes table and can be
 * redeployed or destroyed freely; the table and the user pool arrive as typed props from
 * their stacks. Browsers reach the API through the web stack's CloudFront distribution
 * (`/v1/*`), on the page's own origin, so the API has no CORS configuration.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { AuditWriter } from '../constructs/audit-writer.ts';
import { acknowledgeNag } from '../constructs/nag.ts';
import { ServiceAlarms } from '../constructs/service-alarms.ts';
import { type DashboardFunction, ServiceDashboard } from '../constructs/service-dashboard.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
import { functionGroups } from './route-groups.ts';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  /** The ledger table from the data stack. */
  readonly table: ITableV2;
  /** The user pool whose tokens the API accepts, and the client they must be issued to. */
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
}

/** A construct id for a route key (`GET /v1/x/{id}` -> `GET-v1-x-id`), stable while the key is. */
export function routeConstructId(key: string): string {
  return key.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '');
}

function pascal(name: string): string {
  return name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
}

/** One JSON object per request: what an operator filters on in Logs Insights. No tokens, no bodies. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    method: '$context.httpMethod',
    path: '$context.path',
    status: '$context.status',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sub: '$context.authorizer.claims.sub',
  }),
);

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /**
   * The host name of the API's default execute-api endpoint (`<id>.execute-api.<region>.<suffix>`),
   * the web stack's CloudFront origin for `/v1/*`. Its region resolves to the deploying stack's
   * region, so the web stack must be deployed to the same account and region (it is: the app's
   * stacks are environment-agnostic and deployed together).
   */
  readonly domainName: string;
  readonly dashboard: ServiceDashboard;
  /** The deployed function of each group, by group name. */
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  readonly alarms: ServiceAlarms;
  /** The stream's audit writer (no route invokes it). */
  readonly auditWriter: AuditWriter;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const groups = functionGroups();

    this.api = new HttpApi(this, 'Api', {
      // Named after its stack (so `SabBudget-prod-Api` in the console), not a fixed string.
      apiName: this.stackName,
      description: `sab-budget ${config.stage} API`,
      // Our own $default stage below carries the throttling and access logs.
      createDefaultStage: false,
      // No corsPreflight: the board's page calls the API on its own origin (CloudFront sends
      // /v1/* here), and no other browser client is served. The execute-api endpoint stays
      // enabled: it is CloudFront's origin, and callers outside a browser may use it directly.
    });
    this.domainName = `${this.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.retainOperationalData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // Every route shares the stage's budget; the handlers cap body sizes themselves.
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    // The API accepts Cognito ID tokens issued to our client. The HTTP API JWT authorizer
    // checks signature, issuer, expiry and that `aud` (ID token) or `client_id` (access
    // token) is the client. We want the ID token because only it carries what the handlers
    // authorise with: `cognito:groups` and the `custom:boardId` / `custom:partnerId`
    // attributes (an access token has no custom attributes without a pre-token Lambda on a
    // paid plan). An access token still passes this authorizer, but the handlers refuse it
    // (403, no board), so the choice fails closed. Scopes are not required: ID tokens have none.
    const authorizer = new HttpUserPoolAuthorizer('CognitoIdToken', props.userPool, {
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    const none = new HttpNoneAuthorizer();

    this.alarms = new ServiceAlarms(this, 'Alarms', config.alarmEmail ? { email: config.alarmEmail } : {});
    this.alarms.watchApi(this.stage);

    const functions = new Map<string, ServiceFunction>();
    const dashboardFunctions: DashboardFunction[] = [];
    for (const group of groups) {
      // The stage's timeout, or longer where the routes table asks (an import, a close).
      const timeout = Duration.seconds(Math.max(config.lambda.timeout.toSeconds(), group.timeoutSeconds));
      const fn = new ServiceFunction(this, `${pascal(group.name)}Function`, {
        group: group.name,
        memorySize: config.lambda.memorySize,
        timeout,
        logRetention: config.logRetention,
        logRemovalPolicy: config.retainOperationalData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        logLevel: config.logLevel,
        tracing: config.tracing,
      });
      // Least privilege from the table: the widest access of the group's routes, nothing
      // for a group that never touches the table.
      if (group.access !== 'none') fn.bindTable(props.table, group.access);
      functions.set(group.name, fn);
      this.alarms.watchFunction(fn, timeout);
      dashboardFunctions.push({ fn, timeout });

      const integration = new HttpLambdaIntegration(`${pascal(group.name)}Integration`, fn);
      for (const route of group.routes) {
        const httpRoute = new HttpRoute(this, routeConstructId(route.key), {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: route.auth ? authorizer : none,
        });
        if (!route.auth) {
          acknowledgeNag(
            httpRoute,
            'APIG4',
            `${route.key} is public by design (auth: false in the routes table: liveness and the API contract); the stage throttle still applies.`,
          );
        }
      }
    }
    this.functions = functions;

    // The audit trail is written from the table's change stream, not by the functions above.
    this.auditWriter = new AuditWriter(this, 'AuditWriter', {
      table: props.table,
      memorySize: config.lambda.memorySize,
      logRetention: config.logRetention,
      logRemovalPolicy: config.retainOperationalData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      logLevel: config.logLevel,
      tracing: config.tracing,
    });
    this.alarms.watchStreamConsumer(
      this.auditWriter.fn,
      this.auditWriter.timeout,
      this.auditWriter.maxIteratorAge,
      this.auditWriter.failures,
    );

    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      title: `sab-budget ${config.stage}`,
      stage: this.stage,
      functions: dashboardFunctions,
      streamConsumers: [
        {
          fn: this.auditWriter.fn,
          timeout: this.auditWriter.timeout,
          maxIteratorAge: this.auditWriter.maxIteratorAge,
          failures: this.auditWriter.failures,
        },
      ],
      table: props.table,
      alarms: this.alarms.alarms,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.stage.url,
      description: 'Base URL of the API itself (routes start with v1/); browsers use the web page URL, which serves /v1/* too',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboard.dashboardName}`,
      description: 'The CloudWatch dashboard of this stage',
    });
  }
}
