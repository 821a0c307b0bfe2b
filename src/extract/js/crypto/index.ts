import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { isVendoredCopy } from '../_lib/vendored.js';
import type { Extractor } from '../../types.js';
import { cipherFacts } from './ciphers.js';
import { hashFacts } from './hashing.js';
import { linkPasswordHelpers, passwordFacts } from './helpers.js';
import { passwordHookFacts } from './hooks.js';
import { randomFacts } from './random.js';


export const extractor: Extractor = {
  id: 'js/crypto',
  title: 'Cryptography in JS/TS: password hashing, hashes, ciphers and modes, keys, randomness for tokens, TLS verification',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['crypto', 'bcrypt', 'argon2', 'md5', 'sha1', 'sha256', 'Math.random', 'rejectUnauthorized', 'NODE_TLS_REJECT_UNAUTHORIZED', 'CryptoJS', 'scrypt', 'password', 'Password', 'passwd'],
  extract(file, ctx) {
    // Math.random in an upstream library copy (Monaco's loader under `public/`) makes the
    // library's ids, not the app's tokens (_lib/vendored.ts).
    const index = jsIndex(file, ctx);
    const facts = [...hashFacts(index), ...cipherFacts(index), ...(isVendoredCopy(file.path, file.content) ? [] : randomFacts(index)), ...passwordFacts(index), ...passwordHookFacts(index)];
    return facts.length > 0 ? facts : null;
  },
  link: linkPasswordHelpers,
};
