// Outbound requests that cannot reach internal hosts whatever URL they are given: an HTTP client
// call whose options pin DNS through an agent that refuses private addresses at connect time
// (undici `dispatcher: new Agent({ connect: { lookup } })`, `agent`/`httpAgent` with `lookup`), or
// that follows redirects by hand (`redirect: 'manual'`) in a loop checking every hop before the
// request. The agent is judged by its lookup function's body (it inspects the address and answers
// the callback with an error), never by its name; agents of other files are joined by the ssrf rule.
import type { FactInput } from '../../../model/types.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { calleeName, functionOf, jsIndex, memberPath, nodesUnder, objectProp, propertyKey, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { Extractor } from '../../types.js';

/** Checks that throw when they refuse (`assertPublicUrl`, `ensureSafeUrl`), by the naming convention for throwing checks. */
const ASSERTION = /^(?:assert|ensure)[A-Z]\w*$/;
const AGENT_OPTION = /^(dispatcher|agent|httpAgent|httpsAgent)$/;
/** The lookup inspects the address: an IP parser or a check named for what it refuses or admits. */
const ADDRESS_TEST = /(isIP(v4|v6)?|ipaddr|block|private|internal|reserved|loopback|allow|deny|forbid|safe|public)\w*\s*\(/i;

export const extractor: Extractor = {
  id: 'js/ssrf-guards',
  title: 'HTTP client calls pinned to agents that refuse private addresses, and per-hop redirect checks',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['lookup', 'dispatcher', 'Agent', "'manual'", '"manual"'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts: FactInput[] = [];
    const safe = safeAgents(index);
    for (const name of safe) facts.push({ kind: 'config', setting: 'ssrf-safe-agent', values: { name }, evidence: index.evidence(index.program as unknown as AstNode), key: `${file.path}#ssrf-safe-agent:${name}` });
    for (const call of index.nodesOf('CallExpression')) {
      const opts = call.arguments.map((a) => unwrap(a as AstNode)).find((a) => a.type === 'ObjectExpression');
      if (!opts) continue;
      for (const p of (opts as unknown as { properties: AstNode[] }).properties) {
        if (p.type !== 'Property' || !AGENT_OPTION.test(propertyKey(p) ?? '')) continue;
        const agent = agentName(p.value as AstNode);
        if (!agent) continue;
        const b = index.bindings.get(agent);
        facts.push({ kind: 'config', setting: 'ssrf-guarded-call', values: { agent: b ? b.imported : agent, module: b ? b.module : '', local: safe.has(agent) }, evidence: index.evidence(call), key: `${file.path}#ssrf-guarded-call:${index.line(call)}` });
      }
      if (revalidatedHops(call, opts, index)) facts.push({ kind: 'config', setting: 'ssrf-guarded-call', values: { redirects: 'revalidated' }, evidence: index.evidence(call), key: `${file.path}#ssrf-revalidated-call:${index.line(call)}` });
    }
    return facts.length > 0 ? facts : null;
  },
};

/** `dispatcher: safeAgent`, `dispatcher: getSafeDispatcher()`: the agent's (or its getter's) name. */
function agentName(value: AstNode): string | undefined {
  const v = unwrap(value);
  if (v.type === 'Identifier') return v.name;
  if (v.type === 'CallExpression' && v.arguments.length === 0) return calleeName(v as CallLike);
  return undefined;
}

/**
 * Names of this file that hold a safe agent: `const a = new Agent({ connect: { lookup: f } })`
 * (undici) or `new https.Agent({ lookup: f })`, with `f` refusing addresses; and functions that
 * return one of them (`getSafeDispatcher()`).
 */
function safeAgents(index: JsIndex): Set<string> {
  const out = new Set<string>();
  if (!index.content.includes('lookup') && !index.content.includes('connect')) return out;
  for (const n of index.nodesOf('NewExpression')) {
    const callee = memberPath(n.callee as AstNode)?.join('.') ?? '';
    if (!/(^|\.)Agent$/.test(callee)) continue;
    const opts = n.arguments[0] ? unwrap(n.arguments[0] as AstNode) : undefined;
    const connect = objectProp(opts, 'connect');
    // undici also takes a whole connector, `connect: (options, callback) => ...`, which sees each
    // hop's `hostname` before the socket opens: judged like a lookup.
    const lookup = objectProp(connect, 'lookup') ?? objectProp(opts, 'lookup') ?? connect;
    const fn = lookup ? functionOf(lookup, index) : undefined;
    if (!fn || !refusesAddresses(fn, index)) continue;
    const parent = index.parent(n);
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') out.add(parent.id.name);
  }
  if (out.size === 0) return out;
  // Getters handing one of them back.
  for (const type of ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'] as const) {
    for (const fn of index.nodesOf(type)) {
      const name = index.functionName(fn);
      if (!name || !fn.body) continue;
      const returns = fn.body.type === 'BlockStatement' ? nodesUnder(fn.body as AstNode, 'ReturnStatement').map((r) => r.argument as AstNode | null) : [fn.body as AstNode];
      if (returns.some((r) => r && nodesUnder(r, 'Identifier').some((i) => out.has(i.name)))) out.add(name);
    }
  }
  return out;
}

/** A lookup `(hostname, options, callback)` or connector `(options, callback)` that inspects the address or host and calls back with an error. */
function refusesAddresses(fn: FunctionLike, index: JsIndex): boolean {
  if (!fn.body) return false;
  const text = index.text(fn.body as AstNode);
  if (!ADDRESS_TEST.test(text)) return false;
  const cb = fn.params.length > 0 ? unwrap(fn.params[fn.params.length - 1] as AstNode) : undefined;
  const cbName = cb?.type === 'Identifier' ? cb.name : undefined;
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => {
    const name = calleeName(c as CallLike);
    const first = c.arguments[0] ? unwrap(c.arguments[0] as AstNode) : undefined;
    return (name === cbName || /^(callback|cb|done|next)$/.test(name ?? '')) && first?.type === 'NewExpression';
  }) || nodesUnder(fn.body as AstNode, 'ThrowStatement').length > 0;
}

