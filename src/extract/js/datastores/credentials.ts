// Credentials a JS/TS service hands its data-store client: `user`/`pass`/`password`/`auth`/`sasl`
// options (top level or under `connection`), Sequelize's positional user and password, a connection
// string with userinfo, a Nest `forRootAsync({ useFactory })`, and Nest options factories
// (`createMongooseOptions()` / `createTypeOrmOptions()` of a `useClass` provider, often in another
// file). Emitted as `config` facts with setting `datastore-credentials` so the
// datastore-without-authentication rule can tell a store the service logs in to.
import type { FactInput } from '../../../model/types.js';
import { isFunctionLike, literalValue, nodesUnder, objectProp, propertyKey, resolveObject, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import type { StoreSpec } from './catalog.js';

export const CREDENTIALS_SETTING = 'datastore-credentials';

/** Option names that carry a login (mongoose `user`/`pass`, pg `password`, driver `auth`, kafkajs `sasl`). */
const CREDENTIAL_KEY = /^(user|username|pass|password|auth|sasl)$/;
/** `scheme://user:password@host` in a literal or template. */
const USERINFO = /[a-z][a-z0-9+.-]*:\/\/[^\s/@'"`]+:[^\s@'"`]+@/i;
/** Option names holding a connection string. */
const URL_KEY = /^(url|uri|connection|connectionString|node)$/;

function userinfo(value: AstNode | undefined, index: JsIndex): boolean {
  const n = unwrap(value);
  return !!n && (n.type === 'Literal' || n.type === 'TemplateLiteral') && USERINFO.test(index.text(n));
}

/** Nest options-factory methods: the technology of the options they return. */
export const OPTIONS_FACTORIES: Record<string, { library: string; tech: string }> = {
  createMongooseOptions: { library: 'mongoose', tech: 'mongodb' },
  createTypeOrmOptions: { library: 'typeorm', tech: 'sql' },
  createSequelizeOptions: { library: 'sequelize', tech: 'sql' },
  createElasticsearchOptions: { library: '@elastic/elasticsearch', tech: 'elasticsearch' },
};

/** A value that turns the login off (`auth: false`, `password: ''`). */
function empty(value: AstNode | undefined): boolean {
  const n = unwrap(value);
  if (!n) return true;
  if (n.type === 'Identifier' && n.name === 'undefined') return true;
  const v = literalValue(n);
  return v === null || v === false || v === '';
}

/** The credential property of an options object, looking under `connection` (knex) too. */
function credentialProp(opts: AstNode | undefined, index: JsIndex): AstNode | undefined {
  if (!opts || opts.type !== 'ObjectExpression') return undefined;
  for (const p of opts.properties as AstNode[]) {
    if (p.type !== 'Property') continue;
    const key = propertyKey(p);
    if (key && CREDENTIAL_KEY.test(key) && !empty(p.value as AstNode)) return p;
    if (key && URL_KEY.test(key) && userinfo(p.value as AstNode, index)) return p;
  }
  const nested = resolveObject(objectProp(opts, 'connection'), index);
  return nested && nested !== opts ? credentialProp(nested, index) : undefined;
}

/** The object a function returns (expression body or a `return` of its own). */
function returnedObject(fn: AstNode | undefined, index: JsIndex): AstNode | undefined {
  if (!fn || !isFunctionLike(fn)) return undefined;
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return resolveObject(body, index);
  for (const r of nodesUnder(body, 'ReturnStatement')) {
    if (index.enclosingFunction(r) !== fn) continue;
    const obj = resolveObject(r.argument as AstNode | null, index);
    if (obj) return obj;
  }
  return undefined;
}

function fact(index: JsIndex, at: AstNode, library: string, tech: string, via: string): FactInput {
  return {
    kind: 'config',
    setting: CREDENTIALS_SETTING,
    values: { library, tech, via },
    summary: `${library} connects with credentials (${via})`,
    evidence: index.evidence(at),
    key: `${index.file}#config:${CREDENTIALS_SETTING}:${library}:${index.enclosingFunctionName(at)}`,
  };
}

/** Where a store client call passes credentials, if it does. */
export function callCredentials(spec: StoreSpec, tech: string, call: CallLike, index: JsIndex): FactInput | undefined {
  const args = (call.arguments as AstNode[]).map((a) => unwrap(a));
  for (const arg of args) {
    if (arg && userinfo(arg, index)) return fact(index, arg, spec.library, tech, 'connection string');
    const opts = resolveObject(arg, index);
    const useFactory = objectProp(opts, 'useFactory');
    const prop = credentialProp(opts, index) ?? credentialProp(returnedObject(unwrap(useFactory), index), index);
    if (prop) return fact(index, prop, spec.library, tech, propertyKey(prop) ?? 'options');
  }
  // new Sequelize(database, username, password, options)
  if (spec.library === 'sequelize' && args.length >= 3 && !empty(args[2] ?? undefined)) return fact(index, args[2]!, spec.library, tech, 'password');
  return undefined;
}

/** `createMongooseOptions() { return { uri, user, pass } }` and the other Nest options factories. */
export function optionsFactoryCredentials(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const m of index.nodesOf('MethodDefinition')) {
    const factory = OPTIONS_FACTORIES[propertyKey(m) ?? ''];
    if (!factory) continue;
    const prop = credentialProp(returnedObject(m.value as AstNode, index), index);
    if (prop) out.push(fact(index, prop, factory.library, factory.tech, propertyKey(prop) ?? 'options'));
  }
  return out;
}
