// Matches the tool's components to labelled ones and scores recall, precision, kind and exposure.
// Rules (README "Matching rules"): names compare after lower-casing and dropping every character
// that is not a letter or digit; a tool component matches a label when its name equals, in order
// of preference, (1) the label's name, (2) one of its aliases, (3) the basename of one of its
// source folders, or (4) one of its paths equals a label path; (5) an actor the tool names in
// any other way matches a still unmatched labelled actor. Each label is credited to one tool
// component (best rule first); further tool components matching an already credited label are
// duplicates: they count as correct in precision and their flows still resolve to that label.
import type { LabelComponent } from './labels.js';
import type { ToolComponent } from './tool-model.js';

export const normName = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const normPath = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '').toLowerCase();
const basename = (p: string): string => normPath(p).split('/').pop() ?? '';

export type MatchRule = 'name' | 'alias' | 'path-basename' | 'path' | 'actor';
const RULE_ORDER: MatchRule[] = ['name', 'alias', 'path-basename', 'path', 'actor'];

/** The best rule by which `tool` names `label`, if any (the actor fallback is applied later). */
export function matchRule(label: LabelComponent, tool: ToolComponent): MatchRule | undefined {
  const n = normName(tool.name);
  if (n === '') return undefined;
  if (n === normName(label.name)) return 'name';
  if ((label.aliases ?? []).some((a) => normName(a) === n)) return 'alias';
  if (label.paths.some((p) => normName(basename(p)) === n)) return 'path-basename';
  const toolPaths = new Set(tool.paths.map(normPath));
  if (label.paths.some((p) => toolPaths.has(normPath(p)))) return 'path';
  return undefined;
}

export interface ComponentMatch {
  tool: ToolComponent;
  label: LabelComponent;
  rule: MatchRule;
  duplicate: boolean;
}

export interface ComponentMatching {
  matches: ComponentMatch[];
  /** Tool component id -> label name, for every credited or duplicate match. */
  labelOfTool: Map<string, string>;
  /** Label name -> the tool component credited for it. */
  toolOfLabel: Map<string, ToolComponent>;
  unmatchedTool: ToolComponent[];
}

export function matchComponents(labels: readonly LabelComponent[], tools: readonly ToolComponent[]): ComponentMatching {
  const candidates: { tool: ToolComponent; label: LabelComponent; rule: MatchRule }[] = [];
  for (const tool of tools) {
    for (const label of labels) {
      const rule = matchRule(label, tool);
      if (rule) candidates.push({ tool, label, rule });
    }
  }
  // Best rule first; core labels before optional ones; then input order (stable sort).
  candidates.sort((a, b) => RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule) || Number(Boolean(a.label.optional)) - Number(Boolean(b.label.optional)));
  const toolOfLabel = new Map<string, ToolComponent>();
  const labelOfTool = new Map<string, string>();
  const matches: ComponentMatch[] = [];
  for (const c of candidates) {
    if (labelOfTool.has(c.tool.id) || toolOfLabel.has(c.label.name)) continue;
    toolOfLabel.set(c.label.name, c.tool);
    labelOfTool.set(c.tool.id, c.label.name);
    matches.push({ ...c, duplicate: false });
  }
  for (const c of candidates) {
    if (labelOfTool.has(c.tool.id)) continue;
    labelOfTool.set(c.tool.id, c.label.name);
    matches.push({ ...c, duplicate: true });
  }
  // Actors are named freely ("Internet user", "Customer"): pair leftovers by kind, core labels first.
  const freeActors = labels.filter((l) => l.kind === 'actor' && !toolOfLabel.has(l.name)).sort((a, b) => Number(Boolean(a.optional)) - Number(Boolean(b.optional)));
  for (const tool of tools) {
    if (tool.kind !== 'actor' || labelOfTool.has(tool.id)) continue;
    const label = freeActors.shift();
    if (!label) break;
    toolOfLabel.set(label.name, tool);
    labelOfTool.set(tool.id, label.name);
    matches.push({ tool, label, rule: 'actor', duplicate: false });
  }
  return { matches, labelOfTool, toolOfLabel, unmatchedTool: tools.filter((t) => !labelOfTool.has(t.id)) };
}

