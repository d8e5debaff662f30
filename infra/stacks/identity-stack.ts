/**
 * Who may call the API: a Cognito user pool with one group per role and the board and
 * partner a user belongs to as custom attributes. Users and their credentials are state,
 * so the pool has its own stack beside the table's, and the API stack only refers to it.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { Role } from '../../shared/contract/schemas.ts';
import type { StageConfig } from '../config.ts';
import { acknowledgeNag } from '../constructs/nag.ts';

export interface IdentityStackProps extends StackProps {
  readonly config: StageConfig;
}

/** The custom attributes the handlers read as `custom:boardId` and `custom:partnerId`. */
export const CUSTOM_ATTRIBUTES = ['boardId', 'partnerId'] as const;

export class IdentityStack extends Stack {
  readonly userPool: UserPool;
  /** The client the board's web page and scripts sign in with; the API accepts its ID tokens. */
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.userPool = new UserPool(this, 'Users', {
      // Accounts are created by an administrator, never by sign-up: every user is bound to a
      // board (and a partner) when created.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // Mutable so an administrator can correct them; the client below cannot write them,
        // so a user can never move themselves to another board or partner.
        boardId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        partnerId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: config.mfaRequired ? Mfa.REQUIRED : Mfa.OPTIONAL,
      // Authenticator apps only: SMS needs an SNS role, costs per message and is phishable.
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: config.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(config.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: config.retainOperationalData,
      removalPolicy: config.retainOperationalData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // Group names are the role names the handlers check (`cognito:groups`), taken from the
    // contract's Role enum so a new role cannot be forgotten here.
    for (const role of Role.options) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Holders of the ${role} role` });
    }

    this.client = this.userPool.addClient('ApiClient', {
      // A public client (a browser page, the CLI): no secret to leak.
      generateSecret: false,
      // SRP for the web page; USER_PASSWORD_AUTH (over TLS to Cognito) for scripts and the CLI.
      authFlows: { userSrp: true, userPassword: true },
      // No hosted UI or OAuth redirects until the web page needs them (the CDK default
      // would otherwise register an example.com callback).
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // Explicit and without the custom attributes: an absent list would let users write
      // every writable attribute, `custom:boardId` included.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    if (!config.mfaRequired) {
      acknowledgeNag(
        this.userPool,
        'COG2',
        'dev only: MFA is optional so test users can be scripted; prod requires TOTP MFA (asserted by the infra tests). The dev pool holds test users only.',
      );
    }
    if (!config.threatProtection) {
      acknowledgeNag(
        this.userPool,
        'COG8',
        'dev only: the Essentials plan keeps a test pool cheap; prod uses the Plus plan with threat protection enforced (asserted by the infra tests).',
      );
    }

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Cognito user pool of the API users' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.client.userPoolClientId,
      description: 'App client; the API accepts ID tokens issued to it',
    });
    new CfnOutput(this, 'Region', { value: this.region, description: 'Region of the user pool, for aws cognito-idp commands' });
  }
}