/**
 * `for (...) { if (!(await isSafe(url))) return ...; r = await fetch(url, { redirect: 'manual' }); ... }`:
 * each hop's URL is checked before it is requested.
 */
function revalidatedHops(call: CallLike, opts: AstNode, index: JsIndex): boolean {
  if (stringValue(objectProp(opts, 'redirect'), index) !== 'manual') return false;
  const target = call.arguments[0] ? unwrap(call.arguments[0] as AstNode) : undefined;
  if (target?.type !== 'Identifier') return false;
  const loop = index.ancestors(call).find((a) => /^(For|ForOf|ForIn|While|DoWhile)Statement$/.test(a.type));
  if (!loop) return false;
  const passes = (c: CallLike): boolean => c.arguments.some((a) => {
    const u = unwrapAwait(a as AstNode);
    return u?.type === 'Identifier' && u.name === target.name;
  });
  // `await assertPublicUrl(current)` as a statement (or `const [ip] = await assertPublicUrl(current)`):
  // an assertion throws when the URL is refused, so the request after it only sees checked hops.
  const asserted = nodesUnder(loop, 'CallExpression').some((c) => {
    if (c.start > call.start || !ASSERTION.test(calleeName(c as CallLike) ?? '') || !passes(c as CallLike)) return false;
    const up = index.ancestors(c).find((a) => a.type !== 'AwaitExpression' && a.type !== 'ParenthesizedExpression');
    return up?.type === 'ExpressionStatement' || up?.type === 'VariableDeclarator';
  });
  if (asserted) return true;
  return nodesUnder(loop, 'IfStatement').some((s) => {
    if (s.start > call.start) return false;
    const checks = nodesUnder(s.test as AstNode, 'CallExpression').some((c) => c.arguments.some((a) => {
      const u = unwrapAwait(a as AstNode);
      return u?.type === 'Identifier' && u.name === target.name;
    }));
    const stops = nodesUnder(s.consequent as AstNode, 'ReturnStatement').length > 0 || nodesUnder(s.consequent as AstNode, 'ThrowStatement').length > 0 || /^(Return|Throw)Statement$/.test(unwrap(s.consequent as AstNode).type);
    return checks && stops;
  });
}
