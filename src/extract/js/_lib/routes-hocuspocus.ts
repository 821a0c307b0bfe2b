// Hocuspocus (Yjs collaboration) servers: the collaboration socket is an entry point, guarded by
// an `onAuthenticate` hook that refuses (throws) before any document is loaded or stored. The hook
// sits in the server's options or in an extension class (`extensions: [new AuthExtension()]`,
// an injected `this.authenticationExtension`), often in another file: extension classes are
// emitted as guard definitions, and a server's route refers to its extensions for link to judge.
// Where the socket arrives:
//   - a ws connection callback that calls `hocuspocus.handleConnection(socket, req)`: socketFacts'
//     route of that connection takes the server's gate (`hocuspocusGate`);
//   - a method of an exported class handed the socket (`handleConnection(client, req) {
//     this.hocuspocus.handleConnection(client, …) }`): a guard definition of that method, so the
//     connection that calls it (`this.gateway.handleConnection(client, req)`) takes the gate;
//   - anywhere else (an upgrade handler, a standalone `Server.configure({ port })`): a route here.
// What the socket reaches, the document hooks (`onLoadDocument`, `onStoreDocument`...) of the
// options and extensions, are entry points under that path, behind the same gate.
import type { Class } from 'oxc-parser';
import type { AuthFact, FactInput } from '../../../model/types.js';
import { calleeProperty, injectedClass, isFunctionLike, memberPath, objectProp, resolveObject, stringValue, unwrap, walk, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import type { HandlerRecord } from './routes-link.js';
import { isLocalModule } from './routes-exports.js';
import { fileNoExt, internalFact, routeFact, type MwRef, type RouteMeta } from './routes.js';

const INSTANCE = /^@hocuspocus\/server\.(Hocuspocus|Server)(\.configure)?$/;

/**
 * Module specifiers that may be the application's own code: local ones, and scoped names other than
 * Hocuspocus's own packages, which may be tsconfig aliases (`@server/collaboration/X`); link
 * resolves those only where the repository has that folder, so a published extension matches nothing.
 */
function mayBeOwnModule(spec: string): boolean {
  return isLocalModule(spec) || (/^@[\w-]+\//.test(spec) && !spec.startsWith('@hocuspocus/'));
}

/** `onAuthenticate` refuses when its own code throws (or rejects): Hocuspocus then closes the connection unauthenticated. */
function refuses(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  let at: AstNode | undefined;
  walk(body, (n) => {
    if (at || (n !== body && isFunctionLike(n))) return false;
    if (n.type === 'ThrowStatement' || (n.type === 'CallExpression' && memberPath(unwrap(n.callee as AstNode))?.join('.') === 'Promise.reject')) at = n;
    return at === undefined;
  });
  return at ? `onAuthenticate refuses the connection (line ${index.line(at)})` : undefined;
}

function methodOf(cls: AstNode, name: string): FunctionLike | undefined {
  for (const m of (cls as Class).body.body as AstNode[]) {
    if ((m.type === 'MethodDefinition' || m.type === 'PropertyDefinition') && !m.computed && m.key.type === 'Identifier' && m.key.name === name) {
      const v = unwrap(m.value as AstNode | null);
      if (isFunctionLike(v)) return v;
    }
  }
  return undefined;
}

/** Export names of a class declared in this file. */
function classExports(index: JsIndex, cls: AstNode): string[] {
  const out: string[] = [];
  for (const [name, value] of index.exports) {
    const v = unwrap(value);
    if (v === cls || (v?.type === 'Identifier' && (cls as { id?: { name?: string } }).id?.name === v.name)) out.push(name);
  }
  return out;
}

/**
 * Extension classes with an `onAuthenticate` hook: a guard definition for the servers that list
 * them where it refuses, else a body seen and judged no guard (`AuthExtension` is then no guard,
 * whatever its name says).
 */
function extensionGuards(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')] as AstNode[]) {
    const hook = methodOf(cls, 'onAuthenticate');
    const exports = hook ? classExports(index, cls) : [];
    if (exports.length === 0) continue;
    const name = (cls as { id?: { name?: string } }).id?.name ?? exports[0];
    const why = refuses(hook!, index);
    if (!why) {
      const seen: HandlerRecord = { exports, name, line: index.line(hook!), tags: [], rejects: false };
      out.push(internalFact('js-handler', index.evidence(hook!), seen, `${index.file}#js-handler:${name}.onAuthenticate`));
      continue;
    }
    const fact: Omit<AuthFact, 'extractor'> = {
      kind: 'auth',
      mechanism: 'custom',
      role: 'guard-definition',
      name,
      details: { level: 'user', exports: exports.join(','), why: `Hocuspocus extension ${name}: ${why}` },
      evidence: index.evidence(hook!),
      key: `${index.file}#auth:guard:${name}.onAuthenticate`,
    };
    out.push(fact);
  }
  return out;
}

/** An imported class named at `at` (`AuthExtension`, `this.auth` injected as one) as a ref for link. */
function importedRef(className: string, index: JsIndex): MwRef | undefined {
  const b = index.bindings.get(className);
  if (!b || !mayBeOwnModule(b.module)) return undefined;
  return { name: className, module: b.module, from: index.file, export: b.imported === '*' ? 'default' : b.imported, terminal: true };
}

interface Gate {
  inline?: RouteMeta['inline'];
  /** The extension classes of other modules: judged in link, and mounted for their document hooks. */
  refs: MwRef[];
  /** Document hooks of the options, extension objects and extension classes of this file. */
  hooks: { name: string; fn: FunctionLike }[];
}

/** Hooks that load, store or change a document on a client's behalf: what the socket reaches. */
const DOC_HOOKS = ['onLoadDocument', 'onStoreDocument', 'onChange', 'onStateless'];

/** A hook that does work (awaits something or hands a value back), not one that only logs or counts. */
function reaches(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return false;
  let found = false;
  walk(body, (n) => {
    if (found || (n !== body && isFunctionLike(n))) return false;
    found = n.type === 'AwaitExpression' || (n.type === 'ReturnStatement' && n.argument !== null);
    return !found;
  });
  return found || body.type !== 'BlockStatement';
}

function docHooks(obj: AstNode | undefined, index: JsIndex): { name: string; fn: FunctionLike }[] {
  if (!obj) return [];
  const out: { name: string; fn: FunctionLike }[] = [];
  for (const name of DOC_HOOKS) {
    const v = obj.type === 'ObjectExpression' ? unwrap(objectProp(obj, name)) : undefined;
    const fn = obj.type === 'ObjectExpression' ? (isFunctionLike(v) ? v : v?.type === 'Identifier' ? index.functionByName(v.name) : undefined) : methodOf(obj, name);
    if (fn && reaches(fn)) out.push({ name, fn });
  }
  return out;
}

/** What authenticates a server's connections (its own `onAuthenticate`, or one of its extensions'), and what they reach. */
function serverGate(opts: AstNode | undefined, index: JsIndex): Gate {
  const refs: MwRef[] = [];
  const hooks = docHooks(opts, index);
  let inline: RouteMeta['inline'];
  const judge = (obj: AstNode | undefined): string | undefined => {
    const hook = unwrap(objectProp(obj, 'onAuthenticate'));
    const fn = isFunctionLike(hook) ? hook : hook?.type === 'Identifier' ? index.functionByName(hook.name) : undefined;
    return fn ? refuses(fn, index) : undefined;
  };
  const own = judge(opts);
  if (own) inline = { level: 'user', why: `Hocuspocus server: ${own}` };
  const list = unwrap(objectProp(opts, 'extensions'));
  for (const el of list?.type === 'ArrayExpression' ? (list.elements as (AstNode | null)[]) : []) {
    const e = unwrap(el);
    if (!e) continue;
    if (e.type === 'ObjectExpression') {
      const why = judge(e);
      if (why) inline ??= { level: 'user', why: `Hocuspocus extension: ${why}` };
      hooks.push(...docHooks(e, index));
      continue;
    }
    let className: string | undefined;
    if (e.type === 'NewExpression' && unwrap(e.callee as AstNode).type === 'Identifier') className = (unwrap(e.callee as AstNode) as { name: string }).name;
    const path = memberPath(e);
    if (path?.length === 2 && path[0] === 'this') className = injectedClass(e, path[1], index);
    else if (path?.length === 1) className = path[0];
    if (!className) continue;
    const local = index.classByName(className) as AstNode | undefined;
    if (local) {
      const hook = methodOf(local, 'onAuthenticate');
      const why = hook ? refuses(hook, index) : undefined;
      if (why) inline ??= { level: 'user', why: `Hocuspocus extension ${className}: ${why}` };
      hooks.push(...docHooks(local, index));
      continue;
    }
    const ref = importedRef(className, index);
    if (ref) refs.push(ref);
  }
  return { inline, refs, hooks };
}

interface Instance {
  node: CallLike;
  /** Where it is kept: `hocuspocus`, `this.hocuspocus`. */
  holder?: string;
  gate: Gate;
}

function instances(index: JsIndex): Instance[] {
  const out: Instance[] = [];
  for (const n of [...index.nodesOf('NewExpression'), ...index.nodesOf('CallExpression')] as CallLike[]) {
    if (!INSTANCE.test(index.resolvedCallee(n) ?? '')) continue;
    const parent = index.parent(n);
    let holder: string | undefined;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') holder = parent.id.name;
    else if (parent?.type === 'AssignmentExpression') holder = memberPath(parent.left as AstNode)?.join('.');
    out.push({ node: n, holder, gate: serverGate(resolveObject(n.arguments[0] as AstNode, index), index) });
  }
  return out;
}

/** `<holder>.handleConnection(socket, req)` calls: where a server takes its sockets. */
function connectionCalls(index: JsIndex, holder: string | undefined): CallLike[] {
  if (!holder) return [];
  return index.nodesOf('CallExpression').filter((c) => calleeProperty(c) === 'handleConnection' && memberPath(unwrap((unwrap(c.callee as AstNode) as { object?: AstNode }).object))?.join('.') === holder);
}

/** The callback of `x.on('connection', fn)`: socketFacts' route. */
function isConnectionCallback(fn: FunctionLike, index: JsIndex): boolean {
  const call = index.parent(fn);
  return call?.type === 'CallExpression' && calleeProperty(call) === 'on' && stringValue(call.arguments[0] as AstNode, index) === 'connection';
}

/** The path an upgrade handler checks before it hands the socket on: `if (req.url?.startsWith(path))`, `pathname === '/collab'`. */
function upgradePath(at: AstNode, index: JsIndex): string {
  for (const a of index.ancestors(at)) {
    if (a.type !== 'IfStatement') continue;
    let found: string | undefined;
    walk(a.test as AstNode, (n) => {
      if (found) return false;
      if (n.type === 'CallExpression' && calleeProperty(n) === 'startsWith') found = stringValue(n.arguments[0] as AstNode, index);
      else if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) found = stringValue(n.right as AstNode, index) ?? stringValue(n.left as AstNode, index);
      if (found && !found.startsWith('/')) found = undefined;
      return found === undefined;
    });
    if (found) return found;
  }
  return '/';
}

