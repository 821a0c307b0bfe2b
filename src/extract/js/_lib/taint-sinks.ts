// The injection sink catalogue: given a resolved call, which arguments reach which kind of
// dangerous API. Matching is by module-qualified name when the callee resolves through an import
// (`child_process.exec`), by framework object for responses, and by method name plus evidence in
// the value itself (SQL text around the data) for database clients we cannot type.
import type { Expression, ObjectExpression } from 'oxc-parser';
import { SELF_PAGE_SINK, type SinkKind } from '../../../model/types.js';
import { keyName, stringValue, unwrap } from './taint-ast.js';
import { isLocalSpec } from './taint-modules.js';
import { isNestedQuantifier } from './taint-regex.js';
import { type AV, type CallTarget, type Condition, isTainted, kindBit, type Need, type Role } from './taint-types.js';
import { flagsOf } from './taint-value.js';
import { Table } from './taint-table.js';

export interface CallInfo {
  isNew: boolean;
  /** Module-qualified or global name when the callee resolves (`child_process.exec`, `eval`). */
  qname?: string;
  /** Module of the callee when it resolves through an import. */
  module?: string;
  /** Callee as written (`db.query`, `this.repo.query`). */
  text: string;
  method?: string;
  recv?: AV;
  recvRole?: Role;
  /** Name of the framework object (`res`, `reply`, `ctx`). */
  recvName?: string;
  args: (AV | undefined)[];
  argNodes: (Expression | undefined)[];
  /** Methods called on the receiver chain (`type` in `res.type('json').send`). */
  chain: string[];
  /** The function called, when it is one of the repository's own modules (`./proxy` `Proxy.save`). */
  target?: CallTarget;
  /** The first argument is spread into the call (`spawn(...command)`): `args[0]` is the whole list. */
  spreadFirst?: boolean;
}

export interface SinkHit {
  kind: SinkKind;
  api: string;
  value: AV | undefined;
  need?: Need;
  /** Writes to the file system: archive entry names reaching it are zip slip. */
  write?: boolean;
  /** Only a finding when a condition holds (resolved by the link step). */
  condition?: Condition;
}

const SQL_MODULES = new Set(['pg', 'mysql', 'sqlite', 'sequelize', 'knex', 'typeorm', '@prisma/client', 'pg-promise', 'mssql', 'oracledb', 'postgres', 'sql.js', 'tedious', 'mariadb', 'slonik', 'kysely', 'drizzle-orm', '@adonisjs/lucid/services/db', '@ioc:Adonis/Lucid/Database']);
const SQL_METHODS = new Set(['query', 'execute', 'exec', 'raw', 'run', 'all', 'get', 'each', 'prepare', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone', 'result', 'unsafe', 'queryRaw', 'executeRaw', 'rawQuery']);
const STRONG_SQL = new Set(['$queryRawUnsafe', '$executeRawUnsafe', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'joinRaw', 'orderByRaw', 'groupByRaw', 'fromRaw', 'literal']);
const QUERY_BUILDER = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving', 'orderBy', 'addOrderBy', 'groupBy', 'select', 'addSelect', 'leftJoinAndSelect', 'innerJoinAndSelect']);

const MONGO_FILTER = new Set([
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndRemove',
  'findOneAndReplace',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'remove',
  'countDocuments',
  'count',
  'exists',
  'replaceOne',
  // Meteor's collections (Meteor 3 async API; `update`/`remove` above are the legacy sync ones).
  // Not the legacy `upsert`: vector stores and SQL ORMs name their writes that too.
  'findOneAsync',
  'updateAsync',
  'removeAsync',
  'upsertAsync',
  'countAsync',
]);
/**
 * Document databases that take query operators (`$ne`, `$where`) inside a filter object: MongoDB
 * drivers and ODMs and the in-process stores that copy its query language. Without one of them in
 * the repository, `x.find(id)` is an array or domain-object lookup, not a NoSQL query (taint-link).
 * A Meteor app's manifest names `meteor-node-stubs`: its collections are MongoDB's.
 */
export const DOCUMENT_DB = /^(?:mongodb|meteor-node-stubs|mongoose|monk|mongojs|mongoist|mquery|@nestjs\/mongoose|@typegoose\/typegoose|papr|mongorito|camo|marsdb|nedb|@seald-io\/nedb|nedb-promises?|tingodb|lokijs|minimongo|mingo|sift|pouchdb(?:-\w+)?|rxdb|@mikro-orm\/mongodb|mongodb-memory-server)$/;
const ORM_OPTION_KEYS = new Set(['where', 'include', 'attributes', 'select', 'data', 'orderBy', 'order', 'limit', 'skip', 'take', 'relations', 'cursor', 'distinct']);
const NOT_DATABASES = new Set(['lodash', 'Object', 'Array', 'JSON', 'Math', 'Promise', 'Reflect', 'document', 'window', 'path', 'fs']);
/**
 * A cipher's, hash's or HMAC's `update(data)` (Node's crypto, also Web Crypto wrappers) digests
 * bytes and stores no record. The engine does not follow `createCipheriv()`'s result, so the
 * receiver is known by the factory chained before it or by its name (`cipher`, `hmac`, `hasher`).
 */
const CRYPTO_UPDATE = /(?:\bcreate(?:Cipheriv|Decipheriv|Cipher|Decipher|Hash|Hmac|Sign|Verify)\(\)|(?:^|\.)[\w$]*(?:[cC]ipher|[hH]ash|[hH]mac|[hH]asher|[dD]igest|[sS]igner|[vV]erifier))\.update$/;

const FS_READ = new Set(['readFile', 'readFileSync', 'createReadStream', 'readdir', 'readdirSync', 'open', 'openSync', 'readJson', 'readJsonSync', 'readJSON', 'opendir', 'opendirSync', 'readlink', 'readlinkSync']);
const FS_WRITE = new Set([
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'createWriteStream',
  'unlink',
  'unlinkSync',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'mkdir',
  'mkdirSync',
  'rename',
  'renameSync',
  'copyFile',
  'copyFileSync',
  'cp',
  'cpSync',
  'symlink',
  'symlinkSync',
  'link',
  'linkSync',
  'chmod',
  'chmodSync',
  'chown',
  'chownSync',
  'truncate',
  'truncateSync',
  'outputFile',
  'outputFileSync',
  'outputJson',
  'outputJsonSync',
  'writeJson',
  'writeJsonSync',
  'remove',
  'removeSync',
  'copy',
  'copySync',
  'move',
  'moveSync',
  'ensureDir',
  'ensureDirSync',
  'ensureFile',
  'ensureFileSync',
  'mkdirp',
  'mkdirs',
  'emptyDir',
]);
const FS_TWO_PATHS = new Set(['rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'copy', 'copySync', 'move', 'moveSync']);

const HTTP_CLIENTS = new Table<number>({
  fetch: 0,
  'fetch.default': 0,
  'undici.fetch': 0,
  'undici.request': 0,
  'undici.stream': 0,
  axios: 0,
  got: 0,
  request: 0,
  ky: 0,
  superagent: 0,
  needle: 1,
  'needle.request': 1,
  // Meteor: `fetch` of meteor/fetch, and meteor/http's `HTTP.call(method, url)` / `HTTP.get(url)`
  // (imported, or the global of Meteor 1 apps).
  'meteor/fetch.fetch': 0,
  'meteor/http.HTTP.call': 1,
  'meteor/http.HTTP.get': 0,
  'meteor/http.HTTP.post': 0,
  'meteor/http.HTTP.put': 0,
  'meteor/http.HTTP.del': 0,
  'HTTP.call': 1,
  'HTTP.get': 0,
  'HTTP.post': 0,
  'HTTP.put': 0,
  'HTTP.del': 0,
});
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'stream', 'paginate']);
const URL_FIELDS = ['url', 'uri', 'baseURL', 'baseUrl', 'prefixUrl', 'host', 'hostname'];

const TEMPLATE_APIS = new Set([
  'ejs.render',
  'ejs.compile',
  'pug.render',
  'pug.compile',
  'handlebars.compile',
  'handlebars.precompile',
  'Handlebars.compile',
  'Handlebars.precompile',
  'nunjucks.renderString',
  'nunjucks.compile',
  'lodash.template',
  'mustache.render',
  'Mustache.render',
  'dot.template',
  'dot.compile',
  'hogan.compile',
  'eta.render',
  'eta.renderString',
  'swig.render',
  'swig.compile',
  'dustjs-linkedin.compile',
  'squirrelly.render',
  'velocityjs.render',
]);

const MERGE_APIS = new Set([
  'lodash.merge',
  'lodash.mergeWith',
  'lodash.defaultsDeep',
  'deep-extend',
  'merge-deep',
  'mixin-deep',
  'defaults-deep',
  'merge.recursive',
  '@hapi/hoek.merge',
  'hoek.merge',
  '@hapi/hoek.applyToDefaults',
  'hoek.applyToDefaults',
  'jquery.extend',
]);
const LODASH_DEEP = new Set(['lodash.merge', 'lodash.mergeWith', 'lodash.defaultsDeep']);
const SET_PATH_APIS = new Set(['lodash.set', 'lodash.setWith', 'lodash.zipObjectDeep', 'dot-prop.set', 'object-path.set', 'set-value', 'dset']);

const LOG_METHODS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'critical', 'http']);
const LOG_MODULES = new Set(['winston', 'pino', 'bunyan', 'log4js', 'loglevel', 'npmlog', 'signale', 'consola']);

