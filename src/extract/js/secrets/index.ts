// Hard-coded credentials in JS/TS: provider key formats found in any string, connection strings
// with passwords, and string literals assigned to credential-named variables/properties
// (password, secret, apiKey...). Values are always redacted.
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  jsIndex,
  literalValue,
  memberPath,
  nodesUnder,
  objectKeys,
  objectProp,
  propertyKey,
  resolveObject,
  unwrap,
  type AstNode,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import { words } from '../_lib/routes.js';
import { isVendoredCopy } from '../_lib/vendored.js';
import type { Extractor } from '../../types.js';
import { CONNECTION_STRING, FORMATS, messageKey, placeholder, privateKeyBody } from '../../../util/secret-formats.js';
import { connectionSecrets } from './connection.js';
import { inDenyList } from './decoys.js';
import { groupingTable, isLocaleFile, MODE_WORD, naturalText, previewSample, renderedSample, publishableKey, sdkPlaceholder, syntaxRule, translationKeys, uiTextObject } from './benign.js';
import { dotenvSecretFacts, isCommittedDotenv } from './dotenv.js';
import { productionRefused } from './guards.js';
import { keyFallbacks } from './key-fallback.js';
import { redact, redactLine } from './redact.js';
import { SIGNALS } from './signals.js';

/** Cheap pre-test: a string can only match a format (or a connection string) if it holds one of these. */
const ANY_FORMAT = /AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|_live_|gh[pousr]_|github_pat_|xox[baprs]-|hooks\.slack|AIza|PRIVATE KEY|SG\.|SK[0-9a-f]{32}|T3BlbkFJ|sk-ant-|key-[0-9a-f]{32}|npm_|eyJ|:\/\/[^:\s/@]+:[^@\s]+@/;
// Also a `testing/` package of shared test helpers (`libs/testing/src/constants.ts`), test-runner
// configuration (`vitest.shared.ts`, `jest.config.js`, `playwright.config.ts`) and `*.e2e-*` files.
const TEST_PATH = /(^|\/)(test|tests|testing|__tests__|__mocks__|spec|specs|e2e|e2e[-_]tests?|integration[-_]tests?|cypress|fixtures|mocks?|examples?|docs?)\/|\.(test|spec|e2e|stories|mocks?)\.[cm]?[jt]sx?$|\.e2e[-.][\w.-]*[cm]?[jt]sx?$|(^|\/)mocks?\.[cm]?[jt]sx?$|(^|\/)(vitest|jest|playwright|cypress|karma)([.-][\w.-]+)?\.[cm]?[jt]s$/;
export const CREDENTIAL_NAME = /(password|passwd|passphrase|pwd|secret|api_?key|apikey|access_?key|secret_?key|private_?key|auth_?token|access_?token|refresh_?token|client_?secret|bearer|credentials?|token)$/i;
/** Named for a part of a key's format (`PREFIX_LEGACY_API_KEY = 'acme_api_'`, `suffixToken`): what every key starts or ends with, no key. */
const KEY_PART_NAME = /^(?:[Pp]refix|[Ss]uffix)[_A-Z-]|^(?:PREFIX|SUFFIX)_/;
const NOT_CREDENTIAL = /(url|uri|path|file|name|field|label|header|type|length|min|max|regex|pattern|policy|hint|placeholder|id|prefix|suffix|format|algorithm|expires?|expiry|ttl|key_?name|storage_?key|cookie_?name|param|selector|message|text|title|route|endpoint|env|variable)$/i;

/** `localhost`, loopback and unqualified (Compose service) hosts after a DSN's `user:pass@`. */
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|[\w-]+)(:\d+)?(\/|$)/;
/** The host of a DSN written as its format (`user:pw@host:port/db`, `@<host>`, `@{host}`). */
const FORMAT_HOST = /^[<[{]?(host|hostname|server)[>\]}]?(:(port|<port>|\d+))?(\/|$)/i;
/** A DSN password that is a bare word or says test: a test fixture's (`testpass`, `invalid`). */
const TEST_PASSWORD = /^[a-z]+$|test|fake|dummy|invalid/i;
/** npm/semver versions and ranges: `^9.0.2`, `~1.2`, `>=4.0.0-rc.1`, `1.x`. */
const VERSION_RANGE = /^(\^|~|[<>]=?|=)?v?\d+(\.(\d+|x|\*)){1,2}([-+][\w.]+)?$/;
/** A letters-only camelCase identifier of two or more words (`autoLogin`, `refreshPending`). */
const CAMEL_IDENTIFIER = /^[a-z]+([A-Z][a-z]+)+$/;