/** The gate of a server in this file whose `handleConnection` a connection callback hands its socket to. */
export function hocuspocusGate(fn: FunctionLike, index: JsIndex): Gate | undefined {
  if (!index.imports('@hocuspocus/server')) return undefined;
  for (const inst of instances(index)) {
    if (connectionCalls(index, inst.holder).some((c) => c.start >= fn.start && c.end <= fn.end)) return inst.gate;
  }
  return undefined;
}

export function hocuspocusFacts(index: JsIndex): FactInput[] {
  // Extensions declare themselves by the package's types (`implements Extension`, payload types).
  if (!index.imports('@hocuspocus/server')) return [];
  const out: FactInput[] = index.content.includes('onAuthenticate') ? extensionGuards(index) : [];
  out.push(...extensionHooks(index));
  for (const inst of instances(index)) {
    const { gate } = inst;
    const recv = `${fileNoExt(index.file)}#hocuspocus@${inst.node.start}`;
    // Where the server sits: under a listener of its own (a path here), or under the connections
    // that call a method handing it the socket (link), `~recv-kind` dropping its hooks without one.
    let placed: { prefix: string; at: AstNode } | undefined;
    let handedBy = false;
    const calls = connectionCalls(index, inst.holder);
    for (const call of calls) {
      const fn = index.enclosingFunction(call);
      if (!fn || isConnectionCallback(fn, index)) continue;
      const method = index.parent(fn);
      const socket = unwrap(call.arguments[0] as AstNode);
      const cls = method?.type === 'MethodDefinition' ? (index.enclosingClass(method) as AstNode | undefined) : undefined;
      const methodName = method?.type === 'MethodDefinition' && method.key.type === 'Identifier' ? method.key.name : undefined;
      if (cls && methodName && socket?.type === 'Identifier') {
        // A method given the socket: its callers' connections take the gate (`Class.method` for link).
        const exports = classExports(index, cls).map((e) => (e === 'default' ? methodName : `${e}.${methodName}`));
        if (exports.length === 0) continue;
        handedBy = true;
        for (const e of exports) out.push(internalFact('js-router-mount', index.evidence(call), { kind: 'export', framework: 'hocuspocus', id: recv, export: `${e}(0)` }, `${index.file}#js-router-mount:hocuspocus:${e}`));
        const via = gate.refs.map((r) => `${r.module}#${r.export}`).join(',');
        if (!gate.inline && !via) continue;
        const name = `${(cls as { id?: { name?: string } }).id?.name ?? exports[0]}.${methodName}`;
        const fact: Omit<AuthFact, 'extractor'> = {
          kind: 'auth',
          mechanism: 'custom',
          role: 'guard-definition',
          name,
          details: { level: 'user', exports: exports.join(','), why: `${name} hands the socket to a Hocuspocus server${gate.inline ? `: ${gate.inline.why}` : ''}`, ...(gate.inline ? {} : { via }) },
          evidence: index.evidence(call),
          key: `${index.file}#auth:guard:${name}`,
        };
        out.push(fact);
        continue;
      }
      const prefix = upgradePath(call, index);
      placed ??= { prefix, at: call };
      out.push(collabRoute(index, call, prefix, gate));
    }
    // A server listening by itself (`Server.configure({ port }).listen()`, `new Server({ port })`).
    const opts = resolveObject(inst.node.arguments[0] as AstNode, index);
    const chained = index.parent(index.parent(inst.node) ?? inst.node);
    const listens = objectProp(opts, 'port') !== undefined || (inst.holder !== undefined && index.content.includes(`${inst.holder}.listen(`)) || (chained?.type === 'CallExpression' && calleeProperty(chained) === 'listen');
    if (calls.length === 0 && listens) {
      placed = { prefix: '/', at: inst.node };
      out.push(collabRoute(index, inst.node, '/', gate));
    }
    if (!placed && !handedBy) continue;
    if (placed) out.push(internalFact('js-router-mount', index.evidence(placed.at), { kind: 'call', framework: 'hocuspocus', parent: { id: `${recv}:listener` }, child: { id: recv }, prefix: placed.prefix, mw: [] }, `${index.file}#js-router-mount:hocuspocus-listener:${inst.node.start}`));
    // What the socket reaches: the document hooks, behind the server's gate.
    const mw = gateChain(gate);
    gate.refs.forEach((r, i) => {
      out.push(internalFact('js-router-mount', index.evidence(inst.node), { kind: 'call', framework: 'hocuspocus', parent: { id: recv }, child: { module: r.module!, from: index.file, export: `${r.export}(0)` }, prefix: '', mw }, `${index.file}#js-router-mount:hocuspocus-extension:${inst.node.start}:${i}`));
    });
    for (const h of gate.hooks) out.push(hookRoute(index, h.name, h.fn, recv, mw, handedBy && !placed));
  }
  return out;
}

