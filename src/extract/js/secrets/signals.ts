// The text without which `js/secrets` cannot emit a fact, so files holding none of it are skipped
// unparsed. Sound, not a guess: every fact comes from one of the ways in below, and each needs a
// piece of text that the file must then hold somewhere.
//
// - Provider formats and connection strings (any file) are matched on literal values, and each
//   pattern's match holds a fixed piece (`AKIA`, `sk_live_`, `.eyJ`, `mongodb://`...) that the
//   literal, written out, shows in the source.
// - Credential names (`password`, `apiKey`, `clientSecret`... of variables, properties, class
//   fields, defaults, assignments and `process.env.X || '...'`) and wallet seed names are matched
//   case-blind on a name the file spells: each list below holds, in every letter case, a piece of
//   every name the pattern accepts.
// - Secret-taking APIs and modules (`createHmac`, `cookie-parser`, `fromPhrase`,
//   `express-basic-auth`) are recognised by a name that comes from an identifier or a module string
//   of the file.
//
// The one assumption is the ordinary one of all signals: names and values are written out in one
// piece, without escapes (`'\x41KIA...'`, `obj['pass' + 'word']` are not seen), as the test-file
// gate in index.ts already assumes for provider formats. signals.test.ts checks the lists against
// the name patterns and against every code sample of this repository.

import { anyCase } from '../_lib/signal-words.js';

const HEX = [...'0123456789abcdef'];

/** `prefix` and two hex digits, which a key of that format starts with. */
function hexAfter(prefix: string): string[] {
  return HEX.flatMap((a) => HEX.map((b) => prefix + a + b));
}

/**
 * A fixed piece of every `FORMATS` pattern and of `CONNECTION_STRING` (all case-sensitive). Short
 * prefixes are lengthened by what must follow them: `SK` and `key-` by two hex digits, the JWT's
 * second part by its dot.
 */
export const FORMAT_PIECES: readonly string[] = [
  ...['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA'],
  'sk_live_',
  'rk_live_',
  ...['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  ...['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-'],
  'hooks.slack.com/services/',
  'AIza',
  'PRIVATE KEY',
  'SG.',
  ...hexAfter('SK'),
  'T3BlbkFJ',
  'sk-ant-',
  ...hexAfter('key-'),
  'npm_',
  '.eyJ',
  ...['mongodb', 'mongodb+srv', 'postgres', 'postgresql', 'mysql', 'mariadb', 'redis', 'rediss', 'amqp', 'amqps', 'mssql', 'sqlserver'].map((s) => `${s}://`),
];

/**
 * Pieces (lower case) of every name `CREDENTIAL_NAME` accepts: it tests the name's end against
 * password, passwd, passphrase, pwd, secret, api_?key, apikey, access_?key, secret_?key,
 * private_?key, the *_?token names, client_?secret, bearer and credentials?. `key` alone is in most
 * files, so the *key names keep the letters before it. Spelt in every letter case by `anyCase`,
 * which is all `/i` accepts: without the `u` flag it folds no other character onto these letters.
 */
export const CREDENTIAL_PIECES: readonly string[] = ['passw', 'phrase', 'pwd', 'secret', 'apikey', 'api_key', 'sskey', 'ss_key', 'vatekey', 'vate_key', 'token', 'bearer', 'dential'];

/** Pieces (lower case) of the names `MNEMONIC_NAME` accepts for a recovery phrase. */
export const MNEMONIC_PIECES: readonly string[] = ['mnemo', 'seed', 'phrase', 'recov'];

/**
 * Callee and module names of the secret-taking APIs (`argumentSecrets`, express-basic-auth), and
 * the module of `new Sequelize(db, user, 'password')`, whose password has no name (connection.ts;
 * every other connection call names it `password`/`pass`/`pwd`, pieces of the names above).
 */
export const API_PIECES: readonly string[] = ['createHmac', 'createCipher', 'createDecipher', 'crypto-js', 'cookie-parser', 'fromPhrase', 'fromMnemonic', 'express-basic-auth', 'sequelize'];

export const SIGNALS: readonly string[] = [
  ...new Set([...FORMAT_PIECES, ...[...CREDENTIAL_PIECES, ...MNEMONIC_PIECES].flatMap(anyCase), ...API_PIECES]),
];
