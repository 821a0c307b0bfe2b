// Password hashing that spans files or does not happen at all:
//   - a helper that wraps a fast or broken hash (`export const hash = (d) => createHash('md5')...`)
//     called with a password in another module (a model's password setter, a login handler): the
//     helper is recorded here, the call site too, and link joins them into a `crypto` fact;
//   - a password written to a database record as it came in (`insertOne({ userName, password })`
//     with `password` a parameter or request field, no hashing call on the way): plaintext storage.
import { posix } from 'node:path';
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  functionOf,
  isFunctionLike,
  memberPath,
  nodesUnder,
  paramNames,
  propertyKey,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { cryptoFact } from './hashing.js';
import { PASSWORD_HOOK } from './hooks.js';
import { hashedValues, PASSWORD, purposeOf } from './purpose.js';

const HELPER = 'js-crypto-helper';
const HELPER_USE = 'js-crypto-helper-use';
const WEAK_FOR_PASSWORDS = /^(md2|md4|md5|sha1|sha-1|ripemd\d*|sha224|sha256|sha384|sha512|sha-256|sha-512|sha3-\d+)$/i;
const INSERTS = /^(insert|insertOne|insertMany|create|save|build|bulkCreate|upsert|add|set|put|update|updateOne|findOneAndUpdate|findByIdAndUpdate)$/;
const HASHING_CALL = /hash|bcrypt|argon|scrypt|pbkdf|crypt|digest|encrypt|encode|sign/i;

function internal(index: JsIndex, at: AstNode, setting: string, data: unknown, locator: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting, values: { data: JSON.stringify(data) }, evidence: index.evidence(at), key: `${index.file}#${setting}:${locator}` };
  return fact;
}

/** Exported functions whose result is a fast hash of one of their parameters. */
function helperDefinitions(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const [name, value] of index.exports) {
    const fn = functionOf(value, index);
    if (!fn || !fn.body) continue;
    const params = paramNames(fn);
    for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
      if ((index.resolvedCallee(call) ?? '') !== 'crypto.createHash') continue;
      const algorithm = stringValue(call.arguments[0] as AstNode, index);
      const hashed = hashedValues(call, index);
      if (!algorithm || !WEAK_FOR_PASSWORDS.test(algorithm) || !hashed.some((h) => params.includes(h))) continue;
      // Helpers already named for passwords are judged where they are.
      if (purposeOf([name, ...params], hashed) === 'password') continue;
      out.push(internal(index, call, HELPER, { export: name, algorithm: algorithm.toLowerCase() }, name));
      break;
    }
  }
  return out;
}

/** Calls of functions imported from the repository with a password-named argument or target. */
function helperUses(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const path = memberPath(call.callee as AstNode);
    const b = path ? index.bindings.get(path[0]) : undefined;
    if (!path || !b || !/^(\.|@\/|~\/)/.test(b.module)) continue;
    const exp = b.imported === '*' || b.imported === 'default' ? (path.length > 1 ? path[path.length - 1] : 'default') : b.imported;
    const args = call.arguments.map((a) => index.text(a as AstNode));
    if (!args.some((a) => PASSWORD.test(a) && !/passport/i.test(a)) && !passwordTarget(call, index)) continue;
    out.push(internal(index, call, HELPER_USE, { module: b.module, export: exp }, `${exp}:${index.line(call)}`));
  }
  return out;
}

/** `setDataValue('password', hash(x))`, `user.password = hash(x)`, `{ password: hash(x) }`. */
function passwordTarget(call: CallLike, index: JsIndex): boolean {
  const parent = index.parent(call);
  if (!parent) return false;
  if (parent.type === 'CallExpression' && PASSWORD.test(stringValue(parent.arguments[0] as AstNode, index) ?? '')) return true;
  if (parent.type === 'AssignmentExpression') return PASSWORD.test(memberPath(parent.left as AstNode)?.pop() ?? '');
  if (parent.type === 'Property') return PASSWORD.test(propertyKey(parent) ?? '');
  return false;
}

/** Names that say the value is already a hash: hashedPassword, hash, passwordHash, password_digest. */
const HASHED_NAME = /^(hashed|hash|digest|encrypted|crypted|derived)|(Hash|Hashed|Digest|_hash|_hashed|_digest)$/;

/** The value written to a password field, followed through one local `const`/`let`. */
function storedPassword(value: AstNode, fn: FunctionLike | undefined, index: JsIndex, depth = 0): 'plain' | 'hashed' | undefined {
  const v = unwrapAwait(value);
  if (!v) return undefined;
  if (v.type === 'CallExpression') return HASHING_CALL.test(calleeName(v) ?? calleeProperty(v) ?? '') ? 'hashed' : undefined;
  const path = memberPath(v);
  if (!path) return undefined;
  if (/^(req|request|ctx)$/.test(path[0]) && /^(body|query|params|request)$/.test(path[1] ?? '')) return 'plain';
  if (HASHED_NAME.test(path[path.length - 1])) return 'hashed';
  if (path.length !== 1 || !fn) return undefined;
  // A parameter of this function or of one it is nested in (a callback closing over it), never
  // reassigned there (`password = await bcrypt.hash(password)` would make it not plain).
  for (let f: FunctionLike | undefined = fn; f; f = index.enclosingFunction(f)) {
    if (nodesUnder(f.body as AstNode, 'AssignmentExpression').some((a) => memberPath(a.left as AstNode)?.join('.') === path[0])) return undefined;
    const at = paramNames(f).indexOf(path[0]);
    if (at >= 0) return depth < 2 && callersHash(f, at, index, depth) ? 'hashed' : 'plain';
    if (nodesUnder(f.body as AstNode, 'VariableDeclarator').some((d) => d.id.type === 'Identifier' && d.id.name === path[0])) break;
  }
  const init = index.initAt(path[0], v);
  return init && !isFunctionLike(unwrap(init)) ? storedPassword(init, fn, index, depth) : undefined;
}

