import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DeploymentFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as kubernetes } from '../kubernetes/index.js';
import { extractor } from './index.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function run(files: string[]): Fact[] {
  const facts = files.flatMap((name) => extractFile({ path: `k8s/${name}`, content: read(name) }, [extractor, kubernetes]).facts);
  return linkFacts(facts, [extractor, kubernetes]);
}

describe('extract/iac/kustomize', () => {
  const facts = run(['base/deployment.yaml', 'base/kustomization.yaml', 'overlays/prod/kustomization.yaml']);
  const kustomizations = facts.filter((f): f is DeploymentFact => f.kind === 'deployment' && f.resourceType === 'Kustomization');

  test('one fact per kustomization: resources, namespace, image overrides', () => {
    assert.deepEqual(
      kustomizations.map((k) => [k.workload, k.attributes?.resources, k.attributes?.namespace, k.attributes?.images]),
      [
        ['k8s/base', 'deployment.yaml', undefined, undefined],
        ['k8s/overlays/prod', '../../base', 'shop-prod', 'ghcr.io/acme/web=ghcr.io/acme/web:1.8.2'],
      ],
    );
    const dep = facts.find((f) => f.kind === 'dependency' && f.manifest.endsWith('prod/kustomization.yaml'));
    assert.equal(dep?.kind === 'dependency' ? `${dep.name}@${dep.version}` : '', 'ghcr.io/acme/web@1.8.2');
  });

  test('the single overlay applies its namespace and image to the base manifest', () => {
    const web = facts.find((f): f is DeploymentFact => f.kind === 'deployment' && f.resourceType === 'Deployment');
    assert.equal(web?.image, 'ghcr.io/acme/web:1.8.2');
    assert.equal(web?.attributes?.namespace, 'shop-prod');
    assert.equal(web?.attributes?.imageTag, '1.8.2');
    assert.equal(web?.attributes?.kustomizations, 'k8s/base,k8s/overlays/prod');
  });

  test('remote resources are not followed', () => {
    const out = extractFile({ path: 'kustomization.yaml', content: 'resources:\n  - https://github.com/acme/x//base\n  - ./local\n' }, [extractor]);
    const k = out.facts.find((f): f is DeploymentFact => f.kind === 'deployment');
    assert.equal(k?.attributes?.resources, './local');
  });
});
