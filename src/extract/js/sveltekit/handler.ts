// The request handler a SvelteKit export stands for, and how it checks its caller.
import { functionOf, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { authLikeName, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import { kitCallerCheck } from './session.js';

/** The handler an export stands for, and the wrappers around it (`export const POST = withAuth(async (event) => ...)`). */
export function handlerOfExport(value: AstNode, index: JsIndex): { fn?: FunctionLike; wrappers: MwRef[] } {
  const wrappers: MwRef[] = [];
  let v = unwrap(value);
  for (let i = 0; i < 3 && v.type === 'CallExpression'; i++) {
    const name = index.text(v.callee as AstNode);
    if (authLikeName(name)) wrappers.push({ name, role: 'auth-unknown', why: name, mechanism: 'session' });
    const arg = (v.arguments as AstNode[]).find((a) => functionOf(a, index)) ?? (v.arguments[0] as AstNode | undefined);
    if (!arg) break;
    v = unwrap(arg);
  }
  return { fn: functionOf(v, index), wrappers };
}

/** The caller check of a handler: the shared classifier, Next.js-style session reads, then SvelteKit's `locals`. */
export function kitAuth(fn: FunctionLike, index: JsIndex, inline: RouteMeta['inline']): RouteMeta['inline'] {
  const judged = handlerAuth(inline, fn, index).inline;
  if (judged && judged.level !== 'unknown' && !(judged.level === 'user' && kitCallerCheck(fn, index)?.level === 'admin')) return judged;
  const own = kitCallerCheck(fn, index);
  return own ? { level: own.level, why: own.why } : judged;
}

