// The two messaging shapes that make findings (see index.ts): a `message` listener that acts on
// the data without checking `event.origin`, and `postMessage(credential, '*')`.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, functionOf, isFunctionLike, memberPath, nodesUnder, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** Receivers whose `message` events come from other windows; a worker's `self` hears its own page. */
const WINDOW = new Set(['window', 'globalThis', 'top', 'parent']);
/** `window.postMessage(…)`: the page's own window. */
const OWN_WINDOW = new Set(['window', 'self', 'globalThis']);
const WORKER_FILE = /(^|\/)(sw|service-?worker|serviceWorker|[\w.-]*worker)\.[cm]?[jt]s$/i;
/** A credential by its name: a key of the posted object or the name posted. */
const CREDENTIAL_NAME = /token|secret|passw(or)?d|passwd|jwt|session|api_?key|credential|bearer|auth/i;

export type MessageSink = 'html' | 'code' | 'navigation' | 'request';

interface Listener {
  fn: FunctionLike;
  at: AstNode;
}

/** `window.addEventListener('message', fn)`, `addEventListener('message', fn)` in page code, `window.onmessage = fn`. */
function listeners(index: JsIndex): Listener[] {
  const out: Listener[] = [];
  const worker = WORKER_FILE.test(index.file);
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'addEventListener' && calleeName(call) !== 'addEventListener') continue;
    const [event, handler] = call.arguments as AstNode[];
    if (!event || event.type !== 'Literal' || (event as { value?: unknown }).value !== 'message' || !handler) continue;
    const receiver = memberPath(unwrap((call.callee as AstNode & { object?: AstNode }).object as AstNode));
    const onWindow = receiver ? receiver.length === 1 && WINDOW.has(receiver[0]) : !worker;
    if (!onWindow) continue;
    const fn = functionAt(handler, index);
    if (fn) out.push({ fn, at: call as AstNode });
  }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    const target = memberPath(assign.left as AstNode);
    if (!target || target.length !== 2 || !WINDOW.has(target[0]) || target[1] !== 'onmessage') continue;
    const fn = functionAt(assign.right as AstNode, index);
    if (fn) out.push({ fn, at: assign as AstNode });
  }
  return out;
}

/** The listener itself, or the function a name refers to in this file. */
function functionAt(node: AstNode, index: JsIndex): FunctionLike | undefined {
  const n = unwrap(node);
  // A name declared in the enclosing function (`const onMessage = …` inside a React effect) first.
  if (n?.type === 'Identifier') {
    const init = unwrap(index.initAt(n.name, n) as AstNode);
    if (isFunctionLike(init)) return init;
  }
  return functionOf(n, index);
}

/**
 * What the listener reads of the event: the names that hold its data (the parameter's `.data`,
 * a destructured `data`, locals built from them), and whether it looks at where the message came
 * from (`.origin`, `.source`). Undefined when the event leaves the function whole, to a helper
 * that may check it.
 */
function readsOfEvent(fn: FunctionLike, index: JsIndex): { data: Set<string>; dataPaths: boolean; checked: boolean } | undefined {
  const param = unwrap(fn.params[0] as AstNode);
  const data = new Set<string>();
  let name: string | undefined;
  if (param?.type === 'Identifier') name = param.name;
  else if (param?.type === 'ObjectPattern') {
    let checked = false;
    for (const p of param.properties as AstNode[]) {
      const key = p.type === 'Property' ? memberPath(p.key as AstNode)?.[0] : undefined;
      if (key === 'origin' || key === 'source') checked = true;
      const value = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
      if (key === 'data' && value?.type === 'Identifier') data.add(value.name);
    }
    return { data, dataPaths: false, checked };
  } else return undefined;
  let checked = false;
  let dataPaths = false;
  const body = fn.body as AstNode;
  for (const id of nodesUnder(body, 'Identifier')) {
    if (id.name !== name) continue;
    const parent = index.parent(id as AstNode);
    const path = parent?.type === 'MemberExpression' && (parent as { object: AstNode }).object === (id as AstNode) ? memberPath(parent) : undefined;
    if (path && (path[1] === 'origin' || path[1] === 'source')) checked = true;
    else if (path && path[1] === 'data') dataPaths = true;
    else if (parent?.type === 'CallExpression' && (parent as CallLike).arguments.includes(id as never)) return undefined;
  }
  // Locals built from the data: `const msg = JSON.parse(event.data)`, `const { html } = e.data`.
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (!d.init || !mentions(d.init as AstNode, name, data)) continue;
    const id = unwrap(d.id as AstNode);
    if (id?.type === 'Identifier') data.add(id.name);
    else if (id?.type === 'ObjectPattern') for (const p of nodesUnder(id, 'Identifier')) data.add(p.name);
  }
  return { data, dataPaths, checked };
}

/** Does the expression use the event's data (`e.data…`, or a name holding it)? */
function mentions(expr: AstNode, event: string | undefined, data: ReadonlySet<string>): boolean {
  const e = unwrap(expr);
  if (!e) return false;
  if (e.type === 'Identifier') return data.has(e.name);
  if (e.type === 'MemberExpression') {
    const path = memberPath(e);
    if (path && event !== undefined && path[0] === event && path[1] === 'data') return true;
  }
  for (const id of nodesUnder(e, 'Identifier')) if (data.has(id.name)) return true;
  for (const m of nodesUnder(e, 'MemberExpression')) {
    const path = memberPath(m);
    if (path && event !== undefined && path[0] === event && path[1] === 'data') return true;
  }
  return false;
}

