// Literals bound to credential names that are not credentials in use: user-interface text
// (translation bundles, labels), syntax-highlighting token types, keys published by design, and
// dummy keys handed to SDK clients of local providers. Each test looks at the value and the
// object around it, never at the app's own names.
import { literalValue, memberPath, objectKeys, propertyKey, type AstNode, type JsIndex } from '../_lib/ast.js';

/** Translation bundles: `locales/da/common.js`, `i18n/en.ts`, `src/lang/de.js`, `messages.i18n.js`. */
const LOCALE_PATH = /(^|\/)(locales?|i18n|l10n|intl|translations?|lang|langs)\/|\.(i18n|locale|translations?)\.[cm]?[jt]sx?$/i;

export function isLocaleFile(path: string): boolean {
  return LOCALE_PATH.test(path);
}

/** Natural-language text: a letter outside ASCII (`API-nøgle`, `パスワード`); issued keys are ASCII. */
export function naturalText(value: string): boolean {
  return /[^\p{ASCII}]/u.test(value);
}

/**
 * An object of user-interface strings: of its three or more string values, at least half are
 * sentences (a space) or non-ASCII text. A config object's siblings are hosts, names and numbers.
 */
export function uiTextObject(lit: AstNode, index: JsIndex): boolean {
  const prop = index.parent(lit);
  const obj = prop && prop.type === 'Property' ? index.parent(prop) : undefined;
  if (!obj || obj.type !== 'ObjectExpression') return false;
  let strings = 0;
  let text = 0;
  for (const p of obj.properties as AstNode[]) {
    const v = p.type === 'Property' ? literalValue(p.value as AstNode) : undefined;
    if (typeof v !== 'string') continue;
    strings++;
    if (/\s/.test(v.trim()) || naturalText(v)) text++;
  }
  return strings >= 3 && text * 2 >= strings;
}

/**
 * A lookup table that files keys under a few categories (`{ title: 'site', is_private: 'private',
 * password: 'private', labs: 'labs' }`): six or more string values, at most half of them distinct,
 * and the literal's value repeated under another key. A credential is the value of its own key;
 * a config object's siblings (host, user, database) differ.
 */
export function groupingTable(lit: AstNode, index: JsIndex): boolean {
  const prop = index.parent(lit);
  const obj = prop && prop.type === 'Property' ? index.parent(prop) : undefined;
  if (!obj || obj.type !== 'ObjectExpression' || obj.properties.length < 6) return false;
  const mine = literalValue(lit);
  const counts = new Map<unknown, number>();
  let strings = 0;
  for (const p of obj.properties as AstNode[]) {
    const v = p.type === 'Property' ? literalValue(p.value as AstNode) : undefined;
    if (typeof v !== 'string') continue;
    strings++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (!(strings >= 6 && counts.size * 2 <= strings && (counts.get(mine) ?? 0) >= 2)) return false;
  // `POSTGRES_PASSWORD: 'joplin'` beside `POSTGRES_USER: 'joplin'`: a default account whose password
  // is its user name, the weakest credential there is, not a category.
  return !(obj.properties as AstNode[]).some((p) => p.type === 'Property' && p.value !== lit && ACCOUNT_KEY.test(propertyKey(p) ?? '') && literalValue(p.value as AstNode) === mine);
}

/** Keys naming the account a credential belongs to. */
const ACCOUNT_KEY = /(?:^|[_-]|[a-z](?=[A-Z]))(?:user(?:_?name)?|login|account|database|db_?name)$/i;

/**
 * A map of translation keys (Angular/i18next labels): the literal's object holds two or more other
 * string values that are dotted keys too (`{ title: 'users.title_edit_user', save: 'form.button_save' }`).
 */
export function translationKeys(lit: AstNode, index: JsIndex): boolean {
  const prop = index.parent(lit);
  const obj = prop && prop.type === 'Property' ? index.parent(prop) : undefined;
  if (!obj || obj.type !== 'ObjectExpression') return false;
  let keys = 0;
  for (const p of obj.properties as AstNode[]) {
    const v = p !== prop && p.type === 'Property' ? literalValue(p.value as AstNode) : undefined;
    if (typeof v === 'string' && /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z_]*)+$/.test(v)) keys++;
  }
  return keys >= 2;
}

