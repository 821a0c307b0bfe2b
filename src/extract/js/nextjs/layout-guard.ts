// App Router layout guards: `app/<segment>/layout.tsx` whose component reads the session and leaves
// without one (`if (!session) redirect('/')`, `notFound()`, also when `session.user.role !==
// 'admin'`) renders around every page below its folder: route groups, nested segments and parallel
// slots (`@modal`). Those pages are reached by signed-in users (admins for a role check). Route
// handlers (`route.ts`) are not wrapped by layouts and keep their own auth. Next.js renders a layout
// and its page in parallel and keeps the layout across client navigations, so a page's own data
// reads are not ordered after the check: the pages keep a `layout-guard` tag (the same idea as
// React Router's `_layout` loaders, react-router/layout.ts).
import { posix } from 'node:path';
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import type { FunctionLike, JsIndex } from '../_lib/ast.js';
import { summarizeHandler } from '../_lib/routes-handler.js';
import { handlerAuth } from './session-check.js';

const LAYOUT_GUARD = 'nextjs-layout-guard';
const RANK: Record<string, number> = { none: 0, unknown: 1, user: 2, admin: 3 };

/** The fact for a layout whose component refuses callers without a session (or without the admin role). */
export function layoutGuardFact(fn: FunctionLike, index: JsIndex): FactInput | undefined {
  const { inline } = handlerAuth(summarizeHandler(fn, index).inline, fn, index);
  const level = inline?.level === 'admin' ? 'admin' : inline?.level === 'user' || inline?.level === 'role' ? 'user' : undefined;
  if (!level) return undefined;
  const why = `layout ${index.file}:${index.line(fn)}: ${inline?.why ?? ''}`;
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: LAYOUT_GUARD, values: { folder: posix.dirname(index.file), level, why }, evidence: index.evidence(fn), key: `${index.file}#${LAYOUT_GUARD}` };
  return fact;
}

/** Pages below a guarded layout's folder get its level (the strictest of their layouts). */
export function linkLayoutGuards(facts: Fact[]): Fact[] {
  const guards = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === LAYOUT_GUARD);
  if (guards.length === 0) return facts;
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === LAYOUT_GUARD) continue;
    if (f.kind !== 'entrypoint' || f.framework !== 'nextjs' || !f.tags?.includes('server-rendered-page')) {
      out.push(f);
      continue;
    }
    const covering = guards.filter((g) => f.evidence.file.startsWith(`${String(g.values.folder)}/`));
    const best = covering.sort((a, b) => RANK[String(b.values.level)] - RANK[String(a.values.level)])[0];
    if (!best || RANK[String(best.values.level)] <= RANK[f.auth ?? 'none']) {
      out.push(f);
      continue;
    }
    const linked: EntrypointFact = {
      ...f,
      auth: best.values.level as EntrypointFact['auth'],
      authEvidence: [...(f.authEvidence ?? []), String(best.values.why)],
      tags: [...new Set([...(f.tags ?? []), 'layout-guard'])].sort(),
    };
    out.push(linked);
  }
  return out;
}
