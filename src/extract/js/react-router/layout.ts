// Layout guards: a `_layout` loader in a `+` folder that refuses callers without a session (throws
// a redirect to sign-in, answers 401) runs before every page of the folder renders, so their
// loaders are reached by signed-in users. Not their actions: React Router runs the target route's
// action alone and the parent loaders only afterwards, so an action needs its own check. Data
// requests can also ask for one route's loader alone, so the routes keep a `layout-guard` tag.
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import type { FunctionLike, JsIndex } from '../_lib/ast.js';
import { summarizeHandler } from '../_lib/routes-handler.js';
import { handlerAuth } from '../nextjs/session-check.js';
import type { RouteFile } from './paths.js';

const LAYOUT_GUARD = 'react-router-layout-guard';

export function layoutGuardFact(loader: FunctionLike, index: JsIndex, route: RouteFile): FactInput | undefined {
  const { inline } = handlerAuth(summarizeHandler(loader, index).inline, loader, index);
  const level = inline?.level === 'admin' ? 'admin' : inline?.level === 'user' || inline?.level === 'role' ? 'user' : undefined;
  if (!level) return undefined;
  const why = `layout loader ${index.file}:${index.line(loader)}: ${inline?.why ?? ''}`;
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: LAYOUT_GUARD, values: { folder: route.folder, level, why }, evidence: index.evidence(loader), key: `${index.file}#${LAYOUT_GUARD}` };
  return fact;
}

export function linkLayoutGuards(facts: Fact[]): Fact[] {
  const guards = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === LAYOUT_GUARD);
  if (guards.length === 0) return facts;
  // Innermost folder first: a nested layout decides before an outer one.
  guards.sort((a, b) => String(b.values.folder).length - String(a.values.folder).length);
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === LAYOUT_GUARD) continue;
    if (f.kind !== 'entrypoint' || f.framework !== 'react-router' || f.method !== 'GET' || (f.auth !== 'none' && f.auth !== 'unknown')) {
      out.push(f);
      continue;
    }
    const guard = guards.find((g) => f.evidence.file.startsWith(`${String(g.values.folder)}/`));
    if (!guard) {
      out.push(f);
      continue;
    }
    const linked: EntrypointFact = {
      ...f,
      auth: guard.values.level as EntrypointFact['auth'],
      authEvidence: [...(f.authEvidence ?? []), String(guard.values.why)],
      tags: [...new Set([...(f.tags ?? []), 'layout-guard'])].sort(),
    };
    out.push(linked);
  }
  return out;
}