/**
 * A syntax-highlighting rule (Ace/CodeMirror modes: `{ token: 'comment', regex: '#.*$' }`): the
 * `token` is a token type name, shown as a colour.
 */
export function syntaxRule(lit: AstNode, name: string, index: JsIndex): boolean {
  const prop = index.parent(lit);
  const obj = prop && prop.type === 'Property' ? index.parent(prop) : undefined;
  if (!obj || obj.type !== 'ObjectExpression') return false;
  // A Monarch grammar (Monaco): `{ defaultToken: 'invalid', tokenPostfix: '.js', keywords: [...] }`.
  if (/^(defaultToken|tokenPostfix)$/.test(name)) return objectKeys(obj).some((k) => /^(tokenizer|keywords|tokenPostfix|defaultToken)$/.test(k) && k !== name);
  if (!/^tokens?$/i.test(name)) return false;
  return objectKeys(obj).some((k) => /^(regex|next|push)$/.test(k));
}

/**
 * Keys issued to be shipped in clients: PostHog project keys (`phc_`, ingest only), Stripe
 * publishable keys (`pk_live_`, `pk_test_`), Mapbox public tokens (`pk.eyJ`).
 */
export function publishableKey(value: string): boolean {
  return /^(phc_|pk_(live|test)_|pk\.eyJ)/.test(value);
}

/**
 * `new OpenAI({ apiKey: process.env.X ?? 'not-used' })`: a lower-case word as the fallback key of a
 * client object handed to a constructor or call. OpenAI-compatible SDKs demand a key even for
 * local providers that check none; a provider-issued key is never a plain word.
 */
export function sdkPlaceholder(lit: AstNode, value: string, index: JsIndex): boolean {
  if (!/^[a-z]+([-_][a-z]+)*$/.test(value)) return false;
  let child: AstNode = lit;
  for (const a of index.ancestors(lit)) {
    if ((a.type === 'NewExpression' || a.type === 'CallExpression') && child !== a.callee) return child.type === 'ObjectExpression';
    if (a.type !== 'LogicalExpression' && a.type !== 'Property' && a.type !== 'ObjectExpression') return false;
    if (a.type === 'Property' && !propertyKey(a)) return false;
    child = a;
  }
  return false;
}

/**
 * Sample props a React Email template shows in its preview server (`WelcomeEmail.PreviewProps = {
 * unsubscribeToken: 'preview-token-123' }`): made-up values for a development preview, never sent.
 */
export function previewSample(lit: AstNode, index: JsIndex): boolean {
  let node: AstNode = lit;
  for (let i = 0; i < 8; i++) {
    const up = index.parent(node);
    if (!up) return false;
    if (up.type === 'AssignmentExpression') return memberPath(up.left as AstNode)?.pop() === 'PreviewProps';
    // `static PreviewProps = { ... }` in a class component.
    if (up.type === 'PropertyDefinition') return index.text(up.key as AstNode) === 'PreviewProps';
    // `Email.PreviewProps = { ... } as Props` (or `satisfies Props`): the cast wraps the same sample object.
    if (up.type !== 'Property' && up.type !== 'ObjectExpression' && up.type !== 'ArrayExpression' && !TYPE_WRAPPER.has(up.type)) return false;
    node = up;
  }
  return false;
}

const TYPE_WRAPPER = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);

/**
 * A literal in the data handed to a template render call (`renderEmail({ template, data: { password:
 * 'examplePass1' } })`, `renderTemplate('welcome', { token: 'abc123' })`): text shown in a rendered
 * sample (an admin's preview of a mail template), never a credential the application logs in with.
 */
export function renderedSample(lit: AstNode, index: JsIndex): boolean {
  let node: AstNode = lit;
  for (let i = 0; i < 8; i++) {
    const up = index.parent(node);
    if (!up) return false;
    if (up.type === 'CallExpression') return (up.arguments as AstNode[]).includes(node) && /^render[A-Z]?\w*$/.test(memberPath(up.callee as AstNode)?.pop() ?? '');
    if (up.type !== 'Property' && up.type !== 'ObjectExpression' && !TYPE_WRAPPER.has(up.type)) return false;
    node = up;
  }
  return false;
}

/** Words that say how a credential is kept or whether a feature is on (`storeToken: 'hashed'`), not a credential. */
export const MODE_WORD = /^(hashed|encrypted|plain|plaintext|disabled|enabled|optional|required)$/;
