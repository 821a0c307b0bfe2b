// Applying patch operations to a model: pure (the model given is not touched), each operation
// validated against the model as it stands at that point, rejected on its own with a reason.
import { clip, plainText } from '../../analyze/grammar.js';
import { scoreThreat, severityOf } from '../../analyze/score.js';
import { stableId } from '../../model/ids.js';
import type { Component, EntryPoint, Evidence, Grammar, Severity, StrideLetter, ThreatModel } from '../../model/types.js';
import { renderStatement } from '../../tc/statement.js';
import { redactSnippet } from '../../util/secrets.js';
import type {
  AppliedOp,
  AssumptionUpdate,
  EvidenceRef,
  FileLookup,
  MitigationUpdate,
  NewAssumption,
  NewMitigation,
  NewThreat,
  PatchOp,
  PatchResult,
  Provenance,
  ProvenancedAssumption,
  ProvenancedMitigation,
  ProvenancedThreat,
  ProvenanceEntry,
  RejectedOp,
  ThreatUpdate,
} from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const GOAL_OF: Record<StrideLetter, string> = { S: 'authenticity', T: 'integrity', R: 'non-repudiation', I: 'confidentiality', D: 'availability', E: 'authorization' };
const CODE_KINDS = new Set<Component['kind']>(['service', 'frontend', 'function']);

class Rejection extends Error {
  constructor(
    message: string,
    readonly stale = false,
  ) {
    super(message);
  }
}

const fail = (message: string, stale = false): never => {
  throw new Rejection(message, stale);
};

/** Text that is safe in every output (Threat Composer's sanitiser, Markdown, terminals). */
const clean = (value: string, max = 2000): string => clip(plainText(value), max);

const titleKey = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function entry(provenance: Provenance, action: ProvenanceEntry['action'], fields?: string[]): ProvenanceEntry {
  const out: ProvenanceEntry = { action, source: provenance.source };
  for (const key of ['model', 'reviewer', 'confidence', 'author', 'reason', 'promptVersion'] as const) {
    const value = provenance[key];
    if (value !== undefined) (out as unknown as Record<string, string>)[key] = key === 'reason' ? clean(value, 1000) : value;
  }
  if (fields) out.fields = fields;
  return out;
}

/** The component that owns a file: the longest path prefix among code components. */
export function componentOfFile(components: readonly Component[], file: string): Component | undefined {
  let best: Component | undefined;
  let length = -1;
  for (const c of components) {
    for (const p of c.paths) {
      const root = p === '.' ? '' : p.replace(/\/+$/, '');
      if ((root === '' || file === root || file.startsWith(`${root}/`)) && root.length > length) {
        best = c;
        length = root.length;
      }
    }
  }
  return best;
}

class Patcher {
  readonly model: ThreatModel;
  readonly applied: AppliedOp[] = [];
  readonly rejected: RejectedOp[] = [];

  constructor(
    model: ThreatModel,
    private readonly files: FileLookup,
    private readonly strictAi: boolean,
  ) {
    // Only the lists a patch can change are copied deeply; the rest is shared read-only.
    this.model = { ...model, threats: structuredClone(model.threats), mitigations: structuredClone(model.mitigations), assumptions: structuredClone(model.assumptions) };
  }

  run(op: PatchOp): void {
    try {
      this.applied.push({ op, id: this.apply(op) });
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      this.rejected.push({ op, reason: error.message, ...(error.stale ? { stale: true } : {}) });
    }
  }

  private apply(op: PatchOp): string {
    switch (op.op) {
      case 'add-threat':
        return this.addThreat(op.threat, op.provenance);
      case 'update-threat':
        return this.updateThreat(op.id, op.set, op.provenance);
      case 'add-mitigation':
        return this.addMitigation(op.mitigation, op.provenance);
      case 'update-mitigation':
        return this.updateMitigation(op.id, op.set, op.provenance);
      case 'add-assumption':
        return this.addAssumption(op.assumption, op.provenance);
      case 'update-assumption':
        return this.updateAssumption(op.id, op.set, op.provenance);
    }
  }

  private threat(id: string): ProvenancedThreat {
    return this.model.threats.find((t) => t.id === id) ?? fail(`no threat ${id} in the model`, true);
  }

  private mitigation(id: string): ProvenancedMitigation {
    return this.model.mitigations.find((m) => m.id === id) ?? fail(`no mitigation ${id} in the model`, true);
  }

