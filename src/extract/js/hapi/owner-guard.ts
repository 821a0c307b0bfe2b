// "Owner or admin" guards: an admin flag lets the request through, and so does a comparison of
// the caller with the record the path names (`params.userId === credentials.userId`,
// `teacherOf.includes(courseId)`, a loaded record's `graderId === userId`); otherwise 403. The
// shared classifier calls these `admin` (they test an admin flag), but every owner passes.
import { memberPath, nodesUnder, someNode, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { classifyGuard } from '../_lib/routes-guards.js';

const ADMIN_FLAG = /\b(isAdmin|is_admin|isSuperuser|is_superuser|isStaff|is_staff|superuser)\b|\.admin\b|\b(role|roles)\b[^&|]*['"`]admin/i;
/** Compares an id, or membership of an id list (`teacherOf.includes(courseId)`). */
const OWNER_TEST = /(\w*(Id|ID|_id)\b\s*[!=]==?|[!=]==?\s*[\w.?]*(Id|ID|_id)\b|\.includes\(|\b(owner|author|creator)\b)/;

/** Does a branch let the request go on (`return h.continue`, `return next()`, `return true`)? */
function admits(branch: AstNode): boolean {
  return someNode(branch, (n) => {
    if (n.type === 'MemberExpression') {
      const path = memberPath(n);
      return !!path && path.length === 2 && path[1] === 'continue';
    }
    if (n.type === 'ReturnStatement' && n.argument) {
      const arg = unwrap(n.argument as AstNode);
      if (arg.type === 'Literal' && (arg as unknown as { value: unknown }).value === true) return true;
      if (arg.type === 'CallExpression' && arg.arguments.length === 0 && unwrap(arg.callee).type === 'Identifier' && (unwrap(arg.callee) as unknown as { name: string }).name === 'next') return true;
    }
    return false;
  });
}

/**
 * The owner-or-admin shape, with the path parameters the guard reads (the ones whose records it
 * checks). Undefined for any other function, an admin-only guard included.
 */
export function ownerOrAdminShape(fn: FunctionLike, index: JsIndex): { params: string[] } | undefined {
  if (!fn.body) return undefined;
  let adminAdmits = false;
  let ownerAdmits = false;
  let combined = false;
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    const text = index.text(s.test as AstNode);
    const admin = ADMIN_FLAG.test(text);
    const owner = OWNER_TEST.test(text);
    if (admin && owner && /\|\|/.test(text)) combined = true;
    if (!admits(s.consequent as AstNode)) continue;
    if (admin) adminAdmits = true;
    else if (owner) ownerAdmits = true;
  }
  if (!(combined || (adminAdmits && ownerAdmits))) return undefined;
  return { params: paramsRead(fn, index) };
}

/** An owner-or-admin guard by body: rejects (shared classifier says admin) and has the shape. */
export function classifyGuardOwnerAware(fn: FunctionLike, index: JsIndex): { params: string[] } | undefined {
  // The shape first: it is a few tests of the function's `if`s, where the classifier walks it all.
  const shape = ownerOrAdminShape(fn, index);
  if (!shape) return undefined;
  const v = classifyGuard(fn, index);
  // The classifier itself reads a combined `isAdmin || owner` test as `user` with `owner`.
  return v && (v.level === 'admin' || v.owner) ? shape : undefined;
}

/** Whether a file can hold an owner-or-admin guard at all: every form of ADMIN_FLAG spells one of these. */
export function mayHoldOwnerGuard(text: string): boolean {
  return /admin|superuser|staff/i.test(text);
}

/** Names of `request.params.X` read in a function (also `const { x } = request.params`). */
export function paramsRead(fn: FunctionLike, index: JsIndex): string[] {
  const out = new Set<string>();
  for (const m of index.nodesOf('MemberExpression')) {
    if (!within(m, fn)) continue;
    const path = memberPath(m);
    const i = path?.indexOf('params') ?? -1;
    if (path && i >= 1 && path[i + 1]) out.add(path[i + 1]);
  }
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (!within(d, fn) || d.id.type !== 'ObjectPattern') continue;
    const path = memberPath(unwrap(d.init as AstNode | null));
    if (!path || path[path.length - 1] !== 'params') continue;
    for (const p of d.id.properties) if (p.type === 'Property' && p.key.type === 'Identifier') out.add(p.key.name);
  }
  return [...out];
}

function within(node: AstNode, fn: FunctionLike): boolean {
  const n = node as unknown as { start: number; end: number };
  const f = fn as unknown as { start: number; end: number };
  return n.start >= f.start && n.end <= f.end;
}
