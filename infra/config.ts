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
  },
  prod: {
    ...BASE,
    pitrDays: 35,
    logRetention: RetentionDays.ONE_YEAR,
    retainOperationalData: true,
    throttle: { rateLimit: 50, burstLimit: 100 },
    mfaRequired: true,
    threatProtection: true,
  },
};

/**
 * Reads the stage and its options from context: `stage` (dev|prod, default dev) and
 * `alarmEmail`. An unknown stage fails the synthesis rather than quietly deploying dev
 * settings under another name.
 */
export function stageConfig(scope: Construct): StageConfig {
  const raw: unknown = scope.node.tryGetContext('stage') ?? 'dev';
  if (typeof raw !== 'string' || !(STAGES as readonly string[]).includes(raw)) {
    throw new Error(`unknown stage ${JSON.stringify(raw)}: pass -c stage=${STAGES.join('|')}`);
  }
  const stage = raw as StageName;
  const alarmEmail: unknown = scope.node.tryGetContext('alarmEmail');
  return {
    stage,
    stackPrefix: `SabBudget-${stage}`,
    ...STAGE_DEFAULTS[stage],
    ...(typeof alarmEmail === 'string' && alarmEmail.length > 0 ? { alarmEmail } : {}),
  };
}
