// Tenant scoping through class services (Nest and other dependency-injected code). A controller
// hands the caller's organisation with the record id to `this.postsService.editTag(id, org.id)`,
// which forwards it to `this.postsRepository.editTag(id, orgId)`, whose query may or may not put
// it into its criteria (`where: { id, orgId }` vs `where: { id }`). One `record-scope-class` fact
// per file says, for each method of its exported classes, what becomes of each parameter: it
// reaches query criteria (`s`), the body never names it (`u`), it is named other than by being
// handed on (`o`: a comparison, a check, an unknown call), or it is handed to a method of an
// injected class or of the same class (`f`). bola-idor follows the forwards across files.
import type { FactInput } from '../../../model/types.js';
import { memberPath, nodesUnder, propertyKey, stringValue, unwrap, unwrapAwait, walk, type AstNode, type Class, type FunctionLike, type JsIndex } from './ast.js';
import { scopedParams } from './routes-records.js';

/**
 * Per method: scoped, unused and otherwise-used parameter positions, and forwards `[param, module
 * ('' = this file), 'Class.method', argument]`; `c` when the method takes the caller from the
 * request context itself (`this.cls.get('user.id')`) and selects or checks with it.
 */
export interface MethodScope {
  s: number[];
  u: number[];
  o: number[];
  f: [number, string, string, number][];
  c?: 1;
}

/** Parameter names that can carry the caller or its tenant (`orgId`, `user`, `workspace_id`). */
const IDENTITY_PARAM = /(user|owner|org|organi[sz]ation|tenant|team|workspace|company|account|member|customer|project|group|caller|principal|auth|session)(_?id)?$/i;

/** Text test, asked once an exported class is found: an exported class whose methods call through `this.`. */
const CLASS_TEXT = /\bexport\s+(?:default\s+)?(?:abstract\s+)?class\b/;

export function classScopeFacts(index: JsIndex): FactInput[] {
  // The text test once an exported class is found (nothing is recorded before it): most files export none.
  let text: boolean | undefined;
  const data: Record<string, MethodScope> = {};
  let first: AstNode | undefined;
  for (const [, value] of index.exports) {
    const cls = unwrap(value);
    if (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression') continue;
    const name = (cls as Class).id?.name;
    if (!name) continue;
    if (!(text ??= index.content.includes('this.') && CLASS_TEXT.test(index.content))) return [];
    const fields = injectedTypes(cls as Class, index);
    for (const m of (cls as Class).body.body) {
      if (m.type !== 'MethodDefinition' || m.kind !== 'method' || m.static) continue;
      const key = propertyKey(m as unknown as AstNode);
      const fn = m.value as unknown as FunctionLike;
      // Takes the caller from the request context and selects or checks with it: scoped by itself.
      if (key && fn.body && usesContextCaller(fn, fields, index)) {
        data[`${name}.${key}`] = { s: [], u: [], o: [], f: [], c: 1 };
        first ??= cls;
      }
      // A tenant is handed on beside the record id: a method of one parameter is never asked about.
      if (!key || !fn.body || fn.params.length < 2) continue;
      // Nor one without a parameter that can hold the caller (no entry: undecided, trusted).
      if (!fn.params.some((p) => IDENTITY_PARAM.test(paramName(p as AstNode) ?? ''))) continue;
      data[`${name}.${key}`] = { ...methodScope(fn, name, fields, index), ...data[`${name}.${key}`]?.c ? { c: 1 as const } : {} };
      first ??= cls;
    }
  }
  if (!first) return [];
  return [{ kind: 'config', setting: 'record-scope-class', values: { data: JSON.stringify(data) }, evidence: index.evidence(first), key: `${index.file}#record-scope-class` }];
}

/** Keys of a request context that hold the caller or its tenant: `user`, `user.id`, `tenantId`. */
const CONTEXT_CALLER_KEY = /^(user|currentUser|principal|account|tenant|org|organi[sz]ation)(\.(id|_id))?$|^(user|tenant|org|account)_?id$/i;

/**
 * The caller as a request-context store holds it: `this.cls.get('user.id')` on an injected
 * `ClsService` of nestjs-cls (AsyncLocalStorage per request, filled by the auth guard or middleware).
 */
export function contextCaller(expr: AstNode | null | undefined, fields: Map<string, [string, string]>, index: JsIndex): boolean {
  const n = unwrapAwait(expr);
  if (n?.type !== 'CallExpression') return false;
  const path = memberPath(n.callee as AstNode);
  if (!path || path.length !== 3 || path[0] !== 'this' || path[2] !== 'get' || fields.get(path[1])?.[0] !== 'nestjs-cls') return false;
  const key = stringValue(n.arguments[0] as AstNode, index);
  return key !== undefined && CONTEXT_CALLER_KEY.test(key);
}

/** Payload keys of a write: the caller stored there (`data: { lastModifiedBy: userId }`) selects nothing. */
const PAYLOAD_KEY = /^(data|create|update|values|set|\$set)$/;

/**
 * A method that reads the caller from the request context and names it other than in a write's
 * payload: in query criteria (`where: { id, userId }`), a comparison (`if (x.ownerId !== userId)`)
 * or a call that checks it (`this.membership.assert({ currentUserId, resourceId })`).
 */
function usesContextCaller(fn: FunctionLike, fields: Map<string, [string, string]>, index: JsIndex): boolean {
  if (!fields.size || !index.content.includes('.get(')) return false;
  const body = fn.body as AstNode;
  const locals = new Set<string>();
  const direct: AstNode[] = [];
  for (const c of nodesUnder(body, 'CallExpression')) {
    if (!contextCaller(c, fields, index)) continue;
    let up = index.parent(c);
    while (up && up.type === 'AwaitExpression') up = index.parent(up);
    if (up?.type === 'VariableDeclarator' && (up.id as AstNode).type === 'Identifier') locals.add((up.id as { name: string }).name);
    else direct.push(c);
  }
  const uses = [...direct, ...nodesUnder(body, 'Identifier').filter((i) => {
    if (!locals.has(i.name)) return false;
    const parent = index.parent(i);
    if (parent?.type === 'VariableDeclarator' && parent.id === i) return false;
    return !(parent && ((parent.type === 'MemberExpression' && parent.property === i && !parent.computed) || (parent.type === 'Property' && parent.key === i && !(parent as unknown as { shorthand?: boolean }).shorthand)));
  })];
  return uses.some((u) => {
    for (let n = index.parent(u); n && n !== body; n = index.parent(n)) {
      if (n.type === 'Property' && PAYLOAD_KEY.test(propertyKey(n) ?? '')) return false;
    }
    return true;
  });
}

/** `constructor(private repo: PostsRepository)` (or a typed field `private repo: PostsRepository`): field → [module, class]. */
export function injectedTypes(cls: Class, index: JsIndex): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  const typed = (name: string, ann: AstNode | undefined) => {
    const t = (ann as unknown as { typeAnnotation?: AstNode } | undefined)?.typeAnnotation;
    if (!t || t.type !== 'TSTypeReference') return;
    const typeName = (t as unknown as { typeName: AstNode }).typeName;
    if (typeName.type !== 'Identifier') return;
    const b = index.bindings.get(typeName.name);
    if (b && b.imported !== '*') out.set(name, [b.module, b.imported === 'default' ? typeName.name : b.imported]);
    else if (!b && index.classByName(typeName.name)) out.set(name, ['', typeName.name]);
  };
  for (const m of cls.body.body) {
    if (m.type === 'PropertyDefinition' && m.key.type === 'Identifier') typed(m.key.name, (m as unknown as { typeAnnotation?: AstNode }).typeAnnotation);
    if (m.type !== 'MethodDefinition' || m.kind !== 'constructor') continue;
    for (const p of (m.value as unknown as FunctionLike).params) {
      const param = (p as AstNode).type === 'TSParameterProperty' ? ((p as unknown as { parameter: AstNode }).parameter) : (p as AstNode);
      if (param.type === 'Identifier') typed(param.name, (param as unknown as { typeAnnotation?: AstNode }).typeAnnotation);
    }
  }
  return out;
}

