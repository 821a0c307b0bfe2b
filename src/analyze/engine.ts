import { stableId } from '../model/ids.js';
import type { SystemModel } from '../model/build/index.js';
import { FactIndex } from '../model/build/facts.js';
import type { Classification, Component, Diagnostic, EntryPoint, Fact, Mitigation, Threat } from '../model/types.js';
import type { Finding, Rule, RuleContext } from '../rules/types.js';
import { fillGrammar, fillTemplate } from './grammar.js';
import { scoreThreat, severityOf } from './score.js';

export interface SuppressionVerdict {
  suppressed: boolean;
  reason?: string;
  expired?: { reason: string; expires: string };
}

export type Suppressor = (threat: { ruleId: string; threatId: string; files: string[] }) => SuppressionVerdict;

export interface AnalyzeResult {
  threats: Threat[];
  mitigations: Mitigation[];
  diagnostics: Diagnostic[];
}

const CLASS_RANK: Record<Classification, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

/** Highest classification of assets stored in places the component talks to (or holds itself). */
function reachableData(system: SystemModel, components: readonly Component[]): Classification | undefined {
  const reachable = new Set(components.map((c) => c.id));
  for (const flow of system.flows) if (reachable.has(flow.from)) reachable.add(flow.to);
  let best: Classification | undefined;
  for (const asset of system.assets) {
    const held = asset.storedIn.some((s) => reachable.has(s));
    if (held && (!best || CLASS_RANK[asset.classification] > CLASS_RANK[best])) best = asset.classification;
  }
  return best;
}

function entryPointLocator(system: SystemModel): (file: string, line: number) => EntryPoint | undefined {
  const byFile = new Map<string, EntryPoint[]>();
  for (const ep of system.entryPoints) {
    for (const e of ep.evidence) {
      const list = byFile.get(e.file) ?? [];
      list.push(ep);
      byFile.set(e.file, list);
    }
    if (ep.handler) {
      const list = byFile.get(ep.handler.file) ?? [];
      list.push(ep);
      byFile.set(ep.handler.file, list);
    }
  }
  return (file, line) => {
    const candidates = byFile.get(file);
    if (!candidates) return undefined;
    return (
      candidates.find((ep) => ep.evidence.some((e) => e.file === file && e.line === line)) ??
      candidates.find((ep) => ep.handler?.file === file && ep.handler.line === line)
    );
  };
}

