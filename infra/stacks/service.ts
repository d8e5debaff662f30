/**
 * The whole deployment of one stage, shared by `infra/app.ts` and the infra tests so the
 * tests examine exactly what `cdk synth` produces, cdk-nag included.
 */
import { Annotations, type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageConfig, stageConfig } from '../config.ts';
import { ApiStack } from './api-stack.ts';
import { DataStack } from './data-stack.ts';
import { IdentityStack } from './identity-stack.ts';
import { MailStack } from './mail-stack.ts';

export interface Service {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly identity: IdentityStack;
  readonly api: ApiStack;
  /** Email delivery: SES, the sender, the reminder scan, the event recorder. */
  readonly mail: MailStack;
}

/**
 * Adds the stage's three stacks to the app: data (the table) and identity (the user pool)
 * hold state and are protected from termination in prod; api holds none. The AwsSolutions
 * pack of cdk-nag runs on every synthesis, and any finding not acknowledged with a reason
 * (see `acknowledgeNag`), warning or error, fails it: `cdk synth` exits 1, tests throw.
 */
export function defineService(app: App): Service {
  const config = stageConfig(app);
  const stateful = config.stage === 'prod';
  const data = new DataStack(app, `${config.stackPrefix}-Data`, {
    config,
    description: `sab-budget ${config.stage}: the ledger table (stateful)`,
    terminationProtection: stateful,
  });
  const identity = new IdentityStack(app, `${config.stackPrefix}-Identity`, {
    config,
    description: `sab-budget ${config.stage}: the Cognito user pool (stateful)`,
    terminationProtection: stateful,
  });
  const api = new ApiStack(app, `${config.stackPrefix}-Api`, {
    config,
    description: `sab-budget ${config.stage}: HTTP API, functions and alarms (stateless)`,
    table: data.table,
    userPool: identity.userPool,
    userPoolClient: identity.client,
  });
  const mail = new MailStack(app, `${config.stackPrefix}-Mail`, {
    config,
    description: `sab-budget ${config.stage}: email delivery (SES identity, sender, reminders, delivery events)`,
    table: data.table,
  });
  if (app.node.tryGetContext('corsOrigins') !== undefined) {
    // Deploy scripts written for the old two-step deploy still pass it: say it does nothing now.
    Annotations.of(api).addWarningV2(
      'sab-budget:corsOrigins-ignored',
      'corsOrigins is ignored: the web page calls the API on its own CloudFront origin (/v1/*), so the API has no CORS. Stop passing it.',
    );
  }
  Tags.of(app).add('service', 'sab-budget');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, data, identity, api, mail };
}
