import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretFact } from '../../../model/types.js';
import { messageKey } from '../../../util/secret-formats.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function lines(files: Record<string, string>): number[] {
  return runExtractor(extractor, files)
    .facts.filter((f): f is SecretFact => f.kind === 'secret')
    .map((f) => f.evidence.line);
}

describe('extract/js/secrets decoys', () => {
  it('skips deny-lists of sample secrets named as such', () => {
    const src = `const PLACEHOLDER_SECRETS = {
  AUTH_JWT_SECRET: 'secret_for_jwt_signing_key',
  AUTH_CONFIRM_EMAIL_SECRET: 'secret_for_confirm_email',
} as const;
const WEAK_SECRETS = Object.freeze({ sessionSecret: 'keyboard-cat-is-weak' });
export const defaults = { sessionSecret: 'keyboard-cat-in-use' };
`;
    assert.deepEqual(lines({ 'src/auth.config.ts': src }), [6]);
  });

  it('skips a key format shown as a JSX placeholder and file names bound to secret-like keys', () => {
    const form = `export function KeyForm() {
  return <><Textarea placeholder={"-----BEGIN RSA PRIVATE KEY-----"} rows={5} /><Input placeholder="-----BEGIN OPENSSH PRIVATE KEY-----" /></>;
}
export const pinned = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA0Zr9b4mRh3tqW8kPq2nVx7LcYd5TfGs1HjKo9pUe3RmZa6BwXy4N";
`;
    assert.deepEqual(lines({ 'src/KeyForm.tsx': form }), [4]);
    const build = `export const entries = { 'rotate-secret': 'scripts/rotate-secret.ts', tokenFile: '../certs/api.key' };
export const config = { sessionSecret: 'kestrel-harbour-91' };
`;
    assert.deepEqual(lines({ 'src/build.ts': build }), [2]);
  });

  it('takes a private key header for a key only with its body', () => {
    const body = 'MIIEowIBAAKCAQEA0Zr9b4mRh3tqW8kPq2nVx7LcYd5TfGs1HjKo9pUe3RmZa6BwXy4N';
    const src = `export function check(key) {
  if (!key.match(/BEGIN [A-Z ]*PRIVATE KEY/)) alert("The file should begin with something like '-------BEGIN RSA PRIVATE KEY-------'.");
  if (key.includes('-----BEGIN PRIVATE KEY-----')) return key.replace('-----BEGIN PRIVATE KEY-----', '');
  return \`-----BEGIN PRIVATE KEY-----\\n\${key}\\n-----END PRIVATE KEY-----\`;
}
export const sample = '-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----';
`;
    assert.deepEqual(lines({ 'src/keys.js': src }), []);
    const joined = `export const joined = '-----BEGIN RSA PRIVATE KEY-----\\n' +
  '${body}\\n' +
  '-----END RSA PRIVATE KEY-----';
`;
    assert.deepEqual(lines({ 'src/joined.js': joined }), [1]);
    const list = `export const lines = ['-----BEGIN EC PRIVATE KEY-----', '${body}', '-----END EC PRIVATE KEY-----'].join('\\n');\n`;
    assert.deepEqual(lines({ 'src/list.js': list }), [1]);
    const armored = `export const inline = "-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,0A1B\\n\\n${body}";\n`;
    assert.deepEqual(lines({ 'src/armored.js': armored }), [1]);
  });

  it('skips containers only compared with environment values, keeps those compared with input', () => {
    const src = `const SHIPPED = {
  JWT_SECRET: 'secret_for_confirm_email',
  REFRESH_SECRET: 'secret_for_refresh_tokens',
};
const leftovers = Object.entries(SHIPPED).filter(([name, value]) => process.env[name] === value);
if (process.env.REFRESH_SECRET === SHIPPED.REFRESH_SECRET) throw new Error('rotate it');
const ADMIN = { password: 'Adm1n-pass-2024' };
function login(req) { return req.body.password === ADMIN.password; }
const APP = { jwtSecret: 'live-signing-secret-xyz' };
if (APP.jwtSecret === process.env.JWT_SECRET) console.log('same');
jwt.sign({}, APP.jwtSecret);
`;
    assert.deepEqual(lines({ 'src/config.ts': src }), [7, 9]);
  });

  it('skips i18n and error keys bound to password fields, keeps real passwords', () => {
    const src = `throw new UnprocessableEntityException({
  errors: { email: 'incorrectEmailOrPassword', password: 'incorrectEmailOrPassword' },
});
const e = { password: 'password_mismatch', confirmPassword: 'errors.passwordNotFound' };
const seed = { password: 'WrongHorse42!' };
const db = { password: 'correctHorseBattery' };
`;
    assert.deepEqual(lines({ 'src/auth.service.ts': src }), [5, 6]);
  });

  it('messageKey: identifier-like phrases with error words only', () => {
    for (const v of ['incorrectEmailOrPassword', 'password_mismatch', 'errors.passwordNotFound', 'tokenExpired', 'email-already-exists', 'InvalidCredentials']) assert.equal(messageKey(v), true, v);
    for (const v of ['invalid', 'WrongHorse42', 'correctHorseBattery', 's3cr3t-Invalid!', 'hunter2-invalid-9']) assert.equal(messageKey(v), false, v);
  });
});
