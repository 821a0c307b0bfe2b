// The incident-channel summary (Slack / Teams canvas, at most ~40 lines): what the advisory is,
// which services are in scope and why, what already stands in the way, what to do now, and the
// longer-term fixes with their manifest lines. Every repository-derived string is escaped.
import { mdCode, mdText } from '../../emit/markdown.js';
import type { IrReport, ProductVerdict } from '../types.js';

const MAX_LINES = 40;

function scopeLine(p: ProductVerdict): string {
  const entry = p.entryPoints[0];
  const where = ['call', 'import', 'package', 'image', 'deployment', 'dependency'].map((k) => p.evidence.find((e) => e.kind === k)).find(Boolean);
  const parts = [
    `**${mdText(p.product)}** — ${p.verdict.toUpperCase()}`,
    p.components.length ? `(${mdText(p.components.slice(0, 3).join(', '))}, ${p.exposure})` : `(${p.exposure})`,
    entry ? `via ${mdCode(entry.label)}${entry.auth === 'none' ? ' without auth' : ''}` : '',
    where ? `at ${mdCode(`${where.file}${where.line ? `:${where.line}` : ''}`)}` : '',
    p.owners.length ? `· owners ${p.owners.slice(0, 3).map(mdText).join(', ')}` : '',
  ];
  return `- ${parts.filter(Boolean).join(' ')}`;
}

export function renderCanvas(report: IrReport): string {
  const a = report.advisory;
  const c = report.counts;
  const lines: string[] = [];
  const sev = [a.severity?.toUpperCase(), a.score !== undefined ? `CVSS ${a.score}` : '', a.kev ? `known exploited since ${a.kev.dateAdded}` : ''].filter(Boolean).join(' · ');
  lines.push(`## ${mdText(a.id)}: ${mdText(a.title)}`);
  if (sev || a.aliases.length) lines.push(`${sev}${a.aliases.length ? `${sev ? ' · ' : ''}aka ${a.aliases.map(mdText).join(', ')}` : ''}`);
  lines.push('');
  lines.push(`**Scope:** ${report.catalog.products} products checked — ${c.exploitable} exploitable, ${c.affected} affected, ${c.unknown} unknown, ${c['present-not-reachable']} present but not reachable, ${c['not-affected']} not affected.`);
  const candidates = report.products.filter((p) => p.verdict === 'exploitable' || p.verdict === 'affected' || p.verdict === 'unknown');
  // Unknowns with nothing to show (no deployment files, no package) are one line, not a list.
  const blind = candidates.filter((p) => p.verdict === 'unknown' && p.evidence.length === 0);
  const inScope = candidates.filter((p) => !blind.includes(p));
  lines.push('');
  lines.push('**Services in scope**');
  if (inScope.length === 0) lines.push(blind.length ? '- none that the code can place in scope' : '- none: no product has an affected version in use');
  const room = 12;
  for (const p of inScope.slice(0, room)) lines.push(scopeLine(p));
  if (inScope.length > room) lines.push(`- … ${inScope.length - room} more (see \`threatcode ir --json\`)`);
  if (blind.length) lines.push(`- Cannot be judged from code (${mdText(blind[0].reasons[0] ?? 'nothing to go on')}): ${blind.slice(0, 10).map((p) => mdText(p.product)).join(', ')}${blind.length > 10 ? ` and ${blind.length - 10} more` : ''}`);
  const mitigations = inScope.flatMap((p) => p.mitigations.map((m) => `${p.product}: ${m}`));
  if (mitigations.length) {
    lines.push('');
    lines.push('**Already in the way**');
    for (const m of [...new Set(mitigations)].slice(0, 5)) lines.push(`- ${mdText(m)}`);
  }
  lines.push('');
  lines.push('**Do now**');
  const urgent = inScope.filter((p) => p.verdict === 'exploitable');
  if (urgent.length) lines.push(`- Page ${[...new Set(urgent.flatMap((p) => p.owners))].slice(0, 5).map(mdText).join(', ') || 'the owners'}: ${urgent.map((p) => mdText(p.product)).slice(0, 5).join(', ')} ${urgent.length === 1 ? 'is' : 'are'} exploitable from ${urgent.some((p) => p.exposure === 'internet') ? 'the internet' : 'inside the network'}.`);
  const chain = inScope.flatMap((p) => p.chains.filter((x) => x.kind === 'enabled').map((x) => ({ p, x })))[0];
  if (chain) lines.push(`- Worst path: ${mdText(chain.x.narrative)}`);
  const firstUnknown = inScope.find((p) => p.verdict === 'unknown') ?? blind[0];
  if (firstUnknown) lines.push(`- Confirm the unknowns: ${mdText(firstUnknown.reasons.slice(-1)[0] ?? '')}`);
  if (!urgent.length && !chain && !firstUnknown) lines.push('- Nothing urgent; schedule the fixes below.');
  const fixes = inScope.flatMap((p) => p.fix.map((f) => ({ p, f })));
  if (fixes.length) {
    lines.push('');
    lines.push('**Longer-term fixes**');
    for (const { p, f } of fixes.slice(0, 6)) lines.push(`- ${mdText(p.product)}: ${mdText(f.action)}${f.file ? ` (${mdCode(`${f.file}${f.line ? `:${f.line}` : ''}`)})` : ''}`);
    if (fixes.length > 6) lines.push(`- … ${fixes.length - 6} more`);
  }
  const rest = report.products.filter((p) => p.verdict === 'present-not-reachable');
  if (rest.length) {
    lines.push('');
    lines.push(`**Present but not reachable (fix when convenient):** ${rest.slice(0, 8).map((p) => mdText(p.product)).join(', ')}${rest.length > 8 ? ` and ${rest.length - 8} more` : ''}`);
  }
  const capped = lines.map((l) => (l.length > 400 ? `${l.slice(0, 399)}…` : l));
  if (capped.length > MAX_LINES) return `${capped.slice(0, MAX_LINES - 1).join('\n')}\n- … (truncated; see the JSON report)\n`;
  return `${capped.join('\n')}\n`;
}
