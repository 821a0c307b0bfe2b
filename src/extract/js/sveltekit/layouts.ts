// `+layout.server.ts` loads that refuse callers without a session (`if (!locals.user) redirect(303,
// '/login')`) run for every page below their folder: those pages' `load` answers only signed-in
// callers (admins for a role check). SvelteKit runs a layout's load beside the page's, not for form
// actions nor for endpoints (`+server.ts`), so only page loads take the layout's level, tagged
// `layout-guard` (a client can ask for a page's data alone, skipping the layout: the docs advise
// checking in hooks or in each load).
import { posix } from 'node:path';
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { type JsIndex } from '../_lib/ast.js';
import { summarizeHandler } from '../_lib/routes-handler.js';
import { handlerOfExport, kitAuth } from './handler.js';

const LAYOUT_GUARD = 'sveltekit-layout-guard';
const RANK: Record<string, number> = { none: 0, unknown: 1, user: 2, admin: 3 };

/** The guard fact of a layout load that refuses callers without a session. */
export function layoutGuardFact(index: JsIndex, path: string): FactInput | undefined {
  const load = index.exports.get('load');
  const fn = load ? handlerOfExport(load, index).fn : undefined;
  if (!fn) return undefined;
  const inline = kitAuth(fn, index, summarizeHandler(fn, index).inline);
  if (inline?.level !== 'user' && inline?.level !== 'admin') return undefined;
  const fact: Omit<ConfigFact, 'extractor'> = {
    kind: 'config',
    setting: LAYOUT_GUARD,
    values: { folder: posix.dirname(index.file), level: inline.level, path, why: `layout ${index.file}:${index.line(fn)}: ${inline.why}` },
    evidence: index.evidence(fn),
    key: `${index.file}#${LAYOUT_GUARD}`,
  };
  return fact;
}

/** Page loads below a guarded layout's folder get its level (the strictest of their layouts). */
export function linkKitLayouts(facts: Fact[]): Fact[] {
  const guards = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === LAYOUT_GUARD);
  if (guards.length === 0) return facts;
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === LAYOUT_GUARD) continue;
    if (f.kind !== 'entrypoint' || f.framework !== 'sveltekit' || !f.tags?.includes('sveltekit-load')) {
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
