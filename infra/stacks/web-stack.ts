/**
 * The board's web page in AWS: a private S3 bucket read only by a CloudFront distribution
 * (Origin Access Control), HTTPS only, with the same security headers and Content Security
 * Policy the local server sends. The same distribution sends `/v1/*` to the HTTP API, so the
 * page and the API share one origin, as they do on the local server: no CORS, `connect-src
 * 'self'`, and one `cdk deploy --all` is enough. The deployment copies web/, the vendored
 * Chart.js from node_modules and the same config.json the local server serves.
 * Stateless: everything in the bucket is rebuilt from the repository on every deploy.
 */
import { readFileSync } from 'node:fs';
import { type App, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  type ErrorResponse,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct, IConstruct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { pageCsp, SAME_ORIGIN_CONFIG, vendorFiles, WEB_ROOT } from '../web-page.ts';
import type { Service } from './service.ts';

export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  /**
   * Host name of the HTTP API's execute-api endpoint (no scheme, no path; its `$default`
   * stage serves the routes at the root): the origin of the `/v1/*` behaviour.
   */
  readonly apiDomainName: string;
}

/** The API's paths on the page's origin: every route of the routes table starts with /v1/. */
export const API_PATH_PATTERN = '/v1/*';

/**
 * HTTP API's own limit on an integration is 30 s (the import and the close may use 29 s);
 * CloudFront waits a little longer so the API's own answer, even its 503/504, reaches the
 * caller rather than CloudFront's.
 */
export const API_ORIGIN_READ_TIMEOUT = Duration.seconds(35);

/**
 * The error statuses CloudFront would otherwise keep for 10 s at the edge and answer to the
 * next GET of the same URL (404, 405, 414 and 5xx always; 400 and 403 with a max-age), whoever
 * asks: for the API that would serve a stale 404 after a PUT, or one caller's answer to
 * another. Cached for 0 s, every request reaches its origin. Distribution-wide (CloudFront has
 * no per-behaviour setting); the page's files lose nothing by it.
 */
export const UNCACHED_ERROR_STATUSES = [400, 403, 404, 405, 414, 500, 501, 502, 503, 504] as const;

/** AwsSolutions rules the web stack acknowledges (see `acknowledge` below). */
type WebNagRule = 'CFR1' | 'CFR2' | 'CFR4' | 'IAM4' | 'IAM5' | 'L1';

/**
 * Acknowledges a cdk-nag finding the way `infra/constructs/nag.ts` does (plugin-namespaced id,
 * so the reason is kept in the validation report; a real reason required). Kept here because
 * that helper's rule list covers the API and identity stacks only.
 */
function acknowledge(scope: IConstruct, rule: WebNagRule, reason: string, findings: readonly string[] = []): void {
  if (reason.trim().length < 40) throw new Error(`acknowledging AwsSolutions-${rule} needs a real reason, not "${reason}"`);
  // Rules that report evidence (a policy, an action, a resource) are acknowledged finding by
  // finding, so a new wildcard added later is reported rather than silently covered.
  const ids =
    findings.length > 0 ? findings.map((f) => `AwsSolutions::AwsSolutions-${rule}[${f}]`) : [`AwsSolutions::AwsSolutions-${rule}`];
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}

