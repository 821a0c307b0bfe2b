import type { Grammar } from '../model/types.js';
import type { GrammarTemplate } from '../rules/types.js';

/**
 * Text that survives Threat Composer's HTML sanitiser unchanged and stays readable: `&` becomes
 * "and", angle brackets become spaces (`Map<K,V>` → `Map K,V`), whitespace is collapsed.
 */
export function plainText(text: string): string {
  return text
    .replace(/&/g, ' and ')
    .replace(/[<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Fills `{{name}}` placeholders; unknown names become empty (and the spaces around them collapse). */
export function fillTemplate(template: string, data: Record<string, string>): string {
  return plainText(template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => data[name] ?? ''));
}

/** Threat Composer caps every grammar field at 200 characters; cut at a word boundary. */
export function clip(text: string, max = 200): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function fillGrammar(template: GrammarTemplate, data: Record<string, string>): Grammar {
  const fill = (t: string) => clip(fillTemplate(t, data));
  return {
    threatSource: fill(template.threatSource),
    prerequisites: fill(template.prerequisites),
    threatAction: fill(template.threatAction),
    threatImpact: fill(template.threatImpact),
    impactedGoal: [...template.impactedGoal],
    impactedAssets: template.impactedAssets.map(fill).filter((a) => a.length > 0),
  };
}
