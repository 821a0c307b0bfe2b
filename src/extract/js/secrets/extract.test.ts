import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function secrets(files: Record<string, string>): SecretFact[] {
  return runExtractor(extractor, files).facts.filter((f): f is SecretFact => f.kind === 'secret');
}

describe('extract/js/secrets', () => {
  it('finds provider keys and credential assignments, always redacted', () => {
    const facts = secrets({
      'src/config.js': `module.exports = {
  stripeKey: 'sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv',
  dbPassword: 'hunter2-but-longer',
  mongo: 'mongodb://admin:S3cretPass@db.example.com/app',
  jwtSecretName: 'JWT_SECRET',
  passwordMinLength: 8,
  apiKey: process.env.API_KEY,
};`,
    });
    assert.deepEqual(facts.map((f) => f.secretType).sort(), ['connection-string-password', 'password', 'stripe-secret-key']);
    for (const f of facts) {
      assert.match(f.redacted, /^.{0,4}\*\*\*\*$/);
      assert.ok(!(f.evidence.snippet ?? '').includes('hunter2-but-longer'));
      assert.ok(!(f.evidence.snippet ?? '').includes('S3cretPass'));
    }
  });

  it('skips flag fallbacks and field-type registries, keeps weak words for secret names', () => {
    const facts = secrets({
      'src/build.config.ts': `export const define = {
  'process.env.SHARE_TOKEN': JSON.stringify(process.env.SHARE_TOKEN || 'false'),
  'process.env.SESSION_SECRET': JSON.stringify(process.env.SESSION_SECRET || 'false'),
};
export const fieldModels = {
  checkbox: 'CheckboxFieldModel',
  password: 'PasswordFieldModel',
  token: 'TokenInput',
};
export const admin = { password: 'SuperSecret' };
`,
    });
    assert.deepEqual(facts.map((f) => f.evidence.line).sort((a, b) => a - b), [3, 10]);
  });

  it('skips a sentinel that says it is a dummy (a stand-in session built for a background job)', () => {
    const facts = secrets({
      'src/jobs/context.ts': `export function jobSession(user) {
  return { user, id: '__stand_in_session__', token: '__dummy_job_token__', password: 'dummy-password-for-jobs' };
}
export const realish = { token: 'tok_9f8e7d6c5b4a39281706' };
`,
    });
    assert.deepEqual(facts.map((f) => f.evidence.line), [4]);
  });

  it('marks JWT and session secrets with their usage, skips enums and public client keys', () => {
    const facts = secrets({
      'src/app.js': `const JWT_SECRET = 'supersecretvalue';
const tokenTypes = { RESET_PASSWORD: 'resetPassword' };
jwt.sign(payload, JWT_SECRET);
const firebaseConfig = { apiKey: 'AIzaSyD3kX9-abcdefGHIJklmnOPQRstuvWXyz1', authDomain: 'x.firebaseapp.com' };
`,
    });
    assert.deepEqual(facts.map((f) => `${f.secretType}:${f.usage}`), ['secret:jwt']);
  });

  it('ignores name heuristics in test files but keeps provider formats', () => {
    const facts = secrets({ 'test/login.test.js': `const password = 'correct-horse'; const key = 'AKIAQ3EGXR7PLMN4T2VB';` });
    assert.deepEqual(facts.map((f) => f.secretType), ['aws-access-key-id']);
  });

  it('reports literal passwords in the options of connection-opening calls, default accounts included', () => {
    const facts = secrets({
      'src/db.js': `const typeorm = require('typeorm');
typeorm.createConnection({ type: 'mysql', username: 'root', password: 'root', database: 'acme' });
`,
      'src/orm.ts': `import { DataSource } from 'typeorm';
import { Sequelize } from 'sequelize';
export const ds = new DataSource({ type: 'postgres', password: 'admin' });
export const sq = new Sequelize('shop', 'app', 'apppass');
export const fromEnv = new DataSource({ type: 'postgres', password: process.env.DB_PASSWORD });
`,
      'src/form.js': "const field = { password: 'root' };\n",
      'src/models/index.ts': "import { Sequelize } from 'sequelize';\nnew Sequelize('database', 'username', 'password', { dialect: 'sqlite' });\nnew Sequelize('db', 'app', 'password', { dialect: 'postgres' });\nnew Sequelize('db', 'app', 'R00tpw', { dialect: 'sqlite' });\n",
    });
    assert.deepEqual(facts.map((f) => `${f.evidence.file}:${f.evidence.line}:${f.secretType}:${f.usage}`).sort(), [
      'src/db.js:2:password:database',
      'src/orm.ts:3:password:database',
      'src/orm.ts:4:password:database',
    ]);
    assert.ok(facts.every((f) => !(f.evidence.snippet ?? '').includes("'root'") && !(f.evidence.snippet ?? '').includes('apppass')));
  });

  it('skips version ranges, camelCase sentinels bound to token names, and local DSNs in tests', () => {
    const facts = secrets({
      'scripts/bump.js': "const pkg = { dependencies: { jsonwebtoken: '^9.0.2', 'next-auth-token': '~4.24.11' } };\n",
      'src/mixins/socket.js': 'this.storage().token = "autoLogin";\nconst adminPassword = "letMeIn";\n',
      'test/monitors/mysql.test.js': 'const dsn = "mysql://invalid:invalid@localhost:13306/test";\nconst prod = "postgres://app:q8Zt3vLm9w@db.acme-corp.com/app";\n',
    });
    assert.deepEqual(facts.map((f) => `${f.evidence.file}:${f.evidence.line}`).sort(), ['src/mixins/socket.js:2', 'test/monitors/mysql.test.js:2']);
  });

  it('skips test DSNs whose password is a word or says test, keeps random ones', () => {
    const facts = secrets({
      'spec/MongoStorageAdapter.spec.js': "new Adapter({ uri: 'mongodb://test:testpass@ds056315-a0.mongolab.com:59325/testDBname' });\nconst other = 'postgres://app:hunter@db.acme-corp.com/app';\nconst prod = 'postgres://app:q8Zt3vLm9w@db.acme-corp.com/app';\n",
    });
    assert.deepEqual(facts.map((f) => `${f.evidence.file}:${f.evidence.line}`), ['spec/MongoStorageAdapter.spec.js:3']);
  });

  it('keeps credentials in config objects whose other values are not sentences', () => {
    const facts = secrets({
      'src/config.js': "module.exports = { host: 'db.internal', user: 'app', database: 'shop', password: 'Tr0ub4dor-and-3' };\n",
      'src/locales/en/common.js': "export default { key: 'AKIAQ3EGXR7PLMN4T2VB', password: 'Passw0rd-label' };\n",
    });
    assert.deepEqual(facts.map((f) => `${f.evidence.file}:${f.secretType}`).sort(), ['src/config.js:password', 'src/locales/en/common.js:aws-access-key-id']);
  });

  it('reports DSNs with a password in committed dotenv files, not in examples', () => {
    const env = '# settings\nDATABASE_URL="mysql://root:admin@localhost:3306/app"\nREDIS_URL=redis://cache:6379\nTEMPLATE_URL=postgres://user:<password>@db/app\n';
    const facts = secrets({ 'prisma/.env': env, 'prisma/.env.example': env, '.env.development': env, 'api/.env': 'DATABASE_URL=postgres://user:pass@127.0.0.1:5432/app\n' });
    assert.deepEqual(facts.map((f) => `${f.evidence.file}:${f.evidence.line}:${f.usage}`), ['prisma/.env:2:database']);
    assert.ok(!(facts[0].evidence.snippet ?? '').includes('admin@'));
  });

  it('skips browser-bundled fallbacks and bracketed DSN placeholders; marks JWT and development defaults', () => {
    const facts = secrets({
      'src/search.tsx': "export const a = { apiKey: process.env.NEXT_PUBLIC_ALGOLIA_API_KEY || 'temp-key', appKey: import.meta.env.X, k: process.env.VITE_MAPS_API_KEY ?? 'abcd1234' };\n",
      'src/errors.ts': 'export const help = `Use "postgres://[username]:[password]@[host]:[port]/[db]"`;\n',
      'src/config.ts': [
        "const DEFAULT_SECRET = 'supersecret';",
        'export const http = { jwtSecret: process.env.JWT_SECRET || DEFAULT_SECRET };',
        'export function build(c, isProduction) {',
        "  if (!c.cookieSecret) { if (isProduction) throw new Error('cookieSecret'); c.cookieSecret = 'supersecret'; }",
        '}',
      ].join('\n'),
    });
    assert.deepEqual(facts.map((f) => `${f.evidence.file}:${f.evidence.line}:${f.usage}`), ['src/config.ts:1:jwt-default', 'src/config.ts:4:dev-default']);
  });

  it('reads literal fallbacks through an alias of the environment object', () => {
    const facts = secrets({
      'src/settings.ts': ['const env = process.env;', "export const settings = { sessionSecret: env.APP_SESSION_SECRET || 'changeme-please', port: env.PORT || '3000' };"].join('\n'),
      'src/keys.ts': ["import { env } from 'node:process';", "export const keys = { jwtSecret: env.JWT_SECRET ?? 'dev-jwt-key' };"].join('\n'),
    });
    assert.deepEqual(facts.map((f) => `${f.evidence.file}:${f.evidence.line}:${f.usage}`).sort(), ['src/keys.ts:2:jwt-default', 'src/settings.ts:2:undefined']);
  });
});
