import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../api/pipeline.js';
import { referenceIds } from '../../test/helpers/reference-data.js';
import { readAnnotations } from './annotations.js';
import { rules } from './registry.js';
import { CODE_LANGUAGES } from './remediation.js';

const RULES_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const STRIDE = new Set(['S', 'T', 'R', 'I', 'D', 'E']);
const LEVELS = new Set(['low', 'medium', 'high']);
const FORBIDDEN_TEXT = /[&<>]/;

test('the rule registry matches the files on disk', () => {
  const result = spawnSync(process.execPath, ['scripts/gen-registries.mjs', '--check'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('rule ids are unique', () => {
  const ids = rules.map((r) => r.meta.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
});

describe('rule metadata', () => {
  const ref = referenceIds();
  for (const rule of rules) {
    test(rule.meta.id, () => {
      const m = rule.meta;
      assert.match(m.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(existsSync(`${RULES_DIR}${m.pack}/${m.id}.ts`), `file src/rules/${m.pack}/${m.id}.ts must hold rule ${m.id}`);
      assert.ok(m.title.length > 0 && m.description.length > 0, 'title and description');
      assert.ok(m.stride.length > 0 && m.stride.every((s) => STRIDE.has(s)), 'stride letters');
      assert.ok(m.cwe.length > 0, 'at least one CWE');
      for (const id of m.cwe) assert.ok(ref.cwe.has(id), `unknown ${id}`);
      for (const id of m.capec) assert.ok(ref.capec.has(id), `unknown ${id}`);
      for (const id of m.attack) assert.ok(ref.attack.has(`"${id}"`), `unknown ATT&CK ${id}`);
      assert.ok(m.capec.length > 0 && m.attack.length > 0 && m.owasp.length > 0, 'CAPEC, ATT&CK and OWASP references');
      for (const id of m.owasp) assert.match(id, /^(A\d{2}:20(17|21|25)|API\d{1,2}:2023|LLM\d{2}:2025)$/);
      for (const level of [m.likelihood, m.impact, m.confidence]) assert.ok(LEVELS.has(level));
      const g = m.grammar;
      for (const text of [g.threatSource, g.prerequisites, g.threatAction, g.threatImpact, ...g.impactedAssets]) {
        assert.ok(!FORBIDDEN_TEXT.test(text), `grammar text must not contain & < >: ${text}`);
      }
      assert.ok(g.threatSource && g.threatAction && g.threatImpact && g.impactedGoal.length > 0, 'grammar fields');
      assert.ok(!/^(a|an|the)\s/i.test(g.threatSource), 'threat source must not start with an article');
      assert.ok(m.mitigation.title && m.mitigation.content && m.mitigation.remediation, 'mitigation text');
      for (const [language, text] of Object.entries(m.mitigation.remediationByLanguage ?? {})) {
        assert.ok((CODE_LANGUAGES as readonly string[]).includes(language), `remediation for unknown language ${language}`);
        assert.ok(text && text.trim().length > 0 && text !== m.mitigation.remediation, `remediation for ${language} must be its own text`);
        assert.ok(!FORBIDDEN_TEXT.test(text), `remediation for ${language} must not contain & < > (they are stripped): ${text}`);
      }
      for (const [framework, text] of Object.entries(m.mitigation.remediationByFramework ?? {})) {
        assert.match(framework, /^[a-z][a-z0-9-]*$/, `framework key ${framework}`);
        assert.ok(text && text.trim().length > 0 && text !== m.mitigation.remediation, `remediation for ${framework} must be its own text`);
        assert.ok(!FORBIDDEN_TEXT.test(text), `remediation for ${framework} must not contain & < > (they are stripped): ${text}`);
      }
      assert.ok((m.mitigation.controls.nist80053 ?? []).length > 0, 'NIST 800-53 controls');
      assert.ok(m.references.length > 0 && m.references.every((r) => r.startsWith('https://')), 'references');
    });
  }
});

describe('rule fixtures', () => {
  for (const rule of rules) {
    const { id, pack } = rule.meta;
    test(id, async () => {
      const dir = `${RULES_DIR}${pack}/${id}.fixture`;
      assert.ok(existsSync(dir) && readdirSync(dir).length > 0, `rule ${id} needs a fixture folder src/rules/${pack}/${id}.fixture`);
      const annotations = readAnnotations(dir).filter((a) => a.ruleId === id);
      const expected = annotations.filter((a) => a.kind === 'ruleid');
      const forbidden = annotations.filter((a) => a.kind === 'ok');
      assert.ok(expected.length > 0, 'fixture has at least one `ruleid:` annotation');
      assert.ok(forbidden.length > 0, 'fixture has at least one `ok:` annotation');
      const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01' });
      const found = model.threats.filter((t) => t.ruleId === id).map((t) => `${t.evidence[0]?.file}:${t.evidence[0]?.line}`);
      const at = (a: { file: string; line: number }) => `${a.file}:${a.line}`;
      const missing = expected.filter((a) => !found.includes(at(a))).map(at);
      assert.deepEqual(missing, [], `expected findings not reported (found: ${found.join(', ') || 'none'})`);
      const wrong = forbidden.filter((a) => found.includes(at(a))).map(at);
      assert.deepEqual(wrong, [], 'findings reported on ok: lines');
      const annotated = new Set(annotations.filter((a) => a.kind === 'ruleid' || a.kind === 'todoruleid').map(at));
      const unexpected = found.filter((f) => !annotated.has(f));
      assert.deepEqual(unexpected, [], 'findings on lines without a ruleid: annotation');
    });
  }
});
