/**
 * The one way this app acknowledges a cdk-nag finding. The id carries the plugin
 * namespace (`AwsSolutions::AwsSolutions-COG2`), which makes CDK record the suppression
 * and its reason in the synthesized validation report (`suppressedViolations`), so every
 * exception is auditable after synthesis, not only in code. A bare rule id also silences
 * the finding but leaves no trace in the report.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** AwsSolutions rule ids this app may acknowledge, e.g. 'COG2' for AwsSolutions-COG2. */
export type AwsSolutionsRule = 'APIG4' | 'COG2' | 'COG8' | 'IAM5' | 'SQS3';

/**
 * Acknowledges `rule` on `scope` and its children. Rules that report evidence (a wildcard
 * resource, an action) are acknowledged finding by finding through `findings`
 * (e.g. `Resource::*`), so a new wildcard added later is reported rather than silently covered.
 */
export function acknowledgeNag(scope: IConstruct, rule: AwsSolutionsRule, reason: string, findings: readonly string[] = []): void {
  if (reason.trim().length < 40) throw new Error(`acknowledging AwsSolutions-${rule} needs a real reason, not "${reason}"`);
  const ids =
    findings.length > 0 ? findings.map((f) => `AwsSolutions::AwsSolutions-${rule}[${f}]`) : [`AwsSolutions::AwsSolutions-${rule}`];
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}
