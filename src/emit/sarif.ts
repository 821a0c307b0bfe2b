// The model's threats as SARIF 2.1.0 (`threatcode.sarif`) for code scanning (GitHub, GitLab,
// Azure DevOps, IDE viewers). Validated in the test suite against the official schema.
// - level: critical/high → error, medium → warning, low → note
// - GitHub's `security-severity` (a number as a string) is the threat's score; on a rule, the
//   highest score of its threats in this log
// - partialFingerprints carry the stable threat id, so an alert follows the threat when code moves
// - rule metadata (CWE tags, STRIDE, CAPEC, ATT&CK, help with mitigation) from the rule registry
// Deterministic: no timestamps or run ids; results in the model's order.
import { VERSION } from '../api/version.js';
import type { Component, Evidence, Severity, Threat, ThreatModel } from '../model/types.js';
import { rules } from '../rules/registry.js';
import type { RuleMeta } from '../rules/types.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'threatcodeThreatId/v1';

export type SarifLevel = 'error' | 'warning' | 'note';
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

export interface SarifOptions {
  /** The threats to report (default: every threat of the model). */
  threats?: readonly Threat[];
  /** Per threat id, how it relates to a baseline (set by `diff`). */
  baseline?: ReadonlyMap<string, BaselineState>;
}

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const PROBLEM_SEVERITY: Record<SarifLevel, string> = { error: 'error', warning: 'warning', note: 'recommendation' };
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

/** Rule templates read generically: `Service {{workload}} runs…` → `Service [workload] runs…`. */
const generic = (template: string): string =>
  template
    .replace(/\s*\(\{\{\s*file\s*\}\}:\{\{\s*line\s*\}\}\)/g, '')
    .replace(/\{\{\s*file\s*\}\}:\{\{\s*line\s*\}\}/g, 'the cited location')
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => `[${name}]`);

const pascal = (id: string): string =>
  id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/** A repository-relative posix path as a URI reference (each segment percent-encoded). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function cweTags(cwe: readonly string[]): string[] {
  return cwe.flatMap((id) => {
    const n = /^CWE-(\d+)$/i.exec(id)?.[1];
    return n ? [id.toUpperCase(), `external/cwe/cwe-${n.padStart(3, '0')}`] : [id];
  });
}

/** The rule's remediation per language of the code (`Python: ...`), for rules that give them. */
function languageRemediations(meta: RuleMeta): string[] {
  return Object.entries(meta.mitigation.remediationByLanguage ?? {}).map(([language, text]) => `${LANGUAGE_NAMES[language] ?? language}: ${generic(text ?? '')}`);
}

const LANGUAGE_NAMES: Record<string, string> = { javascript: 'JavaScript', python: 'Python', go: 'Go', java: 'Java', kotlin: 'Kotlin', csharp: 'C#', ruby: 'Ruby', php: 'PHP' };

function helpMarkdown(meta: RuleMeta): string {
  const byLanguage = languageRemediations(meta);
  const lines = [
    `**${generic(meta.title)}**`,
    '',
    generic(meta.description),
    '',
    `**Mitigation: ${meta.mitigation.title}.** ${meta.mitigation.content}`,
    '',
    `**Remediation:** ${generic(meta.mitigation.remediation)}`,
    ...(byLanguage.length > 0 ? ['', ...byLanguage.map((line) => `- ${line}`)] : []),
  ];
  const ids = [...meta.cwe, ...meta.capec, ...meta.attack, ...meta.owasp];
  if (ids.length > 0) lines.push('', `**Mappings:** STRIDE ${meta.stride.join('')}; ${ids.join(', ')}`);
  if (meta.references.length > 0) lines.push('', '**References**', '', ...meta.references.map((r) => `- ${r}`));
  return lines.join('\n');
}

function helpText(meta: RuleMeta): string {
  const byLanguage = languageRemediations(meta).map((line) => `\n${line}`).join('');
  return `${generic(meta.description)}\n\nMitigation: ${meta.mitigation.title}. ${meta.mitigation.content}\n\nRemediation: ${generic(meta.mitigation.remediation)}${byLanguage}`;
}