const HTML_PROPS = new Set(['innerHTML', 'outerHTML']);
const NAVIGATION_TARGET = /^(window\.|document\.|self\.|top\.)?location(\.href)?$/;

/** The first thing the listener does with the data that another page should not be able to make it do. */
function sinkOf(fn: FunctionLike, event: string | undefined, data: ReadonlySet<string>): { sink: MessageSink; at: AstNode; api: string } | undefined {
  const body = fn.body as AstNode;
  const found: { sink: MessageSink; at: AstNode; api: string }[] = [];
  for (const a of nodesUnder(body, 'AssignmentExpression')) {
    if (!mentions(a.right as AstNode, event, data)) continue;
    const left = unwrap(a.left as AstNode);
    const target = memberPath(left);
    // `document.getElementById('x').innerHTML`: the chain has a call, the property is what counts.
    const property = left?.type === 'MemberExpression' && !left.computed ? (left.property as AstNode) : undefined;
    const last = property?.type === 'Identifier' ? property.name : target?.[target.length - 1];
    if (last && HTML_PROPS.has(last)) found.push({ sink: 'html', at: a as AstNode, api: last });
    else if (target && NAVIGATION_TARGET.test(target.join('.'))) found.push({ sink: 'navigation', at: a as AstNode, api: target.join('.') });
  }
  for (const c of nodesUnder(body, 'CallExpression')) {
    const args = c.arguments as AstNode[];
    const name = calleeName(c) ?? '';
    const prop = calleeProperty(c) ?? '';
    const uses = (i: number) => args[i] !== undefined && mentions(args[i], event, data);
    if ((/^document\.write(ln)?$/.test(name) && uses(0)) || (prop === 'insertAdjacentHTML' && uses(1)) || (prop === 'html' && uses(0))) found.push({ sink: 'html', at: c as AstNode, api: name || prop });
    else if ((name === 'eval' || name === 'Function' || name === 'window.eval') && uses(0)) found.push({ sink: 'code', at: c as AstNode, api: name });
    else if (/^(window\.|document\.)?location\.(assign|replace)$/.test(name) && uses(0)) found.push({ sink: 'navigation', at: c as AstNode, api: name });
    else if ((prop === 'send' && uses(0)) || (name === 'fetch' && args.some((_, i) => uses(i)))) found.push({ sink: 'request', at: c as AstNode, api: name === 'fetch' ? 'fetch' : 'XMLHttpRequest.send' });
  }
  for (const n of nodesUnder(body, 'NewExpression')) {
    if (memberPath(n.callee as AstNode)?.join('.') === 'Function' && (n.arguments as AstNode[]).some((x) => mentions(x, event, data))) found.push({ sink: 'code', at: n as AstNode, api: 'new Function' });
  }
  const rank: Record<MessageSink, number> = { code: 0, html: 1, navigation: 2, request: 3 };
  return found.sort((x, y) => rank[x.sink] - rank[y.sink] || (x.at as { start: number }).start - (y.at as { start: number }).start)[0];
}

export function listenerFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const l of listeners(index)) {
    const param = unwrap(l.fn.params[0] as AstNode);
    const event = param?.type === 'Identifier' ? param.name : undefined;
    const reads = readsOfEvent(l.fn, index);
    if (!reads || reads.checked) continue;
    const sink = sinkOf(l.fn, event, reads.data);
    if (!sink) continue;
    out.push({
      kind: 'config',
      setting: 'message-listener-unchecked',
      values: { sink: sink.sink, api: sink.api, listenerLine: index.line(l.at) },
      summary: `message listener without an origin check passes the message to ${sink.api}`,
      evidence: index.evidence(sink.at),
      key: `${index.file}#config:message-listener-unchecked:${index.enclosingFunctionName(l.at)}:${sink.sink}`,
    });
  }
  return out;
}

/** `x.postMessage(value, '*')` where the value is, or carries under its own name, a credential. */
export function broadcastFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'postMessage' && calleeName(call) !== 'postMessage') continue;
    const [value, origin] = call.arguments as AstNode[];
    if (!value || origin?.type !== 'Literal' || (origin as { value?: unknown }).value !== '*') continue;
    // A page posting to its own window (a hand-off to a browser extension) reaches no other site.
    const receiver = memberPath(unwrap((call.callee as AstNode & { object?: AstNode }).object as AstNode));
    if (!receiver || (receiver.length === 1 && OWN_WINDOW.has(receiver[0]))) continue;
    const credential = credentialIn(value);
    if (!credential) continue;
    out.push({
      kind: 'config',
      setting: 'message-credential-any-origin',
      values: { credential },
      summary: `${credential} posted to any origin`,
      evidence: index.evidence(call as AstNode),
      key: `${index.file}#config:message-credential-any-origin:${index.enclosingFunctionName(call as AstNode)}:${credential}`,
    });
  }
  return out;
}

function credentialIn(value: AstNode): string | undefined {
  const v = unwrap(value);
  if (!v) return undefined;
  if (v.type === 'Identifier') return CREDENTIAL_NAME.test(v.name) ? v.name : undefined;
  if (v.type === 'MemberExpression') {
    const path = memberPath(v);
    const last = path?.[path.length - 1];
    return last && CREDENTIAL_NAME.test(last) ? path!.join('.') : undefined;
  }
  if (v.type === 'ObjectExpression') {
    for (const p of v.properties as AstNode[]) {
      if (p.type !== 'Property') continue;
      const key = memberPath(p.key as AstNode)?.[0] ?? (p.key as { value?: unknown }).value;
      if (typeof key === 'string' && CREDENTIAL_NAME.test(key)) return key;
    }
  }
  return undefined;
}