const CREATE_METHODS = new Set(['create', 'build', 'bulkCreate', 'insert', 'insertMany', 'insertOne', 'save', 'createMany']);
const UPDATE_METHODS = new Set(['update', 'updateOne', 'updateMany', 'findByIdAndUpdate', 'findOneAndUpdate', 'upsert', 'replaceOne', 'findOneAndReplace']);

/** An export a name-based mass-assignment hit may stand for (`Proxy.save`, `default.create`): link asks only about these. */
export function writeMethodExport(name: string): boolean {
  const m = name.slice(name.lastIndexOf('.') + 1);
  // MongoDB filter methods too: `posts.exists(id)` of the repository's own module is judged by its body.
  return CREATE_METHODS.has(m) || UPDATE_METHODS.has(m) || m === 'set' || MONGO_FILTER.has(m);
}
const BUILTIN_CLASSES = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'Date',
  'URL',
  'URLSearchParams',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Buffer',
  'Promise',
  'Response',
  'Request',
  'Headers',
  'RegExp',
  'Array',
  'Object',
  'String',
  'Number',
  'Boolean',
  'Blob',
  'File',
  'FormData',
  'TextEncoder',
  'TextDecoder',
  'Uint8Array',
  'AbortController',
  'Function',
  'NextResponse',
  'HttpException',
  'BadRequestException',
  'NotFoundException',
  'UnauthorizedException',
  'ForbiddenException',
  'Worker',
  'Proxy',
  'Intl',
]);

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh)$/;

/** The object literal behind an argument (from the node or from a tracked value). */
function objectNode(node: Expression | undefined): ObjectExpression | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return n.type === 'ObjectExpression' ? n : undefined;
}

/** A field of an argument value: from its tracked object shape. */
function field(v: AV | undefined, name: string): AV | undefined {
  return v?.fields?.get(name);
}

function hasField(v: AV | undefined, node: Expression | undefined, name: string): boolean {
  if (v?.fields?.has(name)) return true;
  const obj = objectNode(node);
  return !!obj?.properties.some((p) => p.type === 'Property' && keyName(p.key, p.computed) === name);
}

function literalField(node: Expression | undefined, name: string): Expression | undefined {
  const obj = objectNode(node);
  for (const p of obj?.properties ?? []) {
    if (p.type === 'Property' && keyName(p.key, p.computed) === name) return unwrap(p.value);
  }
  return undefined;
}

function isNumber(node: Expression): boolean {
  const n = unwrap(node);
  return n.type === 'Literal' && typeof n.value === 'number';
}

function isTrue(node: Expression | undefined): boolean {
  return !!node && node.type === 'Literal' && node.value === true;
}

interface Option {
  present: boolean;
  /** Literal value when known: `true`, `false`, a string or a member path (`yaml.DEFAULT_FULL_SCHEMA`). */
  text?: string;
}

/** An option passed in an object argument (inline literal or a variable holding one). */
function option(info: CallInfo, from: number, name: string): Option {
  for (let i = info.argNodes.length - 1; i >= from; i--) {
    const node = literalField(info.argNodes[i], name);
    if (node) {
      const text = node.type === 'Literal' ? String(node.value) : exprText(node);
      return { present: true, text };
    }
    const v = info.args[i];
    if (v?.fields?.has(name)) return { present: true, text: v.fields.get(name)?.text };
  }
  return { present: false };
}

function commandSinks(info: CallInfo, q: string): SinkHit[] {
  const hits: SinkHit[] = [];
  const [a0, a1] = info.args;
  if (q === 'child_process.exec' || q === 'child_process.execSync' || q === 'shelljs.exec' || /^execa\.command(?:Sync)?$|^execa\.execaCommand(?:Sync)?$/.test(q)) {
    hits.push({ kind: 'command', api: q, value: a0 });
  }
  if (/^child_process\.(?:spawn|spawnSync|execFile|execFileSync)$/.test(q) || q === 'execa' || q === 'execa.execa' || q === 'execa.sync') {
    const shell = option(info, 1, 'shell');
    const viaShell = (shell.present && shell.text !== 'false') || SHELLS.test(a0?.text ?? '');
    // `spawn(...[binary, args])`: the spread list is the program and its arguments at once, and
    // without a shell only its first element runs; request data among the arguments chooses no program.
    if (!info.spreadFirst || viaShell) hits.push({ kind: 'command', api: q, value: a0 });
    if (viaShell && !info.spreadFirst) hits.push({ kind: 'command', api: q, value: a1 });
  }
  return hits;
}

