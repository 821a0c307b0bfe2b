// Weak secrets committed in dotenv files (`.env`, `.env.production`...): a secret-named variable
// whose value is short or a dictionary word. Code reads it through `process.env.NAME`, so a rule can
// follow the name to the committed value. The value itself never leaves this file: the fact holds
// the variable, why the value is weak and its length.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import type { SourceFile } from '../../types.js';
import { CONNECTION_STRING } from '../../../util/secret-formats.js';
import { redactUrlCredentials } from '../../../util/secrets.js';

/** Committed environment files; examples, templates and test settings hold placeholders. */
export function isCommittedDotenv(path: string): boolean {
  const base = posix.basename(path);
  if (base !== '.env' && !/^\.env\.[\w.-]+$/.test(base)) return false;
  return !/\.(example|sample|template|dist|tpl|defaults?|test|ci|schema)$/i.test(base);
}

/** Variables that hold a signing or encryption secret. */
const SECRET_VAR = /secret|passphrase|signing_?key|private_?key|crypto_?key|encryption_?key|jwt_?key|token_?key/i;
/** Values that say "fill me in" rather than being used as they are. */
const TEMPLATE = /^(<.*>|\$\{.*\}|\{\{.*\}\}|your[\w-]*|change[_-]?(me|this|it)[\w-]*|replace[\w-]*|x+|\*+|todo|tbd)$/i;
/** Words people use as a secret. */
const COMMON = /^(secret|secretkey|secret_key|mysecret|supersecret|topsecret|jwt|jwtsecret|jwt_secret|jwtkey|key|password|passw0rd|admin|test|dev|default|keyboard cat|shhhhh+|s3cr3t|qwerty|abc123|access|token|private|changeme)$/i;
/** Words written where a password goes in a sample URL (`user:pass@`), unlike a default account's `root`/`admin`. */
const FILLER = /^(pass|password|passwd|pwd|secret|changeme|change_me|dummy|placeholder)$/i;
/** Settings for a developer's machine (`.env.development`, `.env.local`): their database is local by design. */
const DEVELOPMENT_ENV = /^\.env\.(development|dev|local)(\.local)?$/i;
const WORDS = /^([a-z]+|[A-Z]+)([-_ ]([a-z]+|[A-Z]+))*\d{0,4}$/;
/** Shortest secret length still accepted: HS256 wants 256 bits, 32 random characters; 16 is lenient. */
const MIN_LENGTH = 16;

export type Weakness = 'dictionary' | 'short';

export function weakness(value: string): Weakness | undefined {
  if (value === '' || TEMPLATE.test(value)) return undefined;
  // One or a few words in one letter case, maybe with a number: `access`, `my-app-secret2024`.
  if (COMMON.test(value) || (WORDS.test(value) && value.length < 24)) return 'dictionary';
  return value.length < MIN_LENGTH ? 'short' : undefined;
}

function unquote(raw: string): string {
  const v = raw.trim();
  if (/^(['"`]).*\1$/.test(v)) return v.slice(1, -1);
  return v.replace(/\s+#.*$/, '');
}

export function dotenvSecretFacts(file: SourceFile): FactInput[] {
  const out: FactInput[] = [];
  const developmentFile = DEVELOPMENT_ENV.test(posix.basename(file.path));
  file.content.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (!m) return;
    const value = unquote(m[2]);
    // `DATABASE_URL="mysql://root:admin@localhost:3306/app"`: the committed file is the settings
    // the app runs with, so even a default account's password (`root`, `admin`) is the credential.
    const conn = CONNECTION_STRING.exec(value);
    if (conn && !developmentFile && !TEMPLATE.test(conn[1]) && !FILLER.test(conn[1]) && !/^\$/.test(conn[1])) {
      out.push({
        kind: 'secret',
        secretType: 'password',
        redacted: `${conn[1].slice(0, Math.min(4, Math.floor(conn[1].length / 2)))}****`,
        usage: 'database',
        evidence: { file: file.path, line: i + 1, snippet: `${m[1]}=${redactUrlCredentials(value)}`.slice(0, 200) },
        key: `${file.path}#secret:env:${m[1]}`,
      });
      return;
    }
    if (!SECRET_VAR.test(m[1])) return;
    const weak = weakness(value);
    if (!weak) return;
    out.push({
      kind: 'config',
      setting: 'env-file-secret',
      values: { variable: m[1], weakness: weak, length: value.length },
      summary: `${m[1]} committed with a ${weak === 'short' ? 'short' : 'dictionary'} value`,
      evidence: { file: file.path, line: i + 1, snippet: `${m[1]}=****` },
      key: `${file.path}#env-file-secret:${m[1]}`,
    });
  });
  return out;
}
