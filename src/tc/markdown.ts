// Small Markdown builders for the description fields (headings start at H3, as the app asks).
import { oneLine, safeText } from './text.js';

/** One table cell: safe text on one line, pipes escaped. */
export function cell(text: string): string {
  return oneLine(safeText(text)).replace(/\\/g, '\\\\').replace(/\|/g, '\\|') || ' ';
}

/** Inline code when the text allows it (no backticks), plain cell text otherwise. */
export function code(text: string): string {
  const safe = cell(text);
  return safe.includes('`') || safe === ' ' ? safe : `\`${safe}\``;
}

/** A table of at most `limit` rows; the rest is counted below it. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], limit = 300): string {
  const lines = [`| ${headers.join(' | ')} |`, `|${headers.map(() => ' --- |').join('')}`];
  for (const row of rows.slice(0, limit)) lines.push(`| ${row.join(' | ')} |`);
  if (rows.length > limit) lines.push('', `…and ${rows.length - limit} more.`);
  return lines.join('\n');
}

/** Shifts headings outside code fences so the shallowest one becomes `minLevel` (max H6). */
export function demoteHeadings(markdown: string, minLevel = 3): string {
  const lines = markdown.split('\n');
  let fenced = false;
  const levels: (number | undefined)[] = lines.map((line) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^(#{1,6})\s/.exec(line);
    return heading ? heading[1].length : undefined;
  });
  const present = levels.filter((level): level is number => level !== undefined);
  if (present.length === 0) return markdown;
  const shift = Math.max(0, minLevel - Math.min(...present));
  return lines.map((line, i) => (levels[i] === undefined ? line : '#'.repeat(Math.min(6, (levels[i] ?? 0) + shift)) + line.slice(levels[i]))).join('\n');
}

/** A Mermaid diagram the importer keeps intact: arrow heads become circles (`--o`) because `>`
 * would be escaped, and any other `& < >` is rewritten. */
export function safeMermaid(diagram: string): string {
  const arrows = diagram
    .replace(/<-->/g, 'o--o')
    .replace(/<==>/g, 'o==o')
    .replace(/-->/g, '--o')
    .replace(/==>/g, '==o')
    .replace(/\.->/g, '.-o');
  return arrows.replace(/&/g, 'and').replace(/</g, '‹').replace(/>/g, '›');
}
