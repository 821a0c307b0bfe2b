// Plain-text rendering of the architecture results (the JSON form is the same objects, serialised).
import type { BoundaryScore } from './match-boundaries.js';
import type { ComponentScore, Ratio } from './match-components.js';
import type { EntryPointScore } from './match-entrypoints.js';
import type { FlowScore } from './match-flows.js';

export interface AppResult {
  app: string;
  commit: string;
  corpusCommit?: string;
  seconds: number;
  brokenEvidence: string[];
  toolCounts: { components: number; flows: number; boundaries: number; entryPoints: number };
  components: ComponentScore;
  flows: FlowScore;
  boundaries: BoundaryScore;
  entryPoints: EntryPointScore;
}

export interface SkippedApp {
  app: string;
  reason: string;
}

export const ratio = (r: Ratio): string => (r.of === 0 ? 'n/a (0/0)' : `${((r.hit / r.of) * 100).toFixed(1)}% (${r.hit}/${r.of})`);

const sum = (rs: readonly Ratio[]): Ratio => rs.reduce((a, r) => ({ hit: a.hit + r.hit, of: a.of + r.of }), { hit: 0, of: 0 });

function byKey(rec: Record<string, Ratio>): string {
  return Object.entries(rec)
    .sort((a, b) => b[1].of - a[1].of || a[0].localeCompare(b[0]))
    .map(([k, r]) => `${k} ${r.hit}/${r.of}`)
    .join(', ');
}

function list(title: string, items: readonly string[], limit = 60): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, limit).map((s) => `      ${s}`);
  return [`    ${title} (${items.length}):`, ...shown, ...(items.length > limit ? [`      ... ${items.length - limit} more`] : [])];
}

export function renderApp(r: AppResult, verbose: boolean): string {
  const c = r.components;
  const f = r.flows;
  const b = r.boundaries;
  const e = r.entryPoints;
  const lines = [
    `== ${r.app} (labels at ${r.commit.slice(0, 12)}${r.corpusCommit && r.corpusCommit !== r.commit ? `, CORPUS AT ${r.corpusCommit.slice(0, 12)} - labels may not apply` : ''}) ${r.seconds.toFixed(1)} s`,
    `  tool model: ${r.toolCounts.components} components, ${r.toolCounts.flows} flows, ${r.toolCounts.boundaries} boundaries, ${r.toolCounts.entryPoints} entry points`,
    `  components   recall ${ratio(c.recall)}   precision ${ratio(c.precision)}   duplicates ${c.duplicates}   optional found ${c.optionalFound}`,
    `    recall by label kind:    ${byKey(c.recallByKind)}`,
    `    precision by tool kind:  ${byKey(c.precisionByKind)}`,
    `    kind agreement ${ratio(c.kindAgreement)}   exposure strict ${ratio(c.exposureStrict)}   lenient ${ratio(c.exposureLenient)}`,
    `    exposure label -> tool:  ${Object.entries(c.exposureConfusion).sort().map(([k, n]) => `${k}: ${n}`).join(', ') || '-'}`,
    `  flows        recall ${ratio(f.recall)}   precision ${ratio(f.precision)}   precision (both ends labelled) ${ratio(f.precisionResolvedEnds)}`,
    `    recall by tag: ${byKey(f.recallByTag)}   optional found ${f.optionalFound}   self loops ${f.selfLoops}`,
    `    protocol agreement on found flows ${ratio(f.protocolAgreement)}`,
    `  boundaries   components in a tool boundary ${ratio(b.coverage)}   pair agreement ${ratio(b.pairAgreement)}   (same ${ratio(b.samePairs)}, different ${ratio(b.differentPairs)})`,
    `    flow crossing agreement ${ratio(b.crossingAgreement)}`,
    ...Object.entries(b.mapping).map(([k, v]) => `    ${k} -> ${v.join(', ')}`),
    `  entry points (sample) recall ${ratio(e.recall)}   by kind: ${byKey(e.recallByKind)}   tool entry points by kind: ${Object.entries(e.toolByKind).map(([k, n]) => `${k} ${n}`).join(', ') || '-'}`,
  ];
  if (r.brokenEvidence.length > 0) lines.push(...list('label evidence that does not resolve in the corpus', r.brokenEvidence));
  lines.push(...list('missed components', c.missed));
  lines.push(...list('missed flows', f.missed, verbose ? 200 : 25));
  if (verbose) {
    lines.push(...list('tool components matching no label', c.unmatchedTool, 200));
    lines.push(...list('kind mismatches', c.kindMismatches));
    lines.push(...list('exposure mismatches (lenient)', c.exposureMismatches));
    lines.push(...list('tool flows between labelled components that no label has', f.wrong, 200));
    lines.push(...list('tool flows with an unlabelled end', f.unresolved, 200));
    lines.push(...list('protocol mismatches', f.protocolMismatches));
    lines.push(...list('crossing mismatches', b.crossingMismatches));
    lines.push(...list('missed entry points', e.missed, 200));
    lines.push(...list('component matches', c.matched.map((m) => `${m.label} <- ${m.tool} (${m.rule}${m.duplicate ? ', duplicate' : ''})`), 200));
  }
  return lines.join('\n');
}

export function renderOverall(results: readonly AppResult[]): string {
  const pick = (get: (r: AppResult) => Ratio): string => ratio(sum(results.map(get)));
  return [
    `== overall (${results.map((r) => r.app).join(', ')})`,
    `  component recall ${pick((r) => r.components.recall)}   precision ${pick((r) => r.components.precision)}   kind agreement ${pick((r) => r.components.kindAgreement)}`,
    `  exposure strict ${pick((r) => r.components.exposureStrict)}   lenient ${pick((r) => r.components.exposureLenient)}`,
    `  flow recall ${pick((r) => r.flows.recall)}   precision ${pick((r) => r.flows.precision)}   protocol agreement ${pick((r) => r.flows.protocolAgreement)}`,
    `  boundary pair agreement ${pick((r) => r.boundaries.pairAgreement)}   flow crossing agreement ${pick((r) => r.boundaries.crossingAgreement)}`,
    `  entry-point sample recall ${pick((r) => r.entryPoints.recall)}`,
  ].join('\n');
}

export function overallJson(results: readonly AppResult[]): Record<string, Ratio> {
  const s = (get: (r: AppResult) => Ratio): Ratio => sum(results.map(get));
  return {
    componentRecall: s((r) => r.components.recall),
    componentPrecision: s((r) => r.components.precision),
    kindAgreement: s((r) => r.components.kindAgreement),
    exposureStrict: s((r) => r.components.exposureStrict),
    exposureLenient: s((r) => r.components.exposureLenient),
    flowRecall: s((r) => r.flows.recall),
    flowPrecision: s((r) => r.flows.precision),
    protocolAgreement: s((r) => r.flows.protocolAgreement),
    boundaryPairAgreement: s((r) => r.boundaries.pairAgreement),
    flowCrossingAgreement: s((r) => r.boundaries.crossingAgreement),
    entryPointSampleRecall: s((r) => r.entryPoints.recall),
  };
}
