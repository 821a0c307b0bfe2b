import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyWeakness } from '../../src/analyze/graph/semantics.js';
import { likelihoodWithout, scoreThreat, severityOf } from '../../src/analyze/score.js';
import type { ScoreInput } from '../../src/analyze/score.js';
import type { Component, EntryPoint } from '../../src/model/types.js';

function component(exposure: Component['exposure']): Component {
  return { id: 'c', name: 'api', kind: 'service', tech: [], paths: ['api'], exposure, trustZone: 'edge', evidence: [] };
}

function entry(auth: EntryPoint['auth'], exposure: EntryPoint['exposure'] = 'internet', tags: string[] = []): EntryPoint {
  return { id: 'e', component: 'c', kind: 'http', method: 'GET', path: '/x', auth, middleware: [], exposure, tags, evidence: [{ file: 'api/x.js', line: 1 }] };
}

const base: ScoreInput = { likelihood: 'medium', impact: 'medium', confidence: 'high', components: [], architectural: false };

function factor(input: ScoreInput, name: string): string | undefined {
  return scoreThreat(input).factors.find((f) => f.name === name)?.effect;
}

describe('scoring factors', () => {
  test('no factors: base likelihood × base impact', () => {
    const score = scoreThreat(base);
    assert.equal(score.value, 3);
    assert.deepEqual(score.factors, []);
    assert.equal(severityOf(score.value), 'medium');
  });

  test('internet exposure of the entry point raises likelihood; internal and none lower it', () => {
    assert.equal(factor({ ...base, entryPoint: entry('user', 'internet') }, 'exposure'), '+0.20 likelihood');
    assert.equal(factor({ ...base, components: [component('internal')] }, 'exposure'), '-0.10 likelihood');
    assert.equal(factor({ ...base, components: [component('none')] }, 'exposure'), '-0.20 likelihood');
  });

  test('authentication in front: none raises, user and admin lower', () => {
    assert.equal(factor({ ...base, entryPoint: entry('none') }, 'authentication'), '+0.10 likelihood');
    assert.equal(factor({ ...base, entryPoint: entry('user') }, 'authentication'), '-0.05 likelihood');
    assert.equal(factor({ ...base, entryPoint: entry('admin') }, 'authentication'), '-0.15 likelihood');
  });

  test('request data through a route that could not be linked: not scored as open to anyone', () => {
    const sqli: ScoreInput = { ...base, likelihood: 'high', impact: 'high', components: [component('internet')], reachableData: 'restricted', weakness: { cwe: ['CWE-89'], stride: ['T'], goals: ['integrity', 'confidentiality'] } };
    assert.equal(severityOf(scoreThreat(sqli).value), 'critical');
    const unlinked = scoreThreat({ ...sqli, routeAuth: 'unknown' });
    assert.equal(unlinked.factors.find((f) => f.name === 'authentication')?.effect, '-0.15 likelihood');
    assert.equal(severityOf(unlinked.value), 'high');
    assert.match(unlinked.cvss?.vector ?? '', /PR:L/);
    assert.equal(factor({ ...sqli, routeAuth: 'unknown', entryPoint: entry('none') }, 'authentication'), '+0.10 likelihood', 'a linked entry point decides');
  });

  test('privileges gained: code execution and container escape weigh more than a disclosure', () => {
    assert.equal(factor({ ...base, weakness: { cwe: ['CWE-78'], stride: ['E'] } }, 'privileges'), '+0.10 impact');
    assert.equal(factor({ ...base, weakness: { cwe: ['CWE-250'], stride: ['E'], attack: ['T1611'], title: 'Service x runs as a privileged container' } }, 'privileges'), '+0.10 impact');
    assert.equal(factor({ ...base, weakness: { cwe: ['CWE-89'], stride: ['T'] } }, 'privileges'), '+0.05 impact');
    assert.equal(factor({ ...base, weakness: { cwe: ['CWE-601'], stride: ['S'] } }, 'privileges'), undefined);
    assert.match(scoreThreat({ ...base, weakness: { cwe: ['CWE-78'], stride: ['E'] } }).explanation, /gives code execution in the component/);
  });

  test('data classification of what is reachable raises impact', () => {
    assert.equal(factor({ ...base, reachableData: 'restricted' }, 'data'), '+0.10 impact');
    assert.equal(factor({ ...base, reachableData: 'confidential' }, 'data'), '+0.05 impact');
    assert.equal(factor({ ...base, reachableData: 'internal' }, 'data'), undefined);
  });

  test('exploit maturity of a CVE moves likelihood both ways', () => {
    assert.equal(factor({ ...base, exploitMaturity: 'high' }, 'exploit maturity'), '+0.20 likelihood');
    assert.equal(factor({ ...base, exploitMaturity: 'functional' }, 'exploit maturity'), '+0.10 likelihood');
    assert.equal(factor({ ...base, exploitMaturity: 'proof-of-concept' }, 'exploit maturity'), '+0.05 likelihood');
    assert.equal(factor({ ...base, exploitMaturity: 'unproven' }, 'exploit maturity'), '-0.10 likelihood');
  });

  test('mitigations present lower likelihood: implemented controls, rate limits for volume attacks, CSRF tokens', () => {
    assert.equal(factor({ ...base, mitigationsInPlace: ['WAF rule 942100'] }, 'mitigations'), '-0.20 likelihood');
    assert.equal(factor({ ...base, mitigationsInPlace: ['a', 'b', 'c'] }, 'mitigations'), '-0.40 likelihood');
    const limited = entry('none', 'internet', ['rate-limited']);
    assert.equal(factor({ ...base, entryPoint: limited, weakness: { cwe: ['CWE-307'], stride: ['S'] } }, 'mitigations'), '-0.10 likelihood');
    assert.equal(factor({ ...base, entryPoint: limited, weakness: { cwe: ['CWE-89'], stride: ['T'] } }, 'mitigations'), undefined, 'a rate limit does not stop an injection');
  });

  test('heuristic detections are less likely', () => {
    assert.equal(factor({ ...base, confidence: 'low' }, 'confidence'), '-0.10 likelihood');
  });

  test('every score is explained in one line that names its factors', () => {
    const score = scoreThreat({ ...base, likelihood: 'high', impact: 'high', entryPoint: entry('none'), reachableData: 'restricted', weakness: { cwe: ['CWE-89'], stride: ['T', 'I'], goals: ['confidentiality', 'integrity'] } });
    assert.equal(score.explanation.includes('\n'), false);
    for (const f of score.factors) assert.ok(score.explanation.includes(f.detail), f.detail);
    assert.match(score.explanation, /^critical 10\/10 = likelihood 1\.00/);
    assert.match(score.explanation, /; CVSS 9\.1$/);
  });

  test('likelihoodWithout removes the position factors the attack graph models as states', () => {
    const score = scoreThreat({ ...base, likelihood: 'high', entryPoint: entry('none') });
    assert.equal(score.likelihood, 1);
    assert.equal(Math.round(likelihoodWithout(score) * 100) / 100, 0.7);
  });
});

