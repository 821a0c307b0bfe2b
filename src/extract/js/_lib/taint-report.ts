// Shared by the web injection rules: every tainted sink fact of one kind becomes a finding whose
// first evidence is the sink line and whose further evidence is the taint path.
import type { Level, SinkFact, SinkKind } from '../../../model/types.js';
import type { RuleContext } from '../../../rules/types.js';
import { STORED_SOURCE } from './taint-output.js';

export interface TaintRuleOptions {
  kind: SinkKind;
  /** The concrete change at the sink line for this finding. */
  remediation: (fact: SinkFact) => string;
  confidence?: (fact: SinkFact) => Level | undefined;
  /** Sinks the rule knows are safe (e.g. a body already reduced to declared fields). */
  skip?: (fact: SinkFact) => boolean;
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
      },
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
