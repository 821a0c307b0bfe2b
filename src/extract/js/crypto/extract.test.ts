import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CryptoFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function crypto(content: string): CryptoFact[] {
  return runExtractor(extractor, { 'src/lib.js': content }).facts.filter((f): f is CryptoFact => f.kind === 'crypto');
}

describe('extract/js/crypto', () => {
  it('judges password hashing by what is hashed', () => {
    const facts = crypto(`const crypto = require('crypto'); const bcrypt = require('bcryptjs');
const hash = crypto.createHash('sha1').update(password).digest('hex');
const etag = crypto.createHash('md5').update(body).digest('hex');
bcrypt.hashSync(password, 12);
bcrypt.hash(password, 4);
`);
    assert.deepEqual(facts.map((f) => `${f.algorithm}:${f.purpose}:${f.weak}`), ['sha1:password:true', 'md5:hash:true', 'bcrypt:password:false', 'bcrypt:password:true']);
  });

  it('flags ECB, createCipher, hard-coded keys and disabled TLS checks', () => {
    const facts = crypto(`const crypto = require('crypto');
crypto.createCipheriv('aes-128-ecb', key, null);
crypto.createCipher('aes192', password);
crypto.createCipheriv('aes-256-gcm', 'this-is-a-hardcoded-key-32-bytes', iv);
crypto.createCipheriv('aes-256-gcm', key, iv);
https.request({ host, rejectUnauthorized: false });
`);
    assert.deepEqual(facts.map((f) => f.weak), [true, true, true, false, true]);
    assert.match(facts[2].reason ?? '', /hard-coded/);
  });

  it('reports Math.random only where it makes a secret', () => {
    const facts = crypto(`const resetToken = Math.random().toString(36);
const jitter = Math.random() * 100;
function generateOtp() { return Math.floor(Math.random() * 1e6); }
const verificationCode = String(Math.random()).slice(2, 8);
`);
    assert.equal(facts.length, 3);
    assert.ok(facts.every((f) => f.algorithm === 'Math.random' && f.weak));
  });
});

describe('extract/js/crypto stored passwords', () => {
  const noHashing = (content: string) => crypto(content).filter((f) => f.algorithm === 'no hashing').map((f) => f.evidence.line);

  it('does not call an already hashed value plaintext', () => {
    const lines = noHashing(`export function usersRepository(knex) {
  return {
    async updatePassword(email, hashedPassword) { return knex('users').update({ password: hashedPassword }).where({ email }); },
    async create(name, passwordHash) { return knex('users').insert({ name, password: passwordHash }); },
    async store(user) { return knex('users').insert({ name: user.name, password: user.password_digest }); },
    async register(name, password) { return knex('users').insert({ name, password }); },
  };
}
`);
    assert.deepEqual(lines, [6]);
  });

  it('follows a parameter to callers in the file that pass a bcrypt, scrypt or argon2 result', () => {
    const lines = noHashing(`import bcrypt from 'bcrypt';
async function saveUser(db, name, password) { return db.users.create({ name, password }); }
async function saveRaw(db, name, password) { return db.users.create({ name, password }); }
export async function signup(db, body) {
  const hashed = await bcrypt.hash(body.password, 12);
  await saveUser(db, body.name, hashed);
  await saveRaw(db, body.name, body.password);
}
`);
    assert.deepEqual(lines, [3]);
  });
});
