/**
 * The web stack: the board's page in a private bucket behind CloudFront, with the same CSP and
 * config.json as the local server, and the HTTP API on the same distribution under /v1/*, so
 * the page and the API share one origin. Synthesised the way `infra/app.ts` does it
 * (defineService, then defineWeb), cdk-nag included.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { afterAll, describe, expect, it } from 'vitest';
import { defineService, type Service } from '../../infra/stacks/service.ts';
import { API_PATH_PATTERN, defineWeb, PAGE_CUSTOM_HEADERS, type WebStack } from '../../infra/stacks/web-stack.ts';
import { pageCsp, SAME_ORIGIN_CONFIG, vendorFiles } from '../../infra/web-page.ts';
import { routes } from '../../shared/contract/routes.ts';
import { cdkJsonContext, type PluginReport, resourcesOf } from './synth.ts';

interface WebSynth {
  readonly stack: WebStack;
  readonly service: Service;
  readonly web: Template;
  readonly template: Record<string, any>;
  /** The API stack's template, for what the web stack imports from it. */
  readonly api: Record<string, any>;
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
  const service = defineService(app);
  const stack = defineWeb(app, service);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as Record<string, any>;
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  return {
    stack,
    service,
    web: Template.fromJSON(template),
    template,
    api: assembly.getStackByName(service.api.stackName).template as Record<string, any>,
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

const distributionConfig = (synth: WebSynth) => one(synth, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;

/** The site bucket: the one the distribution's S3 origin reads from. */
function siteBucketId(synth: WebSynth): string {
  const origin = distributionConfig(synth).Origins.find((o: Record<string, unknown>) => 'S3OriginConfig' in o);
  return origin.DomainName['Fn::GetAtt'][0];
}

/** The cache behaviour of a path pattern, and the origin it sends requests to. */
function behaviorOf(synth: WebSynth, pattern: string) {
  const config = distributionConfig(synth);
  const behavior = (config.CacheBehaviors ?? []).find((b: Record<string, unknown>) => b.PathPattern === pattern);
  const origin = config.Origins.find((o: Record<string, unknown>) => o.Id === behavior?.TargetOriginId);
  return { behavior, origin };
}

/** The CSP CloudFront sends with the page: a plain string, no token in it. */
function deployedCsp(synth: WebSynth): unknown {
  const [, policy] = one(synth, 'AWS::CloudFront::ResponseHeadersPolicy');
  return policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
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
        Origins: Match.arrayWith([
          Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } }),
        ]),
        Logging: { Bucket: Match.anyValue(), Prefix: 'cloudfront/' },
      },
    });
  });

  it('sends the local server’s CSP exactly, connect-src only the page’s own origin, and the security headers', () => {
    const [, policy] = one(synth, 'AWS::CloudFront::ResponseHeadersPolicy');
    const config = policy.Properties.ResponseHeadersPolicyConfig;
    expect(deployedCsp(synth)).toBe(pageCsp());
    expect(deployedCsp(synth)).toContain("connect-src 'self';");
    expect(deployedCsp(synth)).not.toMatch(/execute-api|unsafe|https:/);
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

  it('deploys web/, the vendored Chart.js and the local server’s config.json (the API on the same origin), then invalidates the distribution', () => {
    const [, deployment] = one(synth, 'Custom::CDKBucketDeployment');
    const p = deployment.Properties;
    expect(p.DestinationBucketName).toEqual({ Ref: siteBucketId(synth) });
    expect(p.DistributionPaths).toEqual(['/*']);
    expect(p.Prune).toBe(true);
    expect(p.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(p.SourceObjectKeys).toHaveLength(2 + Object.keys(vendorFiles()).length);

    // The staged assets: the page itself, Chart.js at vendor/, and config.json saying "same origin".
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
    expect(config).toEqual({ apiUrl: '' });
    expect(config).toEqual(SAME_ORIGIN_CONFIG);
    // Nothing is filled in at deploy time any more: no source carries a marker.
    for (const markers of p.SourceMarkers ?? []) expect(markers).toEqual({});
  });

  it('sends /v1/* to the HTTP API: no caching, every method, every viewer header but Host, HTTPS only', () => {
    const { behavior, origin } = behaviorOf(synth, API_PATH_PATTERN);
    expect(API_PATH_PATTERN).toBe('/v1/*');
    expect(behavior).toEqual({
      PathPattern: '/v1/*',
      TargetOriginId: origin.Id,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // Managed-CachingDisabled and Managed-AllViewerExceptHostHeader, by their fixed ids. With
      // caching disabled, AllViewerExceptHostHeader forwards Authorization (an origin request
      // policy cannot name it; a policy forwarding all viewer headers does).
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      Compress: false,
    });
    // No response headers policy: the API's answers keep the API's own headers, not the page's CSP.
    expect(behavior).not.toHaveProperty('ResponseHeadersPolicyId');
    // And no cache policy of our own that could put Authorization in a cache key.
    expect(Object.keys(resourcesOf(synth.web, 'AWS::CloudFront::CachePolicy'))).toEqual([]);
    expect(Object.keys(resourcesOf(synth.web, 'AWS::CloudFront::OriginRequestPolicy'))).toEqual([]);
  });

  it('reaches the API at its execute-api host over TLS 1.2, waiting longer than API Gateway’s own 30 s', () => {
    const { origin } = behaviorOf(synth, API_PATH_PATTERN);
    // <api id>.execute-api.<region>.<suffix>: the id imported from the API stack, no scheme, no path.
    expect(origin.DomainName).toEqual({
      'Fn::Join': [
        '',
        [
          { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^SabBudget-${stage}-Api:ExportsOutputRefApi`)) },
          '.execute-api.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
        ],
      ],
    });
    const exported = Object.values(synth.api.Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>).find(
      (o) => o.Export?.Name === origin.DomainName['Fn::Join'][1][0]['Fn::ImportValue'],
    );
    expect(exported?.Value).toEqual({ Ref: synth.service.api.getLogicalId(synth.service.api.api.node.defaultChild as CfnApi) });
    expect(origin).not.toHaveProperty('OriginPath');
    expect(origin).not.toHaveProperty('S3OriginConfig');
    expect(origin).not.toHaveProperty('OriginAccessControlId');
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
      OriginReadTimeout: 35,
    });
  });

  it('serves every route of the routes table through /v1/*', () => {
    for (const key of Object.keys(routes)) expect(key.split(' ')[1], key).toMatch(/^\/v1\//);
  });

  it('keeps no error answer at the edge, so a 404 or a 503 is never answered to the next caller', () => {
    const config = distributionConfig(synth);
    expect(config.CustomErrorResponses.map((r: { ErrorCode: number }) => r.ErrorCode).sort()).toEqual([
      400, 403, 404, 405, 414, 500, 501, 502, 503, 504,
    ]);
    for (const r of config.CustomErrorResponses) expect(r).toEqual({ ErrorCode: r.ErrorCode, ErrorCachingMinTTL: 0 });
  });

  it('leaves the page itself as it was: S3 only, GET and HEAD, cached, with the page’s headers', () => {
    const config = distributionConfig(synth);
    expect(config.CacheBehaviors).toHaveLength(1);
    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      ResponseHeadersPolicyId: { Ref: expect.stringMatching(/^SecurityHeaders/) },
    });
    const s3 = config.Origins.find((o: { Id: string }) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
    expect(s3).toHaveProperty('S3OriginConfig');
  });

  it('outputs the page URL (the API answers under it too)', () => {
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

describe('one deploy', () => {
  it.each([
    ['prod', prod],
    ['dev', dev],
  ] as const)('%s: the web stack depends on the API stack, and nothing depends on the web stack', (_stage, synth) => {
    const { api, data, identity } = synth.service;
    expect(synth.stack.dependencies.map((s) => s.stackName)).toContain(api.stackName);
    for (const other of [api, data, identity]) expect(other.dependencies.map((s) => s.stackName)).not.toContain(synth.stack.stackName);
    // The web stack exports nothing, so `cdk deploy --all` never waits on it for another stack.
    expect(Object.values(synth.template.Outputs ?? {}).filter((o: any) => o.Export)).toEqual([]);
    // Its one import from the API stack is the API id.
    const imports = [...JSON.stringify(synth.template).matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => m[1]);
    expect([...new Set(imports)]).toEqual([expect.stringMatching(new RegExp(`^${api.stackName}:ExportsOutputRefApi`))]);
  });

  it('the API stack keeps no CORS configuration: the page calls it on its own origin', () => {
    for (const synth of [prod, dev]) {
      const apis = Object.values(synth.api.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::ApiGatewayV2::Api');
      expect(apis).toHaveLength(1);
      expect(apis[0].Properties).not.toHaveProperty('CorsConfiguration');
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
