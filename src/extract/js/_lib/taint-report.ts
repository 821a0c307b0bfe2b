// Shared by the web injection rules: every tainted sink fact of one kind becomes a finding whose
// first evidence is the sink line and whose further evidence is the taint path.
import type { Level, SinkFact, SinkKind } from '../../../model/types.js';
import type { RuleContext } from '../../../rules/types.js';
import { type LookupUse, STORED_SOURCE } from './taint-output.js';

export interface TaintRuleOptions {
  kind: SinkKind;
  /** The concrete change at the sink line for this finding. */
  remediation: (fact: SinkFact) => string;
  confidence?: (fact: SinkFact) => Level | undefined;
  /** Sinks the rule knows are safe (e.g. a body already reduced to declared fields). */
  skip?: (fact: SinkFact) => boolean;
  /** Per-finding likelihood, when what the sink fact shows changes what an attacker gains. */
  likelihood?: (fact: SinkFact) => Level | undefined;
  /** Per-finding impact, when the sink fact shows the attacker gains less than the rule assumes. */
  impact?: (fact: SinkFact) => Level | undefined;
  /** Extra template data (e.g. the privileged fields a mass assignment reaches). */
  data?: (fact: SinkFact) => Record<string, string>;
}

/** Grammar text must not carry markup characters. */
function clean(text: string): string {
  return text.replace(/[&<>]/g, '').slice(0, 120);
}

export function reportTaintSinks(ctx: RuleContext, options: TaintRuleOptions): void {
  for (const fact of ctx.factsOf('sink')) {
    if (fact.sink !== options.kind || !fact.tainted || options.skip?.(fact)) continue;
    // Browser-side HTML sinks are judged by the dom-xss and stored-xss rules.
    if (fact.extractor === 'js/frontend') continue;
    const component = ctx.componentOf(fact.evidence.file);
    const route = fact.route ?? 'a request handler';
    ctx.report({
      key: fact.key ?? `${fact.evidence.file}#${fact.api}#${fact.source ?? ''}`,
      elements: component ? [component.id] : undefined,
      evidence: [fact.evidence, ...(fact.path ?? [])],
      data: {
        source: clean(fact.source ?? 'request data'),
        api: clean(fact.api),
        route: clean(route),
        sink: fact.sink,
        ...options.data?.(fact),
      },
      likelihood: options.likelihood?.(fact),
      impact: options.impact?.(fact),
      // Second-order data (read back from the database) may never have come from a user.
      confidence: options.confidence?.(fact) ?? (fact.source?.startsWith(STORED_SOURCE) ? 'low' : undefined),
      remediation: options.remediation(fact),
    });
  }
}

/** `file:line` of a fact, for remediation text. */
export function at(fact: SinkFact): string {
  return `${fact.evidence.file}:${fact.evidence.line}`;
}

/**
 * What the code does with the result of the lookup a nosql sink fact sits in (`resultUse`, set by
 * the taint analyser on SinkOut), when known.
 */
export function resultUseOf(fact: SinkFact): LookupUse | undefined {
  // Facts may come back from the cache: only the two known notes count.
  const use: unknown = fact.resultUse;
  return use === 'password-checked' || use === 'existence' ? use : undefined;
}
