import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DependencyFact } from '../../../model/types.js';
import { fixtureFiles, runAll } from '../../_polyglot/testing.js';
import { compareGoVersions, isPseudoVersion } from './parse.js';
import { extractor } from './index.js';

test('go.mod requires, indirect, replace and exclude; go.sum adds the rest of the graph', () => {
  const dir = fileURLToPath(new URL('./fixtures/svc', import.meta.url));
  const deps = runAll([extractor], fixtureFiles(dir))
    .filter((f): f is DependencyFact => f.kind === 'dependency')
    .map((d) => `${d.manifest} ${d.name} ${d.version} ${d.direct ? 'direct' : 'transitive'} ${d.purl}`);
  assert.deepEqual(deps, [
    'go.mod github.com/gin-gonic/gin v1.9.1 direct pkg:golang/github.com/gin-gonic/gin@v1.9.1',
    'go.mod github.com/golang-jwt/jwt/v5 v5.2.1 direct pkg:golang/github.com/golang-jwt/jwt/v5@v5.2.1',
    'go.mod golang.org/x/net v0.0.0-20231004154142-bc7a7a4e4a15 transitive pkg:golang/golang.org/x/net@v0.0.0-20231004154142-bc7a7a4e4a15',
    'go.mod github.com/new/lib v1.4.2 direct pkg:golang/github.com/new/lib@v1.4.2',
    'go.mod github.com/pkg/errors v0.9.1 transitive pkg:golang/github.com/pkg/errors@v0.9.1',
    'go.sum github.com/go-playground/validator/v10 v10.15.1 transitive pkg:golang/github.com/go-playground/validator/v10@v10.15.1',
  ]);
});

test('version helpers', () => {
  assert.ok(isPseudoVersion('v0.0.0-20231004154142-bc7a7a4e4a15'));
  assert.ok(isPseudoVersion('v1.2.4-0.20231004154142-bc7a7a4e4a15'));
  assert.ok(!isPseudoVersion('v1.2.3'));
  assert.ok(compareGoVersions('v1.10.0', 'v1.9.9') > 0);
  assert.ok(compareGoVersions('v1.2.3', 'v1.2.3-rc.1') > 0);
});