function codeSinks(info: CallInfo, q: string): SinkHit[] {
  const [a0] = info.args;
  if (q === 'eval' || q === 'window.eval' || q === 'global.eval' || q === 'globalThis.eval') return [{ kind: 'code-eval', api: 'eval', value: a0 }];
  if (q === 'Function') return info.args.map((v) => ({ kind: 'code-eval' as const, api: 'Function', value: v }));
  if (/^vm\.(?:runInContext|runInNewContext|runInThisContext|compileFunction|Script|SourceTextModule)$/.test(q)) return [{ kind: 'code-eval', api: q, value: a0 }, ...sandboxEval(info, q)];
  if (q === 'setTimeout' || q === 'setInterval') {
    const n = info.argNodes[0] ? unwrap(info.argNodes[0]) : undefined;
    if (n && n.type !== 'ArrowFunctionExpression' && n.type !== 'FunctionExpression' && !a0?.fn) return [{ kind: 'code-eval', api: q, value: a0 }];
  }
  // A path checked to stay inside a directory (`if (!p.startsWith(dir)) throw`) loads one of the
  // server's own files there: no code of the client's.
  if (q === 'require') return a0 && (flagsOf(a0).clean & kindBit('path')) ? [] : [{ kind: 'code-eval', api: 'require', value: a0 }];
  // mathjs parses its own expression language; versions before 3.17 let it reach the Function
  // constructor (remote code execution), later ones still expose functions and heavy computations.
  if (/^mathjs\.(?:evaluate|eval|compile)$/.test(q)) return [{ kind: 'code-eval', api: q, value: a0 }];
  // JavaScript sandboxes: vm2 (discontinued, with unpatched escapes) and safeify (node `vm` in child processes) are no boundary.
  if (q === 'safe-eval' || q === 'static-eval' || q === 'vm2.run' || q === 'vm2.VM.run' || q === 'vm2.NodeVM.run' || q === 'safeify.run') return [{ kind: 'code-eval', api: q, value: a0 }];
  return [];
}

/**
 * `vm.runInContext('safeEval(input)', { safeEval, input })`: the code is constant, but it hands a
 * request value from the sandbox to an evaluating function inside the VM (which is no security
 * boundary), so that value is evaluated as code.
 */
function sandboxEval(info: CallInfo, q: string): SinkHit[] {
  const code = info.args[0]?.text;
  const sandbox = info.args[1];
  if (code === undefined || !sandbox?.fields) return [];
  const hits: SinkHit[] = [];
  for (const [name, value] of sandbox.fields) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    if (new RegExp(`\\b\\w*(?:eval|Eval|exec|Function|compile|run)\\w*\\s*\\(\\s*${name.replace(/\$/g, '\\$')}\\b`).test(code)) hits.push({ kind: 'code-eval', api: `${q} (sandbox ${name})`, value });
  }
  // `runInContext('yaml.load(data)', { yaml, data })`: a package function of the sandbox called
  // on a request value of the sandbox is that package call, made from here.
  for (const m of code.matchAll(/\b([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)+)\s*\(\s*([A-Za-z_$][\w$]*)\s*[,)]/g)) {
    const mod = sandbox.fields.get(m[1])?.mod;
    const arg = sandbox.fields.get(m[3]);
    if (!mod || isLocalSpec(mod.module) || !arg) continue;
    const qname = [mod.module, ...mod.path, ...m[2].slice(1).split('.')].join('.');
    const inner: CallInfo = { ...info, qname, module: mod.module, method: m[2].split('.').pop(), args: [arg], argNodes: [], recv: undefined, recvRole: undefined };
    hits.push(...commandSinks(inner, qname), ...deserializeSinks(inner, qname), ...xmlSinks(inner, qname), ...templateSinks(inner, qname));
  }
  return hits;
}

/**
 * `Chunk.fromRaw(data)`, `Money.literal(x)`: a static factory of a class from the repository's own
 * modules, named like a query-builder method (knex `fromRaw`, Sequelize `literal`) but building a
 * domain object. A builder is reached through an instance or a chain (`knex('t').fromRaw`).
 */
function ownClassFactory(info: CallInfo): boolean {
  const receiver = info.text.slice(0, -(info.method!.length + 1));
  return info.module !== undefined && isLocalSpec(info.module) && info.chain.length === 0 && /^[A-Z][A-Za-z0-9]*$/.test(receiver) && !DATABASE_HANDLE.test(receiver);
}

/** A database library re-exported by a local module (`const { Sequelize } = require('../models')`): still the library. */
const DATABASE_HANDLE = /^(Sequelize|Knex|DB|Db|Database|Sql|SQL|Query|QueryBuilder|Prisma|Objection|Bookshelf)$/;

function sqlSinks(info: CallInfo): SinkHit[] {
  const m = info.method;
  if (!m) return [];
  const a0 = info.args[0];
  const api = info.qname ?? info.text;
  if (STRONG_SQL.has(m) && info.module !== 'lodash' && !ownClassFactory(info)) return [{ kind: 'sql', api, value: a0 }];
  if (m === 'format' && info.module === 'pg-format') return [];
  if (SQL_METHODS.has(m)) {
    if (info.module && NOT_DATABASES.has(info.module)) return [];
    const known = info.module !== undefined && SQL_MODULES.has(info.module);
    return [{ kind: 'sql', api, value: a0, need: known ? undefined : 'sqlish' }];
  }
  // An object (`.where({ projectId })`, or a const holding one, `const where = { projectId }; where.name = ILike(q)`)
  // is a find-options filter TypeORM binds as parameters; a string or a `Brackets` callback is SQL.
  if (QUERY_BUILDER.has(m) && info.chain.includes('createQueryBuilder') && info.argNodes[0] && unwrap(info.argNodes[0]).type !== 'ObjectExpression' && !(unwrap(info.argNodes[0]).type === 'Identifier' && a0?.fields)) {
    return [{ kind: 'sql', api: `createQueryBuilder().${m}`, value: a0 }];
  }
  return [];
}

/**
 * A call on one of the repository's own services (`userService.findOne(dto)`): judged by that
 * module's summary, not by the method name. Models and collections (`User`, `db.users`) are not
 * services and are matched here.
 */
function ownService(info: CallInfo): boolean {
  const recv = info.text.slice(0, Math.max(0, info.text.length - (info.method?.length ?? 0) - 1));
  // `this.segmentService.create(body)`: an injected service of the application's own (its body
  // validates or picks fields before any store), whatever the injection's type says.
  if (info.module === undefined && /^this\.[A-Za-z_$][\w$]*(?:Service|Manager|UseCase|Facade)$/.test(recv)) return true;
  // A Feathers service (`app.service('users').find(...)`, `context.service.find(...)`): its hooks
  // run and its adapter keeps only the query operators it allows.
  if (/(?:^|\.)service\([^()]*\)$|^(?:context|hook)\.service$|^service$/.test(recv)) return true;
  if (info.module === undefined || !isLocalSpec(info.module)) return false;
  const last = recv.split('.').pop() ?? '';
  return /(?:service|controller|manager|helper|utils?|handler|api|provider|facade|usecase|store)$/i.test(last);
}

