// `+layout.server.ts` loads that refuse callers without a session (`if (!locals.user) redirect(303,
// '/login')`) run for every page below their folder: those pages' `load` answers only signed-in
// callers (admins for a role check). SvelteKit runs a layout's load beside the page's, not for form
// actions nor for endpoints (`+server.ts`), so only page loads take the layout's level, tagged
// `layout-guard` (a client can ask for a page's data alone, skipping the layout: the docs advise
// checking in hooks or in each load).
import { posix } from 'node:path';
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import { type JsIndex } from '../_lib/ast.js';
import { summarizeHandler } from '../_lib/routes-handler.js';
import { handlerOfExport, kitAuth } from './handler.js';
import { applyFolderGuards } from '../nextjs/layout-guard.js';

const LAYOUT_GUARD = 'sveltekit-layout-guard';

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
  return applyFolderGuards(facts, guards, LAYOUT_GUARD, (f) => f.framework === 'sveltekit' && !!f.tags?.includes('sveltekit-load'));
}