export interface Ratio {
  hit: number;
  of: number;
}

export interface ComponentScore {
  /** Core labels found / core labels. */
  recall: Ratio;
  /** Tool components matching any label (core or optional, duplicates included) / tool components. */
  precision: Ratio;
  duplicates: number;
  optionalFound: number;
  recallByKind: Record<string, Ratio>;
  precisionByKind: Record<string, Ratio>;
  /** Credited matches whose tool kind is the label kind or an accepted alternative. */
  kindAgreement: Ratio;
  /** Credited matches of deployed kinds (not actor/external): tool exposure equals the label's. */
  exposureStrict: Ratio;
  /** Same, accepting the label's exposureAlternatives. */
  exposureLenient: Ratio;
  /** "label -> tool" exposure pairs with their counts. */
  exposureConfusion: Record<string, number>;
  missed: string[];
  unmatchedTool: string[];
  kindMismatches: string[];
  exposureMismatches: string[];
  matched: { label: string; tool: string; rule: MatchRule; duplicate: boolean }[];
}

const bump = (rec: Record<string, Ratio>, key: string, hit: boolean): void => {
  const r = (rec[key] ??= { hit: 0, of: 0 });
  r.of += 1;
  if (hit) r.hit += 1;
};

const SCORED_EXPOSURE_KINDS = new Set(['service', 'frontend', 'datastore', 'queue', 'storage', 'function']);

export function scoreComponents(labels: readonly LabelComponent[], tools: readonly ToolComponent[], m: ComponentMatching): ComponentScore {
  const core = labels.filter((l) => !l.optional);
  const recallByKind: Record<string, Ratio> = {};
  for (const l of core) bump(recallByKind, l.kind, m.toolOfLabel.has(l.name));
  const precisionByKind: Record<string, Ratio> = {};
  for (const t of tools) bump(precisionByKind, t.kind, m.labelOfTool.has(t.id));

  const kindAgreement: Ratio = { hit: 0, of: 0 };
  const exposureStrict: Ratio = { hit: 0, of: 0 };
  const exposureLenient: Ratio = { hit: 0, of: 0 };
  const exposureConfusion: Record<string, number> = {};
  const kindMismatches: string[] = [];
  const exposureMismatches: string[] = [];
  for (const { label, tool, duplicate } of m.matches) {
    if (duplicate) continue;
    kindAgreement.of += 1;
    if ([label.kind, ...(label.kindAlternatives ?? [])].includes(tool.kind as LabelComponent['kind'])) kindAgreement.hit += 1;
    else kindMismatches.push(`${label.name}: ${label.kind} -> ${tool.kind}`);
    if (!SCORED_EXPOSURE_KINDS.has(label.kind)) continue;
    exposureStrict.of += 1;
    exposureLenient.of += 1;
    const key = `${label.exposure} -> ${tool.exposure}`;
    exposureConfusion[key] = (exposureConfusion[key] ?? 0) + 1;
    if (tool.exposure === label.exposure) exposureStrict.hit += 1;
    if ([label.exposure, ...(label.exposureAlternatives ?? [])].includes(tool.exposure as LabelComponent['exposure'])) exposureLenient.hit += 1;
    else exposureMismatches.push(`${label.name}: ${label.exposure} -> ${tool.exposure}`);
  }
  return {
    recall: { hit: core.filter((l) => m.toolOfLabel.has(l.name)).length, of: core.length },
    precision: { hit: tools.filter((t) => m.labelOfTool.has(t.id)).length, of: tools.length },
    duplicates: m.matches.filter((x) => x.duplicate).length,
    optionalFound: labels.filter((l) => l.optional && m.toolOfLabel.has(l.name)).length,
    recallByKind,
    precisionByKind,
    kindAgreement,
    exposureStrict,
    exposureLenient,
    exposureConfusion,
    missed: core.filter((l) => !m.toolOfLabel.has(l.name)).map((l) => `${l.name} (${l.kind})`),
    unmatchedTool: m.unmatchedTool.map((t) => `${t.name} (${t.kind})`),
    kindMismatches,
    exposureMismatches,
    matched: m.matches.map((x) => ({ label: x.label.name, tool: x.tool.name, rule: x.rule, duplicate: x.duplicate })),
  };
}
