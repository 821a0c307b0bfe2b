// Second-order cross-site scripting, in three kinds of facts the `stored-xss` rule joins: a handler
// writes request data into a field of a store (`memosDAO.insert(req.body.memo)`, `new Todo({
// content: req.body.content }).save()`), a handler renders records read back from that store
// (`memosDAO.getAllMemos((err, docs) => res.render('memos', { memosList: docs }))`), and the view
// prints that field (`{{ marked(doc.memo) }}` in `{% for doc in memosList %}`). Stores are named by
// what the code calls them (the model, DAO or collection, normalised: `memosDAO`, `Memo`,
// `db.collection('memos')` are all `memo`), so the join needs no data flow across files.
import type { FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, isFunctionLike, jsIndex, memberPath, nodesUnder, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import { isTemplateFile } from '../_lib/taint-templates.js';
import type { Extractor } from '../../types.js';
import { fieldOutputs } from './templates.js';

const EXTRACTOR_ID = 'js/stored-views';
/** Calls that write a record: ORM/driver methods and DAO methods named after them (`updateUser`, `addMemo`). */
const WRITE = /^(?:insert|insertOne|insertMany|create|save|update|updateOne|updateMany|upsert|findOneAndUpdate|findByIdAndUpdate|replaceOne|bulkCreate|(?:add|create|insert|save|update|upsert)[A-Z]\w*)$/;
/** Calls that read records back. */
const READ = /^(?:find|get|fetch|load|query|select|list|all|search|first|retrieve)(?:[A-Z_]\w*)?$/;
/** Calls that only name a store (`db.collection('memos')`, `mongoose.model('Memo')`, `getRepository(Post)`). */
const STORE_NAMING = /^(?:collection|model|getRepository|getModel|table|from)$/;
/** Receivers that are no store, or too generic to link a write to a read by. */
const NOT_STORE = new Set(['', 'req', 'request', 'res', 'response', 'ctx', 'reply', 'h', 'app', 'router', 'server', 'this', 'console', 'object', 'array', 'json', 'promise', 'lodash', '_', 'db', 'database', 'client', 'conn', 'connection', 'pool', 'knex', 'prisma', 'sequelize', 'mongoose', 'mongo', 'redis', 'cache', 'session', 'map', 'set', 'list', 'arr', 'item', 'result', 'data', 'param', 'header', 'form', 'query', 'body', 'model', 'document', 'window', 'fs', 'path', 'axios', 'http', 'fetch', 'util', 'helper', 'service', 'api', 'store', 'trx', 'tx', 'transaction', 'manager', 'repo', 'r']);
/** Keys and lookup ids (`req.params.id`, `userId`): what selects a record, not text stored in it. */
const ID_LIKE = /^(?:_?id|\w*Id|\w*_id)$/;
const REQUEST_ROOT = new Set(['req', 'request', 'ctx']);
const REQUEST_PART = new Set(['body', 'query', 'params', 'payload']);

/** `memosDAO` → `memo`, `Todo` → `todo`, `userProfiles` → `userprofile`: the store a name stands for. */
export function normaliseStore(name: string): string {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(?:dao|models?|repository|repo|service|collection|store|table|schema|provider)$/, '').replace(/(?:es|s)$/, '');
  return NOT_STORE.has(key) ? '' : key;
}

/** The store a call's receiver names: `Todo`, `models.Post`, `db.collection('memos')`, `new Todo(...)`. */
function storeOf(receiver: AstNode | undefined, index: JsIndex): string {
  const r = unwrapAwait(receiver);
  if (!r) return '';
  if (r.type === 'NewExpression') return normaliseStore(memberPath(r.callee as AstNode)?.at(-1) ?? '');
  if (r.type === 'CallExpression' && STORE_NAMING.test(calleeProperty(r) ?? '')) {
    const arg = r.arguments[0] as AstNode | undefined;
    return normaliseStore(stringValue(arg, index) ?? memberPath(arg)?.at(-1) ?? '');
  }
  return normaliseStore(memberPath(r)?.at(-1) ?? '');
}

/** The request field a member path names: `req.body.memo` → `memo`, `req.body` → `*`, else undefined. */
function requestPath(node: AstNode | undefined): string | undefined {
  const path = memberPath(unwrapAwait(node));
  if (!path || !REQUEST_ROOT.has(path[0])) return undefined;
  const at = path.findIndex((p, i) => i > 0 && i < 3 && REQUEST_PART.has(p));
  return at > 0 ? (path[at + 1] ?? '*') : undefined;
}

