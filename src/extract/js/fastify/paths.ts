// Folder and URL values read without running code, for static roots, upload destinations and
// static prefixes: `path.join(__dirname, '../uploads')`, `path.resolve(process.cwd(), 'public')`,
// `` `/${fastify.config.UPLOAD_DIRNAME}` ``. Paths are repository-relative posix paths; a
// configuration value (`fastify.config.UPLOAD_DIRNAME`, `process.env.UPLOAD_DIR`) stays a `{NAME}`
// segment that link may replace with a schema default; the working directory is `@cwd`.
import { posix } from 'node:path';
import { calleeProperty, isFunctionLike, memberPath, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

export const CWD = '@cwd';

/**
 * `@cwd/...` as a repository path: a Node service runs in its package folder, the first of `pkgs`
 * (package folders, deepest first) that holds `file`. Any other folder is returned as it is.
 */
export function resolveCwd(dir: string, file: string, pkgs: readonly string[]): string {
  if (dir !== CWD && !dir.startsWith(`${CWD}/`)) return dir;
  const pkg = pkgs.find((p) => p === '' || file.startsWith(`${p}/`));
  return pkg === undefined ? dir : posix.normalize(`${pkg}/${dir.slice(CWD.length)}`).replace(/^\/|\/$|^\.$/g, '');
}

export interface FsPath {
  /** `src/public`, `@cwd/uploads`, `{UPLOAD_DIRNAME}/tasks`, `abs:/var/data`. */
  path: string;
  /** False when a trailing part was computed at run time (a file name): `path` is its folder. */
  complete: boolean;
}

const PATH_MODULE = /^(node:)?path(\.posix)?(\.default)?\.(join|resolve)$/;
const DIRNAME = /^(node:)?path(\.posix)?(\.default)?\.dirname$/;
const MAX_DEPTH = 6;

/** A configuration value by name: `fastify.config.X`, `process.env.X`, `config.uploadDir`, `opts.X`. */
export function configName(node: AstNode | undefined): string | undefined {
  const path = memberPath(node);
  if (!path || path.length < 2) return undefined;
  const last = path[path.length - 1];
  if (path[0] === 'process' && path[1] === 'env' && path.length === 3) return last;
  if (path.slice(0, -1).some((p) => /^(config|env|settings|options|opts|conf)$/i.test(p))) return last;
  return undefined;
}

/** A string with `{NAME}` for configuration values: template literals and `+` concatenations. */
export function symbolicString(node: AstNode | undefined, index: JsIndex, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  const name = configName(n);
  if (name) return `{${name}}`;
  if (n.type === 'TemplateLiteral') {
    let out = '';
    for (let i = 0; i < n.quasis.length; i++) {
      out += n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
      if (i < n.expressions.length) {
        const inner = symbolicString(n.expressions[i], index, depth + 1);
        if (inner === undefined) return undefined;
        out += inner;
      }
    }
    return out;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const l = symbolicString(n.left as AstNode, index, depth + 1);
    const r = l === undefined ? undefined : symbolicString(n.right, index, depth + 1);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    return init ? symbolicString(init, index, depth + 1) : undefined;
  }
  return undefined;
}

function isFileDir(n: AstNode, index: JsIndex): boolean {
  if (n.type === 'Identifier' && n.name === '__dirname') return true;
  const t = index.text(n);
  return t === 'import.meta.dirname';
}

function join(base: string, rel: string): string {
  const joined = base === '' ? rel : `${base}/${rel}`;
  const norm = posix.normalize(joined);
  return norm === '.' ? '' : norm.replace(/\/$/, '');
}

/** One argument of path.join/resolve: a base folder (absolute) or a relative piece. */
type Piece = { base: string } | { rel: string };

function piece(node: AstNode, index: JsIndex, depth: number): Piece | undefined {
  const n = unwrap(node);
  if (isFileDir(n, index)) return { base: posix.dirname(index.file) === '.' ? '' : posix.dirname(index.file) };
  if (n.type === 'CallExpression' && calleeProperty(n) === 'cwd' && memberPath(n.callee as AstNode)?.[0] === 'process') return { base: CWD };
  const s = symbolicString(n, index, depth + 1);
  if (s !== undefined) return s.startsWith('/') ? { base: `abs:${posix.normalize(s).replace(/\/$/, '')}` } : { rel: s };
  const inner = evalPath(n, index, depth + 1);
  return inner && inner.complete ? { base: inner.path } : undefined;
}

/** The folder or file a path expression denotes, or undefined when its base is not known. */
export function evalPath(node: AstNode | undefined, index: JsIndex, depth = 0): FsPath | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  if (n.type === 'AwaitExpression') return evalPath(n.argument, index, depth + 1);
  if (isFileDir(n, index)) return { path: posix.dirname(index.file) === '.' ? '' : posix.dirname(index.file), complete: true };
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    if (init && !isFunctionLike(unwrap(init))) return evalPath(init, index, depth + 1);
    return undefined;
  }
  const literal = symbolicString(n, index, depth + 1);
  if (literal !== undefined) return literal.startsWith('/') ? { path: `abs:${posix.normalize(literal)}`, complete: true } : { path: join(CWD, literal), complete: true };
  if (n.type !== 'CallExpression') return undefined;
  const callee = index.resolvedCallee(n) ?? '';
  const args = n.arguments as AstNode[];
  if (DIRNAME.test(callee)) {
    const arg = unwrap(args[0]);
    if (arg && /import\.meta\.url|__filename/.test(index.text(arg))) return { path: posix.dirname(index.file) === '.' ? '' : posix.dirname(index.file), complete: true };
    const inner = evalPath(arg, index, depth + 1);
    return inner?.complete ? { path: posix.dirname(inner.path), complete: true } : undefined;
  }
  if (PATH_MODULE.test(callee)) return fold(args, index, depth, callee.endsWith('resolve'));
  // A local helper: `buildFilePath(name)` → its returned expression (parameters stay unknown).
  const fnNode = n.callee.type === 'Identifier' ? unwrap(index.initAt(n.callee.name, n) ?? index.functionByName(n.callee.name)) : undefined;
  if (fnNode && isFunctionLike(fnNode)) {
    const ret = returned(fnNode);
    const inner = ret ? evalPath(ret, index, depth + 1) : undefined;
    return inner ? { path: inner.path, complete: false } : undefined;
  }
  // An unknown joiner (`fileManager.safeJoin(uploadPath, name)`): the folder is its first argument.
  if (/join|path|resolve/i.test(calleeProperty(n) ?? '') && args.length >= 2) {
    const first = evalPath(args[0], index, depth + 1);
    return first?.complete ? { path: first.path, complete: false } : undefined;
  }
  return undefined;
}

