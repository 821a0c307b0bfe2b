// Threats, mitigations, assumptions and their links in Threat Composer's shape (research §3.3–§4),
// every string already in the form the importer stores unchanged.
import { uuidV5 } from '../model/ids.js';
import type { Assumption, Controls, Mitigation, Severity, Threat, ThreatModel, ThreatStatus } from '../model/types.js';
import type { TcAssumption, TcMitigation, TcThreat } from './schema.js';
import { renderStatement } from './statement.js';
import { clip, oneLine, plainField, safePath, safeText } from './text.js';

type Metadata = { key: string; value: string | string[] };

const STRIDE_NAMES = { S: 'Spoofing', T: 'Tampering', R: 'Repudiation', I: 'Information Disclosure', D: 'Denial of Service', E: 'Elevation of Privilege' } as const;

const PRIORITY: Record<Severity, 'High' | 'Medium' | 'Low'> = { critical: 'High', high: 'High', medium: 'Medium', low: 'Low' };

const THREAT_STATUS: Record<ThreatStatus, NonNullable<TcThreat['status']>> = {
  open: 'threatIdentified',
  resolved: 'threatResolved',
  mitigated: 'threatResolved',
  accepted: 'threatResolvedNotUseful',
  suppressed: 'threatResolvedNotUseful',
};

const MITIGATION_STATUS: Record<Mitigation['status'], NonNullable<TcMitigation['status']>> = {
  proposed: 'mitigationIdentified',
  'in-progress': 'mitigationInProgress',
  implemented: 'mitigationResolved',
  'wont-fix': 'mitigationResolvedWillNotAction',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Model ids are UUID v5 already; anything else is mapped to one, deterministically. */
export function tcId(id: string): string {
  return UUID.test(id) ? id : uuidV5(`threat-composer\u0000${id}`);
}

/** Text metadata value for `custom:` keys: no length limit, but it must survive the sanitiser. */
const custom = (key: string, value: string | readonly string[]): Metadata[] =>
  typeof value === 'string' ? (value === '' ? [] : [{ key: `custom:${key}`, value: safeText(value) }]) : value.length === 0 ? [] : [{ key: `custom:${key}`, value: value.map(safeText) }];

const evidenceList = (threat: Threat): string[] => threat.evidence.slice(0, 100).map((e) => `${safePath(e.file)}:${e.line}`);

/** Tags: 1–30 characters each, unique. */
function tags(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const tag = plainField(value, 30);
    if (tag !== '') out.add(tag);
  }
  return [...out].slice(0, 12);
}

/** Names of the model elements a threat is about, for tags. */
export function elementNames(model: ThreatModel): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of model.components) names.set(c.id, c.name);
  for (const b of model.trustBoundaries) names.set(b.id, b.name);
  for (const a of model.assets) names.set(a.id, a.name);
  for (const e of model.entryPoints) names.set(e.id, [e.method, e.path].filter(Boolean).join(' ') || e.kind);
  for (const f of model.flows) names.set(f.id, `${names.get(f.from) ?? f.from}→${names.get(f.to) ?? f.to}`);
  return names;
}

/** Grammar fields trimmed, safe and within 200 characters; the source never starts with an article. */
function grammarFields(threat: Threat): Pick<TcThreat, 'threatSource' | 'prerequisites' | 'threatAction' | 'threatImpact' | 'impactedGoal' | 'impactedAssets'> {
  const field = (text: string): string | undefined => plainField(text, 200) || undefined;
  const list = (items: readonly string[]): string[] | undefined => {
    const out = [...new Set(items.map((item) => plainField(item, 200)).filter((item) => item !== ''))];
    return out.length > 0 ? out : undefined;
  };
  const g = threat.grammar;
  return {
    threatSource: field(oneLine(g.threatSource).replace(/^(?:(?:a|an|the)\s+)+/i, '')),
    prerequisites: field(g.prerequisites),
    threatAction: field(g.threatAction),
    threatImpact: field(g.threatImpact),
    impactedGoal: list(g.impactedGoal),
    impactedAssets: list(g.impactedAssets),
  };
}