/** The request field a value holds, directly or through a name (`const item = req.body.content`). */
function requestField(node: AstNode | undefined, index: JsIndex, depth = 0): string | undefined {
  const n = unwrapAwait(node);
  if (!n || depth > 2) return undefined;
  const direct = requestPath(n);
  if (direct !== undefined) return direct;
  if (n.type !== 'Identifier') return undefined;
  const init = index.initAt(n.name, n);
  // `const item = req.body.content` holds `content`; `const { memo } = req.body` holds `memo`.
  const field = init ? requestField(init, index, depth + 1) : destructuredFromRequest(n.name, n, index) ? n.name : undefined;
  return field === undefined || cleanedLater(n.name, n, index) ? undefined : field;
}

/** Sanitisers and escapers: a value passed through one is no longer the client's markup. */
const CLEANS = /sanitiz|escape|purify|xss|striptags|strip_?tags|encode|clean/i;

/** `text = sanitizeHtml(text)` somewhere in the function: the name holds cleaned text by the write. */
function cleanedLater(name: string, at: AstNode, index: JsIndex): boolean {
  const fn = index.enclosingFunction(at);
  for (const asg of fn?.body ? nodesUnder(fn.body as AstNode, 'AssignmentExpression') : []) {
    if (asg.left.type === 'Identifier' && asg.left.name === name && CLEANS.test(index.text(asg.right as AstNode))) return true;
  }
  return false;
}

/** A request object destructured somewhere in the file (`} = req.body`): the text test before any scan. */
const DESTRUCTURES_REQUEST = /\}\s*=\s*(?:await\s+)?(?:req|request|ctx)(?:\.request)?\.(?:body|query|params|payload)\b/;

/** `const { memo } = req.body` in an enclosing function. */
function destructuredFromRequest(name: string, at: AstNode, index: JsIndex): boolean {
  if (!DESTRUCTURES_REQUEST.test(index.content)) return false;
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    if (!fn.body) continue;
    for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
      if (d.id.type !== 'ObjectPattern' || requestPath(d.init as AstNode) !== '*') continue;
      if (d.id.properties.some((p) => p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier' && (unwrap(p.value as AstNode) as { name: string }).name === name)) return true;
    }
  }
  return false;
}

/** Request fields a write call stores: object-literal keys holding request data, request values passed as they are. */
function writtenFields(call: CallLike, index: JsIndex): { fields: Set<string>; source: string } {
  const fields = new Set<string>();
  let source = '';
  const note = (field: string, node: AstNode) => {
    fields.add(field);
    source ||= index.text(node).slice(0, 80);
  };
  const args = [...call.arguments] as AstNode[];
  const recv = calleeObject(call);
  // `new Todo({ content: req.body.content }).save()`
  if (recv?.type === 'NewExpression') args.push(...(recv.arguments as AstNode[]));
  const fromObject = (o: AstNode) => {
    if (o.type !== 'ObjectExpression') return;
    for (const p of o.properties) {
      if (p.type === 'SpreadElement') {
        if (requestField(p.argument as AstNode, index) === '*') note('*', p as AstNode);
        continue;
      }
      const key = p.key.type === 'Identifier' && !p.computed ? p.key.name : stringValue(p.key as AstNode, index);
      const value = unwrap(p.value as AstNode);
      // MongoDB update operators: `{ $set: { memo: req.body.memo } }`.
      if (key?.startsWith('$')) fromObject(value);
      else if (key && !ID_LIKE.test(key) && requestField(value, index) !== undefined) note(key, value);
    }
  };
  for (const arg of args) {
    const a = unwrapAwait(arg);
    if (!a || isFunctionLike(a)) continue;
    if (a.type === 'ObjectExpression') {
      fromObject(a);
      continue;
    }
    const f = requestField(a, index);
    if (f !== undefined && !ID_LIKE.test(f)) note(f, a);
  }
  // `todo.content = req.body.content; todo.save()`
  if (recv?.type === 'Identifier' && /^(save|update)/.test(calleeProperty(call) ?? '')) {
    const fn = index.enclosingFunction(call);
    for (const asg of fn?.body ? nodesUnder(fn.body as AstNode, 'AssignmentExpression') : []) {
      const left = memberPath(asg.left as AstNode);
      if (left?.length === 2 && left[0] === recv.name && asg.start < call.start && requestField(asg.right as AstNode, index) !== undefined) note(left[1], asg.right as AstNode);
    }
  }
  return { fields, source };
}