function fold(args: AstNode[], index: JsIndex, depth: number, resolve: boolean): FsPath | undefined {
  let base: string | undefined;
  let rel = '';
  for (const a of args) {
    const p = piece(a, index, depth);
    if (!p) {
      if (base === undefined && rel === '') return undefined;
      return { path: join(base ?? CWD, rel), complete: false };
    }
    if ('base' in p) {
      if (base === undefined || resolve) {
        base = p.base;
        rel = '';
      } else rel = rel ? `${rel}/${p.base}` : p.base;
    } else rel = rel ? `${rel}/${p.rel}` : p.rel;
  }
  return { path: join(base ?? CWD, rel), complete: true };
}

function returned(fn: AstNode): AstNode | undefined {
  if (!isFunctionLike(fn) || !fn.body) return undefined;
  const body = unwrap(fn.body as AstNode);
  if (body.type !== 'BlockStatement') return body;
  const ret = body.body.filter((s) => s.type === 'ReturnStatement');
  return ret.length === 1 && ret[0].type === 'ReturnStatement' ? ((ret[0].argument as AstNode | null) ?? undefined) : undefined;
}

/** The folder a written file lands in. */
export function folderOf(p: FsPath): string {
  return p.complete ? posix.dirname(p.path) : p.path;
}

/** Is `dir` the folder `root` or inside it? (`{NAME}` segments compare as text.) */
export function within(dir: string, root: string): boolean {
  if (root === '') return !dir.startsWith(CWD) && !dir.startsWith('abs:');
  return dir === root || dir.startsWith(`${root}/`);
}
