// A handler that finds the caller itself and acts only for it: `const member = await
// members.getMemberDataFromSession(req, res)` (or `const user = req.session.user`), then writes
// nothing unless the lookup found someone (`if (member) { update(...) } else { res.json(null) }`,
// `if (!user) return res.json(null)`) or keys its writes by the caller (`{ id: member.id }`, which
// fails without one before anything is written). An anonymous request changes nothing: the route
// requires a signed-in caller, as a guard in front of it would (level `user`).
import { isFunctionLike, memberPath, nodesUnder, someNode, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { callerLookup, identityPath } from './routes-guard-signals.js';
import { changesStateIn } from './routes-handler-writes.js';

/** The handler's top-level statements, those of a top-level `try` block included in their place. */
function topStatements(body: AstNode): AstNode[] {
  const out: AstNode[] = [];
  if (body.type !== 'BlockStatement') return out;
  for (const s of body.body as AstNode[]) {
    if (s.type === 'TryStatement') out.push(...(s.block.body as AstNode[]));
    else out.push(s);
  }
  return out;
}

/** `await getUserFromSession(req)` or `req.session.user` / `req.user`: where the caller comes from, else undefined. */
function callerSource(init: AstNode | null | undefined, index: JsIndex): string | undefined {
  const n = unwrapAwait(unwrap(init));
  if (!n) return undefined;
  // Named for whom it finds (`getMemberFromSession`, `User.findById(req.session.userId)`), not a
  // verdict (`authorizeFileAccess(request)` answers ok or refused, never null).
  if (n.type === 'CallExpression') {
    const name = callerLookup(n, index);
    // `insertSession(row)`, `createUserSession(...)`: what the handler makes, not whom it finds.
    if (!name || MAKER_WORD.test(name.split('.').pop() ?? '')) return undefined;
    // h3's `useSession(event)` (and a project's `useAppSession(event)` around it) opens the session
    // store, an empty one for an anonymous caller: no caller is found by it.
    if (/^use\w*Session$/.test(name.split('.').pop() ?? '')) return undefined;
    return CALLER_WORD.test(name) && !VERDICT_WORD.test(name) ? name : undefined;
  }
  const path = memberPath(n);
  const kind = identityPath(path);
  // A cookie's presence proves nothing; the session's user or the request's authenticated user does.
  if (!kind || !path || path[1] === 'cookies' || path[1] === 'signedCookies') return undefined;
  return kind === 'user' || path.length >= 3 ? path.join('.') : undefined;
}

const CALLER_WORD = /user|member|account|session|identity|principal|viewer|caller|customer/i;
const VERDICT_WORD = /authori[sz]|permission|access|allow|can[A-Z]|check|verify|validate/i;
const MAKER_WORD = /^(?:insert|create|save|add|set|put|update|upsert|store|write|new|make|generate|issue|start|open|begin|register|delete|remove|destroy)/i;

/** The caller itself (`member`), not one of its fields (`result.ok` is a verdict's, not a presence). */
function callerRef(node: AstNode | null | undefined, callers: ReadonlyMap<string, string>): string | undefined {
  const n = unwrap(node);
  return n && n.type === 'Identifier' && callers.has(n.name) ? n.name : undefined;
}

/** `if (member)`, `if (member && member.id)`: the test holds only with a caller. */
function positiveTest(test: AstNode, callers: ReadonlyMap<string, string>): string | undefined {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '&&') return positiveTest(t.left as AstNode, callers) ?? positiveTest(t.right as AstNode, callers);
  return callerRef(t, callers);
}

/** `!member`, `member == null`, `user === undefined`: the test holds without a caller. */
function negativeTest(test: AstNode, callers: ReadonlyMap<string, string>): string | undefined {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return callerRef(t.argument as AstNode, callers);
  if (t.type !== 'BinaryExpression' || !/^[!=]==?$/.test(t.operator) || t.operator.startsWith('!')) return undefined;
  const nil = (n: AstNode) => (n.type === 'Literal' && (n as { value: unknown }).value === null) || (n.type === 'Identifier' && n.name === 'undefined');
  if (nil(unwrap(t.right as AstNode))) return callerRef(t.left as AstNode, callers);
  return nil(unwrap(t.left as AstNode)) ? callerRef(t.right as AstNode, callers) : undefined;
}

/** `member.id` read outside any condition of the statement: it throws without a caller. */
function unconditionalDeref(stmt: AstNode, callers: ReadonlyMap<string, string>, index: JsIndex): string | undefined {
  // In an `if`, only its test runs for sure.
  for (const m of nodesUnder(stmt.type === 'IfStatement' ? (stmt.test as AstNode) : stmt, 'MemberExpression')) {
    const obj = unwrap(m.object as AstNode);
    if ((m as AstNode & { optional?: boolean }).optional || obj.type !== 'Identifier' || !callers.has(obj.name)) continue;
    let conditional = false;
    for (const a of index.ancestors(m)) {
      if (a === stmt) break;
      if (isFunctionLike(a) || a.type === 'ConditionalExpression' || a.type === 'LogicalExpression' || a.type === 'IfStatement' || a.type === 'ChainExpression' || (a.type === 'UnaryExpression' && a.operator === 'typeof')) {
        conditional = true;
        break;
      }
    }
    if (!conditional) return obj.name;
  }
  return undefined;
}

const leaves = (n: AstNode) => someNode(n, (x) => x.type === 'ReturnStatement' || x.type === 'ThrowStatement');

/**
 * Why the handler changes state only for a caller it looked up itself, or undefined. Reads the
 * top-level statements in order: before the first statement that writes, a lookup of the caller
 * must be followed by a gate on it (a positive test around the writes with nothing written
 * otherwise, a negative test that leaves, or an unconditional read of the caller's fields).
 */
export function callerGated(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  // Judged for handlers that change something: what an anonymous caller may read is another matter.
  if (!body || body.type !== 'BlockStatement' || !changesStateIn(body, fn, index)) return undefined;
  const stmts = topStatements(body);
  const callers = new Map<string, string>();
  for (let i = 0; i < stmts.length; i++) {
    const stmt = stmts[i];
    if (stmt.type === 'VariableDeclaration') {
      let found = false;
      for (const d of stmt.declarations) {
        const source = d.id.type === 'Identifier' ? callerSource(d.init as AstNode | null, index) : undefined;
        if (source && d.id.type === 'Identifier') {
          callers.set(d.id.name, source);
          found = true;
        }
      }
      if (found) continue;
    }
    if (callers.size === 0) {
      if (changesStateIn(stmt, fn, index)) return undefined;
      continue;
    }
    const gate = (name: string) => `${name} from ${callers.get(name)}`;
    if (stmt.type === 'IfStatement') {
      const pos = positiveTest(stmt.test as AstNode, callers);
      const rest = stmts.slice(i + 1);
      if (pos && !(stmt.alternate && changesStateIn(stmt.alternate as AstNode, fn, index)) && !rest.some((r) => changesStateIn(r, fn, index))) return `writes only when ${gate(pos)}`;
      const neg = negativeTest(stmt.test as AstNode, callers);
      if (neg && !stmt.alternate && leaves(stmt.consequent as AstNode) && !changesStateIn(stmt.consequent as AstNode, fn, index)) return `leaves without ${gate(neg)}`;
    }
    const deref = unconditionalDeref(stmt, callers, index);
    if (deref) return `writes keyed by ${gate(deref)}`;
    if (changesStateIn(stmt, fn, index)) return undefined;
  }
  return undefined;
}
