import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { handlerEntry, REPO_ROOT, ServiceFunction } from '../../infra/constructs/service-function.ts';
import { secondaryIndexes } from '../../infra/constructs/table-indexes.ts';

/** A stack with one table and one function bound to it, bundling skipped. */
function bound(access?: 'RO' | 'RW'): Template {
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Probe');
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const fn = new ServiceFunction(stack, 'Fn', { group: 'boards' });
  if (access) fn.bindTable(table, access);
  else fn.bindTable(table);
  return Template.fromStack(stack);
}

function tableActions(template: Template): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } };
  }[];
  return policies
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((a) => a.startsWith('dynamodb:'))
    .sort();
}

describe('ServiceFunction', () => {
  it('finds handlers from the repository root, whatever the working directory', () => {
    expect(handlerEntry('boards')).toBe(`${REPO_ROOT}functions/boards/handler.ts`);
    expect(() => new ServiceFunction(new Stack(new App(), 'S'), 'Fn', { group: 'no-such-group' })).toThrow(/no handler/);
  });

  it('binds read-only by default: get, batch get and query, nothing else', () => {
    expect(tableActions(bound())).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    expect(tableActions(bound('RO'))).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
  });

  it('adds put and update for read-write, never delete, scan or batch write', () => {
    expect(tableActions(bound('RW'))).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('grants on the table and its index by ARN, and tells the function the table name', () => {
    const template = bound('RO');
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    const statement = JSON.stringify(policy);
    expect(statement).toContain('"Resource":[{"Fn::GetAtt":["Table');
    expect(statement).toContain('"/index/gsi1"');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { TABLE_NAME: { Ref: Match.stringLikeRegexp('^Table') } } },
    });
  });
});

describe('secondaryIndexes', () => {
  it('reads every gsiN entry of a table schema and nothing else', () => {
    const schema = {
      partitionKey: 'pk',
      gsi1: { name: 'gsi1', partitionKey: 'a', sortKey: 'b', include: ['x'] },
      gsi2: { name: 'gsi2', partitionKey: 'c' },
      ttlAttribute: 'expiresAt',
    };
    expect(secondaryIndexes(schema).map((g) => g.name)).toEqual(['gsi1', 'gsi2']);
  });
});
