import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DeploymentFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = readFileSync(new URL('./fixtures/template.yaml', import.meta.url), 'utf8');
const resource = (facts: Fact[], name: string) => facts.find((f): f is DeploymentFact => f.kind === 'deployment' && f.workload === name);

describe('extract/iac/cloudformation', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'template/template.yaml': fixture });

  test('short intrinsic tags parse; resources become facts', () => {
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      facts.filter((f): f is DeploymentFact => f.kind === 'deployment').map((f) => [f.workload, f.attributes?.kind, f.evidence.line]),
      [
        ['OrdersFunction', 'lambda', 5],
        ['OrdersFunction.Create', 'api-route', 5],
        ['OrdersFunction.policy0', 'iam-policy', 5],
        ['Data', 'storage-bucket', 19],
        ['Key', 'kms-key', 27],
        ['Outbound', 'firewall', 31],
        ['ServerlessRestApi', 'api-gateway', 3],
      ],
    );
  });

  test('SAM: the function is built from its CodeUri, its implicit API routes to it without an authorizer', () => {
    const fn = resource(facts, 'OrdersFunction');
    assert.equal(fn?.buildContext, 'services/orders');
    assert.equal(fn?.attributes?.component, 'function');
    const api = resource(facts, 'ServerlessRestApi');
    assert.equal(api?.exposure, 'internet');
    assert.equal(api?.attributes?.routesTo, 'OrdersFunction');
    assert.equal(resource(facts, 'OrdersFunction.Create')?.attributes?.authorized, null);
    const policy = resource(facts, 'OrdersFunction.policy0');
    assert.equal(policy?.attributes?.wildcardActions, '*');
    assert.equal(policy?.attributes?.usedByLambdas, 'OrdersFunction');
  });

  test('bucket ACL, key rotation left to a condition, open database port', () => {
    assert.equal(resource(facts, 'Data')?.attributes?.public, true);
    assert.equal(resource(facts, 'Data')?.attributes?.encrypted, true);
    assert.equal(resource(facts, 'Key')?.attributes?.rotation, null);
    assert.equal(resource(facts, 'Outbound')?.attributes?.openRules, '0.0.0.0/0 → PostgreSQL (5432)');
  });

  test('not a template, or custom tags beyond the intrinsics: nothing or a diagnostic', () => {
    assert.deepEqual(runExtractor(extractor, { 'a.yaml': 'name: x\n' }).facts, []);
    const out = runExtractor(extractor, { 'b.yaml': 'Resources:\n  X:\n    Type: AWS::S3::Bucket\n    Properties: !!python/object:os.system x\n' });
    assert.ok(out.facts.every((f) => f.kind === 'deployment'));
  });
});
