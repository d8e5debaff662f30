/**
 * Stage-aware configuration. The stage comes from CDK context (`-c stage=dev|prod`,
 * default dev) so one app synthesises either deployment without editing code, and no
 * resource carries a hard-coded physical name: CloudFormation names everything under the
 * stage's stack names, so dev and prod can share an account.
 */
import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface StageConfig {
  readonly stage: StageName;
  /** Prefix of the stack names, e.g. `SabBudget-prod`; the only names we choose. */
  readonly stackPrefix: string;
  /** Days of point-in-time recovery on the table (1-35). */
  readonly pitrDays: number;
  /** Retention of Lambda and access logs. */
  readonly logRetention: RetentionDays;
  /** Whether log groups and the user pool outlive a `cdk destroy` (the table always does). */
  readonly retainOperationalData: boolean;
  /** Stage-wide API throttling: steady requests per second and burst. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Cognito: require TOTP MFA for every user. */
  readonly mfaRequired: boolean;
  /** Cognito Plus feature plan with full threat protection (compromised credentials, risky sign-ins). */
  readonly threatProtection: boolean;
  readonly lambda: { readonly memorySize: number; readonly timeout: Duration };
  /**
   * The functions' log level: Lambda's application log level (it drops anything below) and the
   * `LOG_LEVEL` the pipeline's logger reads. INFO in both stages: DEBUG may log request detail
   * and costs log ingestion, so it is turned on for one deploy with `-c logLevel=DEBUG`.
   */
  readonly logLevel: LogLevel;
  /**
   * X-Ray active tracing on the functions (Lambda's own segment; no tracing SDK is bundled, see
   * BENCHMARKS.md "Tracer"). On by default in both stages; `-c tracing=false` turns it off. See
   * README "Deploying to AWS" for the cost.
   */
  readonly tracing: boolean;
  /** Where alarm notifications are emailed; none means the topic has no subscriber yet. */
  readonly alarmEmail?: string;
}

const BASE = {
  lambda: { memorySize: 512, timeout: Duration.seconds(10) },
} as const;

const STAGE_DEFAULTS: Record<StageName, Omit<StageConfig, 'stage' | 'stackPrefix' | 'alarmEmail'>> = {
  // dev: cheap and disposable around the edges, but the ledger table keeps its guards
  // (RETAIN, deletion protection, PITR) in every stage: a dev table may hold real test data
  // and the guards cost nothing until used.
  dev: {
    ...BASE,
    pitrDays: 7,
    logRetention: RetentionDays.ONE_MONTH,
    retainOperationalData: false,
    throttle: { rateLimit: 20, burstLimit: 40 },
    mfaRequired: false,
    threatProtection: false,
    logLevel: 'INFO',
    tracing: true,
  },
  prod: {
    ...BASE,
    pitrDays: 35,
    logRetention: RetentionDays.ONE_YEAR,
    retainOperationalData: true,
    throttle: { rateLimit: 50, burstLimit: 100 },
    mfaRequired: true,
    threatProtection: true,
    logLevel: 'INFO',
    tracing: true,
  },
};

/** A boolean from context: `-c tracing=false` arrives as the string 'false'. */
function booleanContext(scope: Construct, key: string): boolean | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`${key}: pass -c ${key}=true or -c ${key}=false, not ${JSON.stringify(value)}`);
}

function logLevelContext(scope: Construct): LogLevel | undefined {
  const value: unknown = scope.node.tryGetContext('logLevel');
  if (value === undefined) return undefined;
  const level = typeof value === 'string' ? value.toUpperCase() : value;
  if (!(LOG_LEVELS as readonly unknown[]).includes(level))
    throw new Error(`logLevel: pass one of ${LOG_LEVELS.join('|')}, not ${JSON.stringify(value)}`);
  return level as LogLevel;
}

/**
 * Reads the stage and its options from context: `stage` (dev|prod, default dev), `alarmEmail`,
 * and the stage defaults' overrides `logLevel` (DEBUG|INFO|WARN|ERROR) and `tracing`
 * (true|false). An unknown stage or a malformed option fails the synthesis rather than
 * quietly deploying something else under its name.
 */
export function stageConfig(scope: Construct): StageConfig {
  const raw: unknown = scope.node.tryGetContext('stage') ?? 'dev';
  if (typeof raw !== 'string' || !(STAGES as readonly string[]).includes(raw)) {
    throw new Error(`unknown stage ${JSON.stringify(raw)}: pass -c stage=${STAGES.join('|')}`);
  }
  const stage = raw as StageName;
  const defaults = STAGE_DEFAULTS[stage];
  const alarmEmail: unknown = scope.node.tryGetContext('alarmEmail');
  return {
    stage,
    stackPrefix: `SabBudget-${stage}`,
    ...defaults,
    logLevel: logLevelContext(scope) ?? defaults.logLevel,
    tracing: booleanContext(scope, 'tracing') ?? defaults.tracing,
    ...(typeof alarmEmail === 'string' && alarmEmail.length > 0 ? { alarmEmail } : {}),
  };
}
