import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { handlerEntry, REPO_ROOT, ServiceFunction, TABLE_ACTIONS } from '../../infra/constructs/service-function.ts';
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

describe('ServiceFunction: what Powertools and X-Ray need', () => {
  function probe(props: { tracing?: boolean; logLevel?: 'DEBUG' | 'INFO' } = {}): Template {
    const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Probe');
    new ServiceFunction(stack, 'Fn', { group: 'boards', ...props });
    return Template.fromStack(stack);
  }

  it('names the group as the Powertools service, the SabBudget namespace and the log level', () => {
    // Act
    const template = probe();

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          LOG_LEVEL: 'INFO',
          POWERTOOLS_SERVICE_NAME: 'boards',
          POWERTOOLS_METRICS_NAMESPACE: 'SabBudget',
          POWERTOOLS_TRACE_ENABLED: 'false',
        },
      },
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'INFO' }),
    });
  });

  it('keeps Lambda’s application log level and LOG_LEVEL the same', () => {
    const template = probe({ logLevel: 'DEBUG' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ LOG_LEVEL: 'DEBUG' }) },
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'DEBUG' }),
    });
  });

  it('traces with X-Ray only when asked, granting the two X-Ray writes and nothing else', () => {
    // Act
    const off = probe();
    const on = probe({ tracing: true });

    // Assess
    off.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
    expect(JSON.stringify(off.toJSON())).not.toContain('xray:');
    on.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'true' }) },
    });
    const statements = Object.values(on.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties
          .PolicyDocument.Statement,
    );
    const xray = statements.filter((s) => JSON.stringify(s.Action).includes('xray:'));
    expect(xray).toHaveLength(1);
    expect([...(xray[0]?.Action ?? [])].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    // X-Ray's write actions take no resource ARN.
    expect(xray[0]?.Resource).toBe('*');
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

describe('grants cover the code', () => {
  /** DynamoDB document-client and client commands, by the IAM action each needs. */
  const ACTION_OF: Record<string, string> = {
    Get: 'dynamodb:GetItem',
    BatchGet: 'dynamodb:BatchGetItem',
    Query: 'dynamodb:Query',
    Put: 'dynamodb:PutItem',
    Update: 'dynamodb:UpdateItem',
    Delete: 'dynamodb:DeleteItem',
    Scan: 'dynamodb:Scan',
    BatchWrite: 'dynamodb:BatchWriteItem',
    TransactWrite: 'dynamodb:TransactWriteItems',
    TransactGet: 'dynamodb:TransactGetItems',
  };

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
    );
  }

  it('every DynamoDB command the service code sends is one the read-write grant allows', () => {
    // Prepare: what the deployed code can send (dynalite enforces no IAM, so only AWS would tell)
    const files = [...sourceFiles(join(REPO_ROOT, 'shared')), ...sourceFiles(join(REPO_ROOT, 'functions'))];
    const used = new Set<string>();
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\bnew\s+(\w+?)(?:Item)?Command\s*\(/g)) {
        const action = ACTION_OF[m[1] as string];
        if (action) used.add(action);
      }
    }

    // Assess
    expect(used.size).toBeGreaterThan(0);
    for (const action of used)
      expect(TABLE_ACTIONS.RW, `${action} is sent by the code but not granted (the ledger is append-only)`).toContain(action);
  });
});
