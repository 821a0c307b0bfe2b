// Literals that look like credentials by their name but are not credentials in use:
// deny-lists of sample secrets the app refuses to start with, compared against the environment
// (`PLACEHOLDER_SECRETS = { AUTH_JWT_SECRET: 'secret' }` then
// `process.env[name] === PLACEHOLDER_SECRETS[name]`).
import { memberPath, nodesUnder, propertyKey, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

/**
 * Names of lists of values to reject. `default` and bare `known` are left out on purpose: a
 * `defaults = { secret: 'keyboard cat' }` object or a `knownTokens` allow-list holds secrets in use.
 */
const DENY_LIST_NAME = /placeholder|example|sample|weak|insecure|forbidden|blocked|block_?list|black_?list|deny|denied|banned|leaked|compromised|pwned|disallowed|rejected/i;

/** Wrappers between a literal and the binding of its container: `{ ... } as const`, `Object.freeze([...])`. */
const PASS_THROUGH = new Set(['ParenthesizedExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'TSNonNullExpression']);

/** Read-only lookups a deny-list is used with. */
const LOOKUP_METHOD = /^(includes|has|indexOf|some|find|findIndex|every|filter)$/;
const EQUALITY = new Set(['===', '!==', '==', '!=']);
/** Where environment values come from. */
const ENV_SOURCE = /\b(process\.env|import\.meta\.env|Deno\.env|getenv|configService|ConfigService)\b|\benv\s*[[.]/;

interface Container {
  name: string;
  /** The binding identifier (declarations) so references can tell themselves apart from it. */
  id?: AstNode;
}

/** The named object or array literal (one or more levels up) holding a literal, if any. */
function containerOf(lit: AstNode, index: JsIndex): Container | undefined {
  let node = lit;
  let inCollection = false;
  for (let parent = index.parent(node); parent; node = parent, parent = index.parent(node)) {
    if (parent.type === 'Property' && parent.value === node) continue;
    if (parent.type === 'ObjectExpression' || parent.type === 'ArrayExpression') {
      inCollection = true;
      continue;
    }
    if (PASS_THROUGH.has(parent.type)) continue;
    if (parent.type === 'CallExpression' && memberPath(parent.callee as AstNode)?.join('.') === 'Object.freeze') continue;
    if (!inCollection) return undefined;
    if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return { name: parent.id.name, id: parent.id };
    if (parent.type === 'PropertyDefinition' && parent.value === node) {
      const name = propertyKey(parent);
      return name ? { name } : undefined;
    }
    if (parent.type === 'AssignmentExpression' && parent.right === node) {
      const name = memberPath(parent.left as AstNode)?.pop();
      return name ? { name } : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** The whole `a.b(...).c(...)` chain a reference starts. */
function chainOf(ref: AstNode, index: JsIndex): AstNode {
  let node = ref;
  for (let parent = index.parent(node); parent; node = parent, parent = index.parent(node)) {
    const grows = (parent.type === 'MemberExpression' && parent.object === node) || (parent.type === 'CallExpression' && parent.callee === node) || PASS_THROUGH.has(parent.type) || parent.type === 'ChainExpression';
    if (!grows) break;
  }
  return node;
}

/**
 * Whether one reference to the container only compares its values with environment values:
 * `LIST.includes(process.env.X)`, `LIST.X === process.env.X`,
 * `Object.entries(LIST).filter(([k, v]) => process.env[k] === v)`.
 */
function comparedWithEnv(ref: AstNode, index: JsIndex): boolean {
  let start = ref;
  const parent = index.parent(ref);
  // Object.entries(LIST) / Object.values(LIST) / Object.keys(LIST): the chain goes on from the call.
  if (parent && parent.type === 'CallExpression' && parent.arguments[0] === ref && /^Object\.(entries|values|keys)$/.test(memberPath(parent.callee as AstNode)?.join('.') ?? '')) start = parent;
  const chain = chainOf(start, index);
  const methods = nodesUnder(chain, 'MemberExpression').map((m) => (m.property.type === 'Identifier' ? m.property.name : ''));
  const equalities = nodesUnder(chain, 'BinaryExpression').filter((b) => EQUALITY.has(b.operator));
  if (methods.some((m) => LOOKUP_METHOD.test(m)) && (equalities.length > 0 || methods.some((m) => m === 'includes' || m === 'has'))) {
    return ENV_SOURCE.test(index.text(chain));
  }
  // LIST.X === process.env.X
  const outer = index.parent(chain);
  if (chain !== start && outer && outer.type === 'BinaryExpression' && EQUALITY.has(outer.operator)) return ENV_SOURCE.test(index.text(outer));
  return false;
}

/** Every use of the container compares it with environment values (at least one use). */
function onlyComparedWithEnv(container: Container, index: JsIndex): boolean {
  if (!container.id) return false;
  const refs = index.nodesOf('Identifier').filter((n) => n.name === container.name && n !== container.id && !isKeyOrDeclaration(n, index));
  return refs.length > 0 && refs.every((r) => comparedWithEnv(r, index));
}

/** `{ NAME: 1 }`, `a.NAME`, a type annotation: not a reference to the binding. */
function isKeyOrDeclaration(id: AstNode, index: JsIndex): boolean {
  const parent = index.parent(id);
  if (!parent) return false;
  if ((parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') && parent.key === id && !parent.computed) return true;
  if (parent.type === 'MemberExpression' && parent.property === id && !parent.computed) return true;
  return parent.type.startsWith('TS');
}

/**
 * A literal inside a deny-list of sample secrets: its container is named as one, or is only
 * compared with environment values so the app can refuse them.
 */
export function inDenyList(lit: AstNode, index: JsIndex): boolean {
  const container = containerOf(unwrap(lit) ?? lit, index);
  if (!container) return false;
  return DENY_LIST_NAME.test(container.name) || onlyComparedWithEnv(container, index);
}
