// Small hand-made models for the pure delta, gate, SARIF and drift tests.
import type { Component, EntryPoint, Severity, Threat, ThreatModel } from '../../src/model/types.js';
import { MODEL_SCHEMA } from '../../src/model/types.js';

const SCORE: Record<Severity, number> = { critical: 8.5, high: 6.5, medium: 4, low: 1.5 };

export function threat(id: string, overrides: Partial<Threat> = {}): Threat {
  const severity = overrides.severity ?? 'high';
  return {
    id,
    ruleId: 'container-privileged',
    title: `Threat ${id}`,
    description: 'A description.',
    stride: ['E'],
    cwe: ['CWE-250'],
    capec: ['CAPEC-69'],
    attack: ['T1611'],
    owasp: ['A05:2021'],
    severity,
    score: { value: SCORE[severity], likelihood: 0.7, impact: 0.9, factors: [], explanation: 'test' },
    elements: ['c-api'],
    evidence: [{ file: 'docker-compose.yml', line: 3 }],
    grammar: { threatSource: 'attacker', prerequisites: 'with access', threatAction: 'do harm', threatImpact: 'damage', impactedGoal: ['integrity'], impactedAssets: ['host'] },
    statement: 'An attacker with access can do harm, which leads to damage, negatively impacting integrity of host.',
    mitigations: [],
    status: 'open',
    source: 'rule',
    confidence: 'high',
    architectural: false,
    remediation: 'Remove privileged: true.',
    ...overrides,
  };
}

export function component(id: string, overrides: Partial<Component> = {}): Component {
  return { id, name: id.replace(/^c-/, ''), kind: 'service', tech: ['express'], paths: ['api'], exposure: 'internal', trustZone: 'z-internal', evidence: [{ file: 'api/package.json', line: 1 }], ...overrides };
}

export function entryPoint(id: string, overrides: Partial<EntryPoint> = {}): EntryPoint {
  return { id, component: 'c-api', kind: 'http', method: 'GET', path: `/${id}`, auth: 'user', middleware: [], exposure: 'internal', tags: [], evidence: [{ file: 'api/src/index.js', line: 3 }], ...overrides };
}

export function model(overrides: Partial<ThreatModel> = {}): ThreatModel {
  return {
    schema: MODEL_SCHEMA,
    generator: { name: 'threatcode', version: '0.0.0-test' },
    product: { name: 'shop', languages: ['javascript'], owners: [] },
    components: [component('c-api')],
    flows: [],
    trustBoundaries: [],
    entryPoints: [],
    assets: [],
    dependencies: [],
    threats: [],
    mitigations: [],
    assumptions: [],
    killChains: [],
    diagnostics: [],
    ...overrides,
  };
}
