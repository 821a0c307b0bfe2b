// The terminal view of an incident-response report: a header naming the advisory, a count per
// verdict, then one row per product (most urgent first) with why, who owns it and what to change.
import type { IrReport, ProductVerdict } from '../types.js';

/** Terminal-safe: advisory titles and product names are untrusted (no escape sequences through). */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ');
}

function cut(text: string, width: number): string {
  const clean = plain(text).replace(/\s+/g, ' ').trim();
  return clean.length > width ? `${clean.slice(0, Math.max(0, width - 1))}…` : clean;
}

function pad(text: string, width: number): string {
  return cut(text, width).padEnd(width);
}

function headline(p: ProductVerdict): string {
  const pkg = p.packages.find((x) => x.status === 'affected') ?? p.packages.find((x) => x.status === 'unknown');
  return pkg ? `${pkg.name} ${pkg.version || '(unpinned)'}` : p.components.join(', ') || '—';
}

function why(p: ProductVerdict): string {
  if (p.verdict === 'exploitable' && p.entryPoints[0]) return `reached from ${p.entryPoints[0].label} (${p.entryPoints[0].exposure}${p.entryPoints[0].auth === 'none' ? ', no auth' : ''})${p.entryPoints.length > 1 ? ` +${p.entryPoints.length - 1}` : ''}`;
  return p.reasons[p.reasons.length > 1 && p.verdict !== 'not-affected' ? p.reasons.length - 1 : 0] ?? '';
}

function fixText(p: ProductVerdict): string {
  const f = p.fix[0];
  if (!f) return p.verdict === 'not-affected' ? '' : '—';
  return f.fixed ? `${f.package} → ${f.fixed}${f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : ''}` : cut(f.action, 60);
}

export function renderTable(report: IrReport, options: { width?: number; all?: boolean } = {}): string {
  const width = Math.max(100, Math.min(options.width ?? 160, 220));
  const a = report.advisory;
  const out: string[] = [];
  const sev = [a.severity?.toUpperCase(), a.score !== undefined ? `CVSS ${a.score}` : '', a.kev ? `known exploited (KEV ${a.kev.dateAdded})` : ''].filter(Boolean).join(', ');
  out.push(`${cut(a.id, 80)}${a.aliases.length ? ` (${cut(a.aliases.join(', '), 80)})` : ''}: ${cut(a.title, 100)}${sev ? ` — ${sev}` : ''}`);
  if (a.packages.length || a.systems.length) out.push(`affects: ${cut([...a.packages, ...a.systems].join(', '), width - 9)}`);
  const c = report.counts;
  out.push(`${report.catalog.products} products scoped in ${report.seconds.toFixed(2)} s: ${c.exploitable} exploitable, ${c.affected} affected, ${c['present-not-reachable']} present but not reachable, ${c['not-affected']} not affected, ${c.unknown} unknown`);
  for (const note of a.notes.slice(0, 3)) out.push(`note: ${cut(note, width - 6)}`);
  out.push('');
  const fixed = 22 + 22 + 22 + 24;
  const flexible = Math.max(30, width - fixed - 8);
  const whyWidth = Math.floor(flexible * 0.6);
  const fixWidth = flexible - whyWidth;
  const header = [pad('PRODUCT', 22), pad('VERDICT', 22), pad('PACKAGE / SCOPE', 22), pad('WHY', whyWidth), pad('OWNERS', 24), 'FIX'];
  out.push(header.join('  ').trimEnd());
  const shown = options.all ? report.products : report.products.filter((p) => p.verdict !== 'not-affected');
  for (const p of shown) {
    out.push([pad(p.product, 22), pad(p.verdict, 22), pad(headline(p), 22), pad(why(p), whyWidth), pad(p.owners.join(' ') || '—', 24), cut(fixText(p), fixWidth)].join('  ').trimEnd());
  }
  const hidden = report.products.length - shown.length;
  if (hidden > 0) out.push(`… and ${hidden} not affected${hidden > 0 && !options.all ? ' (--all lists them)' : ''}`);
  return `${out.join('\n')}\n`;
}
