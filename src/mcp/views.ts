// What the MCP tools answer: compact, name-resolved views of a model (pure). Ids stay in every
// item so a client can ask for details or edit it.
import { rankThreats } from '../emit/digest.js';
import type { Evidence, Severity, StrideLetter, Threat, ThreatModel, ThreatStatus } from '../model/types.js';
import type { ProvenancedThreat } from './patch/types.js';

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const at = (e: Pick<Evidence, 'file' | 'line'>) => `${e.file}:${e.line}`;

function namer(model: ThreatModel): (id: string) => string {
  const names = new Map<string, string>();
  for (const c of model.components) names.set(c.id, c.name);
  for (const e of model.entryPoints) names.set(e.id, `${e.method ?? e.kind} ${e.path ?? ''}`.trim());
  for (const f of model.flows) names.set(f.id, `${names.get(f.from) ?? f.from} → ${names.get(f.to) ?? f.to}`);
  for (const a of model.assets) names.set(a.id, a.name);
  return (id) => names.get(id) ?? id;
}

export function summaryView(model: ThreatModel) {
  const open = model.threats.filter((t) => t.status === 'open');
  const count = (s: Severity) => open.filter((t) => t.severity === s).length;
  return {
    product: model.product.name,
    commit: model.product.commit ?? null,
    components: model.components.length,
    flows: model.flows.length,
    entryPoints: model.entryPoints.length,
    threats: { total: model.threats.length, open: open.length, critical: count('critical'), high: count('high'), medium: count('medium'), low: count('low') },
    topThreats: rankThreats(open)
      .slice(0, 10)
      .map((t) => threatLine(model, t)),
    killChains: model.killChains.slice(0, 5).map((k) => ({ id: k.id, severity: k.severity, entry: k.entry, target: k.target, narrative: k.narrative })),
    warnings: model.diagnostics.filter((d) => d.level !== 'info').map((d) => `${d.code}: ${d.message}${d.file ? ` (${d.file}${d.line ? `:${d.line}` : ''})` : ''}`).slice(0, 20),
  };
}

export function architectureView(model: ThreatModel) {
  const name = namer(model);
  return {
    product: model.product,
    components: model.components.map((c) => ({ id: c.id, name: c.name, kind: c.kind, tech: c.tech, exposure: c.exposure, trustZone: model.trustBoundaries.find((b) => b.id === c.trustZone)?.name ?? c.trustZone, paths: c.paths, notes: c.notes ?? [] })),
    flows: model.flows.map((f) => ({ id: f.id, from: name(f.from), to: name(f.to), protocol: f.protocol, authenticated: f.authenticated, encrypted: f.encrypted, data: f.data, crosses: f.crosses.map((b) => model.trustBoundaries.find((x) => x.id === b)?.name ?? b) })),
    trustBoundaries: model.trustBoundaries.map((b) => ({ id: b.id, name: b.name, kind: b.kind, components: b.components.map(name) })),
    entryPoints: model.entryPoints.slice(0, 300).map((e) => ({ id: e.id, component: name(e.component), kind: e.kind, method: e.method, path: e.path, auth: e.auth, exposure: e.exposure, handler: e.handler ? at(e.handler) : undefined })),
    assets: model.assets.map((a) => ({ id: a.id, name: a.name, classification: a.classification, storedIn: a.storedIn.map(name) })),
    assumptions: model.assumptions.map((a) => ({ id: a.id, content: a.content, source: a.source })),
    truncated: model.entryPoints.length > 300 ? `${model.entryPoints.length - 300} more entry points not shown` : undefined,
  };
}

export function threatLine(model: ThreatModel, t: Threat) {
  const name = namer(model);
  return {
    id: t.id,
    title: t.title,
    severity: t.severity,
    score: t.score.value,
    status: t.status,
    source: t.source,
    stride: t.stride,
    cwe: t.cwe,
    elements: t.elements.map(name),
    location: t.evidence[0] ? at(t.evidence[0]) : 'architectural',
  };
}

export interface ThreatFilter {
  minSeverity?: Severity;
  status?: ThreatStatus | 'any';
  stride?: StrideLetter;
  component?: string;
  source?: Threat['source'];
  text?: string;
  limit?: number;
}

export function filterThreats(model: ThreatModel, filter: ThreatFilter) {
  const component = filter.component?.toLowerCase();
  const componentIds = component ? new Set(model.components.filter((c) => c.id === filter.component || c.name.toLowerCase() === component).map((c) => c.id)) : undefined;
  const entryIds = componentIds ? new Set(model.entryPoints.filter((e) => componentIds.has(e.component)).map((e) => e.id)) : undefined;
  const paths = componentIds ? model.components.filter((c) => componentIds.has(c.id)).flatMap((c) => c.paths) : [];
  const text = filter.text?.toLowerCase();
  const status = filter.status ?? 'open';
  const matches = rankThreats(model.threats).filter(
    (t) =>
      (status === 'any' || t.status === status) &&
      (!filter.minSeverity || SEVERITY_RANK[t.severity] >= SEVERITY_RANK[filter.minSeverity]) &&
      (!filter.stride || t.stride.includes(filter.stride)) &&
      (!filter.source || t.source === filter.source) &&
      (!componentIds || t.elements.some((id) => componentIds.has(id) || entryIds?.has(id)) || t.evidence.some((e) => paths.some((p) => p === '.' || e.file.startsWith(`${p}/`)))) &&
      (!text || `${t.title} ${t.description} ${t.ruleId} ${t.cwe.join(' ')}`.toLowerCase().includes(text)),
  );
  const limit = filter.limit ?? 50;
  return { total: matches.length, shown: Math.min(limit, matches.length), threats: matches.slice(0, limit).map((t) => threatLine(model, t)) };
}

/** A threat in full; `snippets` are fresh code windows around each evidence line (redacted). */
export function threatDetail(model: ThreatModel, threat: ProvenancedThreat, snippets: ReadonlyMap<string, string>) {
  const name = namer(model);
  return {
    ...threatLine(model, threat),
    ruleId: threat.ruleId,
    description: threat.description,
    statement: threat.statement,
    grammar: threat.grammar,
    capec: threat.capec,
    attack: threat.attack,
    owasp: threat.owasp,
    confidence: threat.confidence,
    architectural: threat.architectural,
    statusReason: threat.statusReason,
    score: { value: threat.score.value, explanation: threat.score.explanation, factors: threat.score.factors, cvss: threat.score.cvss },
    evidence: threat.evidence.map((e) => ({ location: at(e), code: snippets.get(at(e)) ?? e.snippet ?? null, ...(e.blame ? { blame: e.blame } : {}) })),
    remediation: threat.remediation,
    mitigations: model.mitigations.filter((m) => threat.mitigations.includes(m.id)).map((m) => ({ id: m.id, title: m.title, status: m.status, content: m.content, remediation: m.remediation, controls: m.controls })),
    assumptions: model.assumptions.filter((a) => a.threats.includes(threat.id)).map((a) => ({ id: a.id, content: a.content })),
    killChains: model.killChains.filter((k) => k.steps.some((s) => s.threat === threat.id)).map((k) => ({ id: k.id, severity: k.severity, entry: k.entry, target: k.target, narrative: k.narrative })),
    elementNames: threat.elements.map(name),
    provenance: threat.provenance ?? [{ source: threat.source }],
  };
}
