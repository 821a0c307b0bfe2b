import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeTags } from './routes.js';

test('login, signup and reset tags read dashed, underscored and joined path words alike', () => {
  for (const path of ['/login', '/log-in', '/users/sign_in', '/api/signin']) assert.ok(routeTags('POST', path, [], undefined).includes('login'), path);
  for (const path of ['/signup', '/users/sign_up', '/sign-up', '/create_account']) assert.ok(routeTags('POST', path, [], undefined).includes('signup'), path);
  assert.ok(routeTags('POST', '/users/password_reset', [], undefined).includes('password-reset'));
  assert.ok(!routeTags('POST', '/signals', [], undefined).includes('login'));
  assert.ok(!routeTags('GET', '/users/sign_in', [], undefined).includes('login'), 'a login form page is not the login action');
});
