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

const PRODUCTION_SETTINGS = /^(prod|production|live|deploy|deployment)(_settings|settings)?\.py$/i;

function dirOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

/**
 * A split settings package (`settings/base.py` plus `settings/production.py` that star-imports it)
 * where the production module sets the same setting again in a way `isSafe` accepts: the base
 * value is then a development default that never reaches production.
 */
export function overriddenInProduction(ctx: RuleContext, fact: ConfigFact, isSafe: (values: ConfigFact['values']) => boolean): boolean {
  const dir = dirOf(fact.evidence.file);
  return pythonConfigs(ctx, fact.setting).some((other) => {
    const file = other.evidence.file;
    return file !== fact.evidence.file && dirOf(file) === dir && PRODUCTION_SETTINGS.test(file.slice(dir.length)) && isSafe(other.values);
  });
}