/** Properties that show a sample or explain a field: `placeholder`, `description`, `example`, `hint`. */
/** A relative file name with an extension of letters: what the key names is a file, not a value. */
const FILE_PATH = /^(\.{1,2}\/)?([\w@.-]+\/)*[\w-]+(\.[\w-]+)*\.(c?m?[jt]sx?|json5?|ya?ml|toml|html?|css|scss|md|txt|sh|sql|pem|crt|cer|key|p12|pfx|env|xml|ini|conf|log|lock|db|sqlite)$/i;
const SAMPLE_PROP = /^(placeholder|description|example|examples|hint|helper_?text|tooltip|label)$/i;
/**
 * The fallback of a provider key that cannot be one: a bare key prefix (`'sk-proj-'`, `'sk_'`,
 * `'re_'`), zeros and dashes (`'00000000-000-0000-…'`), or a prefix and a word (`'sk_nothing'`).
 */
const KEY_STUB = /^[A-Za-z]{1,6}[-_]([A-Za-z]{1,6}[-_])?$|^[0\-_.]+$|^[a-z]{1,6}[-_](nothing|none|placeholder|dummy|unset|empty|missing|\d{1,4})$/;

/** Environment variables a front-end build inlines into the bundle it ships to browsers. */
const PUBLIC_ENV = /^(NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|PUBLIC)_/;

/**
 * The use of a literal secret seen without a JWT or session call: `dev-default` when production
 * never runs with it (guards.ts), `jwt-default` when it is the fallback of a JWT secret
 * variable (`jwtSecret: process.env.JWT_SECRET || DEFAULT_SECRET`), which every deployment that
 * leaves the variable unset signs and verifies tokens with.
 */
function defaultUse(lit: AstNode, name: string, fallback: boolean, index: JsIndex): string | undefined {
  if (productionRefused(lit, index)) return 'dev-default';
  if (fallback) return /jwt/i.test(name) ? 'jwt-default' : undefined;
  const parent = index.parent(lit);
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return undefined;
  const id = parent.id.name;
  for (const ref of index.nodesOf('Identifier')) {
    if (ref.name !== id) continue;
    const use = index.parent(ref);
    if (use?.type !== 'LogicalExpression' || use.right !== ref || (use.operator !== '||' && use.operator !== '??')) continue;
    const env = envPath(use.left as AstNode, index);
    if (!env || productionRefused(use, index)) continue;
    if (/jwt/i.test(`${env[2] ?? ''} ${boundName(use, index) ?? ''}`)) return 'jwt-default';
  }
  return undefined;
}

/** An identifier compared without case and separators: `GET_TOKEN` = `getToken`. */
function norm(id: string): string {
  return id.replace(/[-_]/g, '').toLowerCase();
}

/** A token name no credential word qualifies: `token`, `indentToken`, `next_token` (not `accessToken`, `apiToken`). */
const GENERIC_TOKEN = /^(token|[a-z]\w*[a-z]Token|\w+_token)$/;
const QUALIFIED_TOKEN = /(access|refresh|auth|api|bearer|session|csrf|xsrf|secret|private|personal|bot|id|reset|verify|verification|invite|admin|service|app|client|user|webhook)_?token$/i;

/** The literal is assigned to a property of a `state` object (`state.mode = 'string'`): a lexer's or a machine's state. */
function lexerState(lit: AstNode, index: JsIndex): boolean {
  const parent = index.parent(lit);
  const path = parent?.type === 'AssignmentExpression' && parent.right === lit ? memberPath(parent.left as AstNode) : undefined;
  return !!path && path.length >= 2 && path[path.length - 2] === 'state';
}