function nosqlSinks(info: CallInfo): SinkHit[] {
  const m = info.method;
  if (!m || (info.module && NOT_DATABASES.has(info.module))) return [];
  // Relational ORMs (TypeORM, Sequelize, Prisma...) do not take MongoDB operators from JSON.
  const relational = info.module !== undefined && SQL_MODULES.has(info.module);
  const hits: SinkHit[] = [];
  const api = info.qname ?? info.text;
  // `$where` runs JavaScript on the server: any string reaching it is injection.
  for (let i = 0; i < info.args.length; i++) {
    const w = field(info.args[i], '$where');
    if (w) hits.push({ kind: 'nosql', api: `${api} $where`, value: w });
  }
  if (m === '$where' || m === 'mapReduce') hits.push({ kind: 'nosql', api, value: info.args[0] });
  if (ownService(info)) return hits;
  // Legacy `collection.update(filter, { $set: ... })`; Sequelize's update(values, { where }) is not a filter.
  const legacyUpdate = m === 'update' && [...(info.args[1]?.fields?.keys() ?? [])].some((k) => k.startsWith('$'));
  if (relational || (!MONGO_FILTER.has(m) && !legacyUpdate)) return hits;
  const idx = 0;
  const v = info.args[idx];
  for (const r of regexOperands(v, 0)) hits.push({ kind: 'regex', api: `${api} $regex`, value: r });
  const node = info.argNodes[idx];
  if (!v) return hits;
  // A method of the repository's own module (`posts.exists(pid)` building `` `post:${pid}` ``) is
  // judged by its body when link finds it; the name speaks only for models it does not define.
  const condition = info.target ? { unlessDefined: info.target } : undefined;
  const obj = objectNode(node);
  if (obj || v.fields) {
    if (v.fields && [...v.fields.keys()].some((k) => ORM_OPTION_KEYS.has(k))) return hits;
    if (obj?.properties.some((p) => p.type === 'Property' && ORM_OPTION_KEYS.has(keyName(p.key, p.computed) ?? ''))) return hits;
    for (const [k, fv] of v.fields ?? []) {
      if (k.startsWith('$')) continue;
      if (fv?.fields) continue; // `{ age: { $gt: x } }`: the operator is fixed by the code.
      hits.push({ kind: 'nosql', api, value: fv, need: 'object', condition });
    }
    if (v.flags?.whole === 'yes') hits.push({ kind: 'nosql', api, value: v, need: 'object', condition });
    return hits;
  }
  hits.push({ kind: 'nosql', api, value: v, need: 'object', condition });
  return hits;
}

/**
 * `{ name: { $regex: req.query.q } }`, also in nested objects: the database compiles the request
 * value as a pattern, so the client picks its backtracking cost (and wildcards). Array operands
 * (`$or: [...]`) keep no per-element fields, so those are not seen.
 */
function regexOperands(v: AV | undefined, depth: number): AV[] {
  if (!v?.fields || depth > 3) return [];
  const out: AV[] = [];
  for (const [k, fv] of v.fields) {
    if (k === '$regex') out.push(...(fv ? [fv] : []));
    else out.push(...regexOperands(fv, depth + 1));
  }
  return out;
}

function fsSinks(info: CallInfo, q: string): SinkHit[] {
  if (info.module !== 'fs') return [];
  const m = info.method ?? q.slice(3);
  const write = FS_WRITE.has(m);
  if (!write && !FS_READ.has(m)) return [];
  const hits: SinkHit[] = [{ kind: 'path', api: `fs.${m}`, value: info.args[0], write }];
  if (FS_TWO_PATHS.has(m)) hits.push({ kind: 'path', api: `fs.${m}`, value: info.args[1], write });
  return hits;
}

function ssrfSinks(info: CallInfo, q: string): SinkHit[] {
  const mod = info.module ?? q;
  let idx: number | undefined = HTTP_CLIENTS.get(q);
  if (idx === undefined && ['axios', 'got', 'request', 'ky', 'superagent', 'needle', 'undici'].includes(mod) && info.method && HTTP_VERBS.has(info.method)) {
    idx = mod === 'needle' && info.method === 'request' ? 1 : 0;
  }
  if (idx === undefined && (mod === 'http' || mod === 'https') && (info.method === 'get' || info.method === 'request')) idx = 0;
  if (idx === undefined && mod === 'superagent' && info.args.length > 1) idx = 1;
  if (idx === undefined) return [];
  // `superagent('GET', url)` and `needle('get', url)` put the method first.
  if (idx === 0 && /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|get|post|put|patch|delete|head)$/.test(info.args[0]?.text ?? '') && info.args[1]) idx = 1;
  const v = info.args[idx];
  const node = info.argNodes[idx];
  const api = info.qname ?? info.text;
  if (v?.fields || objectNode(node)) {
    return URL_FIELDS.filter((f) => hasField(v, node, f)).map((f) => ({ kind: 'ssrf' as const, api, value: field(v, f) }));
  }
  return [{ kind: 'ssrf', api, value: v }];
}

const BROWSER_MODULES = /^(?:puppeteer(?:-core)?|playwright(?:-core|-chromium)?|@playwright\/test|phantom|node-phantom(?:-simple)?)$/;
/** PhantomJS bridges: their page loads a URL with `open` and takes markup through `property('content', html)`. */
const PHANTOM_MODULES = /^(?:phantom|node-phantom(?:-simple)?)$/;

/** Marks a sink hit on rendered markup (the api's last word), so the ssrf rule names that risk. */
export const MARKUP_SINK = ' HTML';

/**
 * Markup a headless browser renders: request data anywhere in it can add `<iframe src>`, `<img>`
 * or a script that makes the browser, inside the server's network, load internal or `file://`
 * URLs. Markup escaped or sanitised for HTML cannot add tags.
 */
function renderedMarkup(api: string, v: AV | undefined): SinkHit[] {
  if (!isTainted(v) || flagsOf(v).clean & kindBit('html')) return [];
  return [{ kind: 'ssrf', api: api + MARKUP_SINK, value: { ...v, flags: { ...flagsOf(v), pos: 'prefix' } } }];
}

/** An ssrf hit that requests a URL the data chose, not markup rendered or a page of this server (their result is a document). */
export const loadsChosenHost = (hit: SinkHit): boolean => !hit.api.endsWith(MARKUP_SINK) && !hit.api.includes(SELF_PAGE_SINK);

/**
 * A URL a headless browser loads: an SSRF sink where request data can choose the host; where it
 * only fills the query of a page of this server (`http://localhost:${port}/ticket?name=${q}`), a
 * sink named after that page, a finding where the page prints the data unescaped (ssrf rule).
 */
