// Data stores a JS/TS service talks to: SQL/ORM clients, document stores, caches, embedded
// stores, file and blob storage, message queues; their technology and connection target
// (`env:NAME`, host, or file). Prisma's datasource block in schema.prisma is read as well.
import type { DatastoreClientFact, FactInput } from '../../../model/types.js';
import {
  calleeProperty,
  isFunctionLike,
  jsIndex,
  nodesUnder,
  objectProp,
  paramNames,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type CallLike,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor, SourceFile } from '../../types.js';
import { targetFromOptions, targetOf } from '../outbound/target.js';
import { dialectTech, STORES, type StoreSpec } from './catalog.js';
import { queueConsumers } from './consumers.js';
import { callCredentials, OPTIONS_FACTORIES, optionsFactoryCredentials } from './credentials.js';

/**
 * Every fact needs one of these in the text. A store client's resolved callee starts with the
 * module specifier it was imported from (a string in the file) or, not imported, with the callee's
 * own identifier; each STORES pattern's module or identifier contains one of the names below. Queue
 * consumers need kafkajs or amqp* imported, or a bullmq Worker. File storage needs `multer`, or an
 * fs method whose name is written as a member, an imported name or a destructured key, or a `.mv`
 * call. A Prisma schema needs its `datasource` block. Not seen: module names assembled at run time
 * (`require('my' + 'sql')`) or written with escapes, which no text signal can see.
 */
const SIGNALS = [
  ...['sequelize', 'typeorm', 'mongoose', 'knex', 'mongodb', 'pg', 'postgres', 'mysql', 'mariadb', 'mssql', 'oracledb', 'sqlite'],
  ...['redis', 'memcached', 'memjs', 'nedb', 'lowdb', 'marsdb', 'lokijs', 'aws-sdk', 'google-cloud', '@azure/', 'minio', 'firebase-admin'],
  ...['supabase', 'clickhouse', 'elasticsearch', 'opensearch', 'amqp', 'kafkajs', 'bull', 'bee-queue', 'nats'],
  ...['multer', 'writeFile', 'createWriteStream', 'rename', 'copyFile', 'move', 'outputFile', 'mv'],
  'datasource',
  // Nest options factories (credentials.ts): the class may import nothing but its option types.
  ...Object.keys(OPTIONS_FACTORIES),
];

/** Every store callee in one pattern: most calls name none, and one test is cheaper than 45. */
const ANY_STORE = new RegExp(STORES.map((s) => `(?:${s.callee.source})`).join('|'));

function store(index: JsIndex, at: AstNode, spec: Pick<StoreSpec, 'library' | 'kind'>, tech: string, target: string | undefined): FactInput {
  const fact: Omit<DatastoreClientFact, 'extractor'> = {
    kind: 'datastore-client',
    tech,
    storeKind: spec.kind,
    library: spec.library,
    evidence: index.evidence(at),
    key: `${index.file}#datastore-client:${spec.library}:${tech}:${target ?? '?'}`,
  };
  if (target) fact.target = target;
  return fact;
}

/**
 * @fastify/autoload hands a plugin file's exported `autoConfig` (an object, or a function of the
 * instance returning one) to the plugin as its options: `knex(opts)` inside
 * `fp(async (fastify, opts) => …)` is configured by that object.
 */
function autoloadOptions(arg: AstNode | undefined, index: JsIndex): AstNode | undefined {
  const id = unwrap(arg);
  if (!id || id.type !== 'Identifier') return undefined;
  const fn = index.enclosingFunction(id);
  if (!fn || paramNames(fn)[1] !== id.name) return undefined;
  const config = unwrap(index.constInit('autoConfig'));
  if (!config) return undefined;
  if (!isFunctionLike(config)) return resolveObject(config, index);
  const body = config.body as AstNode | null;
  if (body && body.type !== 'BlockStatement') return resolveObject(body, index);
  const returned = body ? nodesUnder(body, 'ReturnStatement').find((r) => index.enclosingFunction(r) === config) : undefined;
  return returned?.argument ? resolveObject(returned.argument as AstNode, index) : undefined;
}

function techOf(spec: StoreSpec, call: CallLike, index: JsIndex, target: string | undefined): string {
  if (spec.tech !== 'sql') return spec.tech;
  const args = call.arguments as AstNode[];
  const opts = resolveObject(args.find((a) => resolveObject(a, index)), index) ?? autoloadOptions(args[0], index);
  const dialect = stringValue(objectProp(opts, 'dialect') ?? objectProp(opts, 'type') ?? objectProp(opts, 'client'), index);
  const url = stringValue(args[0], index) ?? stringValue(objectProp(opts, 'url'), index);
  return dialectTech(dialect) ?? dialectTech(url?.split(':')[0]) ?? dialectTech(target) ?? 'sql';
}

