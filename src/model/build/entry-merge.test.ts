// One operation found twice, in a schema file that declares it and in the code that handles it:
// the handled one describes the entry point (auth, handler), whichever file sorts first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EntrypointFact, ProjectFact } from '../types.js';
import { buildSystem } from './index.js';

const project: ProjectFact = { kind: 'project', name: 'api', root: '.', language: 'typescript', ecosystem: 'npm', frameworks: ['nestjs'], role: 'service', evidence: { file: 'package.json', line: 1 }, extractor: 'js/package-json' };
const declared: EntrypointFact = { kind: 'entrypoint', protocol: 'graphql', framework: 'graphql', method: 'MUTATION', path: 'updateUser', middleware: [], auth: 'unknown', tags: ['graphql-mutation'], evidence: { file: 'src/schema.graphql', line: 45 }, extractor: 'api/graphql' };
const handled: EntrypointFact = {
  kind: 'entrypoint',
  protocol: 'graphql',
  framework: 'nestjs',
  method: 'MUTATION',
  path: 'updateUser',
  middleware: ['GqlAuthGuard'],
  auth: 'user',
  handler: { file: 'src/users/users.resolver.ts', line: 33, name: 'UsersResolver.updateUser' },
  evidence: { file: 'src/users/users.resolver.ts', line: 32 },
  extractor: 'js/nestjs',
};

describe('model/build: an operation declared in a schema file and handled in code', () => {
  for (const order of [[declared, handled], [handled, declared]]) {
    test(`keeps the handler's auth with the ${order[0] === declared ? 'schema' : 'code'} fact first`, () => {
      const eps = buildSystem([project, ...order], 'api').entryPoints;
      assert.equal(eps.length, 1);
      assert.equal(eps[0].auth, 'user');
      assert.equal(eps[0].handler?.file, 'src/users/users.resolver.ts');
      assert.deepEqual(eps[0].evidence.map((e) => e.file), ['src/users/users.resolver.ts', 'src/schema.graphql']);
    });
  }
});

// Two controllers with the same relative path (prefixes that did not resolve, a public and a
// private API) are two entry points; a route registered twice in one file answers once.
describe('model/build: one method and path, several handlers', () => {
  const route = (file: string, line: number, handlerFile = file): EntrypointFact => ({
    kind: 'entrypoint',
    protocol: 'http',
    framework: 'nestjs',
    method: 'GET',
    path: '/notes/:id',
    middleware: [],
    auth: file.includes('public') ? 'user' : 'none',
    handler: { file: handlerFile, line, name: 'NotesController.get' },
    evidence: { file, line },
    extractor: 'js/nestjs',
  });

  test('keeps handlers registered in different files apart', () => {
    const eps = buildSystem([project, route('src/api/private/notes.controller.ts', 10), route('src/api/public/notes.controller.ts', 12)], 'api').entryPoints;
    assert.deepEqual(eps.map((e) => `${e.handler?.file}:${e.auth}`).sort(), ['src/api/private/notes.controller.ts:none', 'src/api/public/notes.controller.ts:user']);
  });

  test('merges a second registration in the same file (the first one answers)', () => {
    const eps = buildSystem([project, route('src/routes.ts', 10, 'src/a.ts'), route('src/routes.ts', 20, 'src/b.ts')], 'api').entryPoints;
    assert.equal(eps.length, 1);
    assert.equal(eps[0].handler?.file, 'src/a.ts');
  });
});

// A single-page app's own API client (`api.post('/v1/tenants', data)` on an imported object) reads
// like a route; only a router mount could make it one, and in a browser app none does.
describe('model/build: route-shaped calls in a single-page app', () => {
  const web: ProjectFact = { ...project, name: 'web', root: 'apps/web', frameworks: ['react'], role: 'frontend', evidence: { file: 'apps/web/package.json', line: 1 } };
  const api: ProjectFact = { ...project, name: 'api', root: 'apps/api', frameworks: ['express'], evidence: { file: 'apps/api/package.json', line: 1 } };
  const call = (file: string, tags: string[]): EntrypointFact => ({ kind: 'entrypoint', protocol: 'http', framework: 'express', method: 'POST', path: '/v1/tenants', middleware: [], auth: 'none', tags, evidence: { file, line: 9 }, extractor: 'js/express' });

  test('an unresolved mount in a frontend is the browser calling its API, not an entry point', () => {
    const eps = buildSystem([web, api, call('apps/web/src/api/tenants.ts', ['mount-unresolved']), call('apps/api/src/tenants.ts', ['mount-unresolved'])], 'shop').entryPoints;
    assert.deepEqual(eps.map((e) => e.evidence[0].file), ['apps/api/src/tenants.ts']);
  });

  test('a server the frontend package starts itself (a resolved app) keeps its routes', () => {
    const eps = buildSystem([web, call('apps/web/proxy-server.js', [])], 'shop').entryPoints;
    assert.equal(eps.length, 1);
  });
});
