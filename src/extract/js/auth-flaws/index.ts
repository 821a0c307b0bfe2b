import { jsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import { anyCase } from '../_lib/signal-words.js';
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { bypassFacts } from './bypass.js';
import { compareFacts } from './compare.js';
import { debugLoginFacts } from './debug-login.js';
import { ignoredCheckFacts } from './ignored-check.js';
import { enumerationFacts } from './enumeration.js';
import { lockoutFacts } from './lockout.js';
import { logoutFacts } from './logout.js';
import { policyFacts } from './policy.js';
import { queryCredentialFacts } from './query-credential.js';
import { redirectFacts } from './redirect.js';
import { tokenFacts } from './token.js';

/** Each part runs only where its own words occur (the same words are the extractor's signals). */
const PARTS: { words: RegExp; also?: RegExp; signals: string[]; facts: (index: ReturnType<typeof jsIndex>) => FactInput[] }[] = [
  // A compared secret is named like one (request.ts SECRET_NAME) or is an HMAC; the client value
  // comes from a request object or a Nest parameter decorator (request.ts), so files naming
  // neither are skipped before parsing.
  { words: /secret|key|token|signature|hmac|passw|credential/i, also: /\b_?req\b|\brequest\b|\bctx\b|@(Body|Query|Headers|Param|Cookies|Req|Request)\(/, signals: ['secret', 'key', 'token', 'signature', 'hmac', 'passw', 'credential'].flatMap(anyCase), facts: compareFacts },
  // A credential the client sends compared with a string literal in a guard that then lets the request through (bypass.ts).
  { words: /token|key|secret|passw|credential|auth/i, also: /\bnext\s*\(|return true\b/, signals: ['token', 'key', 'secret', 'passw', 'credential', 'auth'].flatMap(anyCase), facts: bypassFacts },
  // A logout is registered on a logout path or named for it (logout.ts LOGOUT_PATH, LOGOUT_NAME).
  { words: /log_?out|sign_?out|log-out|sign-out/i, signals: ['logout', 'log_out', 'log-out', 'signout', 'sign_out', 'sign-out'].flatMap(anyCase), facts: logoutFacts },
  // A login checks a password; an account lookup that must not tell is a reset or forgot request.
  { words: /passw|forgot|reset|recover/i, signals: ['passw', 'forgot', 'reset', 'recover'].flatMap(anyCase), facts: enumerationFacts },
  // A reset or verification token made from, or checked against, a digest of what the attacker knows (token.ts).
  // A bearer token written into a redirect URL (redirect.ts).
  { words: /redirect/, also: /jwt|JWT|[Tt]oken/, signals: ['redirect'], facts: redirectFacts },
  // A debug or mock switch that logs the client in as the user its request names (debug-login.ts).
  { words: /debug|mock/i, also: /\b_?req\b|\brequest\b|\bctx\b/, signals: ['ebug', 'ock'].flatMap(anyCase), facts: debugLoginFacts },
  // Authorization helpers that return their verdict, and calls that drop it (ignored-check.ts CHECK_NAME).
  { words: /(validate|check|verify|has|can|is)[A-Z]\w*(Access|Permission|Authori|Owner|Member|Allowed)/, signals: ['Access', 'Permission', 'Authori', 'Owner', 'Member', 'Allowed'], facts: ignoredCheckFacts },
  // The length a new password must have: a pattern, a comparison or a validator's minimum (policy.ts).
  { words: /passw|pwd/i, also: /\.length\b|[mM]in[lL]ength|isLength|Length\(|(?<!Math)\.min\(|\{\d,\d*\}|\blen:/, signals: ['passw', 'pwd'].flatMap(anyCase), facts: policyFacts },
  // A password read from the query string (query-credential.ts).
  { words: /passw|pwd/i, also: /\.query\b|\bquery\s*[,}:]|@Query\(|searchParams/, signals: ['passw', 'pwd'].flatMap(anyCase), facts: queryCredentialFacts },
  // A password check that counts failures on the account and locks it past a limit (lockout.ts).
  { words: /attempt|retr(?:y|ies)|fail|tries|lock/i, also: /passw|pwd/i, signals: ['passw', 'pwd'].flatMap(anyCase), facts: lockoutFacts },
  { words: /md5|MD5|sha[1235]|SHA[1235]|createHash|btoa|base64|Base64/, also: /token|code/i, signals: ['md5', 'MD5', 'sha1', 'sha2', 'sha3', 'sha5', 'SHA1', 'SHA2', 'SHA3', 'SHA5', 'createHash', 'btoa', 'base64', 'Base64'], facts: tokenFacts },
];

export const extractor: Extractor = {
  id: 'js/auth-flaws',
  title: 'Authentication handler flaws in JS/TS: hard-coded bypass tokens in guards, timing-unsafe secret comparisons, logout handlers, answers that tell whether an account exists, tokens derived from known values or written into redirect URLs, passwords read from the query string, password policies shorter than 8 characters, account lockout after failed sign-ins',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: [...new Set(PARTS.flatMap((p) => p.signals))],
  extract(file, ctx) {
    const parts = PARTS.filter((p) => p.words.test(file.content) && (!p.also || p.also.test(file.content)));
    if (parts.length === 0) return null;
    const index = jsIndex(file, ctx);
    const facts = parts.flatMap((p) => p.facts(index));
    return facts.length > 0 ? facts : null;
  },
};