  /** Evidence with a snippet read from the file (redacted), after checking the line exists. */
  private evidence(ref: EvidenceRef): Evidence {
    const content = this.files.get(ref.file);
    if (content === undefined) fail(`evidence file ${ref.file} does not exist in the repository (or cannot be read)`);
    const lines = (content as string).split(/\r?\n/);
    if (ref.line > lines.length) fail(`evidence ${ref.file}:${ref.line} is past the end of the file (${lines.length} lines)`);
    const end = ref.endLine ?? ref.line;
    if (end < ref.line || end > lines.length) fail(`evidence ${ref.file}:${ref.line}-${end} is not a range inside the file`);
    const snippet = redactSnippet(
      lines
        .slice(ref.line - 1, Math.min(end, ref.line + 2))
        .map((l) => l.slice(0, 300))
        .join('\n'),
    );
    return { file: ref.file, line: ref.line, ...(ref.endLine !== undefined && ref.endLine !== ref.line ? { endLine: ref.endLine } : {}), ...(snippet.trim() ? { snippet } : {}) };
  }

  /** Component, entry point, flow or asset id, or a component name → its id. */
  private element(ref: string): string {
    const m = this.model;
    const lower = ref.toLowerCase();
    const byId = [...m.components, ...m.entryPoints, ...m.flows, ...m.assets].find((e) => e.id === ref);
    if (byId) return byId.id;
    const byName = m.components.filter((c) => c.name.toLowerCase() === lower);
    if (byName.length === 1) return byName[0].id;
    if (byName.length > 1) fail(`element name ${ref} is ambiguous: use one of the ids ${byName.map((c) => c.id).join(', ')}`);
    return fail(`unknown element ${ref} (give a component name, or a component, entry point, flow or asset id)`);
  }

  private linkMitigations(threat: ProvenancedThreat, ids: readonly string[]): void {
    for (const id of ids) {
      const mitigation = this.mitigation(id);
      if (!threat.mitigations.includes(id)) threat.mitigations.push(id);
      if (!mitigation.threats.includes(threat.id)) mitigation.threats.push(threat.id);
      mitigation.threats.sort();
    }
  }

  private addThreat(input: NewThreat, provenance: Provenance): string {
    if (this.strictAi && provenance.source === 'ai' && input.status !== undefined && input.status !== 'open') fail('an LLM-written threat is always open: only a person or an agent acting on the code decides its status');
    const status = input.status ?? 'open';
    if (status !== 'open' && !input.statusReason?.trim()) fail(`status ${status} needs a statusReason`);
    const evidence = (input.evidence ?? []).map((ref) => this.evidence(ref));
    const named = [...new Set((input.elements ?? []).map((e) => this.element(e)))];
    const components = this.model.components;
    const owner = evidence[0] ? componentOfFile(components.filter((c) => CODE_KINDS.has(c.kind) || c.paths.length > 0), evidence[0].file) : undefined;
    const elements = named.length > 0 ? named : owner ? [owner.id] : [];
    if (elements.length === 0) fail('a threat needs evidence in a component, or elements naming what it is about');
    const byId = new Map(components.map((c) => [c.id, c]));
    const entryPoints = new Map(this.model.entryPoints.map((e) => [e.id, e]));
    const entryPoint = elements.map((id) => entryPoints.get(id)).find((e): e is EntryPoint => e !== undefined) ?? (evidence[0] ? this.entryPointAt(evidence[0]) : undefined);
    const scored = elements.map((id) => byId.get(id)).filter((c): c is Component => c !== undefined);
    if (scored.length === 0 && entryPoint) {
      const c = byId.get(entryPoint.component);
      if (c) scored.push(c);
    }
    const ruleId = input.ruleId ?? provenance.source;
    const title = clean(input.title, 200);
    const id = stableId('threat', `${provenance.source}|${ruleId}|${titleKey(title)}|${[...elements].sort().join(',')}|${[...new Set(evidence.map((e) => e.file))].sort().join(',')}`);
    if (this.model.threats.some((t) => t.id === id)) fail(`threat ${id} (${title}) already exists: update it instead`);
    const architectural = evidence.length === 0;
    const confidence = input.confidence ?? provenance.confidence ?? 'medium';
    const stride = [...new Set(input.stride)];
    const cwe = [...new Set(input.cwe ?? [])];
    const description = clean(input.description);
    const score = scoreThreat({
      likelihood: input.likelihood,
      impact: input.impact,
      confidence,
      components: scored,
      entryPoint,
      architectural,
      weakness: { cwe, stride, attack: input.attack ?? [], title, description, goals: stride.map((s) => GOAL_OF[s]) },
    });
    score.factors.push({ name: 'source', effect: '0 likelihood', detail: provenance.source === 'ai' ? `written by ${provenance.model ?? 'an LLM'}${provenance.reviewer ? `, confirmed by ${provenance.reviewer}` : ''}` : `added by ${provenance.author ?? 'hand'}` });
    const grammar = this.grammar(input, title, scored[0]?.name ?? 'the system', stride);
    const threat: ProvenancedThreat = {
      id,
      ruleId,
      title,
      description,
      stride,
      cwe,
      capec: [...new Set(input.capec ?? [])],
      attack: [...new Set(input.attack ?? [])],
      owasp: [...new Set(input.owasp ?? [])],
      severity: severityOf(score.value),
      score,
      elements: [...elements].sort(),
      evidence,
      grammar,
      statement: renderStatement(grammar),
      mitigations: [],
      status,
      ...(status !== 'open' && input.statusReason ? { statusReason: clean(input.statusReason, 1000) } : {}),
      source: provenance.source,
      confidence,
      architectural,
      ...(input.remediation ? { remediation: clean(input.remediation, 1000) } : {}),
      provenance: [entry(provenance, 'added')],
    };
    this.model.threats.push(threat);
    this.linkMitigations(threat, input.mitigations ?? []);
    return id;
  }

