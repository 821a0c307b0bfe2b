// The folder a file is written to, read from the fixed start of its path: `__dirname +
// '/../assets/uploads/' + user + '/' + name` → `assets/uploads`, `` `${root}/uploads/${id}` ``,
// `path.join(__dirname, 'public/uploads', name)` (through fastify/paths.ts). A relative start is
// relative to the working directory (`@cwd`), which link replaces with the package folder.
import { posix } from 'node:path';
import { stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { CWD, evalPath } from '../fastify/paths.js';

const MAX_DEPTH = 6;

interface Prefix {
  /** Text known so far; `base` says what it starts from. */
  text: string;
  /** The whole value is known (a file path), not only its start. */
  complete: boolean;
}

function fileDir(index: JsIndex): string {
  const d = posix.dirname(index.file);
  return d === '.' ? '' : d;
}

/** The known start of a string expression, with `\0DIR\0` standing for `__dirname`. */
function prefix(node: AstNode | undefined, index: JsIndex, depth: number): Prefix | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  if (n.type === 'Identifier' && n.name === '__dirname') return { text: '\0DIR\0', complete: true };
  const s = stringValue(n, index);
  if (s !== undefined) return { text: s, complete: true };
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    return init ? prefix(init, index, depth + 1) : undefined;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const l = prefix(n.left as AstNode, index, depth + 1);
    if (!l || !l.complete) return l;
    const r = prefix(n.right, index, depth + 1);
    return r ? { text: l.text + r.text, complete: r.complete } : { text: l.text, complete: false };
  }
  if (n.type === 'TemplateLiteral') {
    let text = '';
    for (let i = 0; i < n.quasis.length; i++) {
      text += n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
      if (i >= n.expressions.length) break;
      const inner = prefix(n.expressions[i], index, depth + 1);
      if (!inner) return { text, complete: false };
      text += inner.text;
      if (!inner.complete) return { text, complete: false };
    }
    return { text, complete: true };
  }
  if (n.type === 'CallExpression') {
    const p = evalPath(n, index, depth + 1);
    if (!p) return undefined;
    // An unknown tail (`path.join(dir, name)`) leaves `p.path` the folder itself.
    const text = p.path.startsWith(CWD) || p.path.startsWith('abs:') ? p.path : `\0ROOT\0/${p.path}`;
    return { text: p.complete ? text : `${text}/`, complete: p.complete };
  }
  return undefined;
}

/** Is the whole value known (a fixed file), not only its start? */
export function fixedPath(node: AstNode | undefined, index: JsIndex): boolean {
  return prefix(node, index, 0)?.complete === true;
}

/**
 * Repository-relative folder (or `@cwd/...`, `abs:...`) a path expression writes into; undefined
 * when nothing of it is known. `file` says whether the expression names a file (its folder is
 * wanted) or a folder.
 */
export function writtenFolder(node: AstNode | undefined, index: JsIndex, file: boolean): string | undefined {
  const p = prefix(node, index, 0);
  if (!p) return undefined;
  let text = p.text;
  if (!p.complete) text = text.slice(0, text.lastIndexOf('/') + 1);
  else if (file) text = posix.dirname(text);
  let base: string;
  if (text.startsWith('\0ROOT\0/')) {
    base = '';
    text = text.slice(7);
  } else if (text.startsWith('\0DIR\0')) {
    base = fileDir(index);
    text = text.slice(5);
  } else if (text.startsWith(CWD)) return posix.normalize(text).replace(/\/$/, '');
  else if (text.startsWith('abs:')) return text;
  else if (text.startsWith('/')) return `abs:${posix.normalize(text)}`;
  else base = CWD;
  const joined = posix.normalize(base === '' ? text || '.' : `${base}/${text}`).replace(/\/$/, '');
  if (joined.startsWith('..')) return undefined;
  return joined === '.' ? '' : joined;
}