/** Rule metadata for a rule id: from the registry, else (AI or manual threats) from the threat itself. */
function ruleDescriptor(ruleId: string, threats: readonly Threat[], meta: RuleMeta | undefined): Json {
  const top = threats.reduce((best, t) => (t.score.value > best.score.value || (t.score.value === best.score.value && RANK[t.severity] > RANK[best.severity]) ? t : best));
  const level = LEVEL[top.severity];
  const cwe = meta?.cwe ?? top.cwe;
  const stride = meta?.stride ?? top.stride;
  const tags = [...new Set(['security', 'threat-model', ...cweTags(cwe), ...stride.map((s) => `stride-${s}`), ...(meta ? [`pack-${meta.pack}`] : [])])];
  const properties: Json = {
    tags,
    precision: meta?.confidence ?? top.confidence,
    'problem.severity': PROBLEM_SEVERITY[level],
    'security-severity': top.score.value.toFixed(1),
    stride: [...stride],
    cwe: [...cwe],
    capec: [...(meta?.capec ?? top.capec)],
    attack: [...(meta?.attack ?? top.attack)],
    owasp: [...(meta?.owasp ?? top.owasp)],
  };
  if (!meta) {
    return {
      id: ruleId,
      name: pascal(ruleId),
      shortDescription: { text: top.title },
      fullDescription: { text: top.description || top.title },
      defaultConfiguration: { level },
      properties,
    };
  }
  const helpUri = meta.references.find((r) => /^https?:\/\//.test(r));
  return {
    id: ruleId,
    name: pascal(ruleId),
    shortDescription: { text: generic(meta.title) },
    fullDescription: { text: generic(meta.description) },
    ...(helpUri ? { helpUri } : {}),
    help: { text: helpText(meta), markdown: helpMarkdown(meta) },
    defaultConfiguration: { level },
    properties,
  };
}

function physicalLocation(e: Evidence): Json {
  const region: Json = {};
  if (Number.isInteger(e.line) && e.line >= 1) {
    region.startLine = e.line;
    if (e.endLine !== undefined && Number.isInteger(e.endLine) && e.endLine >= e.line) region.endLine = e.endLine;
    if (e.snippet) region.snippet = { text: e.snippet };
  }
  return {
    artifactLocation: { uri: pathToUri(e.file), uriBaseId: '%SRCROOT%' },
    ...(Object.keys(region).length > 0 ? { region } : {}),
  };
}

/** Evidence of the threat, else (architectural threats) of the components it names. */
function evidenceOf(threat: Threat, components: ReadonlyMap<string, Component>): Evidence[] {
  if (threat.evidence.length > 0) return threat.evidence;
  for (const id of threat.elements) {
    const evidence = components.get(id)?.evidence ?? [];
    if (evidence.length > 0) return evidence.slice(0, 1);
  }
  return [];
}

function result(threat: Threat, ruleIndex: number, components: ReadonlyMap<string, Component>, baseline?: BaselineState): Json {
  const evidence = evidenceOf(threat, components).filter((e) => typeof e.file === 'string' && e.file !== '');
  const [primary, ...related] = evidence;
  const message = [threat.title.trim().replace(/\.$/, ''), threat.description.trim()].filter(Boolean).join('. ');
  const out: Json = {
    ruleId: threat.ruleId,
    ruleIndex,
    level: LEVEL[threat.severity],
    kind: 'fail',
    message: { text: message.endsWith('.') ? message : `${message}.` },
    ...(primary ? { locations: [{ physicalLocation: physicalLocation(primary) }] } : {}),
    ...(related.length > 0 ? { relatedLocations: related.slice(0, 50).map((e, i) => ({ id: i + 1, physicalLocation: physicalLocation(e), message: { text: 'further evidence' } })) } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: threat.id },
    ...(UUID.test(threat.id) ? { correlationGuid: threat.id } : {}),
    ...(baseline ? { baselineState: baseline } : {}),
  };
  if (threat.status !== 'open') {
    out.suppressions = [{ kind: 'external', status: 'accepted', justification: threat.statusReason ?? `threat is ${threat.status}` }];
  }
  out.properties = {
    'security-severity': threat.score.value.toFixed(1),
    threatId: threat.id,
    severity: threat.severity,
    score: threat.score.value,
    status: threat.status,
    stride: [...threat.stride],
    cwe: [...threat.cwe],
    confidence: threat.confidence,
    architectural: threat.architectural,
    ...(threat.remediation ? { remediation: threat.remediation } : {}),
    statement: threat.statement,
  };
  return out;
}

/** The SARIF log object (see renderSarif for the text). */
export function buildSarif(model: ThreatModel, options: SarifOptions = {}): Json {
  const threats = options.threats ?? model.threats;
  const byRule = new Map<string, Threat[]>();
  for (const t of threats) byRule.set(t.ruleId, [...(byRule.get(t.ruleId) ?? []), t]);
  const metaById = new Map(rules.map((r) => [r.meta.id, r.meta]));
  const ruleIds = [...byRule.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const components = new Map(model.components.map((c) => [c.id, c]));
  const repository = model.product.repository;
  const run: Json = {
    tool: {
      driver: {
        name: 'threatcode',
        version: VERSION,
        semanticVersion: VERSION,
        rules: ruleIds.map((id) => ruleDescriptor(id, byRule.get(id) ?? [], metaById.get(id))),
      },
    },
    originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the modelled repository.' } } },
    ...(repository && /^https?:\/\/[^\s@]+$/.test(repository) && model.product.commit
      ? { versionControlProvenance: [{ repositoryUri: repository, revisionId: model.product.commit, ...(model.product.branch ? { branch: model.product.branch } : {}) }] }
      : {}),
    results: threats.map((t) => result(t, ruleIndex.get(t.ruleId) ?? 0, components, options.baseline?.get(t.id))),
    columnKind: 'utf16CodeUnits',
    properties: { product: model.product.name, modelSchema: model.schema },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export function renderSarif(model: ThreatModel, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(model, options), null, 2)}\n`;
}
