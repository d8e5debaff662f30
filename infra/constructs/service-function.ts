/**
 * The one Lambda construct of this service: a `NodejsFunction` with the house defaults, so
 * no stack repeats function props and every function is built, logged and granted alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Access } from '../../shared/contract/routes.ts';
import { REPO_ROOT, serviceBundling } from './bundling.ts';
import { METRICS_NAMESPACE } from './metrics.ts';
import { acknowledgeNag } from './nag.ts';
import { secondaryIndexes } from './table-indexes.ts';

export { REPO_ROOT };

/** The handler file of a function group. */
export function handlerEntry(group: string): string {
  return join(REPO_ROOT, 'functions', group, 'handler.ts');
}

/**
 * DynamoDB actions per access level, listed one by one. The ledger is append-only, and
 * that is enforced here, not only in code: no API function may delete (`DeleteItem`,
 * `BatchWriteItem`) or scan. CDK's `grantReadData` includes `Scan` and `grantWriteData`
 * includes `DeleteItem` and `BatchWriteItem`, which is why they are not used.
 */
export const TABLE_ACTIONS: Readonly<Record<Exclude<Access, 'none'>, readonly string[]>> = {
  RO: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  // No ConditionCheckItem: it only serves transactions, which the store never uses.
  RW: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
};

export interface ServiceFunctionProps {
  /** The function group: the code is `functions/<group>/handler.ts`, exporting `handler`. */
  readonly group: string;
  /** @default 512 (MB); CPU grows with memory, and a cold start of a ~1 MB bundle wants it */
  readonly memorySize?: number;
  /** @default Duration.seconds(10), well under the HTTP API's 30 s integration limit */
  readonly timeout?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY (prod passes RETAIN) */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Lambda's application log level and the `LOG_LEVEL` the code reads. @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * X-Ray active tracing; CDK then grants the two X-Ray write actions and nothing else. Lambda
   * itself records the function's segment (init, invocation); the functions bundle no tracing
   * SDK: Powertools Tracer would add 125 KB and a quarter to a cold start's load (BENCHMARKS.md,
   * "Tracer"). `POWERTOOLS_TRACE_ENABLED` follows it, for a Tracer should one be added.
   * @default false
   */
  readonly tracing?: boolean;
  /** @default - names the group */
  readonly description?: string;
}

const APP_LOG_LEVEL: Record<NonNullable<ServiceFunctionProps['logLevel']>, ApplicationLogLevel> = {
  DEBUG: ApplicationLogLevel.DEBUG,
  INFO: ApplicationLogLevel.INFO,
  WARN: ApplicationLogLevel.WARN,
  ERROR: ApplicationLogLevel.ERROR,
};

/**
 * Node.js 24 on ARM64 (the cheaper, faster-starting architecture), bundled locally by
 * esbuild (never Docker) as an ES module with the AWS SDK inside the bundle (the SDK in
 * the runtime is older and loading it doubles cold starts), source maps on, JSON logs to
 * its own log group with a retention, and an execution role that holds nothing until
 * {@link bindTable} grants it exactly what the group's routes need. The environment names
 * the group for Powertools (`POWERTOOLS_SERVICE_NAME`, which its Metrics publishes as the
 * `service` dimension the dashboard and alarms read) and the metrics namespace.
 */
export class ServiceFunction extends NodejsFunction {
  readonly group: string;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const entry = handlerEntry(props.group);
    if (!existsSync(entry)) throw new Error(`function group ${props.group} has no handler at ${entry}`);
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // Our own role instead of the default one: the default attaches the AWS-managed
    // AWSLambdaBasicExecutionRole (logs on every log group); this one may write only its own.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.group} function group`,
    });
    logGroup.grantWrite(role);
    const logLevel = props.logLevel ?? 'INFO';
    const tracing = props.tracing ?? false;
    super(scope, id, {
      entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description ?? `sab-budget ${props.group} routes`,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      // Lambda drops application logs below this level and tells the runtime through
      // AWS_LAMBDA_LOG_LEVEL, which Powertools Logger prefers; LOG_LEVEL says the same.
      applicationLogLevelV2: APP_LOG_LEVEL[logLevel],
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      environment: {
        // Stack traces point at the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: logLevel,
        // Powertools: the service (the `service` dimension of every metric, the logger's field),
        // the metrics namespace, and whether to trace (read by Powertools Tracer, not bundled).
        POWERTOOLS_SERVICE_NAME: props.group,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_TRACE_ENABLED: String(tracing),
      },
      // ESM, AWS SDK inside, minified, source maps, local esbuild; exceljs and pdf-lib as side
      // bundles beside index.mjs, loaded only by the requests that need them (bundling.ts).
      bundling: serviceBundling(),
    });
    this.group = props.group;
    if (tracing) {
      acknowledgeNag(
        role,
        'IAM5',
        'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so CDK grants them on * (and nothing else).',
        ['Resource::*'],
      );
    }
  }

  /**
   * Points the function at the table (`TABLE_NAME`) and grants the explicit actions of
   * `access` on the table and its indexes, each by name (no `index/*` wildcard); 'RO'
   * unless the group writes.
   */
  bindTable(table: ITableV2, access: Exclude<Access, 'none'> = 'RO'): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        sid: access === 'RW' ? 'LedgerReadWrite' : 'LedgerReadOnly',
        actions: [...TABLE_ACTIONS[access]],
        resources: [table.tableArn, ...secondaryIndexes().map((gsi) => `${table.tableArn}/index/${gsi.name}`)],
      }),
    );
  }
}
