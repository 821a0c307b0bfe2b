import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DeploymentFact, Fact, SecretFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor, looksLikeKubernetes } from './index.js';

const fixture = readFileSync(new URL('./fixtures/app.yaml', import.meta.url), 'utf8');
const deployments = (facts: Fact[]) => facts.filter((f): f is DeploymentFact => f.kind === 'deployment');
const byType = (facts: Fact[], type: string, name: string) => deployments(facts).find((d) => d.resourceType === type && d.workload === name);

describe('extract/iac/kubernetes', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'deploy/app.yaml': fixture });

  test('every object of a multi-document file, including List items', () => {
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      deployments(facts).map((d) => [d.resourceType, d.workload, d.evidence.line]),
      [
        ['Deployment', 'api', 2],
        ['ConfigMap', 'api-config', 38],
        ['Service', 'api-public', 47],
        ['Ingress', 'web', 59],
        ['Role', 'everything', 74],
        ['RoleBinding', 'api-everything', 84],
        ['CronJob', 'cleanup', 108],
      ],
    );
  });

  test('workload privileges, host access, env (redacted, ConfigMaps resolved) and secrets', () => {
    const api = byType(facts, 'Deployment', 'api');
    assert.ok(api);
    assert.equal(api.platform, 'kubernetes');
    assert.equal(api.image, 'ghcr.io/acme/api:1.2.0');
    assert.equal(api.privileged, true);
    assert.equal(api.attributes?.privilegedLine, 21);
    assert.deepEqual(api.hostAccess, ['network:host', 'docker.sock']);
    assert.equal(api.attributes?.hostAccessLine, 14);
    assert.deepEqual(api.env, { DB_PASSWORD: '****', ORDERS_URL: 'http://orders.shop.svc.cluster.local:8000', TOKEN: 'secret:api-token/token', orders: 'http://orders.shop.svc.cluster.local:8000', LOG_LEVEL: 'debug' });
    assert.deepEqual(api.secrets, ['api-token']);
    assert.equal(api.runsAsRoot, undefined);
    const cleanup = byType(facts, 'CronJob', 'cleanup');
    assert.equal(cleanup?.runsAsRoot, false);
    assert.equal(cleanup?.evidence.line, 108);
  });

  test('link: Service and Ingress exposure, NetworkPolicy absence, RBAC of the service account', () => {
    const api = byType(facts, 'Deployment', 'api');
    assert.equal(api?.exposure, 'internet');
    assert.equal(api?.attributes?.services, 'api-public');
    assert.equal(api?.attributes?.exposedBy, 'Service/api-public LoadBalancer, Ingress/web');
    assert.equal(api?.attributes?.exposedAt, 'deploy/app.yaml:47');
    assert.equal(api?.attributes?.networkPolicy, false);
    assert.equal(api?.attributes?.rbacWildcard, true);
    assert.equal(api?.attributes?.rbacReadsSecrets, true);
    assert.equal(api?.attributes?.tokenMounted, true);
    assert.equal(byType(facts, 'CronJob', 'cleanup')?.exposure, 'internal');
  });

  test('literal secrets: env values and Secret data, redacted', () => {
    const secrets = facts.filter((f): f is SecretFact => f.kind === 'secret').map((s) => [s.evidence.line, s.secretType, s.redacted]);
    assert.deepEqual(secrets, [
      [24, 'password', 'corr****'],
      [102, 'token', 'c2st****'],
    ]);
    const text = JSON.stringify(facts);
    assert.ok(!text.includes('correct-horse-battery') && !text.includes('c2stbGl2ZS0xMjM0NTY3ODkwYWJjZGVm'));
  });

  test('image dependencies', () => {
    const deps = facts.filter((f) => f.kind === 'dependency').map((d) => (d.kind === 'dependency' ? `${d.name}@${d.version}` : ''));
    assert.deepEqual(deps, ['ghcr.io/acme/api@1.2.0', 'busybox@1.36']);
  });

  test('only Kubernetes objects: compose files, templates and other YAML give nothing', () => {
    assert.equal(looksLikeKubernetes('services:\n  web:\n    image: nginx\n'), false);
    const out = runExtractor(extractor, {
      'ci.yml': 'on: push\njobs: {}\n',
      'chart/templates/x.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
      'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n',
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [\n',
    });
    assert.deepEqual(out.facts, []);
    assert.deepEqual(out.diagnostics.map((d) => [d.file, d.code]), [['broken.yaml', 'parse-error']]);
  });
});
