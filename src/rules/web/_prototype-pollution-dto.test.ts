import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './prototype-pollution.js';

const FIXTURE = new URL('./prototype-pollution.fixture/nest-dto/', import.meta.url).pathname;

describe('prototype-pollution: Nest DTO bodies under a whitelisting ValidationPipe', () => {
  it('rates a merge of a whitelisted DTO with low confidence, an untyped body as usual', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const at = (line: number) => threats.find((t) => t.evidence[0]?.line === line);
    assert.equal(at(19)?.confidence, 'low');
    assert.equal(at(25)?.confidence, 'medium');
  });
});

describe('prototype-pollution: keys only administrators choose', () => {
  it('rates a merge behind an administrator check low, one any user reaches higher', async () => {
    const model = await analyzeDirectory(new URL('./prototype-pollution.fixture/admin/', import.meta.url).pathname, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const at = (line: number) => threats.find((t) => t.evidence[0]?.line === line);
    assert.equal(at(26)?.severity, 'low', at(26)?.score.explanation);
    assert.ok(['medium', 'high', 'critical'].includes(at(33)?.severity ?? ''), at(33)?.score.explanation);
  });
});
