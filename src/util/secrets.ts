import { FORMATS } from './secret-formats.js';

// Secret heuristics shared by the extractors (Dockerfile, Compose, and later Kubernetes, Helm...).
// Two questions: is this *name* secret-like (PASSWORD, API_KEY...), and is this *value* a literal
// worth reporting (not a reference such as `${DB_PASSWORD}`, not a placeholder such as `<token>`)?
// Values are never stored: callers keep only `redactSecret(value)`.

/** Words that make an environment or build-argument name secret-like. */
export const SECRET_WORDS: ReadonlySet<string> = new Set([
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'PASS',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  // `INIT_ADMIN_API_TOKENS`: a list of tokens the service accepts on first start.
  'TOKENS',
  'KEY',
  'APIKEY',
  'ACCESSKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'PRIVATE',
]);

/** Words that mean "this names a secret but does not hold one" (a path, a length, a header...). */
const NON_SECRET_SUFFIXES = new Set([
  'FILE',
  'PATH',
  'DIR',
  'NAME',
  'ID',
  'URL',
  'URI',
  'HOST',
  'PORT',
  'USER',
  'USERNAME',
  'TTL',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  // `AUTH_TOKEN_EXPIRE`, `TOKEN_TIMEOUT`, `SESSION_SECRET_LIFETIME`, `TOKEN_MAX_AGE`: how long a secret lives.
  'EXPIRE',
  'TIMEOUT',
  'LIFETIME',
  'DURATION',
  'AGE',
  'LENGTH',
  'SIZE',
  'HEADER',
  'FIELD',
  'ALGORITHM',
  'ALG',
  'TYPE',
  'ENABLED',
  'REGION',
  'VERSION',
  'MODE',
  'POLICY',
  'PREFIX',
  'ROTATION',
]);