function loadedUrl(api: string, v: AV | undefined): SinkHit {
  if (!v?.selfPage || !isTainted(v) || flagsOf(v).pos !== 'path') return { kind: 'ssrf', api, value: v };
  return { kind: 'ssrf', api: `${api}${SELF_PAGE_SINK}${v.selfPage}`, value: { ...v, flags: { ...flagsOf(v), pos: 'prefix' } } };
}

/**
 * Headless browsers and HTML-to-PDF converters fetch what they are given: a URL (`page.goto(url)`,
 * phantom `page.open(url)`, html-pdf-node `{ url }`) is an SSRF sink like an HTTP client; markup
 * (`page.setContent(html)`, phantom `page.property('content', html)`, html-pdf-node `{ content }`,
 * html-pdf `create(html)`, node-html-to-image `{ html }`) is one wherever request data sits in it.
 */
function browserSinks(info: CallInfo, q: string): SinkHit[] {
  const a0 = info.args[0];
  if (q === 'html-pdf-node.generatePdf' || q === 'html-pdf-node.generatePdfs') {
    const node = info.argNodes[0];
    const out: SinkHit[] = [];
    if (hasField(a0, node, 'url')) out.push(loadedUrl(q, field(a0, 'url')));
    if (hasField(a0, node, 'content')) out.push(...renderedMarkup(q, field(a0, 'content')));
    return out;
  }
  // node-html-to-image compiles `html` as a Handlebars template: `content` values go through its
  // escaping `{{ }}`, the template itself does not.
  if (q === 'node-html-to-image') return hasField(a0, info.argNodes[0], 'html') ? renderedMarkup(q, field(a0, 'html')) : [];
  if (q === 'html-pdf.create' || q === 'phantom-html-to-pdf' || q === 'html-pdf-chrome.create') return renderedMarkup(q, a0);
  if (q === 'wkhtmltopdf') return [loadedUrl(q, a0), ...(a0 && flagsOf(a0).html === 'yes' ? renderedMarkup(q, a0) : [])];
  const phantom = info.module !== undefined && PHANTOM_MODULES.test(info.module);
  if (phantom && info.method === 'open') return [loadedUrl(`${info.module}.open`, a0)];
  if (phantom && info.method === 'property' && a0?.text === 'content') return renderedMarkup(`${info.module}.property('content')`, info.args[1]);
  if (info.method !== 'goto' && info.method !== 'setContent') return [];
  // `page.goto(url)`: a puppeteer or playwright page (tracked from the module, or named so).
  const page = (info.module !== undefined && BROWSER_MODULES.test(info.module)) || /\bpage\b|Page$/.test(info.text.slice(0, info.text.lastIndexOf('.')));
  if (!page) return [];
  const api = `${info.module && BROWSER_MODULES.test(info.module) ? info.module : 'page'}.${info.method}`;
  return info.method === 'goto' ? [loadedUrl(api, a0)] : renderedMarkup(api, a0);
}

function deserializeSinks(info: CallInfo, q: string): SinkHit[] {
  const a0 = info.args[0];
  if (q === 'node-serialize.unserialize' || q === 'node-serialize.deserialize' || q === 'funcster.deepDeserialize' || q === 'cryo.parse') {
    return [{ kind: 'deserialize', api: q, value: a0 }];
  }
  if (q === 'js-yaml.load' || q === 'js-yaml.loadAll') {
    const schema = option(info, 1, 'schema');
    if (/FULL|JS_SCHEMA|\bjs\b|types/i.test(schema.text ?? '')) return [{ kind: 'deserialize', api: q, value: a0 }];
    if (!schema.present) return [{ kind: 'deserialize', api: q, value: a0, condition: { pkg: 'js-yaml', below: '4.0.0' } }];
  }
  return [];
}

/** adm-zip before 0.4.11 wrote entries outside the target folder (CVE-2018-1002204). */
function archiveSinks(info: CallInfo): SinkHit[] {
  const m = info.method;
  if (info.recv?.mod?.module !== 'adm-zip' || !m || !/^(?:extractAllTo|extractAllToAsync|extractEntryTo)$/.test(m)) return [];
  return [{ kind: 'archive', api: `adm-zip.${m}`, value: info.recv, condition: { pkg: 'adm-zip', below: '0.4.11' } }];
}

function exprText(e: Expression): string {
  const n = unwrap(e);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') return `${exprText(n.object)}.${n.property.name}`;
  if (n.type === 'CallExpression') return `${exprText(n.callee)}()`;
  return '';
}

function xmlSinks(info: CallInfo, q: string): SinkHit[] {
  if (!/^libxmljs\.(?:parseXml|parseXmlString|parseXmlAsync|Document\.fromXml)$/.test(q)) return [];
  return option(info, 1, 'noent').text === 'true' ? [{ kind: 'xml', api: q, value: info.args[0] }] : [];
}

/**
 * Query languages of their own, built from strings: XPath expressions (`xpath.select`,
 * `xpath.evaluate`, `xpath.parse`, fontoxpath) and LDAP search filters (ldapjs and ldapts
 * `client.search(base, { filter })`, or the filter string itself as ldapjs also takes it).
 */
function queryLanguageSinks(info: CallInfo, q: string): SinkHit[] {
  if (/^(?:xpath|xpath-ts)\.(?:select|select1|evaluate|parse)$/.test(q) || /^fontoxpath\.evaluateXPath\w*$/.test(q)) return [{ kind: 'xpath', api: q, value: info.args[0] }];
  if (/^(?:ldapjs|ldapts|ldapjs-client|ldapjs-promise)\.search$/.test(q)) {
    const opts = info.args[1];
    const filter = opts?.fields ? opts.fields.get('filter') : opts;
    return filter ? [{ kind: 'ldap', api: q, value: filter }] : [];
  }
  return [];
}

function templateSinks(info: CallInfo, q: string): SinkHit[] {
  if (TEMPLATE_APIS.has(q) || TEMPLATE_APIS.has(info.text)) return [{ kind: 'template', api: TEMPLATE_APIS.has(q) ? q : info.text, value: info.args[0] }];
  if (info.method === 'renderString' && /nunjucks|env/i.test(info.text)) return [{ kind: 'template', api: 'nunjucks.renderString', value: info.args[0] }];
  if (q === 'twig.twig' || q === 'twig') return [{ kind: 'template', api: 'twig', value: field(info.args[0], 'data') }];
  return [];
}

