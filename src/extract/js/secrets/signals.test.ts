import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretFact } from '../../../model/types.js';
import { FORMATS } from '../../../util/secret-formats.js';
import { runExtractor } from '../../testing.js';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { CREDENTIAL_NAME, extractor, MNEMONIC_NAME } from './index.js';
import { anyCase } from '../_lib/signal-words.js';
import { CREDENTIAL_PIECES, MNEMONIC_PIECES, SIGNALS } from './signals.js';

/** A key-like run of `n` characters of `alphabet`, built here so this file holds no key-shaped text. */
function run(n: number, alphabet: string): string {
  return Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

/** One value per provider format (and a connection string), each its own way in. */
const FORMAT_VALUES: Record<string, string> = {
  'aws-access-key-id': `AKIA${run(16, UPPER)}`,
  'stripe-secret-key': `sk_live_${run(24, ALNUM)}`,
  'github-token': `ghp_${run(36, ALNUM)}`,
  'slack-token': `xoxb-${run(24, ALNUM)}`,
  'slack-webhook': `https://hooks.slack.com/services/T${run(8, UPPER)}/B${run(8, UPPER)}/${run(24, ALNUM)}`,
  'google-api-key': `AIza${run(35, ALNUM)}`,
  'private-key': `-----BEGIN RSA PRIVATE KEY-----\\n${run(64, ALNUM)}`,
  'sendgrid-api-key': `SG.${run(22, ALNUM)}.${run(43, ALNUM)}`,
  'twilio-api-key': `SK${run(32, HEX)}`,
  'openai-api-key': `sk-proj-${run(20, ALNUM)}T3BlbkFJ${run(20, ALNUM)}`,
  'anthropic-api-key': `sk-ant-api03-${run(90, ALNUM)}`,
  'mailgun-api-key': `key-${run(32, HEX)}`,
  'npm-token': `npm_${run(36, ALNUM)}`,
  jwt: `eyJ${run(20, ALNUM)}.eyJ${run(20, ALNUM)}.${run(20, ALNUM)}`,
  'connection-string-password': `postgres://app:${run(12, ALNUM)}@db.internal/app`,
};

/** One file per way in by name or API, each holding a single signal. */
const NAMED: Record<string, string> = {
  'src/variable.js': "const dbPassword = 'hunter2-but-longer';\n",
  'src/property.js': "module.exports = { clientSecret: 'q8Zt3vLm9w' };\n",
  'src/string-key.js': "module.exports = { 'X_AUTH_TOKEN': 'q8Zt3vLm9w' };\n",
  'src/field.ts': "export class Client { apiKey = 'q8Zt3vLm9w'; }\n",
  'src/assign.js': "config.accessToken = 'q8Zt3vLm9w';\n",
  'src/default.js': "export function sign(privateKey = 'q8Zt3vLm9w') { return privateKey; }\n",
  'src/bearer.js': "const BEARER = 'q8Zt3vLm9w';\n",
  'src/credentials.js': "const credentials = 'q8Zt3vLm9w';\n",
  'src/pwd.js': "const PwD = 'q8Zt3vLm9w';\n",
  'src/env.js': "jwt.sign(claims, process.env.JWT_SECRET || 'devkey');\n",
  'src/hmac.js': "const crypto = require('crypto');\nconst mac = crypto.createHmac('sha256', 'k3yM4t3r');\n",
  'src/cipher.js': "const crypto = require('crypto');\nconst fallback = 'abcde';\nexports.enc = (d) => crypto.createCipher('aes192', cfg.salt || fallback).update(d);\n",
  'src/cookies.js': "import parse from 'cookie-parser';\napp.use(parse(['s1gn3dC00kie']));\n",
  'src/wallet.js': "const w = Wallet.fromPhrase('abandon ability able about above absent absorb abstract absurd abuse access accident');\n",
  'src/phrase.js': "const SeeD = 'abandon ability able about above absent absorb abstract absurd abuse access accident';\n",
  'src/sequelize.js': "const { Sequelize } = require('sequelize');\nconst db = new Sequelize('shop', 'app', 'q8Zt3vLm9w');\n",
  'src/basic.js': "const auth = require('express-basic-auth');\napp.use(auth({ users: { admin: 'q8Zt3vLm9w' } }));\n",
};

/** The names a name pattern accepts, spelled out: `api_?key` gives `api_key` and `apikey`. */
function acceptedNames(pattern: RegExp): string[] {
  const expand = (word: string): string[] => {
    const at = word.indexOf('?');
    if (at < 0) return [word];
    return [...expand(word.slice(0, at - 1) + word.slice(at + 1)), ...expand(word.slice(0, at) + word.slice(at + 1))];
  };
  return pattern.source.replace(/^\(|\)\$$/g, '').split('|').flatMap(expand);
}

function secretTypes(path: string, content: string): string[] {
  return runExtractor(extractor, { [path]: content }).facts.map((f) => (f as SecretFact).secretType);
}

describe('extract/js/secrets signals', () => {
  signalTests(extractor);

  it('hold a piece of every name the name patterns accept, in every letter case', () => {
    const names = acceptedNames(CREDENTIAL_NAME);
    assert.ok(names.includes('api_key') && names.includes('credential') && names.includes('token'), names.join());
    for (const name of names) assert.ok(CREDENTIAL_PIECES.some((p) => name.includes(p)), name);
    for (const name of acceptedNames(MNEMONIC_NAME)) assert.ok(MNEMONIC_PIECES.some((p) => name.includes(p)), name);
    for (const piece of [...CREDENTIAL_PIECES, ...MNEMONIC_PIECES]) for (const s of anyCase(piece)) assert.ok(SIGNALS.includes(s), s);
    assert.deepEqual(anyCase('pwd'), ['pwd', 'pwD', 'pWd', 'pWD', 'Pwd', 'PwD', 'PWd', 'PWD']);
  });

  it('let every provider format through, in product and test files', () => {
    assert.deepEqual(Object.keys(FORMAT_VALUES).sort(), [...FORMATS.map((f) => f.type), 'connection-string-password'].sort());
    for (const [type, value] of Object.entries(FORMAT_VALUES)) {
      assert.ok(secretTypes('src/keys.js', `export const value = '${value}';\n`).includes(type), type);
      if (type !== 'jwt' && type !== 'private-key') assert.ok(secretTypes('test/keys.test.js', `const value = '${value}';\n`).includes(type), `test file: ${type}`);
    }
  });

  it('let each named and API way in through', () => {
    for (const [path, content] of Object.entries(NAMED)) assert.ok(secretTypes(path, content).length > 0, path);
  });

  it('leave test files to the provider formats, as before', () => {
    assert.deepEqual(secretTypes('test/login.test.js', "const password = 'hunter2-but-longer';\n"), []);
  });
});
