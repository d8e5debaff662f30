/**
 * Synthesises the real app (the same `defineService` as `infra/app.ts`, under the context
 * of cdk.json) for the infra tests. Call it once per test file and share the result:
 * construction and cdk-nag take under a second. Bundling (see bundle.test.ts) and CDK's
 * built-in CloudFormation validation (run by the CI synthesis) are left out: each costs seconds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { StageName } from '../../infra/config.ts';
import { REPO_ROOT } from '../../infra/constructs/service-function.ts';
import { defineService, type Service } from '../../infra/stacks/service.ts';

export interface Violation {
  readonly ruleName: string;
  readonly description: string;
  readonly severity: string;
  readonly violatingConstructs?: readonly { readonly constructPath: string }[];
  readonly acknowledgedId?: string;
  readonly reason?: string;
}

export interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: readonly Violation[];
  readonly suppressedViolations?: readonly Violation[];
}

export interface Synthesized {
  readonly service: Service;
  readonly data: Template;
  readonly identity: Template;
  readonly api: Template;
  /** The stacks' raw templates, for whole-template scans. */
  readonly templates: Readonly<Record<'data' | 'identity' | 'api', Record<string, unknown>>>;
  /** `validation-report.json` of the cloud assembly: cdk-nag and the other plugins. */
  readonly reports: readonly PluginReport[];
  readonly outdir: string;
  /** Removes the cloud assembly (bundles included) from the temp folder. */
  cleanup(): void;
}

export interface SynthOptions {
  /** Extra context, e.g. corsOrigins. */
  readonly context?: Record<string, unknown>;
}

/** The context cdk.json gives the CLI: the feature flags the tests must synthesise under. */
export function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return json.context ?? {};
}

export function synthesize(stage: StageName, opts: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'sab-cdk-test-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: {
      ...cdkJsonContext(),
      stage,
      // No esbuild here: bundle.test.ts bundles and runs real functions.
      'aws:cdk:bundling-stacks': [],
      ...opts.context,
    },
  });
  const service = defineService(app);
  const assembly = app.synth();
  const template = (stackName: string) => assembly.getStackByName(stackName).template as Record<string, unknown>;
  const templates = {
    data: template(service.data.stackName),
    identity: template(service.identity.stackName),
    api: template(service.api.stackName),
  };
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: PluginReport[];
  };
  return {
    service,
    data: Template.fromJSON(templates.data),
    identity: Template.fromJSON(templates.identity),
    api: Template.fromJSON(templates.api),
    templates,
    reports: report.pluginReports,
    outdir: assembly.directory,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

export type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> };

/** The resources of a template of the given type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** One resource by logical id; fails the test when it is missing. */
export function resourceOf(template: Template, type: string, logicalId: string): Resource & { Properties: Record<string, unknown> } {
  const found = resourcesOf(template, type)[logicalId];
  if (!found) throw new Error(`no ${type} ${logicalId} in the template`);
  return { ...found, Properties: found.Properties ?? {} };
}
