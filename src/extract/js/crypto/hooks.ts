// ORM lifecycle hooks that hash the password before a record is written: Objection
// `$beforeInsert`/`$beforeUpdate`, Sequelize `beforeCreate`/`beforeSave` (hooks option, addHook,
// `Model.beforeCreate(fn)`), Mongoose `schema.pre('save', fn)`, TypeORM `@BeforeInsert()` methods.
// With such a hook the repository's ORM creates receive a clear password and store a hash, so a
// create with the password as received is not plaintext storage.
import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, functionOf, isFunctionLike, nodesUnder, propertyKey, stringValue, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';

export const PASSWORD_HOOK = 'js-password-hook';
const HOOK_NAME = /^\$?before(Insert|Create|Save|Update|Upsert|Validate|BulkCreate)$/;
const HOOK_TEXT = /before(Insert|Create|Save|Update)|\.pre\(\s*['"](save|validate)['"]|BeforeInsert|BeforeUpdate/;
const SLOW_HASH = /^(@node-rs\/)?(bcrypt|argon2)[\w-]*\.(hash|hashSync)$|^crypto\.(scrypt|scryptSync|pbkdf2|pbkdf2Sync)$/;

/** Methods of the same class a hook calls through `this` (`await this.generateHash()`). */
function thisMethods(fn: FunctionLike, index: JsIndex): FunctionLike[] {
  const cls = nodesUnder(fn.body as AstNode, 'CallExpression')
    .filter((c) => (calleeName(c) ?? '').startsWith('this.'))
    .map((c) => calleeProperty(c));
  if (cls.length === 0) return [];
  const out: FunctionLike[] = [];
  for (const m of index.nodesOf('MethodDefinition')) if (cls.includes(propertyKey(m) ?? '') && isFunctionLike(m.value as AstNode)) out.push(m.value as FunctionLike);
  return out;
}

function hashes(fn: FunctionLike, index: JsIndex, depth = 0): boolean {
  if (!fn.body) return false;
  if (nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => SLOW_HASH.test(index.resolvedCallee(c) ?? ''))) return true;
  return depth === 0 && thisMethods(fn, index).some((m) => hashes(m, index, 1));
}

function hookFunctions(index: JsIndex): { fn: FunctionLike; at: AstNode }[] {
  const out: { fn: FunctionLike; at: AstNode }[] = [];
  for (const m of index.nodesOf('MethodDefinition')) {
    const decorated = ((m as AstNode & { decorators?: AstNode[] }).decorators ?? []).some((d) => /^@?Before(Insert|Update)\b/.test(index.text(d).replace(/^@/, '')));
    if ((HOOK_NAME.test(propertyKey(m) ?? '') || decorated) && isFunctionLike(m.value as AstNode)) out.push({ fn: m.value as FunctionLike, at: m });
  }
  for (const p of index.nodesOf('Property')) {
    if (HOOK_NAME.test(propertyKey(p) ?? '') && isFunctionLike(p.value as AstNode)) out.push({ fn: p.value as FunctionLike, at: p });
  }
  for (const c of index.nodesOf('CallExpression') as CallLike[]) {
    const prop = calleeProperty(c) ?? '';
    const first = c.arguments[0] as AstNode | undefined;
    const named = prop === 'pre' || prop === 'addHook' ? stringValue(first, index) : HOOK_NAME.test(prop) ? prop : undefined;
    if (!named || !/^(save|validate|\$?before\w+)$/.test(named)) continue;
    const fn = c.arguments.map((a) => functionOf(a as AstNode, index)).find((f) => !!f);
    if (fn) out.push({ fn, at: c });
  }
  return out;
}

export function passwordHookFacts(index: JsIndex): FactInput[] {
  const hook = HOOK_TEXT.test(index.content) ? hookFunctions(index).find((h) => hashes(h.fn, index)) : undefined;
  if (hook) return [{ kind: 'config', setting: PASSWORD_HOOK, values: {}, evidence: index.evidence(hook.at), key: `${index.file}#${PASSWORD_HOOK}` } satisfies Omit<ConfigFact, 'extractor'>];
  const methods = /\.\.\.\s*\w+\s*}\s*=/.test(index.content) ? hashingWriters(index) : [];
  if (methods.length === 0) return [];
  return [{ kind: 'config', setting: PASSWORD_HOOK, values: { methods: methods.map((m) => m.name).join(',') }, evidence: index.evidence(methods[0].at), key: `${index.file}#${PASSWORD_HOOK}` } satisfies Omit<ConfigFact, 'extractor'>];
}

const WRITER = /^(create|insert|update|save|upsert|add)\w*$/i;
const PASSWORD_KEY = /^(password|passwd|pwd|pass|userPassword)$/i;
const HASH_CALL = /hash|crypt|digest|derive/i;

/**
 * The repository's own data-layer writers that take the password out of the record and store a
 * hash in its place (`async update(id, changes) { const { password, ...rest } = changes; if
 * (password) rest.passhash = await passhash.getPasshash(password); return db.update(rest) }`):
 * callers hand them the password as received, and no clear text reaches the store.
 */
function hashingWriters(index: JsIndex): { name: string; at: AstNode }[] {
  const out: { name: string; at: AstNode }[] = [];
  for (const m of index.nodesOf('MethodDefinition')) {
    const name = propertyKey(m);
    const fn = m.value as FunctionLike;
    if (!name || !WRITER.test(name) || !isFunctionLike(fn as AstNode) || !fn.body) continue;
    const params = fn.params.map((p) => (p.type === 'Identifier' ? p.name : undefined));
    const split = nodesUnder(fn.body as AstNode, 'VariableDeclarator').find((d) => {
      const init = d.init as AstNode | null;
      if (d.id.type !== 'ObjectPattern' || init?.type !== 'Identifier' || !params.includes(init.name)) return false;
      const props = d.id.properties as AstNode[];
      return props.some((p) => p.type === 'RestElement') && props.some((p) => p.type === 'Property' && PASSWORD_KEY.test(propertyKey(p) ?? ''));
    });
    const key = split && (split.id as AstNode & { properties: AstNode[] }).properties.map((p) => (p.type === 'Property' ? (p as AstNode & { value: AstNode }).value : undefined)).find((v) => v?.type === 'Identifier' && PASSWORD_KEY.test(v.name));
    const local = key?.type === 'Identifier' ? key.name : undefined;
    if (!local) continue;
    const hashed = nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => (SLOW_HASH.test(index.resolvedCallee(c) ?? '') || HASH_CALL.test(calleeProperty(c) ?? calleeName(c) ?? '')) && c.arguments.some((a) => (a as AstNode).type === 'Identifier' && (a as AstNode & { name: string }).name === local));
    if (hashed) out.push({ name, at: m });
  }
  return out;
}