/** Headers CloudFront adds to every response of the page, besides the CSP. */
export const PAGE_CUSTOM_HEADERS: Readonly<Record<string, string>> = {
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly logs: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** The `/v1/*` behaviour: the HTTP API on the page's origin. */
  readonly apiBehavior: BehaviorOptions;
  readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;
    // The page's files come from the repository on every deploy, so dev can delete them with
    // the stack; prod keeps the buckets (and their logs) like its other operational data.
    const removal = config.retainOperationalData
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };

    // Access logs of the bucket and the distribution. CloudFront's standard logs are written
    // with ACLs, hence BUCKET_OWNER_PREFERRED on this bucket only. (cdk-nag's S1 accepts a
    // bucket that is itself a log destination without logs of its own.)
    this.logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetention) }],
      ...removal,
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      // Earlier versions of the page only matter for a quick rollback.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      ...removal,
    });

    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `sab-budget ${config.stage} web page: CSP, HSTS, nosniff, no framing, no referrer`,
      securityHeadersBehavior: {
        // The local server's policy exactly: the API is on the page's own origin, so connect-src is 'self'.
        contentSecurityPolicy: { contentSecurityPolicy: pageCsp(), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: Object.entries(PAGE_CUSTOM_HEADERS).map(([header, value]) => ({ header, value, override: true })),
      },
    });

    // The API behind the page's own origin. Nothing is cached (every answer is per user and
    // the API says no-store); every method passes; every viewer header, query string and
    // cookie is forwarded except Host (API Gateway routes on its own host name, and answers
    // 403 to another). With caching disabled, that managed policy forwards Authorization too,
    // which the JWT authorizer reads. No response headers policy: the API's answers keep the
    // API's own headers (no-store, its own CSP, HSTS, nosniff), untouched by the page's.
    this.apiBehavior = {
      origin: new HttpOrigin(props.apiDomainName, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        readTimeout: API_ORIGIN_READ_TIMEOUT,
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      // Nothing to compress at the edge with caching off; the API's bodies pass as they are.
      compress: false,
    };
    const errorResponses: ErrorResponse[] = UNCACHED_ERROR_STATUSES.map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) }));

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `sab-budget ${config.stage} web page and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        // OAC: the bucket stays private and answers only requests CloudFront signs for this distribution.
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      additionalBehaviors: { [API_PATH_PATTERN]: this.apiBehavior },
      errorResponses,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(
      this.distribution,
      'CFR1',
      'No geo restriction: board members and partner staff may open the page from anywhere; the files hold no data, and the API under /v1/* serves data only to signed-in users.',
    );
    acknowledge(
      this.distribution,
      'CFR2',
      'No WAF: the page is public, data-free files, and the API under /v1/* has the JWT authorizer and stage throttling (and stays reachable at its execute-api URL, which a web ACL here would not cover). Add one with a custom domain if needed.',
    );
    acknowledge(
      this.distribution,
      'CFR4',
      'The default *.cloudfront.net certificate is used, whose TLS policy CloudFront fixes; with a custom domain and certificate the minimum becomes TLSv1.2_2021 (cdk.json flag).',
    );

    const vendor = Object.entries(vendorFiles()).map(([key, file]) => Source.data(key, readFileSync(file, 'utf8')));
    this.deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      // The local server's config.json: the API is on the page's own origin.
      sources: [Source.asset(WEB_ROOT), ...vendor, Source.jsonData('config.json', SAME_ORIGIN_CONFIG)],
      // No file name carries a content hash, so browsers revalidate every file (a cheap 304 by
      // ETag) and each deploy invalidates CloudFront's copies (/v1/* has none to invalidate).
      cacheControl: [CacheControl.noCache()],
      prune: true,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    // The deployment runs as CDK's own singleton function, created at the stack's root.
    const siteArn = `<${this.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    for (const handler of this.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      acknowledge(
        handler,
        'IAM4',
        "CDK's BucketDeployment function uses AWSLambdaBasicExecutionRole for its logs; it runs only during deploys.",
        ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      );
      acknowledge(
        handler,
        'IAM5',
        "CDK's BucketDeployment function reads the CDK asset bucket, replaces every object of the site bucket (prune) and invalidates the distribution (CloudFront invalidation takes no resource ARN); CDK generates these grants.",
        [
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
          `Resource::${siteArn}/*`,
          'Resource::*',
        ],
      );
      acknowledge(
        handler,
        'L1',
        "CDK's BucketDeployment function pins its own runtime (it ships the AWS CLI layer); it runs only during deploys and is upgraded with aws-cdk-lib.",
      );
    }

    new CfnOutput(this, 'WebUrl', {
      value: `https://${this.distribution.distributionDomainName}/`,
      description: "The board's web page; the API answers on the same origin under v1/",
    });
    new CfnOutput(this, 'SiteBucketName', { value: this.bucket.bucketName, description: 'Bucket holding the page (deployed by CDK)' });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }
}

/**
 * Adds the web stack of the service's stage; its distribution serves that stage's API under
 * /v1/*. It depends on the API stack (one export, the API id) and nothing depends on it, so
 * `cdk deploy --all` deploys the API first and the page second, in one run. Shared by
 * `infra/app.ts` and the infra tests.
 */
export function defineWeb(app: App, service: Service): WebStack {
  return new WebStack(app, `${service.config.stackPrefix}-Web`, {
    config: service.config,
    apiDomainName: service.api.domainName,
    description: `sab-budget ${service.config.stage}: the board's web page, S3 and CloudFront (stateless)`,
  });
}