function paramName(p: AstNode): string | undefined {
  const n = unwrap(p.type === 'TSParameterProperty' ? ((p as unknown as { parameter: AstNode }).parameter) : p);
  const inner = n.type === 'AssignmentPattern' ? unwrap(n.left as AstNode) : n;
  return inner.type === 'Identifier' ? inner.name : undefined;
}

function methodScope(fn: FunctionLike, cls: string, fields: Map<string, [string, string]>, index: JsIndex): MethodScope {
  const params = fn.params.map((p) => paramName(p as AstNode));
  const out: MethodScope = { s: [], u: [], o: [], f: [] };
  const names = new Set(params.filter((p): p is string => !!p));
  // Every reference of each parameter, and which of them are arguments handed on to a known method.
  const refs = new Map<string, number>();
  const forwarded = new Set<AstNode>();
  walk(fn.body as AstNode, (n) => {
    if (n.type === 'Identifier') {
      if (!names.has(n.name)) return;
      const parent = index.parent(n);
      // A key or member name is not the value.
      if (parent && ((parent.type === 'MemberExpression' && parent.property === n && !parent.computed) || (parent.type === 'Property' && parent.key === n && !(parent as unknown as { shorthand?: boolean }).shorthand))) return;
      refs.set(n.name, (refs.get(n.name) ?? 0) + 1);
      return;
    }
    if (n.type !== 'CallExpression' || n.arguments.length === 0) return;
    const path = memberPath(n.callee as AstNode);
    if (!path || path[0] !== 'this') return;
    const target = path.length === 3 ? fields.get(path[1]) : path.length === 2 ? ['', cls] : undefined;
    if (!target) return;
    n.arguments.forEach((a, i) => {
      const arg = unwrap(a as AstNode);
      const at = arg.type === 'Identifier' ? params.indexOf(arg.name) : -1;
      if (at < 0) return;
      forwarded.add(arg);
      out.f.push([at, target[0], `${target[1]}.${path[path.length - 1]}`, i]);
    });
  });
  const handed = new Map<string, number>();
  for (const a of forwarded) if (a.type === 'Identifier') handed.set(a.name, (handed.get(a.name) ?? 0) + 1);
  // The criteria test (a walk per parameter) only for parameters used other than by being handed
  // on: one never named is unused, one only handed on is decided by the method it reaches (not by
  // the verb of the forwarding call, which the criteria test would read as a query).
  let scoped: Set<number> | undefined;
  params.forEach((p, i) => {
    if (!p) return;
    const n = refs.get(p) ?? 0;
    const h = handed.get(p) ?? 0;
    if (n === 0) out.u.push(i);
    else if (n > h) {
      // Only a parameter that can hold the caller is asked (the walk is the cost); any other is
      // left undecided, which bola-idor reads as trusted.
      if (IDENTITY_PARAM.test(p)) scoped ??= scopedParams(fn, index);
      (scoped?.has(i) ? out.s : out.o).push(i);
    }
  });
  return out;
}
