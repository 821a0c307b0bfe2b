// Helpers shared by the python rules (underscore: not a rule).
import type { ConfigFact } from '../../model/types.js';
import type { RuleContext } from '../types.js';

/** Config facts of one setting written by the python/* extractors. */
export function pythonConfigs(ctx: RuleContext, setting: string): ConfigFact[] {
  return ctx.factsOf('config').filter((f) => f.setting === setting && f.extractor.startsWith('python/'));
}

export function elementsOf(ctx: RuleContext, file: string): string[] | undefined {
  const c = ctx.componentOf(file);
  return c ? [c.id] : undefined;
}
