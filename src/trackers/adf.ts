// Doc → Atlassian Document Format (Jira Cloud REST v3 rich text). ADF is structured JSON, so no
// escaping is needed; the rules are structural: text nodes must not be empty, links only as marks.
import type { Block, Doc, Inline } from './doc.js';


export interface AdfMark {
  type: 'code' | 'strong' | 'link';
  attrs?: { href: string };
}

export interface AdfNode {
  type: string;
  text?: string;
  marks?: AdfMark[];
  attrs?: Record<string, string | number>;
  content?: AdfNode[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

function textNode(item: Inline): AdfNode | undefined {
  const value = item.text.replace(/\r?\n/g, ' ');
  if (!value) return undefined;
  const marks: AdfMark[] = [];
  // ADF forbids combining `code` with `strong`; code wins because it carries the exact text.
  if (item.code) marks.push({ type: 'code' });
  else if (item.strong) marks.push({ type: 'strong' });
  if (item.href && /^https?:\/\//i.test(item.href)) marks.push({ type: 'link', attrs: { href: item.href } });
  return marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

function paragraphNode(items: Inline[]): AdfNode {
  const content = items.map(textNode).filter((n): n is AdfNode => n !== undefined);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function blockNode(b: Block): AdfNode | undefined {
  switch (b.type) {
    case 'heading':
      return b.text ? { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: b.text }] } : undefined;
    case 'paragraph':
      return b.content.length ? paragraphNode(b.content) : undefined;
    case 'list':
      return b.items.length ? { type: 'bulletList', content: b.items.map((item) => ({ type: 'listItem', content: [paragraphNode(item)] })) } : undefined;
    case 'code':
      return { type: 'codeBlock', ...(b.language ? { attrs: { language: b.language } } : {}), content: b.text ? [{ type: 'text', text: b.text }] : [] };
  }
}

export function renderAdf(doc: Doc): AdfDoc {
  return { type: 'doc', version: 1, content: doc.blocks.map(blockNode).filter((n): n is AdfNode => n !== undefined) };
}

/** All text of an ADF document (reading a marker back out of a description). */
export function adfText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { text?: unknown; content?: unknown };
  const own = typeof n.text === 'string' ? n.text : '';
  const children = Array.isArray(n.content) ? n.content.map(adfText).join(' ') : '';
  return `${own}${own && children ? ' ' : ''}${children}`;
}