/** Configuration of a migration or ORM command-line tool: `knexfile.js`, `ormconfig.ts`, `drizzle.config.ts`, `.sequelizerc`. */
const TOOL_CONFIG = /(^|\/)(knexfile|ormconfig|drizzle\.config|mikro-orm\.config|\.sequelizerc|sequelize\.config)([.-][\w.-]+)?(\.[cm]?[jt]s)?$/;

/**
 * `process.env.JWT_SECRET = 'securekey'` in a migration tool's configuration: a stand-in so that
 * the app's settings module loads under the tool (which signs nothing); the server reads its own.
 */
function toolEnvDefault(lit: AstNode, index: JsIndex): boolean {
  const parent = index.parent(lit);
  if (!TOOL_CONFIG.test(index.file) || parent?.type !== 'AssignmentExpression' || parent.right !== lit) return false;
  const path = memberPath(parent.left as AstNode);
  return path?.[0] === 'process' && path[1] === 'env';
}

/** Names that hold a secret value itself (not a token or a key name). */
const STRONG_SECRET_NAME = /(secret|passphrase|password|crypto_?key|cipher_?key|encryption_?key|signing_?key|private_?key)$/i;
/** Words that switch a feature on or off. */
const FLAG_WORD = /^(?:true|false|yes|no|on|off|enabled|disabled)$/i;
/** A PascalCase class or component name (`PasswordFieldModel`, `SecretInput`): code, not a credential. */
const CODE_NAME = /^(?:[A-Z][a-z]+)+(?:Model|Component|Field|Input|View|Form|Type|Schema|Widget|Editor|Renderer|Provider|Service|Controller|Handler|Strategy|Validator|Column|Cell|Display|Plugin|Module|Page|Modal|Dialog|Button|Panel)$/;
/** A BIP-39 recovery phrase: 12 to 24 lower-case words. */
const MNEMONIC = /^[a-z]{3,8}( [a-z]{3,8}){11,23}$/;
/** Names a recovery phrase is bound to. */
export const MNEMONIC_NAME = /mnemonic|seed|phrase|recovery/i;

/**
 * Literals passed straight to an API that takes a secret: HMAC keys (`createHmac('sha256', 'k')`),
 * cookie signing secrets (`cookieParser('s')`), wallet recovery phrases and private keys.
 */
function argumentSecrets(index: JsIndex, seen: Set<string>): FactInput[] {
  const out: FactInput[] = [];
  const add = (node: AstNode | undefined, type: string, usage: string) => {
    const lit = unwrap(node);
    const value = lit ? literalValue(lit) : undefined;
    if (!lit || typeof value !== 'string' || value.length < 4 || placeholder(value)) return;
    const loc = `${type}:${index.enclosingFunctionName(lit)}:${index.line(lit)}`;
    if (seen.has(loc)) return;
    seen.add(loc);
    out.push(secretFact(index, lit, type, value, `${type}:${usage}`, usage));
  };
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    const args = call.arguments as AstNode[];
    if (/^crypto\.createHmac$/.test(r)) add(args[1], 'hmac-key', 'hmac');
    else if (/^cookie-parser(\.default)?$/.test(r)) {
      const a = unwrap(args[0]);
      for (const item of a && a.type === 'ArrayExpression' ? (a.elements as AstNode[]) : [a]) add(item, 'cookie-secret', 'cookie-signing');
    } else if (/\.(fromPhrase|fromMnemonic)$/.test(r) || /(^|\.)(fromPhrase|fromMnemonic)$/.test(calleeName(call) ?? '')) {
      const a = unwrap(args[0]);
      const v = a && a.type === 'Identifier' ? index.initAt(a.name, a) : a;
      add(v, 'mnemonic', 'wallet');
    }
  }
  // `const mnemonic = 'word word ... word'`: a recovery phrase is a private key.
  for (const lit of index.nodesOf('Literal')) {
    const v = literalValue(lit);
    if (typeof v === 'string' && MNEMONIC.test(v) && MNEMONIC_NAME.test(boundName(lit, index) ?? '')) add(lit, 'mnemonic', 'wallet');
  }
  return out;
}

function lineOf(index: JsIndex, node: AstNode): string {
  return index.content.split('\n')[index.line(node) - 1] ?? '';
}

