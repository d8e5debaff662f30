/** The stateful stacks: the ledger table and the user pool. */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { secondaryIndexes } from '../../infra/constructs/table-indexes.ts';
import { Role } from '../../shared/contract/schemas.ts';
import { TABLE_SCHEMA as T } from '../../shared/infrastructure/dynamodb/table-schema.ts';
import { resourcesOf, synthesize } from './synth.ts';

const prod = synthesize('prod');
const dev = synthesize('dev');
afterAll(() => {
  prod.cleanup();
  dev.cleanup();
});

describe.each([
  ['prod', prod, 35],
  ['dev', dev, 7],
] as const)('data stack (%s): the ledger table', (_stage, synth, pitrDays) => {
  it('is the only resource of the stack, so the API stack can come and go without touching it', () => {
    expect(Object.values(synth.templates.data.Resources as object).map((r: { Type: string }) => r.Type)).toEqual([
      'AWS::DynamoDB::GlobalTable',
    ]);
  });

  it('is on-demand, encrypted with a KMS key, and keyed as TABLE_SCHEMA says', () => {
    synth.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      KeySchema: [
        { AttributeName: T.partitionKey, KeyType: 'HASH' },
        { AttributeName: T.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: T.gsi1.name,
          KeySchema: [
            { AttributeName: T.gsi1.partitionKey, KeyType: 'HASH' },
            { AttributeName: T.gsi1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...T.gsi1.include] },
        },
      ]),
    });
  });

  it('defines every secondary index TABLE_SCHEMA declares', () => {
    const [table] = Object.values(resourcesOf(synth.data, 'AWS::DynamoDB::GlobalTable'));
    const names = ((table?.Properties?.GlobalSecondaryIndexes ?? []) as { IndexName: string }[]).map((g) => g.IndexName);
    expect(names).toEqual(secondaryIndexes().map((g) => g.name));
  });

  it('expires idempotency records through the TTL attribute', () => {
    synth.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: T.ttlAttribute, Enabled: true },
    });
  });

  it('survives a stack deletion and a replacement (RETAIN), refuses deletion, and keeps point-in-time recovery', () => {
    synth.data.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    synth.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: pitrDays },
        }),
      ],
    });
  });

  it('has no hard-coded name and outputs the generated one', () => {
    for (const table of Object.values(resourcesOf(synth.data, 'AWS::DynamoDB::GlobalTable'))) {
      expect(table.Properties).not.toHaveProperty('TableName');
    }
    synth.data.hasOutput('TableName', { Value: { Ref: Match.anyValue() } });
  });
});

describe('stack protection', () => {
  it('protects the stateful stacks from termination in prod only', () => {
    expect(prod.service.data.terminationProtection).toBe(true);
    expect(prod.service.identity.terminationProtection).toBe(true);
    expect(prod.service.api.terminationProtection).toBe(false);
    expect(dev.service.data.terminationProtection).toBe(false);
  });
});

describe.each([
  ['prod', prod],
  ['dev', dev],
] as const)('identity stack (%s): the Cognito user pool', (_stage, synth) => {
  it('has one group per role, named as the handlers read them from cognito:groups', () => {
    const groups = Object.values(resourcesOf(synth.identity, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties?.GroupName);
    expect(groups.sort()).toEqual([...Role.options].sort());
  });

  it('carries boardId and partnerId as custom attributes, and no one signs up on their own', () => {
    synth.identity.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'boardId', AttributeDataType: 'String' }),
        Match.objectLike({ Name: 'partnerId', AttributeDataType: 'String' }),
      ]),
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  it('issues ID tokens to a public client that can read but never write the board and partner attributes', () => {
    synth.identity.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      ReadAttributes: Match.arrayWith(['custom:boardId', 'custom:partnerId']),
    });
    const [client] = Object.values(resourcesOf(synth.identity, 'AWS::Cognito::UserPoolClient'));
    const write = client?.Properties?.WriteAttributes as string[];
    // An absent list would mean "every writable attribute": a user could move to another board.
    expect(write.length).toBeGreaterThan(0);
    expect(write.filter((a) => a.startsWith('custom:'))).toEqual([]);
  });

  it('has no hard-coded names and outputs the pool, the client and the region', () => {
    synth.identity.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolName: Match.absent() });
    synth.identity.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: Match.absent() });
    synth.identity.hasOutput('UserPoolId', { Value: { Ref: Match.anyValue() } });
    synth.identity.hasOutput('UserPoolClientId', { Value: { Ref: Match.anyValue() } });
    synth.identity.hasOutput('Region', { Value: { Ref: 'AWS::Region' } });
  });
});

describe('identity stack: stage differences', () => {
  it('prod requires TOTP MFA, enforces threat protection on the Plus plan and retains the pool', () => {
    prod.identity.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    prod.identity.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('dev makes MFA optional and the pool disposable', () => {
    dev.identity.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL', UserPoolTier: 'ESSENTIALS' });
    dev.identity.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
  });
});
