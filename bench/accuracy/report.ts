// Plain-text rendering of the accuracy results (the JSON form is the same objects, serialised).
import type { EntryPointScore } from './match-entrypoints.js';
import type { RuleTally, Tally, WeaknessScore } from './match-weaknesses.js';

export interface AppResult {
  app: string;
  commit: string;
  corpusCommit?: string;
  seconds: number;
  weaknesses: WeaknessScore;
  entryPoints: EntryPointScore;
  /** Component names per kind the tool produced, for eyeballing against the labels. */
  toolComponents: Record<string, string[]>;
  labelled: { datastores: string[]; externals: string[] };
}

export interface SkippedApp {
  app: string;
  reason: string;
}

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function categoryRows(byCategory: Record<string, Tally>): string[][] {
  return Object.entries(byCategory)
    .sort((a, b) => b[1].labels - a[1].labels || a[0].localeCompare(b[0]))
    .map(([cat, t]) => [cat, String(t.labels), String(t.found), String(t.foundViaSynonym), pct(t.found / t.labels)]);
}

function ruleRows(byRule: Record<string, RuleTally>): string[][] {
  return Object.entries(byRule)
    .sort((a, b) => b[1].findings - a[1].findings || a[0].localeCompare(b[0]))
    .map(([rule, t]) => [rule, String(t.findings), String(t.tp), String(t.duplicate), String(t.fp), String(t.unlabelled), String(t.architectural)]);
}

export function mergeTallies(results: readonly AppResult[]): { byCategory: Record<string, Tally>; byRule: Record<string, RuleTally> } {
  const byCategory: Record<string, Tally> = {};
  const byRule: Record<string, RuleTally> = {};
  for (const r of results) {
    for (const [k, t] of Object.entries(r.weaknesses.byCategory)) {
      const m = (byCategory[k] ??= { labels: 0, found: 0, foundViaSynonym: 0 });
      m.labels += t.labels; m.found += t.found; m.foundViaSynonym += t.foundViaSynonym;
    }
    for (const [k, t] of Object.entries(r.weaknesses.byRule)) {
      const m = (byRule[k] ??= { findings: 0, tp: 0, duplicate: 0, fp: 0, unlabelled: 0, architectural: 0 });
      m.findings += t.findings; m.tp += t.tp; m.duplicate += t.duplicate; m.fp += t.fp; m.unlabelled += t.unlabelled; m.architectural += t.architectural;
    }
  }
  return { byCategory, byRule };
}