function mergeSinks(info: CallInfo, q: string): SinkHit[] {
  const jqueryDeep = (q === 'jquery.extend' || info.text === '$.extend' || info.text === 'jQuery.extend') && isTrue(info.argNodes[0] ? unwrap(info.argNodes[0]) : undefined);
  if (MERGE_APIS.has(q) || jqueryDeep) {
    if (q === 'jquery.extend' && !jqueryDeep) return [];
    const api = jqueryDeep ? 'jquery.extend' : q;
    // lodash skips `__proto__` and `constructor` keys in merges since 4.17.12 (CVE-2018-16487,
    // CVE-2019-10744): a manifest that pins a later version leaves only the call, no pollution.
    const condition = info.module === 'lodash' && LODASH_DEEP.has(q) ? { pkg: 'lodash', below: '4.17.12', unknownVersion: true } : undefined;
    return info.args.slice(jqueryDeep ? 2 : 1).map((v) => ({ kind: 'merge' as const, api, value: v, need: 'object' as const, ...(condition ? { condition } : {}) }));
  }
  if (SET_PATH_APIS.has(q)) return [{ kind: 'merge', api: q, value: info.args[1] }];
  return [];
}

/** The signed-in principal as middleware leaves it (`req.user`, `ctx.state.user`, `req.session.user`). */
const IDENTITY_OBJECT = /^(?:req|request|ctx|context)(?:\.(?:state|session|locals|request))?\.(?:user|currentUser|account|principal)$|^res\.locals\.(?:user|currentUser|account)$/;

/**
 * `Object.assign({}, ctx.state.user, fields)`: client fields copied over the signed-in user or a
 * record read from the database make a new version of that record whose `id`, role or owner the
 * client chose. Any request object reaching it counts, the whole body or a sub-object of it
 * (`body.user`), but not a string: `need: 'object'`.
 */
function overIdentity(info: CallInfo, q: string): SinkHit[] {
  const base = info.argNodes.slice(1).findIndex((n, i) => {
    if (!n) return false;
    const v = info.args[i + 1];
    if (v?.src?.length && v.src.every((o) => o.kind === 'stored')) return true;
    return IDENTITY_OBJECT.test(exprText(n));
  });
  if (base < 0) return [];
  const hits: SinkHit[] = [];
  for (let i = base + 2; i < info.args.length; i++) {
    // An object literal names its keys in code (`{ bio, image }`): not the client's choice.
    const n = info.argNodes[i];
    if (n && unwrap(n).type === 'ObjectExpression') continue;
    hits.push({ kind: 'mass-assignment', api: q, value: asWhole(info.args[i]), need: 'object' });
  }
  return hits;
}

/** The value as a whole client-built object (its own fields, not one member's text). */
function asWhole(v: AV | undefined): AV | undefined {
  if (!isTainted(v)) return v;
  return { ...v, flags: { ...flagsOf(v), whole: 'yes' } };
}

function massAssignmentSinks(info: CallInfo, q: string): SinkHit[] {
  const m = info.method;
  const api = info.qname ?? info.text;
  // redbean-node: `R.dispense('monitor')` then `bean.import(obj)` copies every key of obj onto the row.
  if (q === 'redbean-node.bean.import') return [{ kind: 'mass-assignment', api: 'bean.import', value: info.args[0] }];
  if (q === 'Object.assign' || q === 'lodash.assign' || q === 'lodash.extend') {
    const target = info.argNodes[0] ? unwrap(info.argNodes[0]) : undefined;
    if (target?.type === 'ObjectExpression' && target.properties.length === 0) return overIdentity(info, q);
    if (!target || target.type === 'ObjectExpression' || target.type === 'ArrayExpression') return [];
    return info.args.slice(1).map((v) => ({ kind: 'mass-assignment' as const, api: q, value: v }));
  }
  if (info.isNew) {
    const cls = info.text.replace(/^new /, '');
    const fromPackage = info.module !== undefined && !isLocalSpec(info.module);
    if (!/^[A-Z]/.test(cls) || BUILTIN_CLASSES.has(cls) || fromPackage) return [];
    return [{ kind: 'mass-assignment', api: `new ${cls}${serverSetSuffix(info.argNodes[0], info.args[0])}`, value: info.args[0] }, ...privilegedFields(`new ${cls}`, info.args[0])];
  }
  // Calls into the repository's own modules are judged by their summaries, not by method name.
  // `cipher.update(text)`, `createHash('sha256').update(body)`: a digest's input, no record.
  if (m === 'update' && CRYPTO_UPDATE.test(info.text)) return [];
  if (!m || (info.module && NOT_DATABASES.has(info.module)) || ownService(info) || info.recvRole) return [];
  if (!CREATE_METHODS.has(m) && !UPDATE_METHODS.has(m) && !(m === 'set' && info.args.length === 1)) return [];
  const hits: SinkHit[] = [];
  const n = Math.min(info.args.length, UPDATE_METHODS.has(m) ? 2 : 1);
  for (let i = 0; i < n; i++) {
    const v = info.args[i];
    hits.push({ kind: 'mass-assignment', api: `${api}${serverSetSuffix(info.argNodes[i], v)}`, value: v });
    // A MongoDB filter (`updateOne({ role: x }, update)`) selects records; it sets nothing.
    const filter = i === 0 && (FILTER_FIRST.has(m) || (m === 'update' && !field(info.args[1], 'where')));
    if (!filter) append(hits, privilegedFields(api, v));
    for (const key of ['data', 'create', 'update', '$set']) {
      const f = field(v, key);
      if (f) hits.push({ kind: 'mass-assignment', api, value: f });
      if (!filter) append(hits, privilegedFields(api, f));
    }
  }
  // `Proxy.save(obj)` of the repository's own module: when the link step finds that function, its
  // body decides (named fields copied is no mass assignment); the method name only speaks for
  // methods the code does not define itself (an ORM base class's `create`).
  if (info.target) for (const h of hits) h.condition = { unlessDefined: info.target };
  return hits;
}

/**
 * `Model.create({ ...body, team: req.user.team, createdBy: userId })`: the keys the code sets after
 * the last spread of request data override the client's, so the client cannot choose them. Carried
 * on the whole-object sink's api as ` !set(team,createdBy)` (it survives function summaries and the
 * link step); the mass-assignment rule compares them with the model's privileged and owner columns
 * and strips the suffix (`splitServerSet`). A spread after the keys (`{ team, ...body }`) can
 * override them: nothing is carried.
 */
function serverSetSuffix(node: Expression | undefined, v: AV | undefined): string {
  const obj = node ? unwrap(node) : undefined;
  if (obj?.type !== 'ObjectExpression' || !isTainted(v)) return '';
  const set: string[] = [];
  let spread = false;
  for (const p of obj.properties) {
    if (p.type === 'SpreadElement') {
      // `...(createdAt && { createdAt })`: a literal of the code's own keys overrides nothing of the client's.
      if (literalSpread(p.argument)) continue;
      spread = true;
      set.length = 0;
      continue;
    }
    const key = keyName(p.key, p.computed);
    if (key === undefined || !/^[A-Za-z_$][\w$]*$/.test(key)) continue;
    // Request data named under the key is the client's choice (reported as a privileged field when
    // it is one). A parameter of a helper (`createNote(teamId, note)`) is the caller's: callers pass
    // the signed-in user's team, and one passing request data there is reported on that key.
    if (v?.fields?.get(key)?.src?.length) continue;
    if (!set.includes(key)) set.push(key);
  }
  return spread && set.length > 0 ? ` !set(${set.join(',')})` : '';
}

