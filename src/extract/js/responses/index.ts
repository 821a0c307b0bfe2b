// What route handlers send back that may hold secrets: the whole `process.env`, or whole user
// records read from an ORM without a projection; and, per file, whether models hide fields from
// serialisation (so the rule can stay silent when it cannot tell). Config facts only: rules join
// them to routes through the handler lines recorded here.
import { calleeName, calleeProperty, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { configFact, devOnly } from '../security-config/common.js';

/** `res.json`, `res.status(200).send`, `reply.code(200).send`, `response.jsonp`. */
const SEND_METHODS = new Set(['json', 'jsonp', 'send', 'end']);
const RESPONSE_OBJECTS = new Set(['res', 'response', 'reply']);
/** Koa / Hono style assignments of the response body. */
const BODY_TARGET = new Set(['ctx.body', 'ctx.response.body', 'this.body']);
/** ORM reads that return whole rows or documents. */
const QUERY_METHODS = new Set(['find', 'findOne', 'findById', 'findAll', 'findByPk', 'findMany', 'findFirst', 'findUnique', 'findAndCountAll', 'findBy', 'findOneBy', 'findFirstOrThrow', 'findUniqueOrThrow']);
/** Query options or chained calls that choose the returned columns: the rule cannot tell what is left, so it stays silent. */
const PROJECTION_KEYS = new Set(['select', 'omit', 'attributes', 'projection', 'fields']);
const BY_ID = new Set(['findById', 'findByPk']);
const PROJECTION_CHAIN = new Set(['select', 'project', 'omit', 'projection']);
/** What a model file does to keep fields out of responses (Mongoose/Sequelize/TypeORM/class-transformer). */
const HIDES_FIELDS = /toJSON|toObject|defaultScope|\.plugin\(|@Exclude\(|select\s*:\s*false|hidden\s*:|\bomit\s*:|serializ/;
/** Repository-wide hiding: a global Mongoose plugin or toJSON option, Prisma's global `omit`, an Express JSON replacer. */
const HIDES_GLOBALLY = /mongoose\.plugin\(|mongoose\.set\(\s*['"]toJSON|new\s+PrismaClient\(\s*\{[\s\S]{0,200}?\bomit\s*:|['"]json replacer['"]/;

/**
 * Lines an entry point may name as this node's handler: every enclosing function, and the
 * declaration or wrapper call it sits in (`const h = asyncHandler(async (req, res) => …)`,
 * `exports.h = function …`, a class method).
 */
function handlerLines(node: AstNode, index: JsIndex): number[] {
  const lines = new Set<number>();
  let inFunction = false;
  for (const a of index.ancestors(node)) {
    const fn = a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression' || a.type === 'FunctionDeclaration';
    if (fn) inFunction = true;
    if (fn || (inFunction && ['MethodDefinition', 'VariableDeclarator', 'AssignmentExpression', 'Property', 'CallExpression', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'PropertyDefinition'].includes(a.type))) lines.add(index.line(a));
  }
  return [...lines].sort((x, y) => x - y);
}

/** `process.env` itself (not `process.env.X`) inside a value that is sent whole: nested in object or array literals, spreads, JSON.stringify. */
function sendsProcessEnv(value: AstNode, at: AstNode, index: JsIndex): AstNode | undefined {
  let found: AstNode | undefined;
  const seen = new Set<string>();
  const visit = (n: AstNode): void => {
    const node = unwrap(n);
    if (!node || found) return;
    // A local holding the body (`const result = { env: process.env }; res.json(result)`), once per name.
    if (node.type === 'Identifier' && !seen.has(node.name)) {
      seen.add(node.name);
      const init = index.initAt(node.name, at);
      if (init) visit(init);
      for (const v of assignedProps(node.name, at, index)) visit(v);
      return;
    }
    if (node.type === 'MemberExpression' && memberPath(node)?.join('.') === 'process.env') {
      found = node;
      return;
    }
    if (node.type === 'ObjectExpression') {
      for (const p of node.properties) visit((p.type === 'SpreadElement' ? p.argument : p.value) as AstNode);
    } else if (node.type === 'ArrayExpression') {
      for (const e of node.elements) if (e) visit((e.type === 'SpreadElement' ? e.argument : e) as AstNode);
    } else if (node.type === 'CallExpression' && ['JSON.stringify', 'Object.assign'].includes(calleeName(node) ?? '')) {
      for (const a of node.arguments) visit((a.type === 'SpreadElement' ? a.argument : a) as AstNode);
    }
  };
  visit(value);
  return found;
}

/** Values stored into `name.x = …` in the function around `at` (a response object filled field by field). */
function assignedProps(name: string, at: AstNode, index: JsIndex): AstNode[] {
  const fn = index.enclosingFunction(at);
  if (!fn) return [];
  return nodesUnder(fn as AstNode, 'AssignmentExpression')
    .filter((a) => a.operator === '=' && memberPath(a.left as AstNode)?.length === 2 && memberPath(a.left as AstNode)?.[0] === name)
    .map((a) => a.right);
}

/**
 * Identifiers sent whole: the value itself, a top-level property of an object literal (`{ users }`,
 * `{ data: users }`), or a property stored into the sent object (`result.items = users`).
 */
function sentNames(value: AstNode, at: AstNode, index: JsIndex): string[] {
  const node = unwrap(value);
  if (!node) return [];
  if (node.type === 'Identifier') {
    const stored = assignedProps(node.name, at, index).map((v) => unwrap(v)).filter((v): v is AstNode & { type: 'Identifier'; name: string } => v?.type === 'Identifier');
    return [node.name, ...stored.map((v) => v.name)];
  }
  if (node.type !== 'ObjectExpression') return [];
  const out: string[] = [];
  for (const p of node.properties) {
    if (p.type !== 'Property') continue;
    const v = unwrap(p.value as AstNode);
    if (v?.type === 'Identifier') out.push(v.name);
  }
  return out;
}

interface RecordQuery {
  model: string;
  api: string;
}

/** The model a query reads: `User.find`, `db.User.findAll`, `models.User.findAll`, `prisma.user.findMany`, `this.userRepository.find`. */
function modelOf(call: CallLike): RecordQuery | undefined {
  const method = calleeProperty(call);
  if (!method || !QUERY_METHODS.has(method)) return undefined;
  const callee = call.callee as AstNode;
  if (callee.type !== 'MemberExpression') return undefined;
  const path = memberPath(callee.object as AstNode);
  if (!path || path.length === 0) return undefined;
  const last = path[path.length - 1];
  const repo = /^(\w+?)(Repository|Repo)$/.exec(last);
  if (repo) return { model: repo[1], api: `${path.join('.')}.${method}` };
  if (path.length >= 2 && /^prisma$|Prisma$|^db$|^client$/.test(path[path.length - 2]) && /^[a-z]/.test(last)) return { model: last, api: `${path.join('.')}.${method}` };
  if (/^[A-Z]\w*$/.test(last)) return { model: last.replace(/(Model|Entity|Schema)$/, '') || last, api: `${path.join('.')}.${method}` };
  return undefined;
}

/** Does the query choose its columns: an options/projection argument with a column key, a string projection, or a chained `.select()`? */
function projected(call: CallLike, outer: AstNode, index: JsIndex): boolean {
  const args = call.arguments as AstNode[];
  for (const [i, a] of args.entries()) {
    const arg = unwrap(a);
    if (!arg) continue;
    // Mongoose `find(filter, projection)`, Sequelize `findByPk(id, options)`: a second argument may drop fields.
    if (i >= 1) return true;
    if (arg.type === 'ObjectExpression' && arg.properties.some((p) => p.type === 'Property' && PROJECTION_KEYS.has(index.text(p.key as AstNode).replace(/['"]/g, '')))) return true;
    // Options built elsewhere (`findAll(options)`) may choose columns; an id (`findById(id)`) does not.
    if (arg.type === 'Identifier' && !BY_ID.has(calleeProperty(call) ?? '')) return true;
  }
  // Chained calls between the query and the value: `.select('-password')`, `.lean()`, `.populate()`.
  let n: AstNode | undefined = call as AstNode;
  while (n && n !== outer) {
    const parent = index.parent(n);
    if (parent?.type === 'MemberExpression') {
      const name = index.text(parent.property as AstNode);
      if (PROJECTION_CHAIN.has(name)) return true;
    }
    n = parent;
  }
  return false;
}

/** The ORM query whose awaited or resolved value is `init` (`await User.find({}).lean()`). */
function queryIn(init: AstNode | undefined): CallLike | undefined {
  let n = unwrapAwait(init ?? null);
  while (n && n.type === 'CallExpression') {
    if (modelOf(n)) return n;
    const callee = n.callee as AstNode;
    if (callee.type !== 'MemberExpression') return undefined;
    n = unwrap(callee.object as AstNode);
  }
  return undefined;
}

/** Where `name` got its value in the function around `at`: `const users = await User.find()` or `User.findAll().then((users) => …)`. */
function queryOfName(name: string, at: AstNode, index: JsIndex): { call: CallLike; outer: AstNode } | undefined {
  const init = index.initAt(name, at);
  const q = queryIn(init);
  if (q && init) return { call: q, outer: init };
  for (const a of index.ancestors(at)) {
    if (a.type !== 'ArrowFunctionExpression' && a.type !== 'FunctionExpression') continue;
    const first = a.params[0];
    if (first?.type !== 'Identifier' || first.name !== name) continue;
    const call = index.parent(a);
    if (call?.type !== 'CallExpression' || calleeProperty(call) !== 'then') return undefined;
    const callee = call.callee as AstNode;
    const target = callee.type === 'MemberExpression' ? queryIn(callee.object as AstNode) : undefined;
    return target ? { call: target, outer: call } : undefined;
  }
  return undefined;
}

/** A send method whose receiver chain starts at the response object (`res.status(200).set(h).json`). */
function sendsResponse(call: CallLike): boolean {
  if (!SEND_METHODS.has(calleeProperty(call) ?? '')) return false;
  let n: AstNode | undefined = unwrap(call.callee as AstNode);
  while (n && (n.type === 'MemberExpression' || n.type === 'CallExpression')) n = unwrap((n.type === 'MemberExpression' ? n.object : n.callee) as AstNode);
  return n?.type === 'Identifier' && RESPONSE_OBJECTS.has(n.name);
}

interface Sent {
  node: AstNode;
  value: AstNode;
  via: 'send' | 'body' | 'return';
}

function sentValues(index: JsIndex): Sent[] {
  const out: Sent[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (!sendsResponse(call) || call.arguments.length === 0) continue;
    out.push({ node: call, value: call.arguments[0] as AstNode, via: 'send' });
  }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    if (BODY_TARGET.has(memberPath(assign.left as AstNode)?.join('.') ?? '')) out.push({ node: assign, value: assign.right, via: 'body' });
  }
  for (const ret of index.nodesOf('ReturnStatement')) if (ret.argument && index.enclosingFunction(ret)) out.push({ node: ret, value: ret.argument, via: 'return' });
  return out;
}

function responseFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const mayEnv = index.content.includes('process.env');
  // Records need a model query somewhere in the file (`Array#find` calls are not one).
  const mayQuery = index.content.includes('find') && index.nodesOf('CallExpression').some((c) => modelOf(c) !== undefined);
  for (const s of sentValues(index)) {
    // What is sent first (cheap), whether a handler sends it only then: most returns send neither.
    const found = mayEnv && sendsProcessEnv(s.value, s.node, index) ? ({ kind: 'env' } as const) : mayQuery ? recordsSent(s, index) : undefined;
    if (!found) continue;
    const lines = handlerLines(s.node, index).join(',');
    if (!lines) continue;
    if (found.kind === 'env') {
      if (!devOnly(s.node, index)) out.push(configFact(index, s.node, 'response-data', { content: 'process-env', via: s.via, handlerFile: index.file, handlerLines: lines }, 'response body includes process.env', `env:${s.via}`));
      continue;
    }
    const values = { content: 'records', via: s.via, model: found.model, api: found.api, ...(found.variable ? { variable: found.variable } : {}), ...(found.included ? { included: found.included } : {}), handlerFile: index.file, handlerLines: lines };
    out.push(configFact(index, s.node, 'response-data', values, `response body is whole ${found.model} records`, found.variable ? `records:${found.api}:${found.variable}` : `records:${found.api}`));
  }
  return out;
}

/** Whole records of a query the value carries: the query itself, or a name bound to its result. */
function recordsSent(s: Sent, index: JsIndex): { kind: 'records'; model: string; api: string; variable?: string; included?: string } | undefined {
  // The query is in the function that sends or one around it (`find().then((rows) => res.json(rows))`):
  // with no `find` in the outermost of them, no records. Most returned values fail here, cheaply.
  let fn: AstNode | undefined;
  for (let f = index.enclosingFunction(s.node); f; f = index.enclosingFunction(f)) fn = f;
  if (fn) {
    const span = fn as unknown as { start: number; end: number };
    const at = index.content.indexOf('find', span.start);
    if (at === -1 || at >= span.end) return undefined;
  }
  const value = unwrapAwait(s.value);
  const direct = value?.type === 'CallExpression' ? queryIn(value) : undefined;
  if (direct && value) {
    const m = modelOf(direct)!;
    return projected(direct, value, index) ? undefined : { kind: 'records', model: m.model, api: m.api, ...included(direct) };
  }
  for (const name of sentNames(s.value, s.node, index)) {
    const q = queryOfName(name, s.node, index);
    if (!q || projected(q.call, q.outer, index)) continue;
    const m = modelOf(q.call)!;
    return { kind: 'records', model: m.model, api: m.api, variable: name, ...included(q.call) };
  }
  return undefined;
}

/**
 * Models a query joins in whole (Sequelize `include: [UserModel]`, `include: [{ model: User }]`
 * without `attributes`): their records are sent too, nested in each row.
 */
function included(call: CallLike): { included?: string } {
  const opts = unwrap(call.arguments[0] as AstNode | undefined);
  if (!opts || opts.type !== 'ObjectExpression') return {};
  const out: string[] = [];
  for (const p of opts.properties) {
    if (p.type !== 'Property' || p.key.type !== 'Identifier' || p.key.name !== 'include') continue;
    const v = unwrap(p.value as AstNode);
    for (const e of v.type === 'ArrayExpression' ? v.elements : [v]) {
      let item: AstNode | undefined | null = unwrap(e as AstNode | null);
      if (item && item.type === 'ObjectExpression') {
        const props = item.properties.filter((x) => x.type === 'Property');
        if (props.some((x) => x.key.type === 'Identifier' && PROJECTION_KEYS.has(x.key.name))) continue;
        item = unwrap(props.find((x) => x.key.type === 'Identifier' && x.key.name === 'model')?.value as AstNode | undefined);
      }
      if (item && item.type === 'Identifier' && /^[A-Z]\w*$/.test(item.name)) out.push(item.name.replace(/(Model|Entity|Schema)$/, '') || item.name);
    }
  }
  return out.length > 0 ? { included: out.join(',') } : {};
}

/**
 * `res.jsonp(data)`: a response any website can read by including the URL in a script tag, with
 * the visitor's cookies attached. Recorded with the handler lines, for the route's authentication.
 */
function jsonpFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  // `.jsonp(` written out, asked once a call is named so (a scan of the whole file costs more than
  // a look at its calls, and most files have none).
  let written: boolean | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'jsonp' || call.arguments.length === 0) continue;
    if (!(written ??= index.content.includes('.jsonp('))) return out;
    if (!sendsResponse(call)) continue;
    const lines = handlerLines(call, index).join(',');
    if (lines && !devOnly(call, index)) out.push(configFact(index, call, 'jsonp-response', { handlerFile: index.file, handlerLines: lines }, 'response sent as JSONP', 'jsonp'));
  }
  return out;
}

/** Field hiding seen in this file, and repository-wide hiding (`scope: global`). */
function hidingFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const program = index.program as unknown as AstNode;
  const global = HIDES_GLOBALLY.exec(index.content);
  if (global) out.push(configFact(index, program, 'model-field-hiding', { scope: 'global', how: global[0].slice(0, 40) }, 'fields hidden from every serialised model', 'global'));
  const local = HIDES_FIELDS.exec(index.content);
  if (local) out.push(configFact(index, program, 'model-field-hiding', { scope: 'file', how: local[0] }, 'models in this file hide fields from serialisation', 'file'));
  return out;
}

export const extractor: Extractor = {
  id: 'js/responses',
  title: 'Response bodies that carry process.env or whole user records, JSONP responses, and model field hiding',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts = [...responseFacts(index), ...hidingFacts(index), ...jsonpFacts(index)];
    return facts.length > 0 ? facts : null;
  },
};