/** The statement must fit in 1400 characters: long asset and goal lists lose their tail. */
function withStatement(fields: ReturnType<typeof grammarFields>): ReturnType<typeof grammarFields> & { statement: string } {
  const out = { ...fields };
  let statement = renderStatement(out);
  while (statement.length > 1400 && ((out.impactedAssets?.length ?? 0) > 1 || (out.impactedGoal?.length ?? 0) > 1)) {
    if ((out.impactedAssets?.length ?? 0) > 1) out.impactedAssets = out.impactedAssets?.slice(0, -1);
    else out.impactedGoal = out.impactedGoal?.slice(0, -1);
    statement = renderStatement(out);
  }
  return { ...out, statement: clip(statement, 1400) };
}

/** Non-empty parts, trimmed, as paragraphs. */
const joinParts = (parts: readonly string[]): string =>
  parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n\n');

function threatComments(threat: Threat): string {
  const parts = [`${threat.title.trim().replace(/\.$/, '')}.`, threat.description];
  if (threat.architectural) parts.push('Architectural threat: it names design elements, not a code line.');
  if (threat.evidence.length > 0) parts.push(`Evidence: ${evidenceList(threat).slice(0, 20).join(', ')}`);
  if (threat.remediation) parts.push(`Remediation: ${threat.remediation}`);
  if (threat.statusReason) parts.push(`Status: ${threat.statusReason}`);
  return clip(safeText(joinParts(parts)), 1000);
}

export function emitThreat(threat: Threat, numericId: number, names: Map<string, string>): TcThreat {
  const stride = [...new Set(threat.stride)].filter((letter) => letter in STRIDE_NAMES);
  const metadata: Metadata[] = [
    ...(stride.length > 0 ? [{ key: 'STRIDE', value: stride }] : []),
    { key: 'Priority', value: PRIORITY[threat.severity] },
    { key: 'Comments', value: threatComments(threat) },
    ...custom('cwe', threat.cwe),
    ...custom('capec', threat.capec),
    ...custom('attack', threat.attack),
    ...custom('owasp', threat.owasp),
    ...custom('ruleId', threat.ruleId),
    ...custom('evidence', evidenceList(threat)),
    ...custom('severity', threat.severity),
    ...custom('score', String(threat.score.value)),
    ...custom('source', threat.source),
    ...custom('confidence', threat.confidence),
    ...custom('threatcodeId', threat.id),
  ];
  const elementTags = threat.elements.map((id) => names.get(id)).filter((name): name is string => name !== undefined);
  return {
    id: tcId(threat.id),
    numericId,
    displayOrder: numericId,
    ...withStatement(grammarFields(threat)),
    status: THREAT_STATUS[threat.status],
    tags: tags([...stride.map((letter) => STRIDE_NAMES[letter]), ...elementTags]),
    metadata: metadata as TcThreat['metadata'],
  };
}

function controlList(controls: Controls): string[] {
  return [
    ...(controls.cwe ?? []),
    ...(controls.asvs ?? []).map((c) => `ASVS ${c}`),
    ...(controls.nist80053 ?? []).map((c) => `NIST 800-53 ${c}`),
    ...(controls.owasp ?? []).map((c) => `OWASP ${c}`),
  ];
}

export function emitMitigation(mitigation: Mitigation, numericId: number): TcMitigation {
  const body = mitigation.content.trim() === mitigation.title.trim() ? '' : mitigation.content;
  const parts = [mitigation.title, body, mitigation.remediation ? `Remediation: ${mitigation.remediation}` : ''];
  const controls = controlList(mitigation.controls);
  const metadata: Metadata[] = [
    ...(controls.length > 0 ? [{ key: 'Comments', value: clip(safeText(`Controls: ${controls.join(', ')}`), 1000) }] : []),
    ...custom('controls', controls),
    ...custom('threatcodeId', mitigation.id),
  ];
  return {
    id: tcId(mitigation.id),
    numericId,
    displayOrder: numericId,
    content: clip(safeText(joinParts(parts)), 1000),
    status: MITIGATION_STATUS[mitigation.status],
    metadata: metadata as TcMitigation['metadata'],
  };
}

export function emitAssumption(assumption: Assumption, numericId: number): TcAssumption {
  return {
    id: tcId(assumption.id),
    numericId,
    displayOrder: numericId,
    content: clip(safeText(assumption.content.trim()), 1000),
    metadata: [...custom('source', assumption.source), ...custom('threatcodeId', assumption.id)] as TcAssumption['metadata'],
  };
}

/** First occurrence of each id wins, so the output never carries duplicate ids. */
export function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(tcId(item.id)) && Boolean(seen.add(tcId(item.id))));
}