function targetFor(spec: StoreSpec, call: CallLike, index: JsIndex): string | undefined {
  const args = call.arguments as AstNode[];
  if (spec.library === 'sequelize') {
    // new Sequelize(url) | new Sequelize(db, user, pass, { host | storage }) | new Sequelize({ ... })
    const opts = args.map((a) => resolveObject(a, index)).find((o) => o !== undefined);
    const fromOpts = opts ? targetFromOptions(opts, index, ['url', 'uri', 'host', 'storage']) : undefined;
    const first = stringValue(args[0], index);
    return fromOpts ?? (first !== undefined && /:\/\//.test(first) ? targetOf(args[0], index) : undefined) ?? targetOf(args[0], index);
  }
  switch (spec.target) {
    case 'arg0':
      return resolveObject(args[0], index) ? targetFromOptions(args[0], index) : (targetOf(args[0], index) ?? fileTarget(args[0], index));
    case 'opts0':
      return targetFromOptions(args[0], index);
    case 'opts1':
      return targetFromOptions(objectProp(resolveObject(args[1], index), 'connection') ?? args[1], index);
    default:
      return undefined;
  }
}

/** Embedded stores and SQLite take a file name. */
function fileTarget(node: AstNode | undefined, index: JsIndex): string | undefined {
  const s = stringValue(node, index);
  if (s !== undefined) return s;
  const n = unwrap(node);
  if (n && (n.type === 'NewExpression' || n.type === 'CallExpression')) return fileTarget(n.arguments[0] as AstNode, index);
  return undefined;
}

/** Files written under an uploads folder, and multer disk storage: local file storage. */
function fileStorage(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const seen = new Set<string>();
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    let dir: string | undefined;
    if (r === 'multer') dir = stringValue(objectProp(resolveObject(call.arguments[0] as AstNode, index), 'dest'), index);
    else if (/^(fs|fs\/promises|fs-extra)\.(writeFile|writeFileSync|createWriteStream|rename|renameSync|copyFile|move|outputFile)$/.test(r) || calleeProperty(call) === 'mv') {
      const text = call.arguments.map((a) => index.text(a as AstNode)).join(' ');
      const m = /['"`]([^'"`]*uploads?[^'"`]*)['"`]/i.exec(text) ?? /\b(upload\w*|UPLOAD\w*)\b/.exec(text);
      if (m) dir = m[1];
    }
    if (dir) dir = dir.split('${')[0];
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    out.push(store(index, call, { library: r === 'multer' ? 'multer' : 'fs', kind: 'storage' }, 'filesystem', dir));
  }
  return out;
}

function prismaSchema(file: SourceFile): FactInput[] {
  const block = /datasource\s+\w+\s*\{([^}]*)\}/m.exec(file.content);
  if (!block) return [];
  const provider = /provider\s*=\s*"([^"]+)"/.exec(block[1])?.[1];
  const env = /url\s*=\s*env\(\s*"([^"]+)"\s*\)/.exec(block[1])?.[1];
  const line = file.content.slice(0, block.index).split('\n').length;
  const tech = dialectTech(provider) ?? provider ?? 'sql';
  const fact: Omit<DatastoreClientFact, 'extractor'> = {
    kind: 'datastore-client',
    tech,
    storeKind: 'database',
    library: 'prisma',
    evidence: { file: file.path, line, snippet: file.content.split('\n')[line - 1]?.trim() },
    key: `${file.path}#datastore-client:prisma:${tech}`,
  };
  if (env) fact.target = `env:${env}`;
  return [fact];
}

export const extractor: Extractor = {
  id: 'js/datastores',
  title: 'Data stores used by JS/TS services: databases, caches, embedded stores, file/blob storage, queues',
  matches: (path) => (isJsFile(path) || path.endsWith('.prisma')) && !isTestFile(path),
  signals: SIGNALS,
  extract(file, ctx) {
    if (file.path.endsWith('.prisma')) {
      const facts = prismaSchema(file);
      return facts.length > 0 ? facts : null;
    }
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    for (const call of [...index.nodesOf('NewExpression'), ...index.nodesOf('CallExpression')]) {
      const r = (index.resolvedCallee(call) ?? '').replace(/\.default$/, '');
      const spec = ANY_STORE.test(r) ? STORES.find((s) => s.callee.test(r)) : undefined;
      if (!spec) continue;
      const target = targetFor(spec, call, index);
      const tech = techOf(spec, call, index, target);
      out.push(store(index, call, spec, tech, target));
      const login = callCredentials(spec, tech, call, index);
      if (login) out.push(login);
    }
    out.push(...fileStorage(index), ...queueConsumers(index), ...optionsFactoryCredentials(index));
    return out.length > 0 ? out : null;
  },
};
