/**
 * The web stack: the board's page in a private bucket behind CloudFront, with the same CSP as
 * the local server plus the API's origin, deployed with Chart.js and a config.json naming the
 * API. Synthesised the way `infra/app.ts` does it (defineService, then defineWeb), cdk-nag included.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { pageCsp, vendorFiles } from '../../infra/web-page.ts';
import { defineService } from '../../infra/stacks/service.ts';
import { defineWeb, PAGE_CUSTOM_HEADERS, type WebStack } from '../../infra/stacks/web-stack.ts';
import { cdkJsonContext, type PluginReport, resourcesOf } from './synth.ts';

interface WebSynth {
  readonly stack: WebStack;
  readonly web: Template;
  readonly template: Record<string, any>;
  readonly reports: readonly PluginReport[];
  readonly assemblyDir: string;
  cleanup(): void;
}

function synthesizeWeb(stage: 'dev' | 'prod'): WebSynth {
  const outdir = mkdtempSync(join(tmpdir(), 'sab-cdk-web-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: { ...cdkJsonContext(), stage, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = defineWeb(app, defineService(app));
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as Record<string, any>;
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  return {
    stack,
    web: Template.fromJSON(template),
    template,
    reports: report.pluginReports,
    assemblyDir: assembly.directory,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

const prod = synthesizeWeb('prod');
const dev = synthesizeWeb('dev');
afterAll(() => {
  prod.cleanup();
  dev.cleanup();
});

const one = (synth: WebSynth, type: string) => {
  const found = Object.entries(resourcesOf(synth.web, type));
  expect(found, type).toHaveLength(1);
  return found[0] as [string, { Properties: Record<string, any> }];
};

/** The site bucket: the one the distribution reads from. */
function siteBucketId(synth: WebSynth): string {
  const [, distribution] = one(synth, 'AWS::CloudFront::Distribution');
  return distribution.Properties.DistributionConfig.Origins[0].DomainName['Fn::GetAtt'][0];
}

/** The CSP CloudFront sends, with the imported API URL written as `<api>`. */
function deployedCsp(synth: WebSynth): string {
  const [, policy] = one(synth, 'AWS::CloudFront::ResponseHeadersPolicy');
  const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
  const parts: unknown[] = csp['Fn::Join'][1];
  return parts
    .map((p) => (typeof p === 'string' ? p : JSON.stringify(p).includes('Fn::ImportValue') ? '<api-id>' : '<token>'))
    .join('')
    .replace('https://<api-id>.execute-api.<token>.<token>/', '<api>');
}

