// Which finding rule ids count for which label category. Documented in README.md ("Matching
// rules"); keep the two in step. Families are symmetric: any member accepts any other member.

/** Rule ids accepted beyond the exact category name (both directions within a family). */
export const CATEGORY_FAMILIES: readonly (readonly string[])[] = [
  ['reflected-xss', 'stored-xss', 'dom-xss', 'xss'],
  ['code-injection', 'command-injection', 'server-side-template-injection'],
  ['path-traversal', 'zip-slip'],
  ['xxe', 'xml-external-entities-enabled'],
  ['jwt-none-algorithm', 'jwt-unpinned-algorithms'],
  ['hardcoded-credentials', 'jwt-hardcoded-secret', 'container-secret-in-env'],
  ['session-config-weakness', 'session-fixation-or-insecure-session-config', 'cookie-missing-flags'],
  ['admin-route-without-admin-check', 'bola-idor', 'unauthenticated-state-changing-route'],
];

/** The rule id without a pack prefix, lower-case: `web/sql-injection` → `sql-injection`. */
export function bareRuleId(ruleId: string): string {
  const slash = ruleId.lastIndexOf('/');
  return (slash >= 0 ? ruleId.slice(slash + 1) : ruleId).toLowerCase();
}

export type CategoryMatch = 'exact' | 'synonym';

export interface CategoryTarget {
  category: string;
  /** `other` labels only. */
  keywords?: readonly string[];
  /** `other` labels also accept a finding carrying the same CWE. */
  cwe?: string;
}

/** How a finding's rule relates to a label's category, or undefined when it does not count. */
export function categoryMatch(target: CategoryTarget, ruleId: string, findingCwes: readonly string[] = []): CategoryMatch | undefined {
  const rule = bareRuleId(ruleId);
  const category = target.category.toLowerCase();
  if (rule === category) return 'exact';
  if (category === 'other') {
    if (target.keywords?.some((k) => rule.includes(k.toLowerCase()))) return 'synonym';
    if (target.cwe && findingCwes.some((c) => c.toUpperCase() === target.cwe?.toUpperCase())) return 'synonym';
    return undefined;
  }
  const family = CATEGORY_FAMILIES.find((f) => f.includes(category));
  return family?.includes(rule) ? 'synonym' : undefined;
}
