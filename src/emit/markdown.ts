// Escaping for Markdown built from repository-derived text (names, paths, snippets are untrusted).

/** Text inside a table cell or a paragraph: no HTML, no table breaks, no line breaks. */
export function mdText(text: string): string {
  // Backslashes first, so the escapes added for pipes and emphasis are not escaped again.
  return text
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** Inline code: backticks inside are avoided by choosing a longer fence. */
export function mdCode(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

export function mdTable(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

export function location(e: { file: string; line: number } | undefined): string {
  return e ? `${e.file}:${e.line}` : '';
}
