import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './tls-certificate-validation-disabled.js';

describe('tls-certificate-validation-disabled: an outbound link, rated without the exposure of the service', () => {
  it('backing-service clients are medium, one finding per store; a local health check is low', async () => {
    const dir = new URL('./tls-certificate-validation-disabled.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const at = (file: string) => threats.find((t) => t.evidence[0]?.file === file);
    const db = at('config/database.js');
    assert.ok(db && db.evidence.some((e) => e.file === 'storage/database.js'), 'the two database configurations are merged');
    assert.equal(at('storage/database.js'), undefined);
    assert.match(db.description, /database connection/);
    assert.equal(at('extra/healthcheck.js')?.severity, 'low');
    for (const t of [db, at('mailer.js')]) assert.ok(t && !['high', 'critical'].includes(t.severity), `${t?.evidence[0]?.file}: ${t?.severity}`);
  });
});
