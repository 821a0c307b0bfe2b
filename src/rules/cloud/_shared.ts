// Helpers shared by the cloud IaC rules (underscore: not a rule). Terraform and CloudFormation
// facts share one vocabulary (`attributes.kind`, see src/extract/iac/_lib/cloud.ts).
import type { DeploymentFact, Evidence } from '../../model/types.js';
import type { RuleContext } from '../types.js';

export function resources(ctx: RuleContext, kind: string): DeploymentFact[] {
  return ctx.factsOf('deployment').filter((f) => (f.platform === 'terraform' || f.platform === 'cloudformation') && f.attributes?.kind === kind);
}

/** Evidence at `attributes[name]` (a line in the fact's file, or `file:line` elsewhere), else the resource. */
export function evidenceAt(fact: DeploymentFact, name: string): Evidence {
  const value = fact.attributes?.[name];
  if (typeof value === 'number' && value > 0) return { file: fact.evidence.file, line: value };
  if (typeof value === 'string') {
    const colon = value.lastIndexOf(':');
    const line = Number(value.slice(colon + 1));
    if (colon > 0 && Number.isInteger(line) && line > 0) return { file: value.slice(0, colon), line };
  }
  return fact.evidence;
}

export function key(fact: DeploymentFact, suffix: string): string {
  return `${fact.evidence.file}#${fact.workload}#${suffix}`;
}

export function label(fact: DeploymentFact): string {
  return `${fact.resourceType ?? 'resource'} ${String(fact.attributes?.displayName ?? fact.workload)}`;
}

export function elementsOf(ctx: RuleContext, fact: DeploymentFact): string[] {
  const c = ctx.system.components.find((x) => x.evidence.some((e) => e.file === fact.evidence.file && e.line === fact.evidence.line));
  return c ? [c.id] : [];
}