  private entryPointAt(evidence: Evidence): EntryPoint | undefined {
    let best: EntryPoint | undefined;
    let bestLine = -1;
    for (const ep of this.model.entryPoints) {
      const line = ep.handler?.file === evidence.file ? ep.handler.line : ep.evidence.find((e) => e.file === evidence.file)?.line;
      if (line !== undefined && line <= evidence.line && line > bestLine) {
        best = ep;
        bestLine = line;
      }
    }
    return best;
  }

  private grammar(input: NewThreat, title: string, component: string, stride: StrideLetter[]): Grammar {
    const g = input.grammar ?? {};
    const field = (value: string | undefined, fallback: string) => clip(plainText(value?.trim() ? value : fallback), 200);
    const firstLower = title.charAt(0).toLowerCase() + title.slice(1);
    return {
      threatSource: field(g.threatSource, 'external threat actor'),
      prerequisites: field(g.prerequisites, `with access to ${component}`),
      threatAction: field(g.threatAction, firstLower),
      threatImpact: field(g.threatImpact, `compromise of ${component}`),
      impactedGoal: [...new Set(g.impactedGoal?.length ? g.impactedGoal.map((x) => clip(plainText(x), 60)) : stride.map((s) => GOAL_OF[s]))],
      impactedAssets: (g.impactedAssets ?? []).map((a) => clip(plainText(a), 120)).filter((a) => a.length > 0),
    };
  }

  private updateThreat(id: string, set: ThreatUpdate, provenance: Provenance): string {
    const threat = this.threat(id);
    const fields = Object.keys(set).filter((k) => set[k as keyof typeof set] !== undefined);
    if (fields.length === 0) fail('nothing to change');
    if (this.strictAi && provenance.source === 'ai') {
      // Enrichment may only move a severity by one step; decisions about status stay with people.
      if (fields.some((f) => f !== 'severity')) fail('LLM enrichment may only change a severity');
      if (set.severity && Math.abs(SEVERITY_RANK[set.severity] - SEVERITY_RANK[threat.severity]) > 1) fail(`an LLM severity change moves one step at most (${threat.severity} → ${set.severity})`);
    }
    const status = set.status ?? threat.status;
    const reason = set.statusReason ?? threat.statusReason;
    if (set.status && set.status !== 'open' && !reason?.trim()) fail(`status ${set.status} needs a statusReason`);
    if (set.mitigations) this.linkMitigations(threat, set.mitigations);
    if (set.severity && set.severity !== threat.severity) {
      const why = provenance.reason ?? set.statusReason ?? 'no reason given';
      threat.score = { ...threat.score, factors: [...threat.score.factors, { name: provenance.source === 'ai' ? 'ai review' : 'manual', effect: `severity ${threat.severity} → ${set.severity}`, detail: clean(why, 300) }] };
      threat.severity = set.severity;
    }
    if (set.status) {
      threat.status = status;
      if (status === 'open') delete threat.statusReason;
    }
    if (set.statusReason !== undefined && status !== 'open') threat.statusReason = clean(set.statusReason, 1000);
    if (set.title) threat.title = clean(set.title, 200);
    if (set.description) threat.description = clean(set.description);
    if (set.remediation) threat.remediation = clean(set.remediation, 1000);
    if (set.confidence) threat.confidence = set.confidence;
    threat.provenance = [...(threat.provenance ?? []), entry(provenance, 'updated', fields.sort())];
    return id;
  }

