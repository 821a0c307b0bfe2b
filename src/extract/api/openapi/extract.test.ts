import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const OAS3 = `openapi: 3.0.3
info: { title: t, version: "1" }
servers:
  - url: https://api.example.com/v2
security:
  - jwt: []
paths:
  /items:
    get:
      security: []
      responses: {}
    post:
      responses: {}
  /items/{id}:
    delete:
      security:
        - jwt: [items:admin]
      responses: {}
    patch:
      security:
        - {}
      responses: {}
components:
  securitySchemes:
    jwt: { type: http, scheme: bearer, bearerFormat: JWT }
    key: { type: apiKey, in: header, name: X-Key }
`;

const SWAGGER_JSON = JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, basePath: '/api', paths: { '/ping': { get: { responses: {} } } } }, null, 2);

const entries = (facts: Fact[]) => facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');

describe('extract/api/openapi', () => {
  test('operations: method, full path, auth from security requirements, declared tags, lines', () => {
    const { facts, diagnostics } = runExtractor(extractor, { 'api/openapi.yaml': OAS3 });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      entries(facts).map((e) => [e.method, e.path, e.auth, e.tags, e.evidence.line, e.framework]),
      [
        ['GET', '/v2/items', 'none', ['declared', 'security:explicit-empty', 'base-path:/v2'], 9, 'openapi'],
        ['POST', '/v2/items', 'user', ['declared', 'security:global', 'base-path:/v2'], 12, 'openapi'],
        ['DELETE', '/v2/items/{id}', 'admin', ['declared', 'security:operation', 'base-path:/v2'], 15, 'openapi'],
        ['PATCH', '/v2/items/{id}', 'none', ['declared', 'security:optional', 'base-path:/v2'], 19, 'openapi'],
      ],
    );
  });

  test('security schemes become auth facts', () => {
    const { facts } = runExtractor(extractor, { 'api/openapi.yaml': OAS3 });
    const auth = facts.filter((f): f is AuthFact => f.kind === 'auth').map((a) => [a.name, a.mechanism, a.role, a.evidence.line]);
    assert.deepEqual(auth, [
      ['jwt', 'jwt', 'config', 25],
      ['key', 'api-key', 'config', 26],
    ]);
  });

  test('Swagger 2 in JSON; no security anywhere', () => {
    const { facts } = runExtractor(extractor, { 'swagger.json': SWAGGER_JSON });
    assert.deepEqual(entries(facts).map((e) => [e.method, e.path, e.auth, e.tags?.[1], e.evidence.line]), [['GET', '/api/ping', 'none', 'security:none-defined', 10]]);
  });

  test('server URL variables: defaults substituted, an origin-only variable still gives the path', () => {
    const spec = (servers: unknown) => JSON.stringify({ openapi: '3.0.0', info: { title: 'x', version: '1' }, servers, paths: { '/ping': { get: { responses: {} } } } }, null, 2);
    const pathOf = (servers: unknown) => entries(runExtractor(extractor, { 'openapi.json': spec(servers) }).facts)[0]?.path;
    assert.equal(pathOf([{ url: '{address}/api/v1', variables: { address: { default: 'https://try.example.app' } } }]), '/api/v1/ping');
    assert.equal(pathOf([{ url: '{origin}/api/v2' }]), '/api/v2/ping');
    assert.equal(pathOf([{ url: 'https://{host}/{version}', variables: { host: { default: 'x.io' }, version: { default: 'v3' } } }]), '/v3/ping');
    assert.equal(pathOf([{ url: 'https://x.io/{version}' }]), '/ping');
  });

  test('other YAML and JSON give nothing and no diagnostics', () => {
    const out = runExtractor(extractor, { 'config.yaml': 'openapi_version: 3\n', 'data.json': '{"swagger": 1}', 'k8s.yaml': 'apiVersion: v1\nkind: Service\n' });
    assert.deepEqual(out.facts, []);
    assert.deepEqual(out.diagnostics, []);
  });
});
