import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { fixtureFiles, routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor as packageJson } from '../package-json/index.js';
import { extractor } from './index.js';
import { apiLocation, medusaPath } from './scan.js';

const APP = fileURLToPath(new URL('./fixtures/app', import.meta.url));

function route(facts: readonly Fact[], key: string): EntrypointFact {
  const found = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && `${f.method} ${f.path}` === key);
  assert.ok(found, `no entry point ${key}`);
  return found;
}

describe('js/medusa', () => {
  // Express's link runs first in a build (registry order): the medusa link must work after it too.
  const facts = runAll([packageJson, auth, express, extractor], fixtureFiles(APP));

  it('turns src/api/**/route.ts exports into entry points with the area default and middlewares.ts auth', () => {
    assert.deepEqual(routeLines(facts), [
      'DELETE /store/wishlist/:item_id user',
      'GET /admin/exports/download admin',
      'GET /admin/products/:id admin',
      'GET /admin/reports/public admin',
      'GET /custom/export user',
      'GET /custom/metrics user',
      'GET /custom/ping none',
      'GET /store/legacy/* none',
      'GET /store/products none',
      'GET /store/wishlist user',
      'POST /admin/exports admin',
      'POST /admin/onboarding user',
      'POST /admin/products/:id admin',
      'POST /auth/session user',
      'POST /hooks/payment/:provider none',
      'POST /store/wishlist user',
    ]);
  });

  it('cites the handler, lists the middleware and says where the auth comes from', () => {
    const get = route(facts, 'GET /admin/products/:id');
    assert.equal(get.framework, 'medusa');
    assert.deepEqual(get.handler, { file: 'backend/src/api/admin/products/[id]/route.ts', line: 5, name: 'GET' });
    assert.equal(get.evidence.line, 5);
    assert.deepEqual(get.middleware, ["authenticate('user')"]);
    assert.match(get.authEvidence?.join() ?? '', /Medusa \/admin default/);
    // A workflow run on the request's container changes data.
    assert.ok(route(facts, 'POST /admin/products/:id').tags?.includes('state-changing'));
    assert.ok(get.tags?.includes('no-state-change'));
    const wish = route(facts, 'POST /store/wishlist');
    assert.deepEqual(wish.middleware, ['ensurePublishableApiKey', "authenticate('customer', optional)", "authenticate('customer')", 'validateAndTransformBody()']);
    assert.match(wish.authEvidence?.join() ?? '', /api\/middlewares\.ts:6/);
    assert.ok(!wish.tags?.includes('optional-auth'));
  });

  it('AUTHENTICATE = false: re-protected by a matcher, or still under a parent route file default', () => {
    assert.match(route(facts, 'GET /admin/reports/public').authEvidence?.join() ?? '', /middlewares\.ts:23/);
    // router.use('/admin/exports', authenticate) also runs for /admin/exports/download.
    assert.match(route(facts, 'GET /admin/exports/download').authEvidence?.join() ?? '', /Medusa \/admin default/);
    // allowUnregistered: any identity token the auth routes hand out, not an administrator.
    assert.match(route(facts, 'POST /admin/onboarding').authEvidence?.join() ?? '', /allowUnregistered/);
  });

  it('store routes read the customer when present: public, tagged optional-auth', () => {
    const products = route(facts, 'GET /store/products');
    assert.ok(products.tags?.includes('optional-auth'));
    assert.ok(!products.tags?.includes('declared-public'));
    assert.ok(route(facts, 'GET /store/legacy/*').tags?.includes('optional-auth'));
  });

  it('judges middleware functions by their bodies (same file) and imported ones by their guard definitions', () => {
    assert.match(route(facts, 'GET /custom/metrics').authEvidence?.join() ?? '', /requireMetricsKey/);
    assert.match(route(facts, 'GET /custom/export').authEvidence?.join() ?? '', /verifyPartnerToken in backend\/src\/lib\/partner-auth\.ts/);
    // A function of the repository that is no guard checks no caller, whatever its name says.
    assert.deepEqual(route(facts, 'GET /custom/ping').middleware, ['checkScopeChannel']);
  });

  it('leaves out _-prefixed folders, Next.js route handlers and packages that are not Medusa', () => {
    const paths = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((f) => f.path);
    assert.ok(!paths.some((p) => p?.includes('_internal') || p === '/cleanup'));
    assert.ok(!paths.includes('/api/hello'));
    assert.ok(!paths.includes('/ping'));
    assert.ok(!facts.some((f) => f.kind === 'config' && f.setting === 'js-medusa-file'));
  });

  it('also works without another route extractor linking first', () => {
    const alone = runAll([packageJson, extractor], fixtureFiles(APP));
    assert.deepEqual(routeLines(alone).filter((l) => l.startsWith('GET /admin')), ['GET /admin/exports/download admin', 'GET /admin/products/:id admin', 'GET /admin/reports/public admin']);
  });

  it('follows the loader: folders to paths, the folder it reads', () => {
    assert.equal(medusaPath(['admin', 'orders', '[id]', 'fulfillments']), '/admin/orders/:id/fulfillments');
    assert.equal(medusaPath(['store', 'legacy', '[...]']), '/store/legacy/*');
    assert.deepEqual(apiLocation('packages/api/src/api/admin/route.ts'), { api: 'packages/api/src/api', rel: ['admin', 'route.ts'] });
    assert.equal(apiLocation('web/src/app/api/hello/route.ts'), undefined);
    assert.equal(apiLocation('src/api/admin/_old/route.ts'), undefined);
  });
});