/**
 * The cited line with the secret masked. The literal is masked where it sits in the source too,
 * since escapes (`\r\n` in a PEM string) make the source text differ from the value.
 */
function maskedLine(index: JsIndex, node: AstNode, value: string): string {
  const line = lineOf(index, node);
  const lineStart = index.content.lastIndexOf('\n', node.start - 1) + 1;
  const col = node.start - lineStart;
  let out = line;
  if (node.type === 'Literal' || node.type === 'TemplateElement') {
    const end = node.end - lineStart;
    out = end <= line.length ? `${line.slice(0, col + 1)}${redact(value)}${line.slice(end - 1)}` : `${line.slice(0, col + 1)}${redact(value)}`;
  }
  return redactLine(out, value);
}

function secretFact(index: JsIndex, node: AstNode, secretType: string, value: string, locator: string, usage?: string): FactInput {
  const fact: FactInput = {
    kind: 'secret',
    secretType,
    redacted: redact(value),
    evidence: index.evidence(node, maskedLine(index, node, value).trim()),
    key: `${index.file}#secret:${index.enclosingFunctionName(node)}:${locator}`,
  };
  if (usage) fact.usage = usage;
  return fact;
}

/** The credential-ish name a literal is bound to, if any. */
function boundName(lit: AstNode, index: JsIndex): string | undefined {
  const parent = index.parent(lit);
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.init === lit && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'AssignmentExpression' && parent.right === lit) return memberPath(parent.left as AstNode)?.pop();
  if (parent.type === 'Property' && parent.value === lit) return propertyKey(parent);
  if (parent.type === 'AssignmentPattern' && parent.right === lit && parent.left.type === 'Identifier') return parent.left.name;
  if (parent.type === 'PropertyDefinition' && parent.value === lit) return propertyKey(parent);
  return undefined;
}

/** The attribute a JSX element gives a literal (`<Textarea placeholder="…" />`, `placeholder={"…"}`). */
function jsxAttributeName(lit: AstNode, index: JsIndex): string | undefined {
  const parent = index.parent(lit);
  const attr = parent?.type === 'JSXExpressionContainer' ? index.parent(parent) : parent;
  return attr?.type === 'JSXAttribute' && attr.name.type === 'JSXIdentifier' ? attr.name.name : undefined;
}

/** `process.env.X || 'literal'` / `?? 'literal'`: the expression and the variable name. */
function envFallback(lit: AstNode, index: JsIndex): { expr: AstNode; env: string } | undefined {
  const parent = index.parent(lit);
  if (!parent || parent.type !== 'LogicalExpression' || parent.right !== lit || (parent.operator !== '||' && parent.operator !== '??')) return undefined;
  const path = envPath(parent.left as AstNode, index);
  if (!path || path.length !== 3) return undefined;
  return { expr: parent, env: path[2] };
}

/**
 * `process.env.X` as a member path, also through an alias of the environment object the file
 * declares (`const env = process.env; env.X`, `const { env } = process`, `import { env } from 'process'`).
 */
function envPath(node: AstNode, index: JsIndex): string[] | undefined {
  const path = memberPath(node);
  if (!path) return undefined;
  if (path[0] === 'process' && path[1] === 'env') return path;
  if (path.length < 2) return undefined;
  const init = index.constInit(path[0]);
  const base = init ? memberPath(unwrap(init)) : undefined;
  if (base?.length === 2 && base[0] === 'process' && base[1] === 'env') return ['process', 'env', ...path.slice(1)];
  const resolved = index.resolvedName(node)?.replace(/^node:/, '').split('.');
  return resolved?.[0] === 'process' && resolved[1] === 'env' ? resolved : undefined;
}

/** Firebase / public client configs hold API keys that are public by design. */
function publicClientConfig(lit: AstNode, index: JsIndex): boolean {
  const obj = index.parent(index.parent(lit) ?? lit);
  const keys = obj && obj.type === 'ObjectExpression' ? objectKeys(obj) : [];
  return keys.includes('authDomain') || keys.includes('projectId') || keys.includes('messagingSenderId');
}