/** The read call a chain of calls starts with: `Todo.find({}).sort(…).exec(cb)` → `Todo.find({})`. */
function readInChain(call: AstNode | undefined): CallLike | undefined {
  let found: CallLike | undefined;
  for (let n = unwrapAwait(call); n?.type === 'CallExpression'; n = unwrapAwait(calleeObject(n))) {
    if (READ.test(calleeProperty(n) ?? '')) found = n;
  }
  return found;
}

/** The read call whose records a name holds: a callback's parameter, or `const docs = await X.find()`. */
function readBinding(name: string, at: AstNode, index: JsIndex): CallLike | undefined {
  for (const anc of index.ancestors(at)) {
    if (!isFunctionLike(anc)) continue;
    const declares = anc.params.some((p) => unwrap(p as AstNode).type === 'Identifier' && (unwrap(p as AstNode) as { name: string }).name === name);
    if (declares) {
      const outer = index.parent(anc);
      return outer?.type === 'CallExpression' && (outer.arguments as AstNode[]).includes(anc) && !/^e(rr(or)?)?$/i.test(name) ? readInChain(outer) : undefined;
    }
  }
  return readInChain(index.initAt(name, at));
}

interface RenderedLocal {
  local: string;
  /** The local is this one member of a record (`{ title: doc.name }`). */
  field: string;
  /** The records sit under this member of the local (`{ output }` after `output = { products }`). */
  prefix: string;
  read: CallLike;
}

/** `output = { products: products }` (or `const output = {…}`) before the render: its members by name. */
function wrapperObject(name: string, call: CallLike, index: JsIndex): AstNode | undefined {
  const init = unwrap(index.initAt(name, call));
  if (init?.type === 'ObjectExpression') return init;
  const fn = index.enclosingFunction(call);
  let found: AstNode | undefined;
  for (const asg of fn?.body ? nodesUnder(fn.body as AstNode, 'AssignmentExpression') : []) {
    if (asg.start < call.start && asg.left.type === 'Identifier' && asg.left.name === name && unwrap(asg.right as AstNode).type === 'ObjectExpression') found = unwrap(asg.right as AstNode);
  }
  return found;
}

/** Locals of a `res.render(view, locals)` that hold records read back (`*`: the record spread into them). */
function renderedRecords(call: CallLike, index: JsIndex): RenderedLocal[] {
  const out: RenderedLocal[] = [];
  const value = (local: string, node: AstNode | undefined) => {
    const path = memberPath(unwrapAwait(node));
    if (!path || path[0] === 'this') return;
    const read = readBinding(path[0], call, index);
    if (read) out.push({ local, field: local === '*' ? '' : path.length === 2 ? path[1] : '', prefix: '', read });
    else if (path.length === 1 && local !== '*') {
      const wrapper = wrapperObject(path[0], call, index);
      for (const p of wrapper?.type === 'ObjectExpression' ? wrapper.properties : []) {
        if (p.type !== 'Property' || p.key.type !== 'Identifier' || p.computed) continue;
        const inner = memberPath(unwrap(p.value as AstNode));
        const innerRead = inner?.length === 1 ? readBinding(inner[0], call, index) : undefined;
        if (innerRead) out.push({ local, field: '', prefix: p.key.name, read: innerRead });
      }
    }
  };
  const locals = unwrap(call.arguments[1] as AstNode | undefined);
  if (locals?.type === 'Identifier') value('*', locals);
  if (locals?.type !== 'ObjectExpression') return out;
  for (const p of locals.properties) {
    if (p.type === 'SpreadElement') value('*', p.argument as AstNode);
    else if (p.key.type === 'Identifier' && !p.computed) value(p.key.name, p.value as AstNode);
  }
  return out;
}