/** Words that make a KEY a public identifier (GPG key fingerprints in official images, public keys). */
const PUBLIC_WORDS = new Set(['PUBLIC', 'PUB', 'GPG', 'PGP', 'FINGERPRINT', 'PUBLISHABLE']);

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` into upper-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toUpperCase());
}

/** Every word of SECRET_WORDS contains one of these: a name without any cannot be secret-like. */
const SECRET_WORD_PARTS = /pass|pwd|secret|token|key|cred|private/i;

/** True when a variable name suggests it carries a credential. */
export function isSecretName(name: string): boolean {
  // Redaction asks this of every `name = value` in every evidence line: most answers are no.
  if (!SECRET_WORD_PARTS.test(name)) return false;
  const words = nameWords(name);
  if (words.length === 0) return false;
  // `PWD` alone is the shell's working directory.
  if (words.length === 1 && words[0] === 'PWD') return false;
  if (NON_SECRET_SUFFIXES.has(words[words.length - 1])) return false;
  if (words.some((w) => PUBLIC_WORDS.has(w))) return false;
  return words.some((w) => SECRET_WORDS.has(w));
}

interface ValuePattern {
  type: string;
  pattern: RegExp;
}

/** Well-known credential shapes, recognisable whatever the variable is called. */
// Provider formats are shared with the JS secret extractor; a few broader shapes are added here
// because redaction should rather over-match (test keys, GitLab tokens) than leak.
const VALUE_PATTERNS: readonly ValuePattern[] = [
  ...FORMATS,
  { type: 'stripe-key', pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b/ },
  { type: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
];

const GLOBAL_VALUE_PATTERNS = VALUE_PATTERNS.map((p) => new RegExp(p.pattern.source, 'g'));
/** Any of them (none has flags or capturing groups), to skip the replacements on most lines. */
const ANY_VALUE_PATTERN = new RegExp(VALUE_PATTERNS.map((p) => `(?:${p.pattern.source})`).join('|'));

/** The credential type a value's shape reveals, if any. */
export function secretTypeOfValue(value: string): string | undefined {
  return VALUE_PATTERNS.find((p) => p.pattern.test(value))?.type;
}

/** Credential type from a secret-like name, for values that have no recognisable shape. */
export function secretTypeOfName(name: string): string {
  const words = nameWords(name);
  if (words.some((w) => w === 'PRIVATE')) return 'private-key';
  if (words.some((w) => w.startsWith('PASS') || w === 'PWD')) return 'password';
  if (words.some((w) => w === 'TOKEN')) return 'token';
  if (words.some((w) => w === 'APIKEY') || (words.includes('API') && words.includes('KEY'))) return 'api-key';
  if (words.some((w) => w.startsWith('CRED'))) return 'credential';
  return 'generic-secret';
}

/** Where a secret is probably used, from its name (feeds the model's data-store links). */
export function secretUsage(name: string): string | undefined {
  const words = nameWords(name);
  const has = (...ws: string[]): boolean => ws.some((w) => words.includes(w));
  if (has('DB', 'DATABASE', 'POSTGRES', 'POSTGRESQL', 'PG', 'MYSQL', 'MARIADB', 'MONGO', 'MONGODB', 'REDIS', 'SQL'))
    return 'database';
  if (has('JWT')) return 'jwt';
  if (has('AWS', 'GCP', 'AZURE')) return 'cloud';
  if (has('SMTP', 'MAIL', 'EMAIL')) return 'email';
  if (has('SESSION', 'COOKIE')) return 'session';
  if (has('API', 'APIKEY')) return 'api-key';
  return undefined;
}

const PURE_REFERENCE = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/;
const REFERENCE_WITH_OPERATOR = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-?+=])(.*)\}$/s;
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|<[^>]*>|\{\{.*\}\}|%[^%]+%|true|false|yes|no|on|off|null|none|nil|undefined|empty|0|1|todo|tbd|fixme|redacted)$/i;

/**
 * The literal part of a value, or undefined when the value is a reference resolved elsewhere:
 * `${DB_PASSWORD}` → undefined, `${DB_PASSWORD:-hunter2}` → `hunter2` (a hard-coded fallback),
 * `hunter2` → `hunter2`. Placeholders, booleans and absolute paths count as no literal.
 */
export function literalValue(value: string): string | undefined {
  let current = value.trim();
  for (let depth = 0; depth < 4; depth++) {
    if (current === '' || PURE_REFERENCE.test(current)) return undefined;
    const op = REFERENCE_WITH_OPERATOR.exec(current);
    if (!op) break;
    // Only a default (`-`, `=`) is a value that may end up used; `?`/`+` give no literal secret.
    if (op[1].endsWith('-') || op[1].endsWith('=')) current = op[2].trim();
    else return undefined;
  }
  if (current === '' || PLACEHOLDER.test(current)) return undefined;
  // Still an interpolation somewhere inside (`${A}${B}`, `$HOME/x`): not a plain literal.
  if (/\$\{?[A-Za-z_]/.test(current)) return undefined;
  if (current.startsWith('/') || current.startsWith('./') || current.startsWith('~/')) return undefined;
  return current;
}

/** Keeps at most the first 4 characters (fewer for short values) and masks the rest. */
export function redactSecret(value: string): string {
  const keep = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, keep)}****`;
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^:/@\s]*):([^@\s/]+)@/gi;

/** `postgres://user:pw@db/shop` → `postgres://user:****@db/shop` (references such as `${PW}` kept). */
export function redactUrlCredentials(value: string): string {
  return value.replace(URL_CREDENTIALS, (whole, scheme: string, user: string, password: string) =>
    literalValue(password) === undefined ? whole : `${scheme}${user}:****@`,
  );
}

/** The literal password inside a URL, if one is there. */
export function urlPassword(value: string): string | undefined {
  URL_CREDENTIALS.lastIndex = 0;
  const m = URL_CREDENTIALS.exec(value);
  URL_CREDENTIALS.lastIndex = 0;
  return m ? literalValue(m[3]) : undefined;
}

export interface SecretFinding {
  secretType: string;
  redacted: string;
  usage?: string;
  /** The value is a sample's stand-in for the real secret (`REPLACE_WITH_LONG_SECRET`). */
  placeholder?: boolean;
}

