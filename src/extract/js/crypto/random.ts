// Math.random() used to make tokens, secrets, passwords, OTPs, salts or session ids: predictable
// values where an unguessable one is needed. Uses of Math.random for other things are not facts.
import type { FactInput } from '../../../model/types.js';
import { calleeName, nodesUnder, propertyKey, type AstNode, type JsIndex } from '../_lib/ast.js';
import { cryptoFact } from './hashing.js';
import { nearbyNames, PASSWORD, TOKEN } from './purpose.js';

const NOT_SECRET = /^(key|keyframe|reactKey|colorKey|animationKey)$|color|delay|jitter|backoff|retry|timeout|sample|shuffle|position|offset|width|height|opacity|index|random(Int|Number|Float)?$|avatar|placeholder|style|class/i;

/**
 * A length or count (`const length = Math.floor(Math.random() * 41) + 24` before
 * `crypto.randomBytes(length)`): it sizes a value, it is not the value. A token built from
 * Math.random characters is reported at the call that draws them.
 */
const SIZE_NAME = /^(length|len|size|count|num|n)$|(Length|Len|Size|Count)$/;

/**
 * Object properties that tell elements or messages apart: a React or notistack `key`, a toast
 * `id`. Set there, the value is only an identity, whatever the function around it is about
 * (`enqueueSnackbar({ options: { key: Date.now() + Math.random() } })` in `onGenerateSecret`).
 */
const IDENTITY_PROPERTY = /^(key|id|uid|toastId|itemKey|rowKey|label|title|name)$/i;

/** A readable prefix before a timestamp (`task-${Date.now()}-${...}`) names an item; a secret word keeps it. */
const LABEL_PREFIX = /^[A-Za-z]+[-_:]/;
const SECRET_PREFIX = /sess|tok|key|sec|auth|csrf|xsrf|otp|reset|pass|nonce|salt|sid/i;

/**
 * A file of sample-data generators (`$randomEmail`, `$randomColor`, ..., `$randomPassword`): many
 * Math.random calls, few of them named as secrets. Its one password generator makes test data.
 */
const GENERATOR_FILE_CALLS = 10;

/** What a Math.random() value is set as, when an object property or JSX attribute says it is an identity. */
function identityTarget(call: AstNode, index: JsIndex): boolean {
  let child: AstNode = call;
  for (const a of index.ancestors(call)) {
    if (a.type === 'JSXAttribute') return true;
    if (a.type === 'Property' && a.value === child) return IDENTITY_PROPERTY.test(propertyKey(a) ?? '');
    if (a.type === 'VariableDeclarator' || a.type === 'AssignmentExpression' || a.type === 'ReturnStatement' || a.type === 'ExpressionStatement' || a.type === 'BlockStatement') return false;
    child = a;
  }
  return false;
}

/**
 * The name the value is stored under (`session.user.profileColor = ...`, `const delay = ...`, `{ jitter: ... }`),
 * when it says the value is no secret: that outweighs a function named after sessions or tokens.
 */
function harmlessTarget(call: AstNode, index: JsIndex): boolean {
  let child: AstNode = call;
  for (const a of index.ancestors(call)) {
    let name: string | undefined;
    if (a.type === 'VariableDeclarator' && a.init === child && a.id.type === 'Identifier') name = a.id.name;
    else if (a.type === 'AssignmentExpression' && a.right === child) name = a.left.type === 'Identifier' ? a.left.name : a.left.type === 'MemberExpression' && !a.left.computed && a.left.property.type === 'Identifier' ? a.left.property.name : undefined;
    else if (a.type === 'Property' && a.value === child) name = propertyKey(a);
    if (name !== undefined) return NOT_SECRET.test(name) || SIZE_NAME.test(name);
    if (a.type === 'ExpressionStatement' || a.type === 'BlockStatement' || a.type === 'ReturnStatement' || isFunctionNode(a)) return false;
    child = a;
  }
  return false;
}

/** Names of values that name or place something: a temporary index's prefix, a file name, a folder. */
const NAMING = /(prefix|suffix|name|label|slug|dir|folder|path|file|index|alias)$/i;

/**
 * `const nameSalt = Math.random()...` whose every use is a piece of a string stored as a name
 * (`const tempPrefix = 'temp-' + \`${time}-${nameSalt}-\``): it keeps names apart, it guards nothing.
 */
function onlyNamesSomething(call: AstNode, index: JsIndex): boolean {
  const decl = index.ancestors(call).find((a) => a.type === 'VariableDeclarator');
  const fn = decl ? index.enclosingFunction(decl) : undefined;
  if (!decl || decl.type !== 'VariableDeclarator' || decl.id.type !== 'Identifier' || !fn?.body) return false;
  const name = decl.id.name;
  const uses = nodesUnder(fn.body as AstNode, 'Identifier').filter((n) => n.name === name && n !== decl.id);
  return uses.length > 0 && uses.every((u) => {
    let child: AstNode = u;
    for (const a of index.ancestors(u)) {
      if (a.type === 'VariableDeclarator') return a.init === child && a.id.type === 'Identifier' && NAMING.test(a.id.name);
      if (a.type !== 'TemplateLiteral' && !(a.type === 'BinaryExpression' && a.operator === '+')) return false;
      child = a;
    }
    return false;
  });
}

function isFunctionNode(n: AstNode): boolean {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

/** `task-${Date.now()}-${Math.random()...}`: a readable, timestamped item label. */
function timestampedLabel(call: AstNode, index: JsIndex): boolean {
  const tpl = index.ancestors(call).find((a) => a.type === 'TemplateLiteral');
  if (!tpl || tpl.type !== 'TemplateLiteral') return false;
  const head = tpl.quasis[0]?.value.cooked ?? '';
  return LABEL_PREFIX.test(head) && !SECRET_PREFIX.test(head) && /Date\.now\(\)|new Date\(\)|performance\.now\(\)/.test(index.text(tpl));
}

export function randomFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const calls = index.nodesOf('CallExpression').filter((c) => calleeName(c) === 'Math.random');
  for (const call of calls) {
    const names = nearbyNames(call, index);
    const secretName = names.find((n) => (TOKEN.test(n) || PASSWORD.test(n)) && !NOT_SECRET.test(n));
    if (!secretName || identityTarget(call, index) || harmlessTarget(call, index) || timestampedLabel(call, index) || onlyNamesSomething(call, index)) continue;
    out.push(cryptoFact(index, call, 'Math.random', 'token', true, `Math.random() is predictable; used for ${secretName}`));
  }
  if (calls.length >= GENERATOR_FILE_CALLS && out.length * 5 <= calls.length) return [];
  return out;
}
