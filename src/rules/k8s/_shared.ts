// Helpers shared by the Kubernetes rules (underscore: not a rule). Facts come from the
// iac/kubernetes and iac/helm extractors, already joined (Services, Ingresses, NetworkPolicies,
// RBAC) by their link step.
import type { DeploymentFact, Evidence, Fact } from '../../model/types.js';
import type { RuleContext } from '../types.js';

const EXTRACTORS = new Set(['iac/kubernetes', 'iac/helm']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

export function isKubernetesFact(fact: Fact): boolean {
  return EXTRACTORS.has(fact.extractor);
}

/** Workload objects (pods and their controllers). */
export function workloads(ctx: RuleContext): DeploymentFact[] {
  return ctx.factsOf('deployment').filter((f) => isKubernetesFact(f) && WORKLOADS.has(f.resourceType ?? ''));
}

/** Evidence at a line the extractor recorded in an attribute (`privilegedLine`...), else the object's `kind:` line. */
export function evidenceAt(fact: DeploymentFact, attribute: string): Evidence {
  const line = fact.attributes?.[attribute];
  return typeof line === 'number' && line > 0 ? { file: fact.evidence.file, line } : fact.evidence;
}

/** `Deployment shop/gateway`. */
export function label(fact: DeploymentFact): string {
  const ns = fact.attributes?.namespace;
  return `${fact.resourceType ?? 'workload'} ${typeof ns === 'string' && ns ? `${ns}/` : ''}${fact.workload}`;
}

export function key(fact: DeploymentFact, suffix: string): string {
  return `${fact.evidence.file}#${fact.resourceType ?? ''}/${fact.workload}#${suffix}`;
}

/** The component running the workload (the builder attached the fact's evidence to it). */
export function elementsOf(ctx: RuleContext, fact: DeploymentFact): string[] {
  const c = ctx.system.components.find((x) => x.evidence.some((e) => e.file === fact.evidence.file && e.line === fact.evidence.line));
  return c ? [c.id] : [];
}