/** Where a named secret is used in this file: as a JWT secret or a session secret. */
function usageOf(name: string, lit: AstNode, index: JsIndex): string | undefined {
  const parent = index.parent(lit);
  const obj = parent && parent.type === 'Property' ? index.parent(parent) : undefined;
  const call = obj ? index.parent(obj) : undefined;
  const callName = call && call.type === 'CallExpression' ? (index.resolvedCallee(call) ?? '') : '';
  if (/session/i.test(callName)) return 'session';
  if (/jwt|JwtModule/i.test(callName)) return 'jwt';
  for (const c of index.nodesOf('CallExpression')) {
    let r = index.resolvedCallee(c) ?? '';
    if (/(^|\.)(jwt|JWT|jsonwebtoken)\.(sign|verify)$/.test(r)) r = `jsonwebtoken.${r.split('.').pop()}`;
    const args = c.arguments.map((a) => unwrap(a as AstNode));
    const mentions = (n: AstNode | undefined) => !!n && (memberPath(n)?.join('.') === name || memberPath(n)?.pop() === name);
    if (/^(jsonwebtoken\.(sign|verify)|jwt-simple\.(encode|decode))$/.test(r) && mentions(args[1])) return 'jwt';
    const opts = resolveObject(args[0], index);
    if (/^(express-session|cookie-session|koa-session)/.test(r) && mentions(objectProp(opts, 'secret'))) return 'session';
    if (/express-jwt|koa-jwt|JwtModule/.test(r) && mentions(objectProp(opts, 'secret'))) return 'jwt';
  }
  return undefined;
}

/**
 * A private key header counts only with the key's body: base64 after it in the same string, or,
 * for a string that is the header alone, in the strings it is joined with
 * (`'-----BEGIN RSA PRIVATE KEY-----\n' + 'MIIE…' + …`, `[header, 'MIIE…', …].join('\n')`).
 * A header quoted in prose, a parser's delimiter (`pem.includes('-----BEGIN PRIVATE KEY-----')`)
 * or a PEM built around a variable's body is no hard-coded key.
 */
function keyMaterial(node: AstNode, value: string, m: RegExpExecArray, index: JsIndex): boolean {
  if (privateKeyBody(value.slice(m.index + m[0].length))) return true;
  if (value.trim() !== m[0] || node.type !== 'Literal') return false;
  let top: AstNode = node;
  for (let p = index.parent(top); p && p.type === 'BinaryExpression' && p.operator === '+'; p = index.parent(p)) top = p;
  const parent = index.parent(node);
  const parts: AstNode[] = top !== node ? [top] : parent?.type === 'ArrayExpression' ? [parent] : [];
  const joined = parts
    .flatMap((p) => nodesUnder(p, 'Literal'))
    .map((n) => literalValue(n))
    .filter((v): v is string => typeof v === 'string')
    .join('\n');
  const at = joined.indexOf(m[0]);
  return at >= 0 && privateKeyBody(joined.slice(at + m[0].length));
}

