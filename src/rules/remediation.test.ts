import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../api/pipeline.js';
import { buildSarif } from '../emit/sarif.js';
import { renderSummary } from '../emit/summary.js';
import { rules } from './registry.js';
import { codeLanguageOf } from './remediation.js';
import { defineRule, type Finding, type RuleContext } from './types.js';

const META = rules.find((r) => r.meta.id === 'sql-injection')?.meta;

function fakeContext(found: Finding[]): RuleContext {
  return {
    system: { components: [], flows: [], trustBoundaries: [], entryPoints: [], assets: [] },
    facts: [],
    factsOf: () => [],
    componentOf: () => undefined,
    component: () => undefined,
    entryPointAt: () => undefined,
    report: (f) => found.push(f),
  };
}

describe('language-aware remediation', () => {
  test('languages by file extension', () => {
    assert.deepEqual(
      ['a/b.py', 'x.go', 'A.java', 'A.kt', 'C.cs', 'v/x.html.erb', 'i.php', 's.ts', 'README'].map(codeLanguageOf),
      ['python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'javascript', undefined],
    );
  });

  test('a finding outside JavaScript gets the template of its language; JavaScript keeps its own', () => {
    assert.ok(META);
    const rule = defineRule({
      meta: { ...META, id: 'x', mitigation: { ...META.mitigation, remediation: 'generic', remediationByLanguage: { python: 'py fix at {{file}}:{{line}} for {{source}}', java: 'java fix' } } },
      check(ctx) {
        for (const file of ['app.py', 'server.js', 'Main.kt', 'main.go']) ctx.report({ key: file, evidence: [{ file, line: 3 }], data: { source: 'q' }, remediation: `js fix in ${file}` });
      },
    });
    const found: Finding[] = [];
    rule.check(fakeContext(found));
    assert.deepEqual(
      found.map((f) => f.remediation),
      ['py fix at app.py:3 for q', 'js fix in server.js', 'java fix', 'js fix in main.go'],
    );
  });

  test('the SQL injection fixture: each language gets a fix in its own idiom', { timeout: 120_000 }, async () => {
    const dir = fileURLToPath(new URL('./web/sql-injection.fixture', import.meta.url));
    const rule = rules.find((r) => r.meta.id === 'sql-injection');
    assert.ok(rule);
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01' });
    const fix = (ext: string) => model.threats.find((t) => t.evidence[0]?.file.endsWith(ext))?.remediation ?? '';
    assert.match(fix('.py'), /cursor\.execute|bindparams/);
    assert.match(fix('.go'), /QueryContext/);
    assert.match(fix('.java'), /setParameter|jdbcTemplate/);
    assert.match(fix('.cs'), /FromSqlInterpolated/);
    assert.match(fix('.rb'), /where\('name = \?'/);
    assert.match(fix('.php'), /prepare/);
    assert.match(fix('.js'), /\$1/);
    for (const ext of ['.py', '.go', '.java', '.cs', '.rb', '.php']) assert.doesNotMatch(fix(ext), /db\.query\(/, ext);

    // Reporters: the summary prints each threat's own fix; SARIF carries it per result and lists
    // every language in the rule help.
    const python = model.threats.find((t) => t.evidence[0]?.file.endsWith('.py'));
    assert.ok(renderSummary({ ...model, threats: python ? [python] : [] }, '').includes('cursor.execute'));
    const sarif = JSON.stringify(buildSarif(model));
    assert.ok(sarif.includes('Python: At the cited location'), 'rule help lists the Python remediation');
    assert.ok(sarif.includes('FromSqlInterpolated'), 'results carry the C# remediation');
  });

  test('a Koa route is told to add Koa middleware, not Express middleware; a sign-up weighs less than a login', { timeout: 120_000 }, async () => {
    const dir = fileURLToPath(new URL('./web/missing-rate-limit-auth-routes.fixture/koa-auth', import.meta.url));
    const chosen = rules.filter((r) => r.meta.id === 'missing-rate-limit-auth-routes' || r.meta.id === 'missing-security-headers');
    const model = await analyzeDirectory(dir, { rules: chosen, today: '2026-06-01' });
    const limits = model.threats.filter((t) => t.ruleId === 'missing-rate-limit-auth-routes');
    assert.equal(limits.length, 2);
    for (const t of limits) {
      assert.match(t.remediation ?? '', /koa-ratelimit/);
      assert.doesNotMatch(t.remediation ?? '', /rateLimit\(\{ windowMs/);
    }
    const login = limits.find((t) => t.title.includes('/api/session'));
    const signup = limits.find((t) => t.title.includes('/api/register'));
    assert.ok(login && signup);
    assert.ok(signup.score.likelihood < login.score.likelihood);
    assert.match(signup.description + JSON.stringify(signup), /accounts in bulk/);
    const headers = model.threats.find((t) => t.ruleId === 'missing-security-headers');
    assert.match(headers?.remediation ?? '', /koa-helmet/);
  });
});
