import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DeploymentFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { parseHcl } from './hcl.js';
import { extractor } from './index.js';

const fixture = readFileSync(new URL('./fixtures/main.tf', import.meta.url), 'utf8');
const resource = (facts: Fact[], name: string) => facts.find((f): f is DeploymentFact => f.kind === 'deployment' && f.workload === name);

describe('extract/iac/terraform', () => {
  test('HCL: blocks, labels, attributes, nested blocks, values and lines', () => {
    const { blocks } = parseHcl('# c\nresource "a" "b" {\n  s = "x"\n  n = 3\n  l = ["p", "q"]\n  o = { k = true, "m" = null }\n  r = aws_x.y.id\n  f = jsonencode({ A = [1] })\n  h = <<EOT\nline\nEOT\n  e = var.a == 1 ? 2 : 3\n  inner {\n    z = -1\n  }\n}\n');
    assert.equal(blocks.length, 1);
    const b = blocks[0];
    assert.deepEqual([b.type, b.labels, b.line], ['resource', ['a', 'b'], 2]);
    const value = (n: string) => b.attributes.find((a) => a.name === n)?.value;
    assert.equal(value('s'), 'x');
    assert.equal(value('n'), 3);
    assert.deepEqual(value('l'), ['p', 'q']);
    assert.deepEqual(value('o'), { k: true, m: null });
    assert.deepEqual(value('r'), { ref: 'aws_x.y.id' });
    assert.deepEqual(value('f'), { call: 'jsonencode', args: [{ A: [1] }] });
    assert.equal(value('h'), 'line');
    assert.ok(typeof value('e') === 'object' && value('e') !== null && 'raw' in (value('e') as object));
    assert.deepEqual(b.blocks.map((x) => [x.type, x.line, x.attributes[0]?.value]), [['inner', 13, -1]]);
  });

  test('HCL reader survives garbage', () => {
    assert.doesNotThrow(() => parseHcl('resource "x" {{{ = = [ "unterminated\n}}} <<EOT\n'));
  });

  const { facts, diagnostics } = runExtractor(extractor, { 'infra/main.tf': fixture });

  test('resources in the shared cloud vocabulary', () => {
    assert.deepEqual(diagnostics, []);
    const kinds = facts.filter((f): f is DeploymentFact => f.kind === 'deployment').map((f) => `${f.workload}=${String(f.attributes?.kind)}`);
    assert.deepEqual(kinds, [
      'aws_s3_bucket.uploads=storage-bucket',
      'aws_s3_bucket_acl.uploads=storage-acl',
      'aws_apigatewayv2_api.http=api-gateway',
      'aws_apigatewayv2_integration.orders=api-integration',
      'aws_apigatewayv2_route.post=api-route',
      'aws_lambda_function.orders=lambda',
      'aws_iam_role_policy.orders=iam-policy',
      'data.aws_iam_policy_document.orders=iam-policy',
      'aws_security_group.lambda=firewall',
      'aws_db_instance.orders=database',
    ]);
  });

  test('link: the ACL makes the bucket public, the gateway routes to the Lambda, the policy reaches the Lambda', () => {
    const bucket = resource(facts, 'aws_s3_bucket.uploads');
    assert.equal(bucket?.attributes?.public, true);
    assert.equal(bucket?.attributes?.publicAt, 'infra/main.tf:13');
    assert.equal(bucket?.attributes?.encrypted, false);
    assert.equal(resource(facts, 'aws_apigatewayv2_api.http')?.attributes?.routesTo, 'aws_lambda_function.orders');
    assert.equal(resource(facts, 'aws_apigatewayv2_route.post')?.attributes?.authorized, false);
    const policy = resource(facts, 'aws_iam_role_policy.orders');
    assert.equal(policy?.attributes?.wildcardActions, 's3:*');
    assert.equal(policy?.attributes?.usedByLambdas, 'orders-handler');
    assert.equal(resource(facts, 'aws_lambda_function.orders')?.attributes?.vpc, true);
  });

  test('open ingress, public database', () => {
    assert.equal(resource(facts, 'aws_security_group.lambda')?.attributes?.openRules, '0.0.0.0/0 ::/0 → all ports');
    const db = resource(facts, 'aws_db_instance.orders');
    assert.equal(db?.attributes?.publiclyAccessible, true);
    assert.equal(db?.attributes?.encrypted, false);
    assert.equal(db?.exposure, 'internet');
  });
});