function scan(index: JsIndex, testFile: boolean): FactInput[] {
  const out: FactInput[] = [];
  const seen = new Set<string>();
  const strings: [AstNode, string][] = [];
  /** Literals already reported by their provider format. */
  const reported = new Set<AstNode>();
  for (const lit of index.nodesOf('Literal')) {
    const v = literalValue(lit);
    if (typeof v === 'string' && v.length >= 8) strings.push([lit, v]);
  }
  for (const t of index.nodesOf('TemplateElement')) {
    const v = t.value.cooked ?? t.value.raw;
    if (v.length >= 8) strings.push([t, v]);
  }
  for (const [node, value] of strings) {
    if (!ANY_FORMAT.test(value)) continue;
    for (const f of FORMATS) {
      const m = f.pattern.exec(value);
      if (!m || placeholder(m[0])) continue;
      if (f.type === 'google-api-key' && publicClientConfig(node, index)) continue;
      if ((f.type === 'jwt' || f.type === 'private-key') && testFile) continue;
      if (f.type === 'private-key' && !keyMaterial(node, value, m, index)) continue;
      // A form field's sample value (`placeholder: '-----BEGIN PRIVATE KEY-----\n[content]…'`).
      if (SAMPLE_PROP.test(boundName(node, index) ?? jsxAttributeName(node, index) ?? '')) continue;
      const loc = `${f.type}:${m[0].slice(0, 4)}`;
      if (seen.has(loc)) continue;
      seen.add(loc);
      out.push(secretFact(index, node, f.type, m[0], loc));
      reported.add(node);
    }
    const conn = CONNECTION_STRING.exec(value);
    // In tests a DSN of a local or throwaway database is a fixture (`mysql://invalid:invalid@localhost`),
    // and so is one whose password is a word or says test (`test:testpass@ds0.mongolab.com`).
    if (conn && testFile && (LOCAL_HOST.test(value.slice(conn.index + conn[0].length)) || TEST_PASSWORD.test(conn[1]))) continue;
    // `postgres://[username]:[password]@[host]` in help text shows the format, not a password, and
    // so does one whose host is the word `host` (`format: redis://user:pw@host:port/db` in a prompt).
    if (!conn || placeholder(conn[1]) || /^\$\{|^%|^:|^\[[^\]]*\]$/.test(conn[1]) || FORMAT_HOST.test(value.slice(conn.index + conn[0].length))) continue;
    // A DSN only a development branch uses (`default: process.env.DEBUG ? 'postgres://…' : undefined`)
    // is a development default; one whose password repeats the user name on a local or Compose
    // service host (`postgres:postgres@db:5432`) is the database image's own default account,
    // reachable only from inside that network.
    const host = value.slice(conn.index + conn[0].length);
    const imageDefault = /\/\/([^:\s/@]+):/.exec(conn[0])?.[1] === conn[1] && LOCAL_HOST.test(host);
    out.push(secretFact(index, node, 'connection-string-password', conn[1], `conn:${index.enclosingFunctionName(node)}`, productionRefused(node, index) ? 'dev-default' : imageDefault ? 'local-default' : 'database'));
  }
  if (testFile) return out;
  // Translation bundles hold labels about passwords and tokens, never one (provider formats above still count).
  const uiFile = isLocaleFile(index.file);
  for (const c of connectionSecrets(index)) {
    reported.add(c.node);
    out.push(secretFact(index, c.node, 'password', c.value, c.locator, 'database'));
  }
  for (const lit of index.nodesOf('Literal')) {
    const value = literalValue(lit);
    // Both reports below need at least 4 characters (fallbacks) or 6 (named values).
    if (typeof value !== 'string' || value.length < 4) continue;
    // `process.env.JWT_SECRET || 'dev-secret'`: the literal is the secret whenever the variable is unset.
    if (reported.has(lit)) continue;
    const fallback = envFallback(lit, index);
    const name = fallback ? (boundName(fallback.expr, index) ?? fallback.env) : boundName(lit, index);
    if (!name || !CREDENTIAL_NAME.test(name) || NOT_CREDENTIAL.test(name) || KEY_PART_NAME.test(name)) continue;
    // `NEXT_PUBLIC_*`, `VITE_*`: the build inlines these into the browser bundle, so their values
    // (a search-only key, an analytics id) are public by design, and so is their fallback.
    if (fallback && PUBLIC_ENV.test(fallback.env) && !/SECRET|PASSWORD|PRIVATE/i.test(fallback.env)) continue;
    // A key that is a route or a sentence (`'PATCH /users/:id/password': 'User.Data.Updated'`) is not a name.
    if (/[\s/]/.test(name)) continue;
    // UI text (`apiKey: 'API-nøgle'`), syntax-mode token types, keys published by design.
    if (uiFile || naturalText(value) || syntaxRule(lit, name, index) || publishableKey(value)) continue;
    // A word as an SDK client's fallback key (`apiKey: env.KEY ?? 'not-used'`) is a dummy; secrets the app keys with are not.
    if (fallback && !STRONG_SECRET_NAME.test(name) && sdkPlaceholder(lit, value, index)) continue;
    // A key prefix or zeros as the fallback of a provider key (`OPENAI_API_KEY || 'sk-proj-'`) unlocks nothing.
    if (fallback && !STRONG_SECRET_NAME.test(name) && KEY_STUB.test(value)) continue;
    // A flag word as the fallback (`SHARE_TOKEN || 'false'`): the variable switches a feature; a
    // signing or password variable keeps it (whatever the value, the app would sign with it).
    if (fallback && FLAG_WORD.test(value) && !STRONG_SECRET_NAME.test(name)) continue;
    if (fallback && value.length >= 4 && !/\s/.test(value) && !/^\$\{|^%/.test(value)) {
      out.push(secretFact(index, lit, /pass|pwd/i.test(name) ? 'password' : 'secret', value, `fallback:${name}`, usageOf(name, lit, index) ?? defaultUse(lit, `${name} ${fallback.env}`, true, index)));
      continue;
    }
    if (value.length < 6 || /\s/.test(value) || placeholder(value) || value.toLowerCase() === name.toLowerCase() || uiTextObject(lit, index) || groupingTable(lit, index)) continue;
    // How a credential is kept (`storeToken: 'hashed'`); a password or secret name keeps such a word (a weak password).
    if (MODE_WORD.test(value) && !STRONG_SECRET_NAME.test(name)) continue;
    // An e-mail template's preview props (`Email.PreviewProps = { token: 'preview-token-123' }`).
    if (index.content.includes('PreviewProps') && previewSample(lit, index)) continue;
    // Sample data a template is rendered with (`renderEmail({ data: { password: 'sample123' } })`): shown, not used.
    if (index.content.includes('render') && renderedSample(lit, index)) continue;
    // A bracketed or braced placeholder a UI shows until the real value arrives (`'[CLIENT_SECRET]'`, `'{token}'`).
    if (/^\[[^\]]*\]$|^\{[^}]*\}$/.test(value)) continue;
    // A namespaced constant that ends with its own name: a Redux action type (`GET_TOKEN = 'app/project/GET_TOKEN'`), an event name.
    if (/[/.:]/.test(value) && norm(value.split(/[/.:]/).pop() ?? '') === norm(name)) continue;
    // A dotted path of identifiers bound to a key or token name is a storage key or a setting's
    // path (`SECRET_KEY = 'onboarding.clientSecret'`), and one among sibling dotted keys is a
    // translation key (`{ title: 'users.title_edit', password: 'users.label_new_password' }`).
    if (/^[a-z][a-zA-Z]*([.:][a-z][a-zA-Z_]*)+$/.test(value) && (!STRONG_SECRET_NAME.test(name) || translationKeys(lit, index))) continue;
    // Version ranges (`jsonwebtoken: '^9.0.2'` in a generated package.json) name a release, not a token.
    if (VERSION_RANGE.test(value)) continue;
    // A file the key names (`'migrate-auth-secret': 'scripts/migrate-auth-secret.ts'`, `keyFile: 'certs/server.key'`): a path, not its content.
    if (FILE_PATH.test(value)) continue;
    // A camelCase identifier bound to a token name is a sentinel or a key (`token = "autoLogin"`):
    // issued tokens are random, not words. Password and secret names keep such values (weak passwords).
    if (CAMEL_IDENTIFIER.test(value) && !STRONG_SECRET_NAME.test(name)) continue;
    // A lexer's token type or mode word (`token = 'keyword'`, `state.indentToken = 'comment'`):
    // a generic token name, or any name on a `state` object, holding one lower-case word.
    // Issued tokens are random; a credential name (`accessToken`, `password`) keeps such values.
    if (/^[a-z]{1,16}$/.test(value) && ((GENERIC_TOKEN.test(name) && !QUALIFIED_TOKEN.test(name)) || lexerState(lit, index)) && !STRONG_SECRET_NAME.test(name)) continue;
    // i18n / error keys (`password: 'incorrectEmailOrPassword'`) and deny-lists of sample secrets.
    if (messageKey(value) || inDenyList(lit, index)) continue;
    // Enum-like constants: RESET_PASSWORD = 'resetPassword', TOKEN_TYPE_ACCESS = 'access_token'.
    const vw = words(value);
    const nw = words(name);
    if (vw.length > 0 && vw.length <= nw.length + 1 && (vw.every((w) => nw.includes(w)) || nw.every((w) => vw.includes(w)))) continue;
    // A class or component named after the field (`password: 'PasswordFieldModel'`, `token: 'TokenInput'`):
    // a registry mapping field types to the code that renders or models them.
    if (CODE_NAME.test(value) && vw.some((w) => nw.includes(w))) continue;
    if (/^[A-Z][A-Z0-9_]+$/.test(value) || /^(https?:|\/|\.\/|[a-z]+:\/\/)/.test(value) || /^(password|text|hidden|string|new-password|current-password|bearer|basic|same-origin|include|omit|authorization|x-[\w-]+)$/i.test(value)) continue;
    // Multi-word identifiers are key names, not secrets: 'auth-token', 'access_token', 'same-origin',
    // permission scopes 'apikeys:import' (a long phrase bound to a secret or key name is a
    // passphrase: 'session_cookie_secret_key').
    if ((/^[a-z]+([-_.:][a-z]+)+$/.test(value) && !(STRONG_SECRET_NAME.test(name) && value.split(/[-_.:]/).length >= 4)) || /^(key|header|storage|cookie|param|field|name|label|local_?storage)_/i.test(name)) continue;
    if (FORMATS.some((f) => f.pattern.test(value)) || publicClientConfig(lit, index)) continue;
    const type = /pass|pwd/i.test(name) ? 'password' : /key/i.test(name) ? 'api-key' : /token/i.test(name) ? 'token' : 'secret';
    out.push(secretFact(index, lit, type, value, `name:${name}`, toolEnvDefault(lit, index) ? 'dev-default' : (usageOf(name, lit, index) ?? defaultUse(lit, name, false, index))));
  }
  out.push(...argumentSecrets(index, seen));
  // A setting's literal fallback that becomes a cipher or HMAC key (`cfg.salt = cfg.salt || 'abcde'`).
  for (const k of keyFallbacks(index)) {
    if (k.value.length < 4 || placeholder(k.value) || out.some((f) => f.evidence.line === index.line(k.node))) continue;
    out.push(secretFact(index, k.node, k.type, k.value, `key-fallback:${k.setting}`, 'key-default'));
  }
  // express-basic-auth({ users: { admin: 'supersecret' } })
  for (const call of index.nodesOf('CallExpression')) {
    if ((index.resolvedCallee(call) ?? '') !== 'express-basic-auth') continue;
    const users = resolveObject(objectProp(resolveObject(call.arguments[0] as AstNode, index), 'users'), index);
    if (!users || users.type !== 'ObjectExpression') continue;
    for (const p of users.properties) {
      const v = p.type === 'Property' ? literalValue(p.value as AstNode) : undefined;
      if (typeof v === 'string' && v.length > 0) out.push(secretFact(index, p as AstNode, 'password', v, `basic-auth:${propertyKey(p)}`, 'basic-auth'));
    }
  }
  return out;
}