/**
 * A stand-in an example deployment file asks the operator to replace: `REPLACE_WITH_LONG_SECRET`,
 * `CHANGE_ME`, `your_secret_here`, `<token>`, `STRONG_DB_PASSWORD`. Whoever deploys it unchanged
 * runs with a known value, but the file says so; a generated or typed secret is none of these.
 */
const PLACEHOLDER_SECRET = /^<[^>]+>$|^\[[^\]]+\]$|replace|change[-_]?me|change[-_]?this|^your[-_]|[-_]here$|example|placeholder|^(strong|secure)[-_]\w*(password|secret|key|token)$|^(insert|enter|put|set|fill)[-_]/i;

/**
 * A generic word for the kind of value (`secret`, `key`, `password`), or a lower-case identifier
 * naming one (`cos_hmac_secret_key`, `default_access_key`): what a sample writes where the operator's
 * own value goes. Generated or typed secrets carry digits, mixed case or symbols.
 */
const GENERIC_STAND_IN = /^(?:secret|key|password|passwd|pass|pwd|token|apikey|changeit)$|^[a-z]+(?:_[a-z]+)+_(?:key|secret|password|token)$/;

export function placeholderSecret(value: string): boolean {
  return PLACEHOLDER_SECRET.test(value) || GENERIC_STAND_IN.test(value);
}

/**
 * Judges one `NAME=value` pair: a literal secret (by name or by shape), a credential inside a URL,
 * or nothing. The returned rendering never contains more than four characters of the secret.
 */
export function judgeSecret(name: string, value: string): SecretFinding | undefined {
  const literal = literalValue(value);
  if (literal === undefined) return undefined;
  const byShape = secretTypeOfValue(literal);
  if (byShape) return { secretType: byShape, redacted: redactSecret(literal), usage: secretUsage(name) };
  const password = urlPassword(literal);
  if (password !== undefined) {
    return { secretType: 'password', redacted: redactUrlCredentials(literal), usage: secretUsage(name) ?? 'database', ...(placeholderSecret(password) ? { placeholder: true } : {}) };
  }
  if (isSecretName(name)) {
    return { secretType: secretTypeOfName(name), redacted: redactSecret(literal), usage: secretUsage(name), ...(placeholderSecret(literal) ? { placeholder: true } : {}) };
  }
  return undefined;
}

/**
 * The value to keep in a fact's `env` map: `****` for literal secrets, URLs with the password
 * masked, anything else (including references like `${DB_PASSWORD}`) unchanged.
 */
export function envValueForFact(name: string, value: string): string {
  const literal = literalValue(value);
  if (literal !== undefined && (isSecretName(name) || secretTypeOfValue(literal))) return '****';
  return redactUrlCredentials(value);
}

const QUOTED = String.raw`"[^"\n]*"|'[^'\n]*'|\`[^\`\n]*\``;
/** `process.env.JWT_SECRET || 'dev'`, `settings.API_KEY or "x"`, `getenv("SECRET") ?: 'x'`. */
const FALLBACK = new RegExp(String.raw`([A-Za-z_][A-Za-z0-9_.]*|(["'])[A-Za-z_][A-Za-z0-9_.-]*\2\s*\))(\s*(?:\|\||\?\?|\?:|\bor\b)\s*)(${QUOTED})`, 'g');
/** `os.getenv("SECRET_KEY", "x")`, `ENV.fetch('SECRET_KEY_BASE', 'x')`, `env('APP_KEY', 'x')`. */
const DEFAULT_ARGUMENT = new RegExp(String.raw`(["'])([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*,\s*)(${QUOTED})`, 'g');

function maskQuoted(written: string): string {
  const value = written.slice(1, -1);
  if (literalValue(value) === undefined || value.endsWith('****')) return written;
  return `${written[0]}****${written[written.length - 1]}`;
}

