import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeTags } from './routes.js';

test('login, signup and reset tags read dashed, underscored and joined path words alike', () => {
  for (const path of ['/login', '/log-in', '/users/sign_in', '/api/signin']) assert.ok(routeTags('POST', path, [], undefined).includes('login'), path);
  for (const path of ['/signup', '/users/sign_up', '/sign-up', '/create_account', '/api/user/reg']) assert.ok(routeTags('POST', path, [], undefined).includes('signup'), path);
  assert.ok(routeTags('POST', '/users/password_reset', [], undefined).includes('password-reset'));
  assert.ok(!routeTags('POST', '/signals', [], undefined).includes('login'));
  assert.ok(!routeTags('GET', '/users/sign_in', [], undefined).includes('login'), 'a login form page is not the login action');
  assert.ok(!routeTags('POST', '/Login/Logout', [], undefined).includes('login'), 'signing out under the login area is no login step');
  assert.ok(routeTags('POST', '/login/2fa/totp', [], undefined).includes('login'));
});

test('metrics and trace are debug paths only where tooling puts them, not under a resource', () => {
  for (const path of ['/metrics', '/api/v1/metrics', '/internal/prometheus', '/debug/vars', '/actuator/env', '/env', '/api/environment']) assert.ok(routeTags('GET', path, [], undefined).includes('debug'), path);
  for (const path of ['/api/websites/:websiteId/metrics', '/reports/metrics', '/api/traces/:id/trace', '/api/v1/client/:workspaceId/environment', '/projects/:id/env', '/trace/:id/data', '/trace/create', '/metrics/:name/edit']) assert.ok(!routeTags('GET', path, [], undefined).includes('debug'), path);
});

test('reset, join and POST /users name an auth route only where they mean one', () => {
  for (const path of ['/reset-password', '/auth/reset', '/reset/:token', '/users/:id/password/reset', '/forgot']) assert.ok(routeTags('POST', path, [], undefined).includes('password-reset'), path);
  for (const path of ['/api/websites/:websiteId/reset', '/presets']) assert.ok(!routeTags('POST', path, [], undefined).includes('password-reset'), path);
  assert.ok(!routeTags('POST', '/x/:id/reset', [], "router.post('/x/:id/reset')").includes('password-reset'), 'an inline handler is named after its path');
  assert.ok(routeTags('POST', '/join', [], undefined).includes('signup'));
  for (const path of ['/api/global/users/invite/accept', '/invitations/:token/accept', '/api/accept-invite']) assert.ok(routeTags('POST', path, [], undefined).includes('signup'), path);
  assert.ok(!routeTags('POST', '/api/teams/:id/invite', [], undefined).includes('signup'), 'sending an invitation is no sign-up');
  for (const path of ['/api/setup-account-from-token', '/activate-account', '/auth/set_up_account']) assert.ok(routeTags('POST', path, [], undefined).includes('signup'), path);
  assert.ok(!routeTags('POST', '/admin/users/:id/activate-account', [], undefined).includes('signup'), 'an administrator activating an account');
  assert.ok(!routeTags('POST', '/api/teams/join', [], undefined).includes('signup'));
  assert.ok(routeTags('POST', '/api/users', [], undefined).includes('signup'));
  assert.ok(!routeTags('POST', '/api/teams/:teamId/users', [], undefined).includes('signup'), 'adds a member');
  assert.ok(!routeTags('POST', '/users', [], undefined, ['no-credential-fields']).includes('signup'), 'a plain record');
  assert.ok(routeTags('POST', '/customer/create', [], undefined).includes('signup'));
  assert.ok(routeTags('POST', '/api/accounts/new', [], undefined).includes('signup'));
  assert.ok(!routeTags('POST', '/admin/users/create', [], undefined).includes('signup'), 'staff creating an account');
  assert.ok(!routeTags('POST', '/api/groups/members/add', [], undefined).includes('signup'), 'adds a member');
  assert.ok(!routeTags('POST', '/api/teams/users/create', [], undefined).includes('signup'), 'under another resource');
  assert.ok(!routeTags('POST', '/customer/create', [], undefined, ['no-credential-fields']).includes('signup'), 'a plain record');
});

test('authorize under an auth area is the login step; elsewhere it is not', () => {
  assert.ok(routeTags('POST', '/api/auth/email-password/authorize', [], undefined).includes('login'));
  assert.ok(routeTags('POST', '/api/auth/passkey/authorize', [], undefined).includes('login'));
  assert.ok(!routeTags('POST', '/api/payments/:id/authorize', [], undefined).includes('login'));
});

test('a class handler named for a kind of login or sign-up, and a passkey assertion, are login flow steps', () => {
  assert.ok(routeTags('POST', '/api/v1/auth/anonymous', [], 'AuthController.accessTokenLogin').includes('login'));
  assert.ok(routeTags('POST', '/api/v1/auth/webauthn/verify-authentication', [], 'AuthController.verifyAuthentication').includes('login'));
  assert.ok(routeTags('POST', '/auth/local', [], 'LocalController.registerUser').includes('signup'));
  assert.ok(!routeTags('POST', '/api/v1/devices', [], 'DeviceController.registerDevice').includes('signup'));
  assert.ok(!routeTags('POST', '/api/v1/sessions/:id/verify-authentication', [], 'SessionController.verify').includes('login'));
});

test('passwordless sign-in steps (a mailed link, a one-time code) are login-flow routes', () => {
  for (const path of ['/members/api/send-magic-link', '/auth/magiclink', '/api/passwordless/start', '/api/login-link']) assert.ok(routeTags('POST', path, [], undefined).includes('magic-link'), path);
  assert.ok(routeTags('POST', '/members/api/verify-otc', [], undefined).includes('otp'));
  assert.ok(routeTags('POST', '/api/session/otc', [], undefined).includes('otp'));
  assert.ok(!routeTags('GET', '/docs/magic-link', [], undefined).includes('magic-link'), 'a page about it');
  assert.ok(!routeTags('POST', '/api/links', [], undefined).includes('magic-link'));
  assert.ok(!routeTags('POST', '/api/otcmarkets', [], undefined).includes('otp'));
});
