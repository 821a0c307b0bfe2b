import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import type { EntrypointFact } from '../../model/types.js';
import { kebab, publicByDesignOperation } from './_graphql-operations.js';

const FIXTURE = new URL('./unauthenticated-state-changing-route.fixture/polyglot/', import.meta.url).pathname;

function mutation(path: string, tags: string[] = []): EntrypointFact {
  return { kind: 'entrypoint', extractor: 'js/nestjs', protocol: 'graphql', framework: 'nestjs', method: 'MUTATION', path, middleware: [], auth: 'none', tags, evidence: { file: 'a.ts', line: 1 } };
}

describe('rules/web: GraphQL operations', () => {
  it('kebab-cases operation names', () => {
    assert.equal(kebab('refreshAccessToken'), 'refresh-access-token');
    assert.equal(kebab('sign_up'), 'sign-up');
    assert.equal(kebab('verifyEmailOTP'), 'verify-email-otp');
  });

  it('treats the authentication flow as public by design', () => {
    for (const name of ['login', 'loginUser', 'signIn', 'signup', 'signUpWithEmail', 'register', 'registerAccount', 'refreshToken', 'refreshAccessToken', 'extendSession', 'renewSession', 'forgotPassword', 'resetPassword', 'requestPasswordReset', 'verifyEmail', 'confirmAccount', 'resendVerificationCode', 'logout', 'unsubscribe', 'userLogin', 'customerSignUp', 'verifyPassword', 'checkSharePassword']) {
      assert.ok(publicByDesignOperation(mutation(name)), name);
    }
    assert.ok(publicByDesignOperation(mutation('beginSession', ['login'])), 'extractor tag');
  });

  it('does not excuse ordinary state changes', () => {
    for (const name of ['deleteNote', 'updateUser', 'changePassword', 'createPost', 'refreshCatalog', 'confirmOrder', 'transferFunds', 'clearLoginAttempts', 'setPassword', 'updatePassword']) {
      assert.ok(!publicByDesignOperation(mutation(name)), name);
    }
  });

  it('reports the unguarded mutation of a NestJS GraphQL app, titled by operation', async () => {
    const model = await analyzeDirectory(FIXTURE + 'nest-graphql', { today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route');
    assert.deepEqual(threats.map((t) => [t.evidence[0].file, t.evidence[0].line, t.title]), [['src/notes.resolver.ts', 20, 'State-changing route MUTATION deleteNote needs no authentication']]);
  });

  it('leaves an app where nothing requires a login alone', async () => {
    const model = await analyzeDirectory(FIXTURE + 'graphql-open', { today: '2026-06-01', cache: false, pool: false });
    assert.deepEqual(model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route'), []);
  });
});
