// Recognisable credential formats (provider-issued keys and key material). Each pattern matches
// the secret itself, so a match is evidence without looking at the variable name.
export interface SecretFormat {
  type: string;
  pattern: RegExp;
}

export const FORMATS: readonly SecretFormat[] = [
  { type: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/ },
  { type: 'stripe-secret-key', pattern: /\b(?:sk|rk)_live_[0-9a-zA-Z]{20,}\b/ },
  { type: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { type: 'slack-token', pattern: /\bxox[baprs]-[0-9A-Za-z-]{10,}\b/ },
  { type: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/ },
  { type: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { type: 'private-key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/ },
  { type: 'sendgrid-api-key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { type: 'twilio-api-key', pattern: /\bSK[0-9a-f]{32}\b/ },
  { type: 'openai-api-key', pattern: /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b/ },
  { type: 'anthropic-api-key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/ },
  { type: 'mailgun-api-key', pattern: /\bkey-[0-9a-f]{32}\b/ },
  { type: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { type: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/** `scheme://user:password@host` with a real-looking password. */
export const CONNECTION_STRING = /\b(?:mongodb(?:\+srv)?|postgres(?:ql)?|mysql|mariadb|redis|rediss|amqps?|mssql|sqlserver):\/\/[^:\s/@]+:([^@\s]+)@/;

// `redacted` also as the masks that stand for a hidden value: `(REDACTED)`, `[redacted]`, `***REDACTED***`.
const PLACEHOLDER = /^(?:x+|\*+|\.+|<[^>]*>|\{\{.*\}\}|\$\{.*\}|\$[A-Z_]+|%s|your[_-]?.*|.*example.*|.*sample.*|[a-z_-]*dummy[a-z_-]*|placeholder|todo|tbd|[[(*]*redacted[\])*]*|dummy|fake|none|null|undefined|unknown|nothing|unset|not[-_]set|n\/a|password|passwd|pass|pwd|secret|changeme|change_me|user|username|root|admin|test|testing|[a-z]+_password)$/i;

export function placeholder(value: string): boolean {
  return PLACEHOLDER.test(value) || /EXAMPLE|XXXX|xxxx|1234567890abcdef|0{8,}/.test(value) || CSS_VARIABLE.test(value);
}

/** A CSS custom property (`--background`, `var(--card-border)`): a design token's name, not a credential token. */
const CSS_VARIABLE = /^(?:var\(\s*)?--[A-Za-z][\w-]*\s*\)?$/;

/** Words of an error or validation message. */
const ERROR_WORDS = new Set(['incorrect', 'invalid', 'wrong', 'required', 'missing', 'mismatch', 'mismatched', 'expired', 'exists', 'notfound', 'unauthorized', 'denied', 'failed']);

/**
 * An i18n or error-message key rather than a secret: a letters-only camelCase, snake_case,
 * kebab-case or dotted phrase of two or more words, one of them an error word
 * (`incorrectEmailOrPassword`, `password_mismatch`, `errors.passwordNotFound`). Real passwords
 * rarely are English phrases in identifier form about a failure, and those with digits are kept.
 */
export function messageKey(value: string): boolean {
  if (!/^[A-Za-z]+(?:[._-][A-Za-z]+)*$/.test(value)) return false;
  const parts = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (parts.length < 2) return false;
  return parts.some((w, i) => ERROR_WORDS.has(w) || (w === 'not' && parts[i + 1] === 'found'));
}

/** Armor headers an encrypted PEM or PGP key carries before its body (`Proc-Type: 4,ENCRYPTED`, `Version: …`). */
const ARMOR_HEADER = /^[A-Za-z][\w-]*:[^\n]*\n/;
/** One full PEM line: the least base64 a key's body holds (the smallest real key, EC P-256, has ~160 characters). */
const KEY_BODY_MIN = 64;

/**
 * Whether the text after a private key's `-----BEGIN … PRIVATE KEY-----` header is key material:
 * optional armor headers, then at least a PEM line of base64 (line breaks allowed) before anything
 * else. A header quoted in help text (`should begin with '-----BEGIN RSA PRIVATE KEY-----'.`), a
 * delimiter a parser strips, or a sample body (`\n[content]\n`, `\nabc\n`) is no key.
 */
export function privateKeyBody(after: string): boolean {
  let rest = after.replace(/^-*\s*/, '');
  for (let m = ARMOR_HEADER.exec(rest); m; m = ARMOR_HEADER.exec(rest)) rest = rest.slice(m[0].length).replace(/^\s*/, '');
  const body = /^[A-Za-z0-9+/=\s]*/.exec(rest)?.[0] ?? '';
  return body.replace(/\s+/g, '').length >= KEY_BODY_MIN;
}
