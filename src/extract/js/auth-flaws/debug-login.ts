// A debug switch that logs the client in as whoever it names: `if (config.debug &&
// req.cookies.mock_user) { req.session.user = JSON.parse(req.cookies.mock_user) }`. A mock-user or
// impersonation aid for local development, and an authentication bypass wherever the switch is on.
import type { FactInput } from '../../../model/types.js';
import { memberPath, nodesUnder, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact } from '../security-config/common.js';
import { configRef } from '../security-config/shipped-config.js';
import { bindingAt, requestLabel } from './request.js';

/** A debug or mock switch: `config.debug`, `settings.debugMode`, `process.env.DEBUG`, `isDebug`, `MOCK_LOGIN`. */
const DEBUG_SWITCH = /^(is_?)?(debug|mock)(_?(mode|login|user|auth))?$/i;
/** Where a request's identity lives: `req.session.user`, `req.user`, `ctx.state.user`, `req.session.userId`. */
const IDENTITY = /^(req|request|ctx)\.(session\.|state\.)?(user|current_?user|user_?id|uid|account)$/i;

/** The debug switch a test reads, if any: its text and, when it is a setting of a local config module, that setting. */
function debugSwitch(test: AstNode, index: JsIndex): { text: string; env?: string; ref?: { module: string; path: string } } | undefined {
  for (const n of [test, ...nodesUnder(test, 'MemberExpression'), ...nodesUnder(test, 'Identifier')]) {
    const path = memberPath(unwrap(n));
    const last = path?.[path.length - 1];
    if (!path || !last || !DEBUG_SWITCH.test(last)) continue;
    // `!config.debug` is the production branch.
    const parent = index.parent(n);
    if (parent?.type === 'UnaryExpression' && parent.operator === '!') continue;
    if (path[0] === 'process' && path[1] === 'env') return { text: path.join('.'), env: last };
    return { text: path.join('.'), ref: configRef(n, index) };
  }
  return undefined;
}

/** The request value an expression is built from: directly, or through names bound from one (`JSON.parse(req.cookies.x)`). */
function fromClient(node: AstNode, index: JsIndex, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  for (const n of [node, ...nodesUnder(node, 'MemberExpression'), ...nodesUnder(node, 'CallExpression')]) {
    const label = requestLabel(n, index);
    if (label) return label;
  }
  for (const id of [node, ...nodesUnder(node, 'Identifier')]) {
    if (id.type !== 'Identifier') continue;
    const b = bindingAt(id.name, id, index);
    const found = b ? fromClient(b.init, index, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

export function debugLoginFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const stmt of index.nodesOf('IfStatement')) {
    const sw = debugSwitch(stmt.test as AstNode, index);
    if (!sw) continue;
    for (const a of nodesUnder(stmt.consequent as AstNode, 'AssignmentExpression')) {
      const target = memberPath(a.left as AstNode)?.join('.');
      if (!target || !IDENTITY.test(target)) continue;
      const source = fromClient(a.right as AstNode, index);
      if (!source) continue;
      out.push(
        configFact(index, a, 'debug-identity', {
          switch: sw.text,
          switchEnv: sw.env ?? null,
          switchModule: sw.ref?.module ?? null,
          switchPath: sw.ref?.path ?? null,
          identity: target,
          source,
          switchLine: index.line(stmt),
        }, `${target} taken from ${source} when ${sw.text} is on`, target),
      );
      break;
    }
  }
  return out;
}
