// Middleware names that suggest auth: the function's own name decides, not the module it hangs off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authLikeName, rateLimitLikeName } from './routes.js';

describe('extract/js/_lib: authLikeName', () => {
  it('judges a descriptive member by its own words', () => {
    assert.equal(authLikeName('Auth.middleware.applyBlacklist'), false);
    assert.equal(authLikeName('authMiddleware.applyCSRF'), false);
    assert.equal(authLikeName('middleware.authenticateRequest'), true);
    assert.equal(authLikeName('authHelpers.verifyToken'), true);
  });

  it('keeps the object when the member alone says nothing', () => {
    assert.equal(authLikeName('auth.required'), true);
    assert.equal(authLikeName('jwtAuth.optional'), true);
    assert.equal(authLikeName('requireAuth'), true);
  });
});

describe('extract/js/_lib: rateLimitLikeName', () => {
  it('counts a login lockout (too many attempts from one address or account) as a limiter', () => {
    assert.equal(rateLimitLikeName('ipLockout'), true);
    assert.equal(rateLimitLikeName('middleware.emailLockout'), true);
    assert.equal(rateLimitLikeName('loginLimiter'), true);
    assert.equal(rateLimitLikeName('authController.login'), false);
  });
});