/** The write's function or the one around it reads request data: a request path lies in its span. */
function handlesRequest(call: CallLike, index: JsIndex, requestAt: number[]): boolean {
  const inner = index.enclosingFunction(call);
  const outer = inner && index.enclosingFunction(inner);
  return [inner, outer].some((fn) => {
    if (!fn) return false;
    // First request path at or after the function's start (offsets ascend).
    let lo = 0;
    let hi = requestAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (requestAt[mid] < fn.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < requestAt.length && requestAt[lo] < fn.end;
  });
}

function jsFacts(index: JsIndex, writes: boolean, renders: boolean): FactInput[] {
  const out: FactInput[] = [];
  const requestAt = writes ? [...index.content.matchAll(REQUEST_PATHS)].map((m) => m.index!) : [];
  for (const call of index.nodesOf('CallExpression')) {
    const method = calleeProperty(call) ?? '';
    if (renders && method === 'render' && calleeObject(call)?.type === 'Identifier' && /^(res|response|reply)$/.test((calleeObject(call) as { name: string }).name)) {
      const view = stringValue(call.arguments[0] as AstNode, index);
      if (!view) continue;
      for (const r of renderedRecords(call, index)) {
        const store = storeOf(calleeObject(r.read), index);
        if (!store) continue;
        out.push({
          kind: 'config',
          setting: 'view-renders-records',
          values: { view, local: r.local, field: r.field, prefix: r.prefix, store, read: index.text(r.read).split('\n')[0].slice(0, 100), readLine: index.line(r.read) },
          summary: `view ${view} gets records of ${store} as ${r.local}`,
          evidence: index.evidence(call),
          key: `${index.file}#config:view-renders-records:${index.enclosingFunctionName(call)}:${view}:${r.local}:${r.prefix}:${store}`,
        });
      }
      continue;
    }
    if (!writes || !WRITE.test(method)) continue;
    const store = storeOf(calleeObject(call), index);
    if (!store || !handlesRequest(call, index, requestAt)) continue;
    const { fields, source } = writtenFields(call, index);
    if (!fields.size) continue;
    out.push({
      kind: 'config',
      setting: 'stored-field-write',
      values: { store, fields: [...fields].sort().join(','), source, api: index.text(call.callee as AstNode).slice(0, 80) },
      summary: `request data written to ${store} (${[...fields].sort().join(', ')})`,
      evidence: index.evidence(call),
      key: `${index.file}#config:stored-field-write:${index.enclosingFunctionName(call)}:${store}:${index.text(call.callee as AstNode).slice(0, 80)}`,
    });
  }
  return out;
}

function templateFacts(path: string, content: string): FactInput[] {
  return fieldOutputs(path, content).map((o) => ({
    kind: 'config' as const,
    setting: 'view-prints-field',
    values: { syntax: o.syntax, form: o.form, local: o.local, field: o.field, helper: o.helper },
    summary: `prints ${o.local}${o.field ? `.${o.field}` : ''} ${o.form}`,
    evidence: { file: path, line: o.line, snippet: content.split('\n')[o.line - 1]?.trim().slice(0, 200) ?? '' },
    key: `${path}#config:view-prints-field:${o.form}:${o.local}:${o.field}`,
  }));
}

/** Handlers that take request data (writes are looked for only then) or render a view. */
const REQUEST_TEXT = /\b(?:req|request|ctx)\.(?:body|query|params|payload|request)\b/;
const REQUEST_PATHS = new RegExp(REQUEST_TEXT.source, 'g');
const RENDER_TEXT = /\b(?:res|response|reply)\.render\(/;

export const extractor: Extractor = {
  id: EXTRACTOR_ID,
  title: 'Request data stored into records, records rendered into views, and the fields views print (second-order XSS)',
  matches: (path) => (isJsFile(path) && !isTestFile(path)) || isTemplateFile(path),
  // Request data or a render call (JavaScript), an output tag (templates).
  signals: ['.body', '.query', '.params', '.payload', '.render(', '{{', '<%', '!{', '!='],
  extract(file, ctx) {
    if (isTemplateFile(file.path)) {
      const facts = templateFacts(file.path, file.content);
      return facts.length ? facts : null;
    }
    const writes = REQUEST_TEXT.test(file.content);
    const renders = RENDER_TEXT.test(file.content);
    if (!writes && !renders) return null;
    const facts = jsFacts(jsIndex(file, ctx), writes, renders);
    return facts.length ? facts : null;
  },
};
