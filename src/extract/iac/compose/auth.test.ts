import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeploymentFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/iac/compose store authentication flags', () => {
  it('marks services whose command turns a login on, without keeping the password', () => {
    const { facts } = runExtractor(extractor, {
      'docker-compose.yml': `services:
  locked:
    image: redis:7
    command: redis-server --requirepass s3cr3t-value
  listed:
    image: redis:7
    command: ["redis-server", "--aclfile", "/etc/redis/users.acl"]
  mongo:
    image: mongo:7
    command: mongod --auth
  open:
    image: redis:7
    command: redis-server --appendonly yes
`,
    });
    const flags = Object.fromEntries(facts.filter((f): f is DeploymentFact => f.kind === 'deployment').map((d) => [d.workload, d.attributes?.commandAuth === true]));
    assert.deepEqual(flags, { locked: true, listed: true, mongo: true, open: false });
    assert.ok(!JSON.stringify(facts.filter((f) => f.kind === 'deployment')).includes('s3cr3t-value'));
  });
});
