// A tiny tracker-neutral document: what a ticket body or comment says, before it becomes GitHub
// Markdown (markdown.ts) or Jira's Atlassian Document Format (adf.ts). Keeping one source means the
// two trackers always say the same thing, and escaping lives in exactly one place per format.

export interface Inline {
  text: string;
  code?: boolean;
  strong?: boolean;
  href?: string;
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'list'; items: Inline[][] }
  | { type: 'code'; text: string; language?: string };

export interface Doc {
  blocks: Block[];
}

export const text = (value: string): Inline => ({ text: value });
export const code = (value: string): Inline => ({ text: value, code: true });
export const strong = (value: string): Inline => ({ text: value, strong: true });
export const link = (value: string, href: string): Inline => ({ text: value, href });

export const heading = (value: string): Block => ({ type: 'heading', text: value });
export const paragraph = (...content: Inline[]): Block => ({ type: 'paragraph', content: content.filter((c) => c.text !== '') });
export const list = (items: Inline[][]): Block => ({ type: 'list', items: items.filter((i) => i.length > 0) });
export const codeBlock = (value: string, language?: string): Block => ({ type: 'code', text: value, ...(language ? { language } : {}) });

/** Plain text of a document (tests, size checks). */
export function plainText(doc: Doc): string {
  const inline = (items: Inline[]) => items.map((i) => i.text).join('');
  return doc.blocks
    .map((b) => (b.type === 'heading' ? b.text : b.type === 'paragraph' ? inline(b.content) : b.type === 'list' ? b.items.map((i) => `- ${inline(i)}`).join('\n') : b.text))
    .join('\n\n');
}