/** The server's gate as a middleware chain: its extensions for link to judge, and its own hook. */
function gateChain(gate: Gate): MwRef[] {
  return [...gate.refs, ...(gate.inline ? [{ name: '<onAuthenticate>', role: 'auth-user' as const, mechanism: 'custom', why: gate.inline.why, terminal: true }] : [])];
}

/** Document hooks of exported extension classes, under the servers that list them (`Ext(0)` for link). */
function extensionHooks(index: JsIndex): FactInput[] {
  const content = index.content;
  if (!DOC_HOOKS.some((h) => content.includes(h))) return [];
  const out: FactInput[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')] as AstNode[]) {
    const hooks = docHooks(cls, index);
    const exports = hooks.length > 0 ? classExports(index, cls) : [];
    if (exports.length === 0) continue;
    const name = (cls as { id?: { name?: string } }).id?.name ?? exports[0];
    const recv = `${fileNoExt(index.file)}#${name}@${cls.start}`;
    for (const e of exports) out.push(internalFact('js-router-mount', index.evidence(cls), { kind: 'export', framework: 'hocuspocus', id: recv, export: `${e}(0)` }, `${index.file}#js-router-mount:hocuspocus:${e}`));
    for (const h of hooks) out.push(hookRoute(index, h.name, h.fn, recv, [], true, `${name}.${h.name}`));
  }
  return out;
}

function hookRoute(index: JsIndex, hook: string, fn: FunctionLike, recv: string, mw: MwRef[], linkedOnly: boolean, name?: string): FactInput {
  const local = `#${hook}`;
  return routeFact({
    framework: 'hocuspocus',
    protocol: 'websocket',
    method: 'MESSAGE',
    path: local,
    evidence: index.evidence(fn),
    handler: { file: index.file, line: index.line(fn), ...(name ? { name } : {}) },
    meta: { recv: { id: recv }, mw, local },
    extraTags: linkedOnly ? ['~recv-kind:param:extension'] : [],
  });
}

function collabRoute(index: JsIndex, at: CallLike, base: string, gate: Gate): FactInput {
  const local = `${base}#connection`;
  return routeFact({
    framework: 'hocuspocus',
    protocol: 'websocket',
    method: 'MESSAGE',
    path: local,
    evidence: index.evidence(at),
    handler: { file: index.file, line: index.line(at) },
    meta: { mw: gate.refs, local, ...(gate.inline ? { inline: gate.inline } : {}) },
  });
}