export const extractor: Extractor = {
  id: 'js/secrets',
  title: 'Hard-coded credentials and API keys in JS/TS (always redacted)',
  // Committed dotenv files too: weak secrets there reach the code through process.env (dotenv.ts).
  matches: (path) => isJsFile(path) || isCommittedDotenv(path),
  // Text every fact needs (see signals.ts): about one non-test file in eight holds any of it.
  signals: SIGNALS,
  extract(file, ctx) {
    if (isCommittedDotenv(file.path)) {
      const facts = dotenvSecretFacts(file);
      return facts.length > 0 ? facts : null;
    }
    // An upstream copy of a library (`libraries/codemirror/…` under its licence header) is read
    // like test code: its literals are the library's (a lexer's `token = 'keyword'`), and only a
    // provider-issued key would be a secret there.
    const testFile = TEST_PATH.test(file.path) || isTestFile(file.path) || isVendoredCopy(file.path, file.content);
    // Test code is searched only for provider formats, which a literal also shows in the raw
    // text: most test files are then never parsed into a tree (see imports/module-record.ts).
    // Translation bundles likewise (their labels name passwords and tokens on every line).
    if ((testFile || isLocaleFile(file.path)) && !ANY_FORMAT.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    const facts = scan(index, testFile);
    return facts.length > 0 ? facts : null;
  },
};
