// Small synthetic models for catalog tests: version N of one product, recognisable in every file.
import { emptyReach, type ReachIndex } from '../../src/catalog/reach-types.js';
import type { Threat, ThreatModel } from '../../src/model/types.js';
import { makeModel } from '../ir/products.js';

function threat(id: string, title: string): Threat {
  return {
    id,
    ruleId: 'test-rule',
    title,
    description: title,
    stride: ['T'],
    cwe: ['CWE-89'],
    capec: [],
    attack: [],
    owasp: [],
    severity: 'high',
    score: { value: 6, likelihood: 0.6, impact: 0.8, factors: [], explanation: '' },
    elements: [],
    evidence: [{ file: 'src/app.js', line: 3 }],
    grammar: { threatSource: 'attacker', prerequisites: '', threatAction: '', threatImpact: '', impactedGoal: [], impactedAssets: [] },
    statement: title,
    mitigations: [],
    status: 'open',
    source: 'rule',
    confidence: 'high',
    architectural: false,
  };
}

/** Version `n` of "crashy": its description says `version n`; threat t<k> exists for k ≤ n. */
export function versionedModel(n: number, paddingKb = 0, name = 'crashy'): { model: ThreatModel; reach: ReachIndex } {
  const model = makeModel(name, {
    product: { name, description: `version ${n}${paddingKb ? ` ${'x'.repeat(paddingKb * 1024)}` : ''}`, languages: ['javascript'], owners: ['@crash-team'] },
    entryPoints: Array.from({ length: n }, (_, k) => ({ id: `e${k + 1}`, component: 'c1', kind: 'http' as const, method: 'GET', path: `/v${k + 1}`, auth: 'none' as const, middleware: [], exposure: 'internet' as const, tags: [], evidence: [] })),
    threats: Array.from({ length: n }, (_, k) => threat(`t${k + 1}`, `threat ${k + 1}`)),
  });
  const reach = emptyReach(name);
  reach.owners = [`version-${n}`];
  return { model, reach };
}