/**
 * The literal defaults of secret lookups: the environment variable is named, so its value is not in
 * the line, but the fallback written beside it is a real secret (often the production one).
 */
function redactSecretDefaults(text: string): string {
  const nameOf = (written: string) => written.replace(/[\s)"']/g, '');
  return text
    .replace(FALLBACK, (whole, name: string, _q: string, sep: string, literal: string) => (isSecretName(nameOf(name)) ? `${name}${sep}${maskQuoted(literal)}` : whole))
    .replace(DEFAULT_ARGUMENT, (whole, quote: string, name: string, sep: string, literal: string) => (isSecretName(name) ? `${quote}${name}${quote}${sep}${maskQuoted(literal)}` : whole));
}

/** After a secret-like name was assigned an expression, its fallback literals are secrets too. */
const FALLBACK_LITERAL = new RegExp(String.raw`(\s*(?:\|\||\?\?|\?:|\bor\b)\s*)(${QUOTED})`, 'y');

/** The index just after the parenthesis closing the one at `open` (quotes respected), or `open`. */
function closingParenthesisEnd(text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return open;
}

const ASSIGNMENT = /\b([A-Za-z_][A-Za-z0-9_.-]*)(\s*[=:]\s*|\s+)("[^"]*"|'[^']*'|[^\s"']+)/;

/**
 * Redacts a line of source for an evidence snippet: known token shapes, URL passwords and the
 * values of secret-like assignments (`ENV DB_PASSWORD=x`, `DB_PASSWORD: x`).
 */
export function redactText(text: string): string {
  // Every evidence line passes here: each step is skipped when the text cannot hold what it masks.
  let out = text.includes('://') ? redactUrlCredentials(text) : text;
  if (ANY_VALUE_PATTERN.test(out)) for (const pattern of GLOBAL_VALUE_PATTERNS) out = out.replace(pattern, (m) => redactSecret(m));
  // What is left masks only values of secret-like names, and every such name holds one of these.
  if (!SECRET_WORD_PARTS.test(out)) return out;
  out = redactSecretDefaults(out);
  const re = new RegExp(ASSIGNMENT.source, 'g');
  let result = '';
  let last = 0;
  for (let m = re.exec(out); m !== null; m = re.exec(out)) {
    const [whole, name, sep, written] = m;
    const quote = /^["']/.test(written) ? written[0] : '';
    const value = quote ? written.slice(1, -1) : written;
    // `os.environ.get(`: a call, whose secret-bearing arguments the default pass has judged.
    const isCall = !quote && /[()]/.test(value);
    // `JWT_SECRET || 'x'` read as `NAME value`: an operator is no value (the fallback pass judged it).
    const isOperator = !quote && /^[^A-Za-z0-9_$]+$/.test(value);
    if (isSecretName(name) && !isOperator && !value.endsWith('****')) {
      const masked = !isCall && literalValue(value) !== undefined ? `${quote}****${quote}` : written;
      result += `${out.slice(last, m.index)}${name}${sep}${masked}`;
      last = m.index + whole.length;
      // `cfg.get('db') || 'x'`: the fallback follows the call's closing parenthesis.
      const afterValue = isCall ? closingParenthesisEnd(out, m.index + name.length + sep.length + value.indexOf('(')) : last;
      FALLBACK_LITERAL.lastIndex = afterValue;
      const fallback = FALLBACK_LITERAL.exec(out);
      if (fallback) {
        result += `${out.slice(last, afterValue)}${fallback[1]}${maskQuoted(fallback[2])}`;
        last = FALLBACK_LITERAL.lastIndex;
        re.lastIndex = last;
      }
    } else {
      // Not a secret: the next name may start inside this match (`ENV DB_PASSWORD=x`).
      re.lastIndex = m.index + name.length;
    }
  }
  return result + out.slice(last);
}

/**
 * Last line of defence for every evidence snippet, whatever extractor made it: token shapes,
 * URL passwords and secret-like assignments are masked before anything reaches the model.
 */
export function redactSnippet(text: string): string {
  return redactText(text);
}