/** A spread argument that is an object literal of plain keys, possibly behind `cond &&` or `cond ? {...} : {}`. */
function literalSpread(node: Expression): boolean {
  const n = unwrap(node);
  if (n.type === 'ObjectExpression') return n.properties.every((p) => p.type === 'Property');
  if (n.type === 'LogicalExpression') return literalSpread(n.right as Expression);
  if (n.type === 'ConditionalExpression') return literalSpread(n.consequent as Expression) && literalSpread(n.alternate as Expression);
  return false;
}

/** A mass-assignment api and the keys the code set after the client's data (see `serverSetSuffix`). */
export function splitServerSet(api: string): { api: string; set: string[] } {
  const m = / !set\(([\w$,]*)\)$/.exec(api);
  return m ? { api: api.slice(0, m.index), set: m[1].split(',').filter(Boolean) } : { api, set: [] };
}

/** Update methods whose first argument is a MongoDB filter, not the values written. */
const FILTER_FIRST = new Set(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace']);

/**
 * Keys that grant rights or value when a client sets them on its own record: roles and admin
 * flags, verification flags, balances. Also exported for the mass-assignment rule.
 */
export const PRIVILEGED_KEY = /^(?:is_?admin|admin|is_?super_?user|super_?user|role|roles|permissions?|is_?verified|verified|email_?verified|is_?email_?verified|balance|credits?)$/i;

/**
 * `User.create({ name, role: req.body.role })`: a privileged key set from request data in a
 * create or update, named in code but chosen by the client. Its api carries the key
 * (`User.create role`) so the rule can name it; a string is enough (no `need`).
 */
function privilegedFields(api: string, v: AV | undefined): SinkHit[] {
  if (!v?.fields || flagsOf(v).whole === 'yes') return [];
  const hits: SinkHit[] = [];
  for (const [key, fv] of v.fields) {
    if (PRIVILEGED_KEY.test(key) && isTainted(fv)) hits.push({ kind: 'mass-assignment', api: `${api} ${key}`, value: asWhole(fv) });
  }
  return hits;
}

function logSinks(info: CallInfo): SinkHit[] {
  const m = info.method;
  if (!m || !LOG_METHODS.has(m)) return [];
  const recv = info.text.slice(0, info.text.length - m.length - 1);
  const isLogger = recv === 'console' || /(?:^|\.)_?(?:logger|log|Logger|LOGGER|LOG)$/.test(recv) || (info.module !== undefined && LOG_MODULES.has(info.module));
  if (!isLogger) return [];
  const api = recv === 'console' ? `console.${m}` : info.module && LOG_MODULES.has(info.module) ? `${info.module}.${m}` : `logger.${m}`;
  return info.args.map((v) => ({ kind: 'log' as const, api, value: v }));
}

function regexSinks(info: CallInfo, q: string): SinkHit[] {
  if (q === 'RegExp') return [{ kind: 'regex', api: 'RegExp', value: info.args[0] }];
  const m = info.method;
  if (!m) return [];
  if ((m === 'test' || m === 'exec') && info.recv?.regex && isNestedQuantifier(info.recv.regex)) {
    return [{ kind: 'regex', api: `RegExp.prototype.${m}`, value: info.args[0] }];
  }
  if (['match', 'matchAll', 'replace', 'replaceAll', 'split', 'search'].includes(m)) {
    const re = info.args[0]?.regex;
    if (re && isNestedQuantifier(re)) return [{ kind: 'regex', api: `String.prototype.${m}`, value: info.recv }];
  }
  return [];
}

/** Response objects: XSS, redirects, file sends and headers. */
function responseSinks(info: CallInfo, contentType: ContentKind | undefined): SinkHit[] {
  const m = info.method;
  if (!m || (info.recvRole !== 'response' && info.recvRole !== 'ctx')) return [];
  const name = info.recvName ?? 'res';
  const fastify = name === 'reply';
  const api = `${name}.${m}`;
  const [a0, a1] = info.args;
  const chainType = info.chain.includes('json') ? 'other' : undefined;
  const ct = chainType ?? contentType;
  switch (m) {
    case 'send':
    case 'response':
      // An XML document (content type set to XML) with request data inside its markup: XML injection.
      if (ct === 'xml') return info.recvRole === 'ctx' ? [] : [{ kind: 'xml-injection', api, value: a0, need: 'htmlish' }];
      if (info.recvRole === 'ctx' || ct === 'other') return [];
      if (fastify && ct !== 'html') return [];
      return [{ kind: 'html', api, value: a0 }];
    case 'write':
    case 'end':
      if (ct === 'xml') return [{ kind: 'xml-injection', api, value: a0, need: 'htmlish' }];
      if (ct === 'other') return [];
      return [{ kind: 'html', api, value: a0, need: ct === 'html' ? undefined : 'htmlish' }];
    case 'redirect': {
      const idx = info.argNodes.findIndex((n) => n !== undefined && !isNumber(n));
      return idx >= 0 ? [{ kind: 'redirect', api, value: info.args[idx] }] : [];
    }
    case 'location':
      return [{ kind: 'redirect', api, value: a0 }];
    case 'sendFile':
    case 'download': {
      if (fastify) return [];
      if (option(info, 1, 'root').present) return [];
      return [{ kind: 'path', api, value: a0 }];
    }
    case 'render':
      return info.recvRole === 'response' ? [{ kind: 'path', api, value: a0 }, ...renderHits(api, info)] : [];
    case 'set':
    case 'header':
    case 'setHeader':
    case 'append':
      return headerHits(api, info.argNodes[0], a0, a1);
    case 'writeHead': {
      const idx = info.argNodes.length - 1;
      return idx >= 1 ? headerHits(api, info.argNodes[idx], info.args[idx], undefined) : [];
    }
    default:
      return [];
  }
}

/**
 * `res.render('view', { name })`: each local that holds request data is printed by the view. The
 * link step keeps the finding only when the view prints that local unescaped (raw syntax, or an
 * engine configured without autoescaping).
 */
function renderHits(api: string, info: CallInfo): SinkHit[] {
  const view = info.args[0]?.text;
  const locals = info.args[1];
  const hits: SinkHit[] = [];
  // The whole request body as locals (`{ ...req.body }`): the client also sets the engine's
  // options that ride on them (`layout`, `settings`, `filename`...), which pick files to render.
  if (locals && locals.flags?.whole === 'yes') hits.push({ kind: 'path', api: `${api} locals (view options)`, value: { ...locals, flags: { ...locals.flags, whole: 'no', shape: 'any' } } });
  if (view === undefined || !locals?.fields) return hits;
  for (const [field, value] of locals.fields) for (const v of nestedValues(value, 0)) hits.push({ kind: 'html', api, value: v, condition: { view, field } });
  return hits;
}

/**
 * A local and the values nested in it (`{ output: { term: req.query.q } }`): the view prints
 * `output.term`, and templates key outputs by the root local, so a tainted leaf counts for it.
 */
function nestedValues(value: AV | undefined, depth: number): AV[] {
  if (!value) return [];
  if (!value.fields?.size || depth >= 3) return [value];
  const out: AV[] = [];
  for (const v of value.fields.values()) if (isTainted(v) || v?.fields) out.push(...nestedValues(v, depth + 1));
  return out.length ? out : [value];
}

function headerHits(api: string, nameNode: Expression | undefined, nameValue: AV | undefined, value: AV | undefined): SinkHit[] {
  const obj = objectNode(nameNode);
  if (obj) {
    const hits: SinkHit[] = [];
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      const key = keyName(p.key, p.computed);
      if (key) hits.push(...headerHits(api, undefined, { text: key }, nameValue?.fields?.get(key)));
    }
    return hits;
  }
  const header = (nameNode ? stringValue(unwrap(nameNode)) : nameValue?.text)?.toLowerCase();
  if (!header) return [];
  if (header === 'location' || header === 'refresh') return [{ kind: 'redirect', api, value }];
  if (header === 'content-type' || header.startsWith('access-control-')) return [];
  return [{ kind: 'header', api, value }];
}

