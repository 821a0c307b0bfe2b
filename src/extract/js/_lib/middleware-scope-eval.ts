// Evaluation of a Next.js middleware's path scope (js/nextjs middleware-scope.ts) for a route path, in link.
/** A condition on the request path: literal lists tested by prefix, equality, substring or regex. */
export type PathCond = { op: 'prefix' | 'exact' | 'includes' | 'regex'; values: string[] } | { not: PathCond } | { all: PathCond[] } | { any: PathCond[] };

export interface ScopeStep {
  when: PathCond[];
  /** `pass`: the request goes on without the check; `guard`: the check refuses callers without a session. */
  outcome: 'pass' | 'guard';
}

export interface MiddlewareScope {
  steps: ScopeStep[];
  /** What a path matching no step meets: `pass` when this file's own checks are the guard. */
  fallback: 'pass' | 'guard';
}

/** Whether a path condition holds for a route path (`/api/users/:id`). */
export function condHolds(c: PathCond, path: string): boolean {
  if ('not' in c) return !condHolds(c.not, path);
  if ('all' in c) return c.all.every((x) => condHolds(x, path));
  if ('any' in c) return c.any.some((x) => condHolds(x, path));
  return c.values.some((v) => {
    const star = v.replace(/\/?\*$/, '');
    if (c.op === 'exact') return path === v || path.replace(/\/$/, '') === v.replace(/\/$/, '');
    if (c.op === 'prefix') return path.startsWith(v) || (star !== v && path.startsWith(star));
    if (c.op === 'includes') return path.includes(v);
    try {
      return new RegExp(v).test(path);
    } catch {
      return false;
    }
  });
}

/** Whether the middleware's own checks stand in front of a route at this path. */
export function scopeGuards(scope: MiddlewareScope | undefined, path: string): boolean {
  if (!scope) return true;
  for (const s of scope.steps) if (s.when.every((c) => condHolds(c, path))) return s.outcome === 'guard';
  return scope.fallback === 'guard';
}
