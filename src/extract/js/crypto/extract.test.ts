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

  it('reads an HMAC by the data it signs, not by the name of its key', () => {
    const facts = crypto(`import crypto from 'node:crypto';
function computeSignature(payload) {
  return crypto.createHmac('sha256', env.SECRET_PASSWORD).update(payload).digest('hex');
}
function pepper(password) {
  return crypto.createHmac('sha256', env.PEPPER).update(password).digest('hex');
}
`);
    assert.deepEqual(facts.map((f) => `${f.algorithm}:${f.purpose}:${f.weak}`), ['hmac-sha256:signature:false', 'sha256:password:true']);
  });

  it('does not call a fast pre-hash weak when the digest goes on to a slow password hash', () => {
    const facts = crypto(`const crypto = require('crypto'); const bcrypt = require('bcrypt');
exports.hash = async function (rounds, password) {
  password = crypto.createHash('sha512').update(password).digest('hex');
  return pool.exec('hash', [password, rounds]);
};
exports.direct = function (password) {
  const pre = crypto.createHash('sha256').update(password).digest('base64');
  return bcrypt.hash(pre, 12);
};
exports.compare = async function (password, hash) {
  password = crypto.createHash('sha512').update(password).digest('hex');
  return pool.exec('compare', [password, hash]);
};
exports.stored = function (password) {
  const hashed = crypto.createHash('sha256').update(password).digest('hex');
  return db.users.insert({ password: hashed });
};
`);
    assert.deepEqual(facts.filter((f) => f.algorithm.startsWith('sha')).map((f) => `${f.algorithm}:${f.weak}`), ['sha512:false', 'sha256:false', 'sha512:false', 'sha256:true']);
  });

  it('trusts an ORM lifecycle hook that hashes the password before the record is created', () => {
    const setup = `exports.finalize = async (req, res) => {
  await models.users.query().insert({ email: req.body.email, password: req.body.adminPassword });
  res.end();
};
`;
    const plain = runExtractor(extractor, { 'server/setup.js': setup }).facts.filter((f): f is CryptoFact => f.kind === 'crypto');
    assert.deepEqual(plain.map((f) => f.algorithm), ['no hashing'], 'without a hook the clear password is stored');
    const facts = runExtractor(extractor, {
      'server/setup.js': setup,
      'server/models/users.js': `const bcrypt = require('bcryptjs-then');
module.exports = class User extends Model {
  async $beforeInsert(context) {
    await super.$beforeInsert(context);
    await this.generateHash();
  }
  async generateHash() {
    if (this.password) this.password = await bcrypt.hash(this.password, 12);
  }
};
`,
    }).facts;
    assert.deepEqual(facts.filter((f) => f.kind === 'crypto').map((f) => (f as CryptoFact).algorithm), ['bcrypt']);
    assert.ok(!facts.some((f) => f.kind === 'config'), 'the hook record is internal');
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

  it('does not call a length drawn with Math.random a token: the characters come from a CSPRNG', () => {
    const facts = crypto(`function generateRandomPassword() {
  const length = Math.floor(Math.random() * 41) + 24;
  return [...crypto.randomBytes(length)].map((b) => String.fromCharCode((b % 93) + 33)).join('');
}
function makePassword() { const passwordLength = 12 + Math.floor(Math.random() * 4); let password = ''; for (let i = 0; i < passwordLength; i++) password += CHARS[Math.floor(Math.random() * CHARS.length)]; return password; }
`).filter((f) => f.algorithm === 'Math.random');
    assert.deepEqual(facts.map((f) => f.evidence.line), [5], 'only the characters drawn with Math.random');
  });

  it('does not call a salt that only goes into a name a secret: it keeps names apart', () => {
    const facts = crypto(`async function rebuild(client, alias) {
  const stamp = Date.now();
  const nameSalt = Math.random().toString(36).substring(7);
  const scratchPrefix = 'scratch-' + \`\${stamp}-\${nameSalt}-\`;
  await client.create(scratchPrefix + alias);
}
function issue(res) {
  const saltToken = Math.random().toString(36).slice(2);
  const header = 'x-' + saltToken;
  res.cookie('sid', saltToken);
}
`).filter((f) => f.algorithm === 'Math.random');
    assert.deepEqual(facts.map((f) => f.evidence.line), [8]);
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
