import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor, runExtractors } from '../../testing.js';
import { extractor as mavenDeps } from '../../deps/maven/index.js';
import { extractor as project } from '../project/index.js';
import { readLists } from '../_lib/properties.js';
import { readMethodSecurity, readSecurityConfig } from '../_lib/security-dsl.js';
import { extractor } from './index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/shop', import.meta.url));

function files(dir: string, out: Record<string, string> = {}, root = FIXTURE): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out, root);
    else out[relative(root, full)] = readFileSync(full, 'utf8');
  }
  return out;
}

const routes = (facts: Fact[]) =>
  facts
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((r) => `${r.method} ${r.path} ${r.auth}${r.tags?.includes('upload') ? ' upload' : ''}${r.tags?.includes('login') ? ' login' : ''}`)
    .sort();

test('controllers, rules and method security decide each route', () => {
  const { facts, diagnostics } = runExtractor(extractor, files(FIXTURE));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(routes(facts), [
    // GET products are public by the request rules; writes fall to anyRequest().authenticated().
    'DELETE /api/products/:id admin',
    'GET /api/admin/users admin',
    'GET /api/products none',
    'GET /api/products/:id none',
    'POST /api/admin/users/:id/reset admin',
    'POST /api/admin/users/:id/unlock admin',
    'POST /api/login none login',
    'POST /api/products user',
    'POST /api/products/:id/image user upload',
    'POST /api/products/:id/picture user upload',
  ]);
  const del = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.method === 'DELETE');
  assert.deepEqual(del?.authEvidence, ["@PreAuthorize(hasRole('ADMIN'))"]);
  assert.equal(del?.evidence.line, 19);
  assert.deepEqual(del?.handler, { file: 'src/main/java/com/acme/shop/ProductController.java', line: 19, name: 'ProductController.delete' });
  const security = facts.find((f): f is ConfigFact => f.kind === 'config' && f.setting === 'spring-security');
  assert.equal(security?.values.csrfDisabled, true);
  assert.equal(security?.values.csrfLine, 15);
  assert.equal(security?.values.formLogin, true);
  assert.ok(facts.some((f) => f.kind === 'auth' && f.mechanism === 'session'));
});

test('method security annotations count only when method security is switched on', () => {
  const all = files(FIXTURE);
  const withoutSwitch = { ...all, 'src/main/java/com/acme/shop/SecurityConfig.java': all['src/main/java/com/acme/shop/SecurityConfig.java'].replace('@EnableMethodSecurity', '') };
  const { facts } = runExtractor(extractor, withoutSwitch);
  const del = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.method === 'DELETE');
  assert.equal(del?.auth, 'user');
  assert.ok(del?.tags?.includes('method-security-off'));
});

test('without Spring Security every route is public; the Boot starter alone secures all', () => {
  const controller = files(FIXTURE)['src/main/java/com/acme/shop/ProductController.java'];
  const bare = runExtractor(extractor, { 'src/main/java/P.java': controller });
  assert.ok(bare.facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.method === 'POST').every((r) => r.auth === 'none'));
});

test('a comment naming @EnableMethodSecurity does not switch method security on', () => {
  assert.equal(readMethodSecurity('// No @EnableMethodSecurity here\n@Configuration\nclass C {}\n'), undefined);
  assert.deepEqual(readMethodSecurity('/* x */\n@EnableMethodSecurity(securedEnabled = true)\nclass C {}\n'), { prePost: true, secured: true, jsr250: false, line: 2 });
});

test('a module without a filter chain of its own takes the one of the sibling security module it depends on', () => {
  const root = fileURLToPath(new URL('./fixtures/multimodule', import.meta.url));
  const { facts } = runExtractors([extractor, project, mavenDeps], files(root, {}, root));
  assert.deepEqual(routes(facts), [
    'POST /account/login none login',
    'POST /admin/staff/:id/disable user',
    'POST /feedback none',
    'POST /orders/:id/cancel user',
  ]);
  const disable = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/admin/staff/:id/disable');
  assert.deepEqual(disable?.authEvidence, ['anyRequest() authenticated()', 'UrlPermissionFilter access decision (shop-security/src/main/java/com/acme/security/UrlPermissionFilter.java:11)']);
  // The chain's own permission filter (an AbstractSecurityInterceptor) decides access past the login.
  assert.ok(disable?.tags?.includes('permission-checked'));
  const login = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/account/login');
  assert.ok(!login?.tags?.includes('permission-checked'));
});

test('permitAll() paths bound from the application.yml of each application, and filters added only when a bean is defined', () => {
  const root = fileURLToPath(new URL('./fixtures/boundlist', import.meta.url));
  const { facts } = runExtractors([extractor, project, mavenDeps], files(root, {}, root));
  assert.deepEqual(routes(facts), [
    'GET /catalog/items none',
    'GET /staff/accounts user',
    'POST /basket user',
    'POST /shopper/sign-in none login',
    'POST /staff/sign-in none login',
  ]);
  const route = (path: string) => facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === path);
  assert.ok(route('/staff/sign-in')?.tags?.includes('declared-public'));
  // The back office defines the GrantSource bean, so its grant filter runs; the shop does not.
  assert.ok(route('/staff/accounts')?.tags?.includes('permission-checked'));
  assert.ok(!route('/basket')?.tags?.includes('permission-checked'));
});

test('bound matcher sources: @Value keys, member arrays; lists in YAML flow style and comma-separated properties', () => {
  const value = readSecurityConfig('class C {\n  @Value("${app.open-urls}")\n  private String[] openUrls;\n  void c(HttpSecurity http) { http.authorizeHttpRequests(a -> a.requestMatchers(openUrls).permitAll().anyRequest().authenticated()); }\n}\n');
  assert.deepEqual(value?.rules[0].bound, { property: 'app.open-urls' });
  const member = readSecurityConfig('class C {\n  private final WebProps props;\n  void c(HttpSecurity http) { http.authorizeRequests().antMatchers(props.getOpen().toArray(new String[0])).permitAll(); }\n}\n');
  assert.deepEqual(member?.rules[0].bound, { type: 'WebProps', member: 'open' });
  assert.deepEqual(readLists('application.yml', 'app:\n  open-urls: [/a, "/b/**"]\n').get('app.openurls')?.values, ['/a', '/b/**']);
  assert.deepEqual(readLists('application.properties', 'app.openUrls=/a,/b\n').get('app.openurls')?.values, ['/a', '/b']);
});
