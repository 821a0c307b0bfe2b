// Python literals as values: string contents, lists of strings, booleans.
import type { SgNode } from '@ast-grep/napi';

const PREFIX_QUOTES = /^([rRbBuUfF]{0,2})('''|"""|'|")([\s\S]*)\2$/;

/** The value of a plain string literal (no interpolation), `"a" "b"` concatenations included. */
export function pyString(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === 'concatenated_string') {
    const parts = node.namedChildren().map((c) => pyString(c));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (kind !== 'string') return undefined;
  const m = PREFIX_QUOTES.exec(node.text());
  if (!m) return undefined;
  if (/[fF]/.test(m[1]) && /\{[^{]/.test(m[3])) return undefined;
  return m[3];
}

/** `['GET', 'POST']`, `('GET',)`, `{'GET'}` → the strings; undefined when any element is not one. */
export function pyStringList(node: SgNode | null | undefined): string[] | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === 'string' || kind === 'concatenated_string') {
    const s = pyString(node);
    return s === undefined ? undefined : [s];
  }
  if (kind !== 'list' && kind !== 'tuple' && kind !== 'set') return undefined;
  const out: string[] = [];
  for (const c of node.namedChildren()) {
    if (c.kind() === 'comment') continue;
    const s = pyString(c);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

/** `True` / `False` literal, else undefined. */
export function pyBool(node: SgNode | null | undefined): boolean | undefined {
  const kind = node?.kind();
  return kind === 'true' ? true : kind === 'false' ? false : undefined;
}

/** Plain text of a dotted name or attribute chain without whitespace. */
export function dotted(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const text = node.text().replace(/\s+/g, '');
  return /^[A-Za-z_][\w.]*$/.test(text) ? text : undefined;
}
