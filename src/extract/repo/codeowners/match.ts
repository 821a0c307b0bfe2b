// Which CODEOWNERS rule owns a path. Patterns follow GitHub's rules (a gitignore dialect): a
// pattern without a slash matches at any depth, a leading slash or a slash inside anchors it to the
// root, a trailing slash means "this directory and everything under it", `*` stays within one
// path segment and `**` crosses them, and `dir/*` matches direct children only. The last matching
// rule wins; GitLab sections each contribute their own last match.

export interface OwnerRule {
  pattern: string;
  owners: string[];
  section?: string;
}

/** Where CODEOWNERS may live, in GitHub's order of precedence (the first that exists is used). */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

const cache = new Map<string, RegExp | null>();

function escape(c: string): string {
  return /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}

export function patternRegex(pattern: string): RegExp | null {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  let p = pattern.trim();
  if (!p || p.startsWith('!')) {
    cache.set(pattern, null);
    return null;
  }
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  const directChildren = p.endsWith('/*');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      const slashAfter = p[i + 2] === '/';
      body += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += escape(c);
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const suffix = directChildren ? '$' : dirOnly ? '/.*$' : '(?:/.*)?$';
  const re = new RegExp(`${prefix}${body}${suffix}`);
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Owners of a repository-relative path: the last matching rule (per GitLab section). */
export function ownersOf(rules: readonly OwnerRule[], path: string): string[] {
  const clean = path.replace(/^\.?\/+/, '');
  const bySection = new Map<string, string[]>();
  for (const rule of rules) {
    const re = patternRegex(rule.pattern);
    if (re && re.test(clean)) bySection.set(rule.section ?? '', rule.owners);
  }
  return [...new Set([...bySection.values()].flat())];
}

/** Owners of the repository as a whole: the rules for `*` / `**` / `/`, i.e. the default owners. */
export function defaultOwners(rules: readonly OwnerRule[]): string[] {
  const bySection = new Map<string, string[]>();
  for (const rule of rules) if (['*', '**', '/', '/*', '/**'].includes(rule.pattern.trim())) bySection.set(rule.section ?? '', rule.owners);
  return [...new Set([...bySection.values()].flat())];
}

/** The rules of the CODEOWNERS file that applies (GitHub uses only the first location found). */
export function effectiveRules<T extends OwnerRule & { source: string }>(rules: readonly T[]): T[] {
  const sources = new Set(rules.map((r) => r.source));
  const chosen = CODEOWNERS_LOCATIONS.find((l) => sources.has(l)) ?? [...sources].sort()[0];
  return rules.filter((r) => r.source === chosen);
}
