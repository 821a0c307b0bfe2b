import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fact, SinkFact } from '../../model/types.js';
import { checkFacts } from '../testing.js';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './nosql-injection.js';

/** A nosql sink fact as js/taint emits it; `resultUse` is the analyser's note on what follows. */
function sink(line: number, api: string, resultUse?: SinkFact['resultUse']): SinkFact {
  const fact: SinkFact = { kind: 'sink', sink: 'nosql', api, tainted: true, source: 'req.body.email', route: 'POST /login', evidence: { file: 'src/auth.js', line }, extractor: 'js/taint', key: `src/auth.js#${line}` };
  if (resultUse) fact.resultUse = resultUse;
  return fact;
}

const run = (facts: Fact[]) => checkFacts(rule, facts);

describe('nosql-injection: rated by what follows the lookup', () => {
  it('a lookup gated by a password comparison is less likely to give anything', () => {
    const [f] = run([sink(3, 'User.findOne', 'password-checked')]);
    assert.equal(f.likelihood, 'low');
    assert.equal(f.confidence, undefined);
  });

  it('a lookup whose result only answers yes or no is low likelihood and low confidence', () => {
    const [f] = run([sink(3, 'User.find', 'existence')]);
    assert.equal(f.likelihood, 'low');
    assert.equal(f.confidence, 'low');
  });

  it('an existence test on a lookup filtered by the request password is a login bypass', () => {
    const fact = sink(3, 'User.find', 'existence');
    fact.source = 'req.body.password';
    const [f] = run([fact]);
    assert.equal(f.likelihood, undefined);
    assert.equal(f.impact, undefined);
    assert.equal(f.confidence, undefined);
  });

  it('a listing filtered by a query-string category is a widened list, not a bypass', () => {
    const listing = (api: string, source: string) => {
      const fact = sink(3, api);
      fact.source = source;
      return run([fact])[0];
    };
    const f = listing('TopicModel.find', 'req.query.tab');
    assert.equal(f.likelihood, 'low');
    assert.equal(f.impact, 'medium');
    // Identity, owner and visibility fields, single-record reads and body values keep the rating.
    for (const [api, source] of [['TopicModel.find', 'req.query.author_id'], ['Post.find', 'req.query.status'], ['Topic.findOne', 'req.query.tab'], ['Topic.find', 'req.body.tab'], ['Topic.find', 'req.query.token']]) {
      const g = listing(api, source);
      assert.equal(g.likelihood, undefined, `${api} ${source}`);
      assert.equal(g.impact, undefined, `${api} ${source}`);
    }
  });

  it('ok: returned records, writes and $where keep the rule rating', () => {
    const found = run([sink(3, 'User.findOne'), sink(4, 'User.updateOne', 'existence'), sink(5, 'User.find $where', 'existence'), sink(6, 'User.findOne', 'bogus' as SinkFact['resultUse'])]);
    assert.equal(found.length, 4);
    for (const f of found) assert.equal(f.likelihood, undefined, f.key);
  });
});

describe('nosql-injection: rated end to end', () => {
  it('password-gated and existence-only lookups are not critical; a token lookup stays critical', async () => {
    const dir = new URL('./nosql-injection.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === 'src/accounts.js' && t.evidence[0]?.line === line);
    assert.equal(at(11)?.severity, 'medium');
    assert.ok(at(20) && !['critical', 'high', 'medium'].includes(at(20)!.severity), at(20)?.severity);
    assert.equal(at(28)?.severity, 'critical');
    // An existence test on a lookup filtered by the request's password is the login: bypass.
    assert.equal(at(39)?.severity, 'critical');
  });
});