  private addMitigation(input: NewMitigation, provenance: Provenance): string {
    const title = clean(input.title, 200);
    const id = stableId('mitigation', `${provenance.source}|${titleKey(title)}`);
    if (this.model.mitigations.some((m) => m.id === id)) fail(`mitigation ${id} (${title}) already exists: update it instead`);
    const threats = [...new Set(input.threats ?? [])].map((t) => this.threat(t));
    const mitigation: ProvenancedMitigation = {
      id,
      title,
      content: clean(input.content),
      controls: input.controls ?? {},
      remediation: clean(input.remediation ?? '', 1000),
      status: input.status ?? 'proposed',
      threats: [],
      provenance: [entry(provenance, 'added')],
    };
    this.model.mitigations.push(mitigation);
    for (const threat of threats) this.linkMitigations(threat, [id]);
    return id;
  }

  private updateMitigation(id: string, set: MitigationUpdate, provenance: Provenance): string {
    if (this.strictAi && provenance.source === 'ai') fail('LLM enrichment does not change mitigations');
    const mitigation = this.mitigation(id);
    const fields = Object.keys(set).filter((k) => set[k as keyof typeof set] !== undefined);
    if (fields.length === 0) fail('nothing to change');
    const threats = (set.threats ?? []).map((t) => this.threat(t));
    if (set.title) mitigation.title = clean(set.title, 200);
    if (set.content) mitigation.content = clean(set.content);
    if (set.remediation !== undefined) mitigation.remediation = clean(set.remediation, 1000);
    if (set.status) mitigation.status = set.status;
    for (const threat of threats) this.linkMitigations(threat, [id]);
    mitigation.provenance = [...(mitigation.provenance ?? []), entry(provenance, 'updated', fields.sort())];
    return id;
  }

  private addAssumption(input: NewAssumption, provenance: Provenance): string {
    const content = clean(input.content, 1000);
    const id = stableId('assumption', content);
    if (this.model.assumptions.some((a) => a.id === id)) fail(`assumption ${id} already exists`);
    const threats = [...new Set(input.threats ?? [])].map((t) => this.threat(t).id).sort();
    // `config`: stated by a person, as in .threatcode.yml (the model's union has no `manual` yet).
    const assumption: ProvenancedAssumption = { id, content, source: 'config', threats, provenance: [entry(provenance, 'added')] };
    this.model.assumptions.push(assumption);
    return id;
  }

  private updateAssumption(id: string, set: AssumptionUpdate, provenance: Provenance): string {
    if (this.strictAi && provenance.source === 'ai') fail('LLM enrichment does not change assumptions');
    const assumption: ProvenancedAssumption = this.model.assumptions.find((a) => a.id === id) ?? fail(`no assumption ${id} in the model`, true);
    const fields = Object.keys(set).filter((k) => set[k as keyof typeof set] !== undefined);
    if (fields.length === 0) fail('nothing to change');
    const threats = (set.threats ?? []).map((t) => this.threat(t).id);
    if (set.content) assumption.content = clean(set.content, 1000);
    assumption.threats = [...new Set([...assumption.threats, ...threats])].sort();
    assumption.provenance = [...(assumption.provenance ?? []), entry(provenance, 'updated', fields.sort())];
    return id;
  }
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface PatchOptions {
  /**
   * LLM enrichment: `source: 'ai'` operations may only add open threats and move a severity by one
   * step. Agents editing over MCP (also `source: 'ai'`) act on code they changed and are not bound.
   */
  strictAi?: boolean;
}

/**
 * Applies operations in order; each sees the model as the previous ones left it. The model given is
 * not modified. Lists stay sorted by id, so a patched model is as deterministic as a generated one.
 */
export function applyPatch(model: ThreatModel, ops: readonly PatchOp[], files: FileLookup = new Map(), options: PatchOptions = {}): PatchResult<ThreatModel> {
  const patcher = new Patcher(model, files, options.strictAi ?? false);
  for (const op of ops) patcher.run(op);
  const out = patcher.model;
  if (patcher.applied.length > 0) {
    out.threats.sort(byId);
    out.mitigations.sort(byId);
    out.assumptions.sort(byId);
  }
  return { model: out, applied: patcher.applied, rejected: patcher.rejected };
}

/** Repository files an operation list cites as evidence (to read before applying). */
export function citedFiles(ops: readonly PatchOp[]): string[] {
  const files = new Set<string>();
  for (const op of ops) if (op.op === 'add-threat') for (const e of op.threat.evidence ?? []) files.add(e.file);
  return [...files].sort();
}
