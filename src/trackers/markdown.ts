// Doc → GitHub-flavoured Markdown. Model text is data, never markup: it is escaped so a snippet or
// a title cannot inject HTML, links, or @-mentions that would notify strangers.
import type { Block, Doc, Inline } from './doc.js';

const ZERO_WIDTH_SPACE = '\u200b';

/** Escapes Markdown punctuation and defuses `@mention` and `#123` auto-links. */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|~!{}]/g, (c) => `\\${c}`)
    .replace(/@(?=[\w-])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`);
}

function longestRun(value: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of value) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

function inlineCode(value: string): string {
  const flat = value.replace(/\r?\n/g, ' ');
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Only web links; anything else is shown as text. */
function safeHref(href: string): string | undefined {
  if (!/^https?:\/\//i.test(href)) return undefined;
  return href.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function inline(item: Inline): string {
  let out = item.code ? inlineCode(item.text) : escapeMarkdown(item.text);
  // `**Threat: **` would not render: CommonMark needs the closing ** right after a non-space.
  if (item.strong) {
    const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(out) ?? ['', '', out, ''];
    out = core ? `${lead}**${core}**${trail}` : out;
  }
  const href = item.href ? safeHref(item.href) : undefined;
  return href ? `[${out}](${href})` : out;
}

function block(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `### ${escapeMarkdown(b.text)}`;
    case 'paragraph':
      return b.content.map(inline).join('');
    case 'list':
      return b.items.map((item) => `- ${item.map(inline).join('')}`).join('\n');
    case 'code': {
      const fence = '`'.repeat(Math.max(3, longestRun(b.text, '`') + 1));
      return `${fence}${b.language ?? ''}\n${b.text.replace(/\r\n/g, '\n')}\n${fence}`;
    }
  }
}

export function renderMarkdown(doc: Doc): string {
  return doc.blocks
    .filter((b) => (b.type === 'paragraph' ? b.content.length > 0 : b.type === 'list' ? b.items.length > 0 : true))
    .map(block)
    .join('\n\n');
}
