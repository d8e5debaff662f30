/**
 * The deployment the cost model prices by the month: the prod stage synthesized as `cdk synth
 * -c stage=prod` would (every stack, the web page's included; no bundling, which the counts do
 * not need), and counted: alarms, dashboards, customer managed keys, the custom metrics the
 * dashboard graphs, and how often the mail sender runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { defineService } from '../../infra/stacks/service.ts';
import { defineWeb } from '../../infra/stacks/web-stack.ts';

export interface Deployment {
  readonly stage: string;
  readonly stacks: number;
  readonly functions: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly kmsKeys: number;
  /**
   * Distinct custom metrics (namespace, name and dimensions) the dashboard graphs or an alarm
   * watches: an upper bound of what is billed, since a metric costs only in a month it receives
   * data (UnhandledError, say, only when something failed).
   */
  readonly customMetrics: number;
  readonly sendEveryMinutes: number;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** The strings of a CloudFormation value (Fn::Join and the like flattened), for the dashboard body. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(text).join('');
  if (value && typeof value === 'object') {
    const join = (value as Record<string, unknown>)['Fn::Join'];
    if (Array.isArray(join)) return (join[1] as unknown[]).map(text).join(String(join[0]));
    return '';
  }
  return '';
}

export function countDeployment(context: Record<string, unknown>): Deployment {
  const outdir = mkdtempSync(join(tmpdir(), 'sab-bench-synth-'));
  try {
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      context: { ...context, stage: 'prod', 'aws:cdk:bundling-stacks': [] },
    });
    defineWeb(app, defineService(app));
    const assembly = app.synth();
    const resources = assembly.stacks.flatMap((s) =>
      Object.values((s.template as { Resources?: Record<string, Resource> }).Resources ?? {}),
    );
    const count = (type: string) => resources.filter((r) => r.Type === type).length;
    const metrics = new Set<string>();
    for (const r of resources.filter((x) => x.Type === 'AWS::CloudWatch::Dashboard')) {
      const body = JSON.parse(text(r.Properties?.DashboardBody).replace(/"\$\{Token\[[^\]]*\]\}"/g, '"token"')) as {
        widgets?: { properties?: { metrics?: unknown[][] } }[];
      };
      for (const w of body.widgets ?? []) {
        for (const m of w.properties?.metrics ?? []) {
          const names = m.filter((x) => typeof x === 'string') as string[];
          // Custom namespaces only: AWS/Lambda, AWS/DynamoDB and the other service metrics are free.
          if (names[0] && !names[0].startsWith('AWS/') && names[0] !== '.') metrics.add(names.join('|'));
        }
      }
    }
    for (const r of resources.filter((x) => x.Type === 'AWS::CloudWatch::Alarm')) {
      const p = r.Properties ?? {};
      const namespace = typeof p.Namespace === 'string' ? p.Namespace : undefined;
      if (!namespace || namespace.startsWith('AWS/')) continue;
      const dims = ((p.Dimensions as { Name: string; Value: unknown }[] | undefined) ?? []).flatMap((x) => [x.Name, text(x.Value)]);
      metrics.add([namespace, String(p.MetricName), ...dims].join('|'));
    }
    const rates = resources
      .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
      .map((r) => String(r.Properties?.ScheduleExpression ?? ''))
      .map((e) => /^rate\((\d+) minutes?\)$/.exec(e)?.[1])
      .filter((m): m is string => m !== undefined)
      .map(Number);
    return {
      stage: 'prod',
      stacks: assembly.stacks.length,
      functions: count('AWS::Lambda::Function'),
      alarms: count('AWS::CloudWatch::Alarm'),
      dashboards: count('AWS::CloudWatch::Dashboard'),
      kmsKeys: count('AWS::KMS::Key'),
      customMetrics: metrics.size,
      sendEveryMinutes: rates.length > 0 ? Math.min(...rates) : 5,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