describe.each([
  ['prod', prod],
  ['dev', dev],
] as const)('web stack (%s)', (stage, synth) => {
  it('keeps the page in a private, encrypted, versioned bucket that refuses plain HTTP and logs its access', () => {
    const id = siteBucketId(synth);
    synth.web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 's3/' },
    });
    expect(Object.keys(resourcesOf(synth.web, 'AWS::S3::Bucket'))).toContain(id);
    const policies = Object.values(resourcesOf(synth.web, 'AWS::S3::BucketPolicy'));
    const sitePolicy = policies.find((p) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: id }));
    const statements: any[] = (sitePolicy?.Properties?.PolicyDocument as { Statement?: any[] } | undefined)?.Statement ?? [];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
    );
    // Only CloudFront, and only this distribution, may read it: no public principal is allowed anything.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const s of allows) expect(JSON.stringify(s.Principal)).not.toMatch(/^"\*"$|"AWS":"\*"/);
    const cloudfront = allows.find((s) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(cloudfront?.Action).toBe('s3:GetObject');
    expect(JSON.stringify(cloudfront?.Condition)).toContain('AWS:SourceArn');
  });

  it('serves it through CloudFront with Origin Access Control, HTTPS only, index.html at the root, and access logs', () => {
    synth.web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    synth.web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: {
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: ['GET', 'HEAD'],
          Compress: true,
          ResponseHeadersPolicyId: Match.anyValue(),
        },
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })],
        Logging: { Bucket: Match.anyValue(), Prefix: 'cloudfront/' },
      },
    });
  });

  it('sends the local server’s CSP with the API origin added, and the security headers', () => {
    const [, policy] = one(synth, 'AWS::CloudFront::ResponseHeadersPolicy');
    const config = policy.Properties.ResponseHeadersPolicyConfig;
    expect(deployedCsp(synth)).toBe(pageCsp(['<api>']));
    expect(deployedCsp(synth)).toContain("connect-src 'self' <api>;");
    expect(deployedCsp(synth)).not.toContain('unsafe');
    expect(config.SecurityHeadersConfig).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
    });
    expect(config.CustomHeadersConfig.Items).toEqual(
      Object.entries(PAGE_CUSTOM_HEADERS).map(([Header, Value]) => ({ Header, Value, Override: true })),
    );
  });

  it('deploys web/, the vendored Chart.js and a config.json naming the API, then invalidates the distribution', () => {
    const [, deployment] = one(synth, 'Custom::CDKBucketDeployment');
    const p = deployment.Properties;
    expect(p.DestinationBucketName).toEqual({ Ref: siteBucketId(synth) });
    expect(p.DistributionPaths).toEqual(['/*']);
    expect(p.Prune).toBe(true);
    expect(p.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(p.SourceObjectKeys).toHaveLength(2 + Object.keys(vendorFiles()).length);

    // The staged assets: the page itself, Chart.js at vendor/, and config.json whose apiUrl is the imported stage URL.
    const staged = readdirSync(synth.assemblyDir).filter((d) => d.startsWith('asset.'));
    const withFile = (path: string) => staged.filter((d) => existsSync(join(synth.assemblyDir, d, path)));
    expect(withFile('index.html')).toHaveLength(1);
    expect(withFile('assets/js/app.js')).toHaveLength(1);
    for (const [key, file] of Object.entries(vendorFiles())) {
      const [dir] = withFile(key);
      expect(dir, key).toBeDefined();
      expect(readFileSync(join(synth.assemblyDir, dir as string, key), 'utf8')).toBe(readFileSync(file, 'utf8'));
    }
    const [configDir] = withFile('config.json');
    const config = JSON.parse(readFileSync(join(synth.assemblyDir, configDir as string, 'config.json'), 'utf8'));
    expect(Object.keys(config)).toEqual(['apiUrl']);
    const markers = p.SourceMarkers.find((m: Record<string, unknown>) => Object.keys(m).length > 0);
    expect(JSON.stringify(markers)).toContain(`"Fn::ImportValue":"SabBudget-${stage}-Api:`);
  });

  it('outputs the page URL', () => {
    const [distributionId] = one(synth, 'AWS::CloudFront::Distribution');
    expect(synth.template.Outputs.WebUrl.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']],
    });
  });

  it('passes cdk-nag with only the expected, reasoned acknowledgements', () => {
    for (const report of synth.reports) expect(report.violations, report.pluginName).toEqual([]);
    const acknowledged = synth.reports.flatMap((r) =>
      (r.suppressedViolations ?? []).flatMap((v) =>
        (v.violatingConstructs ?? []).filter((c) => c.constructPath.startsWith(`${synth.stack.stackName}/`)).map(() => v),
      ),
    );
    const rule = (name: string) => name.replace(/\[.*$/, '');
    expect([...new Set(acknowledged.map((v) => rule(v.ruleName)))].sort()).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
    ]);
    for (const v of acknowledged) expect(v.reason?.length ?? 0, v.ruleName).toBeGreaterThanOrEqual(40);
    // Wildcards and managed policies are acknowledged one by one, and only on CDK's deployment function.
    const site = siteBucketId(synth);
    expect([...new Set(acknowledged.filter((v) => /IAM[45]/.test(v.ruleName)).map((v) => v.ruleName))].sort()).toEqual(
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Resource::*]',
        `AwsSolutions-IAM5[Resource::<${site}.Arn>/*]`,
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      ].sort(),
    );
    for (const v of acknowledged.filter((a) => /IAM[45]|L1/.test(a.ruleName))) {
      for (const c of v.violatingConstructs ?? []) expect(c.constructPath).toContain('/Custom::CDKBucketDeployment');
    }
  });
});

describe('web stack: per stage', () => {
  it('keeps the buckets in prod, and deletes them with the stack in dev', () => {
    for (const bucket of Object.values(prod.web.findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe('Retain');
    for (const bucket of Object.values(dev.web.findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe('Delete');
    expect(Object.keys(dev.web.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(2);
    expect(Object.keys(prod.web.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(0);
  });

  it('expires access logs after the stage’s log retention', () => {
    prod.web.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] },
    });
    dev.web.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
  });
});
