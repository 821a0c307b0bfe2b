// Credentials and memberships created with a privilege level the caller picks: a write whose
// `type`/`role`/`scope` field comes straight from the request, where the request schema of the same
// file offers a privileged value (`type: z.enum(['read', 'write', 'root'])`), in a function that
// refuses nothing (no throw, no role comparison). And, for contrast, the role gates of the code
// base (`if (access?.role !== 'org:admin') throw ...`): an application that checks roles elsewhere
// left this function out of its policy (rule privilege-grant-without-role-check).
import type { FactInput } from '../../../model/types.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { calleeProperty, jsIndex, memberPath, nodesUnder, propertyKey, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { Extractor } from '../../types.js';

/** Privileged levels a caller should not hand to themselves. */
const PRIVILEGED = /^(admin|administrator|owner|root|super-?admin|superuser|org:admin|org:owner)$/i;
/** Fields of a record that set its privilege level. */
const LEVEL_FIELD = /^(type|role|roles|scope|scopes|permission|permissions|access|accessLevel|access_level|level)$/;
/** Request data as handlers name it (tRPC `input`, Nest DTOs, Express bodies). */
const REQUEST_ROOT = /^(input|body|dto|args|payload|data|params)$/;
const WRITE = /^(create|createMany|insert|insertOne|insertMany|upsert|save)$/;

export const extractor: Extractor = {
  id: 'js/privilege-grants',
  title: 'Writes of a caller-selected privilege level, and role gates',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ["'admin'", '"admin"', "'root'", '"root"', "'owner'", '"owner"', 'org:admin'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts: FactInput[] = [];
    for (const gate of roleGates(index)) facts.push({ kind: 'config', setting: 'role-gate', values: { level: gate.level }, evidence: index.evidence(gate.node), key: `${file.path}#role-gate:${index.line(gate.node)}` });
    const offered = privilegedSchemaFields(index);
    if (offered.size > 0) {
      for (const p of index.nodesOf('Property')) {
        const key = propertyKey(p as AstNode);
        if (!key || !LEVEL_FIELD.test(key)) continue;
        const field = requestField(p.value as AstNode);
        const levels = field ? offered.get(field) : undefined;
        if (!field || !levels) continue;
        const fn = index.enclosingFunction(p as AstNode);
        if (!fn || !fn.body || refuses(fn, index) || !writes(fn)) continue;
        facts.push({ kind: 'config', setting: 'privilege-grant', values: { field, levels: levels.join(',') }, evidence: index.evidence(p as AstNode), key: `${file.path}#privilege-grant:${index.enclosingFunctionName(p as AstNode)}:${key}` });
      }
    }
    return facts.length > 0 ? facts : null;
  },
};

/** `input.type`, `input.type ?? 'write'`, `body.role || 'member'` → the request field's name. */
function requestField(value: AstNode): string | undefined {
  let v = unwrap(value);
  if (v.type === 'LogicalExpression') v = unwrap(v.left);
  const path = memberPath(v);
  return path && path.length === 2 && REQUEST_ROOT.test(path[0]) ? path[1] : undefined;
}

/** Schema fields of this file that offer a privileged value: `type: z.enum(['read', 'root'])`, `role: z.literal('admin')`. */
function privilegedSchemaFields(index: JsIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of index.nodesOf('Property')) {
    const key = propertyKey(p as AstNode);
    if (!key || !LEVEL_FIELD.test(key)) continue;
    const call = nodesUnder(p.value as AstNode, 'CallExpression').find((c) => /^(enum|literal|union)$/.test(calleeProperty(c) ?? ''));
    if (!call) continue;
    const literals = nodesUnder(call as AstNode, 'Literal').map((l) => stringValue(l as AstNode, index)).filter((s): s is string => !!s);
    const privileged = literals.filter((s) => PRIVILEGED.test(s));
    if (privileged.length > 0 && literals.length > privileged.length) out.set(key, privileged);
  }
  return out;
}

/** The function refuses something: a throw, or a role comparison of its own. */
function refuses(fn: FunctionLike, index: JsIndex): boolean {
  return nodesUnder(fn.body as AstNode, 'ThrowStatement').length > 0 || roleGates(index).some((g) => index.enclosingFunction(g.node) === fn);
}

function writes(fn: FunctionLike): boolean {
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => WRITE.test(calleeProperty(c) ?? ''));
}

const gateCache = new WeakMap<JsIndex, { node: AstNode; level: string }[]>();

/**
 * `if (access?.role !== 'org:admin') throw ...`, `if (user.role != 'admin') return res.status(403)`:
 * a role compared with a privileged level, refusing in the consequent.
 */
function roleGates(index: JsIndex): { node: AstNode; level: string }[] {
  let out = gateCache.get(index);
  if (out) return out;
  out = [];
  for (const s of index.nodesOf('IfStatement')) {
    const cons = s.consequent as AstNode;
    const refusal = cons.type === 'ThrowStatement' || cons.type === 'ReturnStatement' || nodesUnder(cons, 'ThrowStatement').length > 0 || nodesUnder(cons, 'ReturnStatement').length > 0;
    if (!refusal) continue;
    for (const b of nodesUnder(s.test as AstNode, 'BinaryExpression')) {
      if (!/^[!=]==?$/.test(b.operator)) continue;
      const sides = [unwrap(b.left as AstNode), unwrap(b.right as AstNode)];
      const level = sides.map((x) => stringValue(x, index)).find((v) => v && PRIVILEGED.test(v));
      const role = sides.some((x) => /^roles?$/i.test(memberPath(x)?.pop() ?? ''));
      if (level && role) out.push({ node: s as AstNode, level });
    }
  }
  gateCache.set(index, out);
  return out;
}
