import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SECRET_WORDS, envValueForFact, isSecretName, judgeSecret, literalValue, redactSecret, redactText, redactUrlCredentials } from './secrets.js';

// Token-shaped test values are assembled at runtime so secret scanners do not flag this file.
const fakeToken = (prefix: string, body: string): string => `${prefix}_${body}`;

describe('util/secrets', () => {
  test('every secret word is a name on its own, in any case or spelling (the quick refusal keeps them)', () => {
    for (const word of SECRET_WORDS) {
      if (word === 'PWD') continue; // alone, the shell's working directory
      for (const name of [word, word.toLowerCase(), `db_${word.toLowerCase()}`, `my${word[0]}${word.slice(1).toLowerCase()}`]) assert.equal(isSecretName(name), true, name);
    }
  });

  test('secret-like names', () => {
    for (const name of ['DB_PASSWORD', 'POSTGRES_PASSWORD', 'dbPassword', 'API_KEY', 'SECRET_KEY_BASE', 'JWT_SECRET', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'MYSQL_PASS', 'GOOGLE_CREDENTIALS', 'SSH_KEY', 'INIT_ADMIN_API_TOKENS']) {
      assert.equal(isSecretName(name), true, name);
    }
    for (const name of ['PWD', 'PASSWORD_FILE', 'JWT_SECRET_PATH', 'TOKEN_TTL', 'GPG_KEY', 'PUBLIC_KEY', 'KEYCLOAK_URL', 'DATABASE_URL', 'NODE_ENV', 'BYPASS_CACHE', 'AWS_ACCESS_KEY_ID', 'SECRET_NAME', 'AUTH_TOKEN_EXPIRE', 'TOKEN_TIMEOUT', 'SESSION_SECRET_LIFETIME', 'TOKEN_MAX_AGE']) {
      assert.equal(isSecretName(name), false, name);
    }
  });

  test('literal values versus references and placeholders', () => {
    assert.equal(literalValue('hunter2'), 'hunter2');
    assert.equal(literalValue('${DB_PASSWORD}'), undefined);
    assert.equal(literalValue('$DB_PASSWORD'), undefined);
    assert.equal(literalValue('${DB_PASSWORD:-hunter2}'), 'hunter2');
    assert.equal(literalValue('${DB_PASSWORD:?required}'), undefined);
    for (const placeholder of ['', '<your-token>', 'xxx', '***', 'true', 'yes', '{{ .Values.pw }}', '/run/secrets/db']) {
      assert.equal(literalValue(placeholder), undefined, placeholder);
    }
  });

  test('redaction keeps at most four characters', () => {
    assert.equal(redactSecret('skip_abcdefghijklmnop'), 'skip****');
    assert.equal(redactSecret('pw'), '****');
    assert.equal(redactSecret('hunter22'), 'hu****');
    assert.equal(redactUrlCredentials('postgres://user:pw123@db:5432/shop'), 'postgres://user:****@db:5432/shop');
    assert.equal(redactUrlCredentials('postgres://user:${PW}@db/shop'), 'postgres://user:${PW}@db/shop');
    assert.equal(redactUrlCredentials('http://api:8080/x'), 'http://api:8080/x');
  });

  test('judges name/value pairs', () => {
    assert.deepEqual(judgeSecret('DB_PASSWORD', 'hunter22'), { secretType: 'password', redacted: 'hu****', usage: 'database' });
    // A sample's generic stand-in is still reported, but as the placeholder it is.
    for (const [name, value] of [['AWS_SECRET_ACCESS_KEY', 'secret'], ['COS_ACCESSKEY', 'cos_hmac_access_key'], ['STORAGE_SECRET', 'my_storage_secret']]) {
      assert.equal(judgeSecret(name, value)?.placeholder, true, value);
    }
    for (const value of ['s3cr3t_k3y', 'hunter22', 'Prod_Secret_Key', 'kq8_zx_secret9']) assert.equal(judgeSecret('APP_SECRET', value)?.placeholder, undefined, value);
    assert.equal(judgeSecret('DB_PASSWORD', '${DB_PASSWORD}'), undefined);
    assert.equal(judgeSecret('LOG_LEVEL', 'debug'), undefined);
    assert.equal(judgeSecret('ANYTHING', 'AKIAIOSFODNN7EXAMPLE')?.secretType, 'aws-access-key-id');
    assert.equal(judgeSecret('DATABASE_URL', 'postgres://u:p4ss@db/shop')?.redacted, 'postgres://u:****@db/shop');
    assert.equal(judgeSecret('DATABASE_URL', 'postgres://db:5432/shop'), undefined);
    assert.equal(judgeSecret('X', fakeToken('ghp', 'abcdefghijklmnopqrstuvwxyz0123456789AB'))?.secretType, 'github-token');
    assert.equal(judgeSecret('X', `-----BEGIN RSA PRIVATE KEY-----`)?.secretType, 'private-key');
  });

  test('env values for facts', () => {
    assert.equal(envValueForFact('DB_PASSWORD', 'hunter2'), '****');
    assert.equal(envValueForFact('DB_PASSWORD', '${DB_PASSWORD}'), '${DB_PASSWORD}');
    assert.equal(envValueForFact('DATABASE_URL', 'postgres://db:5432/shop'), 'postgres://db:5432/shop');
    assert.equal(envValueForFact('DATABASE_URL', 'postgres://user:pw@db:5432/shop'), 'postgres://user:****@db:5432/shop');
  });

  test('redacts the literal defaults of secret lookups', () => {
    assert.equal(redactText("const secret = process.env.JWT_SECRET || 'superSecret';"), "const secret = **** || '****';");
    assert.equal(redactText('const key = process.env.API_KEY ?? "fallback-key";'), 'const key = **** ?? "****";');
    assert.equal(redactText("SECRET_KEY = os.environ.get('SECRET_KEY', 'django-insecure-abc123')"), "SECRET_KEY = os.environ.get('SECRET_KEY', '****')");
    assert.equal(redactText("secret = ENV.fetch('SECRET_KEY_BASE', 'abcdef123456')"), "secret = ENV.fetch('SECRET_KEY_BASE', '****')");
    assert.equal(redactText("'key' => env('APP_KEY', 'base64:abcdefgh'),"), "'key' => env('APP_KEY', '****'),");
    assert.equal(redactText("api_key = settings.API_KEY or 'sk_live_abcdef'"), "api_key = **** or '****'");
    assert.equal(redactText("password: cfg.get('db') || `hunter2hunter2`,"), "password: cfg.get('db') || `****`,");
    assert.equal(redactText('ENV DB_PASSWORD=${PW} API_KEY=abcdef'), 'ENV DB_PASSWORD=${PW} API_KEY=****');
    assert.equal(redactText("jwt.verify(token, process.env.JWT_SECRET || 'dev-secret')"), "jwt.verify(token, process.env.JWT_SECRET || '****')");
    // Not secrets: ordinary defaults stay readable.
    assert.equal(redactText("const port = process.env.PORT || '3000';"), "const port = process.env.PORT || '3000';");
    assert.equal(redactText("os.getenv('LOG_LEVEL', 'info')"), "os.getenv('LOG_LEVEL', 'info')");
  });

  test('redacts snippets', () => {
    assert.equal(redactText('ENV DB_PASSWORD=hunter2 NODE_ENV=production'), 'ENV DB_PASSWORD=**** NODE_ENV=production');
    assert.equal(redactText('ENV DB_PASSWORD "two words"'), 'ENV DB_PASSWORD "****"');
    assert.equal(redactText('      JWT_SECRET: abcdef'), '      JWT_SECRET: ****');
    assert.equal(redactText(`RUN echo ${fakeToken('ghp', 'abcdefghijklmnopqrstuvwxyz0123456789AB')}`), 'RUN echo ghp_****');
    assert.equal(redactText('ENV PASSWORD_FILE=/run/secrets/pw'), 'ENV PASSWORD_FILE=/run/secrets/pw');
  });
});