export function renderApp(r: AppResult, verbose: boolean): string {
  const w = r.weaknesses;
  const e = r.entryPoints;
  const c = w.counts;
  const out: string[] = [];
  out.push(`== ${r.app} @ ${r.commit.slice(0, 12)}${r.corpusCommit && r.corpusCommit !== r.commit ? ` (WARNING: corpus is at ${r.corpusCommit.slice(0, 12)})` : ''}  [${r.seconds.toFixed(1)}s]`);
  out.push(`weaknesses: recall ${pct(w.recall)} (${c.found}/${c.labels})  precision ${pct(w.precision)} (tp+dup ${c.tp + c.duplicate} / fp ${c.fp})  precision incl. unlabelled ${pct(w.precisionWithUnlabelled)}`);
  out.push(`findings: ${c.findings} total = ${c.tp} tp + ${c.duplicate} duplicate + ${c.fp} fp + ${c.unlabelled} unlabelled + ${c.architectural} architectural (no line; not scored)`);
  out.push(`entry points: recall ${pct(e.recall)} (${e.labels.filter((l) => l.found).length}/${e.labels.length})  precision ${pct(e.precision)} (${e.toolMatched}/${e.toolHttp} http routes; ${e.toolOtherKinds} non-http ignored)  auth agreement ${pct(e.authAgreement)} (${e.authAgree}/${e.authCompared})`);
  out.push('auth (label -> tool): ' + Object.entries(e.authConfusion).map(([l, row]) => `${l}: ${Object.entries(row).map(([t, n]) => `${t}=${n}`).join(' ')}`).join(' | '));
  out.push('', ...table(['label category', 'labels', 'found', 'via synonym', 'recall'], categoryRows(w.byCategory)));
  out.push('', ...table(['finding rule', 'findings', 'tp', 'dup', 'fp', 'unlabelled', 'arch'], ruleRows(w.byRule)));
  const missed = w.labels.filter((l) => !l.found);
  if (missed.length) {
    out.push('', 'missed labels (false negatives):');
    for (const m of missed) out.push(`  ${m.label.id} ${m.label.category} ${m.label.file}:${m.label.line}  ${m.label.note}`);
  }
  const fps = w.findings.filter((f) => f.verdict === 'fp');
  if (fps.length) {
    out.push('', 'findings on non-findings (false positives):');
    for (const f of fps) out.push(`  ${f.finding.ruleId} at ${f.nonFinding}  ${f.finding.title}`);
  }
  if (verbose) {
    out.push('', 'unlabelled findings:');
    for (const f of w.findings.filter((x) => x.verdict === 'unlabelled')) {
      const ev = f.finding.evidence[0];
      out.push(`  ${f.finding.ruleId} ${ev ? `${ev.file}:${ev.line}` : ''}  ${f.finding.title}`);
    }
    out.push('', 'missed entry points:');
    for (const l of e.labels.filter((x) => !x.found)) out.push(`  ${l.label.method} ${l.label.path} (${l.label.auth})`);
    out.push('', 'tool routes matching no label:');
    for (const u of e.toolUnmatched) out.push(`  ${u}`);
    out.push('', 'tool components:');
    for (const [kind, names] of Object.entries(r.toolComponents)) out.push(`  ${kind}: ${names.join(', ')}`);
    out.push(`  labelled datastores: ${r.labelled.datastores.join(', ')}`);
    out.push(`  labelled externals: ${r.labelled.externals.join(', ')}`);
  }
  return out.join('\n');
}

export function renderOverall(results: readonly AppResult[]): string {
  const sum = (f: (r: AppResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const labels = sum((r) => r.weaknesses.counts.labels);
  const found = sum((r) => r.weaknesses.counts.found);
  const good = sum((r) => r.weaknesses.counts.tp + r.weaknesses.counts.duplicate);
  const fp = sum((r) => r.weaknesses.counts.fp);
  const unlabelled = sum((r) => r.weaknesses.counts.unlabelled);
  const epLabels = sum((r) => r.entryPoints.labels.length);
  const epFound = sum((r) => r.entryPoints.labels.filter((l) => l.found).length);
  const epTool = sum((r) => r.entryPoints.toolHttp);
  const epMatched = sum((r) => r.entryPoints.toolMatched);
  const authCompared = sum((r) => r.entryPoints.authCompared);
  const authAgree = sum((r) => r.entryPoints.authAgree);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const { byCategory, byRule } = mergeTallies(results);
  return [
    `== overall (${results.map((r) => r.app).join(', ')})`,
    `weaknesses: recall ${pct(ratio(found, labels))} (${found}/${labels})  precision ${pct(ratio(good, good + fp))}  precision incl. unlabelled ${pct(ratio(good, good + fp + unlabelled))}`,
    `entry points: recall ${pct(ratio(epFound, epLabels))} (${epFound}/${epLabels})  precision ${pct(ratio(epMatched, epTool))} (${epMatched}/${epTool})  auth agreement ${pct(ratio(authAgree, authCompared))} (${authAgree}/${authCompared})`,
    '',
    ...table(['label category', 'labels', 'found', 'via synonym', 'recall'], categoryRows(byCategory)),
    '',
    ...table(['finding rule', 'findings', 'tp', 'dup', 'fp', 'unlabelled', 'arch'], ruleRows(byRule)),
  ].join('\n');
}
