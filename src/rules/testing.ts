// Test support: run one rule's check over hand-made facts, with an empty system model.
import type { Fact, FactKind, FactOf } from '../model/types.js';
import type { Finding, Rule, RuleContext } from './types.js';

export function checkFacts(rule: Rule, facts: Fact[]): Finding[] {
  const found: Finding[] = [];
  const ctx: RuleContext = {
    system: { components: [], flows: [], trustBoundaries: [], entryPoints: [], assets: [] },
    facts,
    factsOf: <K extends FactKind>(kind: K) => facts.filter((f) => f.kind === kind) as unknown as FactOf<K>[],
    componentOf: () => undefined,
    component: () => undefined,
    entryPointAt: () => undefined,
    report: (f) => found.push(f),
  };
  rule.check(ctx);
  return found;
}