describe('CVSS v3.1 vectors for concrete weaknesses', () => {
  test('a command injection behind no login on the internet is 9.8', () => {
    const score = scoreThreat({ ...base, likelihood: 'high', impact: 'high', entryPoint: entry('none'), weakness: { cwe: ['CWE-78'], stride: ['E'], goals: ['confidentiality', 'integrity', 'availability'] } });
    assert.deepEqual(score.cvss, { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 });
  });

  test('an SSRF for logged-in users changes scope', () => {
    const score = scoreThreat({ ...base, entryPoint: entry('user'), impact: 'high', weakness: { cwe: ['CWE-918'], stride: ['I'], goals: ['confidentiality'] } });
    assert.equal(score.cvss?.vector, 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:N/A:N');
    assert.equal(score.cvss?.score, 7.7);
  });

  test('an internal-only admin route is adjacent and needs high privileges', () => {
    const score = scoreThreat({ ...base, entryPoint: entry('admin', 'internal'), weakness: { cwe: ['CWE-200'], stride: ['I'], goals: ['confidentiality'] } });
    assert.equal(score.cvss?.vector, 'CVSS:3.1/AV:A/AC:L/PR:H/UI:N/S:U/C:L/I:N/A:N');
  });

  test('architectural findings get no CVSS; an advisory vector is used as given', () => {
    assert.equal(scoreThreat({ ...base, architectural: true, weakness: { cwe: ['CWE-306'], stride: ['S'] } }).cvss, undefined);
    const given = scoreThreat({ ...base, cvssVector: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:H/I:H/A:N' });
    assert.deepEqual(given.cvss, { vector: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:H/I:H/A:N', score: 7.7 });
  });
});

describe('weakness classes come from rule metadata, not rule ids', () => {
  test('CWE decides, with the precedence of what gives most', () => {
    assert.equal(classifyWeakness({ cwe: ['CWE-918'], stride: ['I'] }), 'ssrf');
    assert.equal(classifyWeakness({ cwe: ['CWE-798', 'CWE-526'], stride: ['I'] }), 'hardcoded-secret');
    assert.equal(classifyWeakness({ cwe: ['CWE-862', 'CWE-863'], stride: ['E'] }), 'missing-authz');
    assert.equal(classifyWeakness({ cwe: ['CWE-502'], stride: ['E'] }), 'code-exec');
  });

  test('root in a container is not an escape; privileged mode and the Docker socket are', () => {
    assert.equal(classifyWeakness({ cwe: ['CWE-250'], stride: ['E'], attack: ['T1611', 'T1068'], title: 'Container api runs as root', description: 'one writable host mount away from root on the host' }), 'container-root');
    assert.equal(classifyWeakness({ cwe: ['CWE-250'], stride: ['E'], attack: ['T1611'], title: 'Service x runs as a privileged container' }), 'container-escape');
    assert.equal(classifyWeakness({ cwe: ['CWE-250', 'CWE-653'], stride: ['E'], attack: ['T1611'], title: 'Service x reaches into its host' }), 'container-escape');
  });

  test('an unverified message (CWE-345) is missing authentication unless a token or a session is what goes unverified', () => {
    assert.equal(classifyWeakness({ cwe: ['CWE-345', 'CWE-306'], stride: ['S', 'T'], title: 'Webhook POST /hooks/x accepts events without verifying their sender' }), 'missing-authn');
    assert.equal(classifyWeakness({ cwe: ['CWE-345'], stride: ['S'], title: 'JWT accepted without checking its signature' }), 'token-forgery');
  });

  test('technique and generic words are fallbacks', () => {
    assert.equal(classifyWeakness({ cwe: [], stride: ['E'], attack: ['T1059.004'] }), 'code-exec');
    assert.equal(classifyWeakness({ cwe: [], stride: ['I'], ruleId: 'python-ssrf-requests' }), 'ssrf');
    assert.equal(classifyWeakness({ cwe: ['CWE-1004'], stride: ['I'] }), undefined);
  });

  test('uploads served from the web root leak those files, not the service secrets: no chain step', () => {
    assert.equal(classifyWeakness({ cwe: ['CWE-552', 'CWE-219'], stride: ['I'], ruleId: 'upload-served-publicly', title: 'Uploaded files served without authentication from /uploads/*' }), undefined);
    assert.equal(classifyWeakness({ cwe: ['CWE-552'], stride: ['I'], title: 'Configuration folder served' }), 'file-read');
  });
});
