// The pull-request comment for a model delta: what a developer reads in a minute. Verdict and
// counts first, then the new threats with where and how to fix, then what got better, then the
// attack-surface changes; everything long is folded. Every repository-derived string is escaped.
// The first line is a hidden marker so CI can find and update its own comment instead of adding one.
import { VERSION } from '../api/version.js';
import { attackSurfaceGrew, describeAsset, describeBoundary, describeChanges, describeComponent, describeDependency, describeEntryPoint, describeFlow } from '../diff/describe.js';
import type { Models } from '../diff/describe.js';
import type { ElementDelta, GateResult, ModelDelta } from '../diff/types.js';
import type { Evidence, Severity, Threat } from '../model/types.js';

export const PR_COMMENT_MARKER = '<!-- threatcode:pr-comment -->';

export interface PrCommentOptions {
  /**
   * Base of file links, e.g. `https://github.com/o/r/blob/<head sha>`: evidence then links to
   * `<base>/<file>#L<line>`. Without it locations are plain text.
   */
  linkBase?: string;
  /** Rows per table before the rest is summarised (default 15). */
  maxRows?: number;
}

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '⬜' };
/** GitHub rejects comments over 65,536 characters; stay well below. */
const MAX_CHARS = 60_000;

/** Markdown-safe text (table cells included): backslash first, so escapes are not escaped again. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([`*_[\]#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ').replace(/\|/g, '¦');
  const fence = '`'.repeat(Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

function link(e: Evidence | undefined, options: PrCommentOptions): string {
  if (!e) return 'architectural';
  const label = code(`${e.file}:${e.line}`);
  if (!options.linkBase) return label;
  const href = `${options.linkBase.replace(/\/+$/, '')}/${e.file.split('/').map(encodeURIComponent).join('/')}#L${e.line}`;
  return `[${label}](${href})`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function severityCell(t: Threat): string {
  return `${ICON[t.severity]} ${t.severity} ${t.score.value.toFixed(1)}`;
}

function threatTable(threats: readonly Threat[], options: PrCommentOptions, extra?: (t: Threat, i: number) => string): string {
  const max = options.maxRows ?? 15;
  const header = extra ? '| severity | threat | where | change |\n| --- | --- | --- | --- |' : '| severity | threat | where |\n| --- | --- | --- |';
  const rows = threats.slice(0, max).map((t, i) => {
    const status = t.status === 'open' ? '' : ` _(${t.status})_`;
    const cells = [severityCell(t), `${escapeMarkdown(t.title)}${status}<br><sub>${code(t.ruleId)} · ${t.cwe.map(escapeMarkdown).join(', ')}</sub>`, link(t.evidence[0], options)];
    if (extra) cells.push(extra(t, i));
    return `| ${cells.join(' | ')} |`;
  });
  const more = threats.length > max ? `\n\n…and ${threats.length - max} more in the JSON report.` : '';
  return `${header}\n${rows.join('\n')}${more}`;
}

function fixHints(threats: readonly Threat[], options: PrCommentOptions): string {
  const items = threats
    .filter((t) => t.remediation)
    .slice(0, options.maxRows ?? 15)
    .map((t) => `- **${escapeMarkdown(t.title)}** (${link(t.evidence[0], options)}): ${escapeMarkdown(t.remediation ?? '')}`);
  return items.length > 0 ? `<details><summary>How to fix</summary>\n\n${items.join('\n')}\n\n</details>` : '';
}

function surfaceLines<T>(label: string, delta: ElementDelta<T>, describe: (item: T) => string): string[] {
  return [
    ...delta.added.map((item) => `- ➕ ${label} ${escapeMarkdown(describe(item))}`),
    ...delta.removed.map((item) => `- ➖ ${label} ${escapeMarkdown(describe(item))}`),
    ...delta.changed.map((c) => `- ✏️ ${label} ${escapeMarkdown(describe(c.after))}: ${escapeMarkdown(describeChanges(c.fields))}`),
  ];
}

function headline(delta: ModelDelta, gate?: GateResult): string {
  const open = delta.new.filter((t) => t.status === 'open');
  const worst = (['critical', 'high', 'medium', 'low'] as const).find((s) => open.some((t) => t.severity === s));
  const counts = (['critical', 'high', 'medium', 'low'] as const)
    .map((s) => [s, open.filter((t) => t.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const verdict = gate?.failed ? `❌ gate failed (fail on ${gate.failOn} or above)` : gate && gate.failOn !== 'none' ? `✅ gate passed (fail on ${gate.failOn} or above)` : '';
  const what = open.length > 0 ? `${ICON[worst ?? 'low']} ${plural(open.length, 'new threat')} (${counts})` : '✅ no new threats';
  return `### threatcode: ${what}${verdict ? ` · ${verdict}` : ''}`;
}

export function renderPrComment(delta: ModelDelta, models: Models, gate?: GateResult, options: PrCommentOptions = {}): string {
  const parts: string[] = [PR_COMMENT_MARKER, headline(delta, gate)];
  const ref = (side: ModelDelta['base']): string => `${code(side.ref ?? '?')}${side.commit ? ` (${side.commit.slice(0, 7)})` : ''}`;
  const a = delta.architecture;
  const surface = attackSurfaceGrew(delta) ? 'the attack surface grew' : 'no new attack surface';
  parts.push(
    `**${escapeMarkdown(delta.product)}** · ${ref(delta.base)} → ${ref(delta.head)} · ${plural(delta.resolved.length, 'threat')} resolved, ${delta.changed.length} changed · ${surface}`,
  );

  if (delta.new.length > 0) parts.push(`#### New threats\n\n${threatTable(delta.new, options)}`, fixHints(delta.new, options));
  if (delta.resolved.length > 0) parts.push(`#### Resolved threats\n\n${threatTable(delta.resolved, options)}`);
  if (delta.changed.length > 0) {
    const table = threatTable(delta.changed, options, (_t, i) => escapeMarkdown(describeChanges(delta.threatChanges[i]?.fields ?? [])));
    parts.push(`<details><summary>Changed threats (${delta.changed.length})</summary>\n\n${table}\n\n</details>`);
  }

  const lines = [
    ...surfaceLines('entry point', a.entryPoints, (e) => describeEntryPoint(e, models)),
    ...surfaceLines('flow', a.flows, (f) => describeFlow(f, models)),
    ...surfaceLines('component', a.components, describeComponent),
    ...surfaceLines('trust boundary', a.trustBoundaries, describeBoundary),
    ...surfaceLines('asset', a.assets, describeAsset),
    ...surfaceLines('dependency', { added: a.dependencies.added.filter((d) => d.direct), removed: a.dependencies.removed.filter((d) => d.direct), changed: [] }, (d) => describeDependency(d, models)),
    ...a.dependencies.changed.map((c) => `- ✏️ dependency ${escapeMarkdown(`${c.ecosystem} ${c.name}: ${c.before.join(', ')} → ${c.after.join(', ')}`)}`),
  ];
  const transitive = a.dependencies.added.filter((d) => !d.direct).length + a.dependencies.removed.filter((d) => !d.direct).length;
  if (transitive > 0) lines.push(`- ${plural(transitive, 'transitive dependency')} added or removed`);
  const kc = delta.killChains;
  const chains = [
    ...kc.new.map((c) => `- ⛓️ new ${c.severity} kill chain: ${escapeMarkdown(`${c.entry} → ${c.target}`)} (${plural(c.steps.length, 'step')})${c.narrative ? `: ${escapeMarkdown(c.narrative)}` : ''}`),
    ...kc.grown.map((c) => `- ⛓️ kill chain grew: ${escapeMarkdown(`${c.after.entry} → ${c.after.target}`)} (${escapeMarkdown(describeChanges(c.fields))})`),
    ...kc.resolved.map((c) => `- ✔️ kill chain broken: ${escapeMarkdown(`${c.entry} → ${c.target}`)}`),
  ];
  if (chains.length > 0) parts.push(`#### Kill chains\n\n${chains.join('\n')}`);
  if (lines.length > 0) {
    const max = (options.maxRows ?? 15) * 2;
    const shown = lines.slice(0, max).join('\n') + (lines.length > max ? `\n- …and ${lines.length - max} more in the JSON report` : '');
    const summary = `Attack surface: ${[
      a.entryPoints.added.length ? `+${plural(a.entryPoints.added.length, 'entry point')}` : '',
      a.flows.added.length ? `+${plural(a.flows.added.length, 'flow')}` : '',
      a.components.added.length ? `+${plural(a.components.added.length, 'component')}` : '',
      `${lines.length} change${lines.length === 1 ? '' : 's'}`,
    ]
      .filter(Boolean)
      .join(', ')}`;
    parts.push(lines.length <= 8 ? `#### ${summary}\n\n${shown}` : `<details><summary>${summary}</summary>\n\n${shown}\n\n</details>`);
  }
  const moved = delta.moved.length > 0 ? ` · ${plural(delta.moved.length, 'threat')} moved with the code (same id, not new)` : '';
  parts.push(`<sub>threatcode ${VERSION} · threats are matched by stable id${moved}</sub>`);
  let body = `${parts.filter(Boolean).join('\n\n')}\n`;
  if (body.length > MAX_CHARS) body = `${body.slice(0, MAX_CHARS)}\n\n…(cut to fit a comment; the JSON report has everything)\n`;
  return body;
}