/** Name a function is called by: declaration, object or class method, `const name = () => …`. */
function calledName(fn: FunctionLike, index: JsIndex): string | undefined {
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  const parent = index.parent(fn);
  if (parent?.type === 'Property' || parent?.type === 'MethodDefinition') return propertyKey(parent);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}

/**
 * Every call of the function in this file passes an already hashed value at that parameter
 * (`repo.updatePassword(email, await scrypt(password))`): the store receives a hash.
 */
function callersHash(fn: FunctionLike, param: number, index: JsIndex, depth: number): boolean {
  const name = calledName(fn, index);
  if (!name) return false;
  const calls = index.nodesOf('CallExpression').filter((c) => (calleeProperty(c) ?? calleeName(c)) === name && c.arguments.length > param);
  return calls.length > 0 && calls.every((c) => storedPassword(c.arguments[param] as AstNode, index.enclosingFunction(c), index, depth + 1) === 'hashed');
}

/** Records written with a password field that was never hashed on the way. */
function plaintextPasswords(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (!prop || !INSERTS.test(prop) || call.arguments.length === 0) continue;
    const fn = index.enclosingFunction(call);
    for (const arg of call.arguments.slice(0, 2)) {
      let obj = unwrap(arg as AstNode);
      if (obj.type === 'Identifier') obj = unwrap(index.initAt(obj.name, obj)) ?? obj;
      if (obj.type !== 'ObjectExpression') continue;
      const field = obj.properties.find((p) => p.type === 'Property' && /^(password|passwd|pwd|pass|userPassword)$/i.test(propertyKey(p as AstNode) ?? ''));
      if (!field || field.type !== 'Property') continue;
      if (storedPassword(field.value as AstNode, fn, index) !== 'plain') continue;
      // Cited at the password field of the record (where the clear text is put), not at the write.
      out.push(cryptoFact(index, field as AstNode, 'no hashing', 'password', true, `the password is stored as received, in clear text (written by ${calleeName(call) ?? prop}() at line ${index.line(call)})`));
      break;
    }
  }
  return out;
}

export function passwordFacts(index: JsIndex): FactInput[] {
  return [...helperDefinitions(index), ...helperUses(index), ...plaintextPasswords(index)];
}

function parse(f: ConfigFact): Record<string, string> {
  try {
    return JSON.parse(String(f.values.data)) as Record<string, string>;
  } catch {
    return {};
  }
}

function stem(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '');
}

/** A record create that an ORM runs through its lifecycle hooks (updates and raw driver writes may skip them). */
const HOOKED_WRITE = /written by [\w.$]*\b(insert|create|save|build)\(\)/;

/**
 * Joins helper uses with helper definitions across files; drops the internal records. A
 * repository whose ORM hook hashes passwords stores no clear text through ORM creates.
 */
export function linkPasswordHelpers(facts: Fact[]): Fact[] {
  const isInternal = (f: Fact): f is ConfigFact => f.kind === 'config' && (f.setting === HELPER || f.setting === HELPER_USE || f.setting === PASSWORD_HOOK);
  if (!facts.some(isInternal)) return facts;
  const hooks = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === PASSWORD_HOOK);
  const hooked = hooks.some((f) => f.values.methods === undefined);
  // Data-layer writers that hash the password themselves (hooks.ts): writes through them store a hash.
  const writers = new Set(hooks.flatMap((f) => (typeof f.values.methods === 'string' ? f.values.methods.split(',') : [])));
  const viaWriter = (reason: string | undefined) => writers.size > 0 && writers.has(/written by [\w.$]*?(\w+)\(\)/.exec(reason ?? '')?.[1] ?? '');
  const helpers = new Map<string, ConfigFact>();
  for (const f of facts) if (isInternal(f) && f.setting === HELPER) helpers.set(`${stem(f.evidence.file)}#${parse(f).export}`, f);
  const out = facts.filter((f) => !isInternal(f) && !(f.kind === 'crypto' && f.algorithm === 'no hashing' && ((hooked && HOOKED_WRITE.test(f.reason ?? '')) || viaWriter(f.reason))));
  const done = new Set<string>();
  for (const f of facts) {
    if (!isInternal(f) || f.setting !== HELPER_USE) continue;
    const use = parse(f);
    if (!use.module?.startsWith('.')) continue;
    const key = `${stem(posix.normalize(posix.join(posix.dirname(f.evidence.file), use.module)))}#${use.export}`;
    const helper = helpers.get(key);
    if (!helper || done.has(key)) continue;
    done.add(key);
    const algorithm = parse(helper).algorithm ?? 'md5';
    out.push({
      kind: 'crypto',
      algorithm,
      purpose: 'password',
      weak: true,
      reason: `${algorithm} is a fast hash without salt or work factor, and passwords reach it through ${use.export}() (${f.evidence.file}:${f.evidence.line})`,
      evidence: helper.evidence,
      extractor: helper.extractor,
      key: `${helper.key}:password`,
    });
  }
  return out;
}