/** Runs every rule over the system and facts and turns findings into scored threats with mitigations. */
export function analyze(system: SystemModel, facts: readonly Fact[], rules: readonly Rule[], suppress?: Suppressor): AnalyzeResult {
  const index = new FactIndex(facts);
  const diagnostics: Diagnostic[] = [];
  const threats = new Map<string, Threat>();
  const mitigations = new Map<string, Mitigation>();
  const componentsById = new Map(system.components.map((c) => [c.id, c]));
  const entryPointAt = entryPointLocator(system);
  const entryPointsById = new Map(system.entryPoints.map((e) => [e.id, e]));

  for (const rule of rules) {
    const findings: Finding[] = [];
    const ctx: RuleContext = {
      system,
      facts,
      factsOf: (kind) => index.of(kind),
      componentOf: (file) => system.componentOf(file),
      component: (id) => componentsById.get(id),
      entryPointAt,
      report: (finding) => findings.push(finding),
    };
    try {
      rule.check(ctx);
    } catch (error) {
      diagnostics.push({ level: 'error', code: 'rule-error', message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    for (const finding of findings) {
      const threat = toThreat(rule, finding, system, componentsById, entryPointsById, entryPointAt);
      if (threats.has(threat.id)) {
        mergeEvidence(threats.get(threat.id)!, threat);
        continue;
      }
      threats.set(threat.id, threat);
      const mitigationId = stableId('mitigation', rule.meta.id);
      let mitigation = mitigations.get(mitigationId);
      if (!mitigation) {
        mitigation = {
          id: mitigationId,
          title: rule.meta.mitigation.title,
          content: rule.meta.mitigation.content,
          controls: rule.meta.mitigation.controls,
          remediation: fillTemplate(rule.meta.mitigation.remediation, {}),
          status: 'proposed',
          threats: [],
        };
        mitigations.set(mitigationId, mitigation);
      }
      mitigation.threats.push(threat.id);
      threat.mitigations.push(mitigationId);
    }
  }

  if (suppress) applySuppressions([...threats.values()], suppress, diagnostics);
  for (const m of mitigations.values()) m.threats.sort();
  return {
    threats: [...threats.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    mitigations: [...mitigations.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    diagnostics,
  };
}

function mergeEvidence(target: Threat, other: Threat): void {
  for (const e of other.evidence) if (!target.evidence.some((t) => t.file === e.file && t.line === e.line)) target.evidence.push(e);
}

function toThreat(
  rule: Rule,
  finding: Finding,
  system: SystemModel,
  componentsById: Map<string, Component>,
  entryPointsById: Map<string, EntryPoint>,
  entryPointAt: (file: string, line: number) => EntryPoint | undefined,
): Threat {
  const meta = rule.meta;
  const primary = finding.evidence[0];
  const elements = [...new Set(finding.elements ?? (primary ? [system.componentOf(primary.file)?.id].filter((x): x is string => !!x) : []))];
  const components = elements.map((id) => componentsById.get(id)).filter((c): c is Component => c !== undefined);
  const entryPoint = elements.map((id) => entryPointsById.get(id)).find(Boolean) ?? (primary ? entryPointAt(primary.file, primary.line) : undefined);
  if (entryPoint && components.length === 0) {
    const owner = componentsById.get(entryPoint.component);
    if (owner) components.push(owner);
  }
  const data: Record<string, string> = {
    component: components[0]?.name ?? 'the system',
    file: primary?.file ?? '',
    line: primary ? String(primary.line) : '',
    route: entryPoint ? `${entryPoint.method ?? ''} ${entryPoint.path ?? ''}`.trim() : '',
    ...finding.data,
  };
  const confidence = finding.confidence ?? meta.confidence;
  const cwe = finding.cwe?.filter((id) => meta.cwe.includes(id)).length ? finding.cwe.filter((id) => meta.cwe.includes(id)) : meta.cwe;
  const score = scoreThreat({
    likelihood: finding.likelihood ?? meta.likelihood,
    impact: finding.impact ?? meta.impact,
    confidence,
    components,
    entryPoint,
    ...(entryPoint ? {} : { routeAuth: finding.routeAuth }),
    reachableData: reachableData(system, components),
    architectural: meta.architectural ?? false,
    weakness: { cwe, stride: meta.stride, attack: meta.attack, ruleId: meta.id, title: meta.title, description: meta.description, goals: meta.grammar.impactedGoal },
  });
  const grammar = fillGrammar(finding.threatSource ? { ...meta.grammar, threatSource: finding.threatSource } : meta.grammar, data);
  return {
    id: stableId('threat', `${meta.id}|${finding.key}`),
    ruleId: meta.id,
    title: fillTemplate(meta.title, data),
    description: fillTemplate(meta.description, data),
    stride: [...meta.stride],
    cwe: [...cwe],
    capec: [...meta.capec],
    attack: [...meta.attack],
    owasp: [...meta.owasp],
    severity: severityOf(score.value),
    score,
    elements: elements.sort(),
    evidence: finding.evidence,
    grammar,
    statement: '',
    mitigations: [],
    status: 'open',
    source: 'rule',
    confidence,
    architectural: meta.architectural ?? false,
    remediation: finding.remediation ?? fillTemplate(meta.mitigation.remediation, data),
  };
}

function applySuppressions(threats: Threat[], suppress: Suppressor, diagnostics: Diagnostic[]): void {
  for (const threat of threats) {
    const verdict = suppress({ ruleId: threat.ruleId, threatId: threat.id, files: [...new Set(threat.evidence.map((e) => e.file))] });
    if (verdict.expired) {
      diagnostics.push({
        level: 'warning',
        code: 'suppression-expired',
        message: `suppression of ${threat.ruleId} (${threat.id}) expired on ${verdict.expired.expires}; the threat is reported again (reason was: ${verdict.expired.reason})`,
        file: '.threatcode.yml',
      });
    }
    if (verdict.suppressed) {
      threat.status = 'suppressed';
      threat.statusReason = verdict.reason;
    }
  }
}