/** Header name and value of a content-type setting on a response, if this call is one. */
export function contentTypeSet(info: CallInfo): ContentKind | undefined {
  const m = info.method;
  if (info.recvRole !== 'response' && info.recvRole !== 'ctx') return undefined;
  let value: string | undefined;
  if (m === 'type' || m === 'contentType') value = info.args[0]?.text;
  else if (m === 'set' || m === 'header' || m === 'setHeader') {
    if ((info.args[0]?.text ?? '').toLowerCase() === 'content-type') value = info.args[1]?.text;
  } else if (m === 'writeHead') {
    for (const f of ['Content-Type', 'content-type']) {
      const node = literalField(info.argNodes[info.argNodes.length - 1], f);
      if (node) value = stringValue(node);
    }
  }
  if (value === undefined) return undefined;
  return contentTypeKind(value);
}

/** `text/html` → html, `application/xml`, `text/xml`, `application/soap+xml`, `xml` → xml, anything else → other. */
export function contentTypeKind(value: string): ContentKind {
  return /html/i.test(value) ? 'html' : /xml/i.test(value) ? 'xml' : 'other';
}

export type ContentKind = 'html' | 'xml' | 'other';

/** Method names any matcher below looks at; other calls on plain objects are skipped at once. */
const INTERESTING_METHODS = new Set([
  ...SQL_METHODS,
  ...STRONG_SQL,
  ...QUERY_BUILDER,
  ...MONGO_FILTER,
  ...CREATE_METHODS,
  ...UPDATE_METHODS,
  ...LOG_METHODS,
  '$where',
  'mapReduce',
  'update',
  'set',
  'test',
  'exec',
  'match',
  'matchAll',
  'replace',
  'replaceAll',
  'split',
  'search',
  'renderString',
  'extend',
  'goto',
  'setContent',
]);
const GLOBAL_SINKS = new Set(['eval', 'Function', 'setTimeout', 'setInterval', 'require', 'fetch', 'RegExp', 'Response.redirect', 'Object.assign', 'window.eval', 'global.eval', 'globalThis.eval', 'Handlebars.compile', 'Handlebars.precompile', 'Mustache.render', '$.extend', 'jQuery.extend']);

function mayBeSink(info: CallInfo): boolean {
  if (info.module !== undefined || info.recvRole || info.isNew) return true;
  if (info.method !== undefined && INTERESTING_METHODS.has(info.method)) return true;
  if (info.qname !== undefined && GLOBAL_SINKS.has(info.qname)) return true;
  if (GLOBAL_SINKS.has(info.text)) return true;
  return info.args.some((a) => a?.fields?.has('$where'));
}

function append(hits: SinkHit[], more: readonly SinkHit[]): void {
  for (let i = 0; i < more.length; i++) hits.push(more[i]);
}

/** All sinks a call reaches. `contentType`: what the function already set on this response. */
export function matchCallSinks(info: CallInfo, contentType?: ContentKind): SinkHit[] {
  if (!mayBeSink(info)) return [];
  const q = info.qname ?? '';
  const hits: SinkHit[] = [];
  // Appended one list at a time: `push(...a, ...b)` builds an argument list of every list first.
  if (q) {
    append(hits, commandSinks(info, q));
    append(hits, codeSinks(info, q));
    append(hits, fsSinks(info, q));
    append(hits, ssrfSinks(info, q));
    append(hits, deserializeSinks(info, q));
    append(hits, xmlSinks(info, q));
    append(hits, queryLanguageSinks(info, q));
    append(hits, mergeSinks(info, q));
    append(hits, regexSinks(info, q));
    if (q === 'next/navigation.redirect' || q === 'next/navigation.permanentRedirect' || q === 'NextResponse.redirect' || q === 'next/server.NextResponse.redirect' || q === 'Response.redirect') {
      hits.push({ kind: 'redirect', api: q.replace(/^next\/server\./, ''), value: info.args[0] });
    }
    // SvelteKit's `redirect(303, location)`: the status first, then the target.
    if (q === '@sveltejs/kit.redirect' && info.args.length > 1) hits.push({ kind: 'redirect', api: 'redirect', value: info.args[1] });
    if (q === 'send' && info.args.length > 1) hits.push({ kind: 'path', api: 'send', value: info.args[1] });
  } else {
    append(hits, regexSinks(info, ''));
  }
  append(hits, archiveSinks(info));
  // SvelteKit's `event.fetch(url)` and the `fetch` a load or handler takes from its event
  // (`({ fetch }) => fetch(url)`, a local name, so no global): a fetch made by the server.
  if (info.recvRole === 'request' && info.method === 'fetch' && info.args.length > 0) hits.push({ kind: 'ssrf', api: `${info.recvName ?? 'event'}.fetch`, value: info.args[0] });
  else if (!q && info.text === 'fetch' && !info.target && !info.module && info.args.length > 0) hits.push({ kind: 'ssrf', api: 'fetch', value: info.args[0] });
  append(hits, browserSinks(info, q));
  if (hits.some((h) => h.kind === 'command' || h.kind === 'code-eval')) return hits;
  append(hits, templateSinks(info, q));
  append(hits, responseSinks(info, contentType));
  if (!info.recvRole && !hits.some((h) => h.kind === 'ssrf' || h.kind === 'path')) {
    append(hits, sqlSinks(info));
    append(hits, nosqlSinks(info));
    append(hits, massAssignmentSinks(info, q));
    append(hits, logSinks(info));
  }
  if (!q.startsWith('lodash.') || q === 'lodash.assign' || q === 'lodash.extend') return hits;
  return hits.filter((h) => h.kind !== 'nosql' && h.kind !== 'sql');
}
