// App Router layout guards: `app/<segment>/layout.tsx` whose component reads the session and leaves
// without one (`if (!session) redirect('/')`, `notFound()`, also when `session.user.role !==
// 'admin'`) renders around every page below its folder: route groups, nested segments and parallel
// slots (`@modal`). Those pages are reached by signed-in users (admins for a role check). Route
// handlers (`route.ts`) are not wrapped by layouts and keep their own auth. Next.js renders a layout
// and its page in parallel and keeps the layout across client navigations, so a page's own data
// reads are not ordered after the check: the pages keep a `layout-guard` tag (the same idea as
// React Router's `_layout` loaders, react-router/layout.ts).
import { posix } from 'node:path';
import type { AuthFact, ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { nodesUnder, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { summarizeHandler } from '../_lib/routes-handler.js';
import { effectiveRole, fileNoExt, type MwRef } from '../_lib/routes.js';
import { WorkspaceResolver, type WorkspaceProject } from '../_lib/workspace-modules.js';
import { PathAliases } from '../_lib/path-aliases.js';
import { gateCalls } from './helper-calls.js';
import { handlerAuth } from './session-check.js';

const LAYOUT_GUARD = 'nextjs-layout-guard';
const RANK: Record<string, number> = { none: 0, unknown: 1, user: 2, admin: 3 };

/**
 * Same-file components the layout renders around its pages (`<AdminGate>{children}</AdminGate>`):
 * a gate awaited there holds back the pages as one in the layout's own body does.
 */
function wrappingComponents(fn: FunctionLike, index: JsIndex): FunctionLike[] {
  const out: FunctionLike[] = [];
  for (const el of nodesUnder(fn.body as AstNode, 'JSXElement')) {
    const name = (el.openingElement as AstNode & { name: AstNode }).name;
    if (name.type !== 'JSXIdentifier' || !/^[A-Z]/.test(name.name)) continue;
    const holdsChildren = nodesUnder(el as AstNode, 'Identifier').some((id) => id.name === 'children') || index.text(el as AstNode).includes('{children}');
    const component = index.functionByName(name.name);
    if (component && component !== fn && holdsChildren && !out.includes(component)) out.push(component);
  }
  return out;
}

/**
 * The fact for a layout whose component refuses callers without a session (or without the admin
 * role), or awaits imported page gates (`await requireAdmin()`, itself or in a component it wraps
 * its pages in) that link judges by js/nextjs-helpers' `guard-definition` of them.
 */
export function layoutGuardFact(fn: FunctionLike, index: JsIndex): FactInput | undefined {
  const { inline } = handlerAuth(summarizeHandler(fn, index).inline, fn, index);
  const level = inline?.level === 'admin' ? 'admin' : inline?.level === 'user' || inline?.level === 'role' ? 'user' : undefined;
  const gates = level ? [] : [fn, ...wrappingComponents(fn, index)].flatMap((f) => gateCalls(f, index));
  if (!level && gates.length === 0) return undefined;
  const why = `layout ${index.file}:${index.line(fn)}: ${inline?.why ?? ''}`;
  const values: ConfigFact['values'] = level ? { folder: posix.dirname(index.file), level, why } : { folder: posix.dirname(index.file), level: 'gate', why, gates: JSON.stringify(gates) };
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: LAYOUT_GUARD, values, evidence: index.evidence(fn), key: `${index.file}#${LAYOUT_GUARD}` };
  return fact;
}

/** Imported gates of a layout, judged by the `guard-definition` of the functions they call (throwing ones only). */
function judgeGates(guards: ConfigFact[], facts: Fact[]): ConfigFact[] {
  if (!guards.some((g) => g.values.level === 'gate')) return guards;
  const defs = new Map<string, AuthFact>();
  const projects: WorkspaceProject[] = [];
  const files = new Set<string>();
  for (const f of facts) {
    files.add(f.evidence.file);
    if (f.kind === 'project') projects.push({ name: f.name, root: f.root });
    if (f.kind !== 'auth' || f.role !== 'guard-definition' || f.details?.throws !== true) continue;
    for (const e of String(f.details.exports ?? '').split(',').filter(Boolean)) defs.set(`${fileNoExt(f.evidence.file)}#${e}`, f);
  }
  const resolver = new WorkspaceResolver(files, projects, PathAliases.from(facts));
  return guards.flatMap((g) => {
    if (g.values.level !== 'gate') return [g];
    let refs: MwRef[] = [];
    try {
      refs = JSON.parse(String(g.values.gates)) as MwRef[];
    } catch {
      return [];
    }
    let best: { level: string; why: string } | undefined;
    for (const r of refs) {
      const file = r.module && r.from ? resolver.resolve(r.from, r.module) : undefined;
      const def = file ? defs.get(`${file}#${r.export ?? ''}`) : undefined;
      // `requireRole(['admin'])`: a role guard whose use site names the role (routes.ts effectiveRole).
      const role = def?.details?.level === 'role' ? effectiveRole({ name: r.name, role: 'auth-role', args: r.args }) : undefined;
      const level = role ? (role === 'auth-admin' ? 'admin' : 'user') : String(def?.details?.level ?? '');
      if (def && (level === 'user' || level === 'admin') && RANK[level] > RANK[best?.level ?? 'none']) best = { level, why: `${r.name}(): ${String(def.details?.why ?? '')} in ${def.evidence.file}` };
    }
    return best ? [{ ...g, values: { ...g.values, level: best.level, why: `${String(g.values.why)}${best.why}` } }] : [];
  });
}

/** Pages below a guarded layout's folder get its level (the strictest of their layouts). */
export function linkLayoutGuards(facts: Fact[]): Fact[] {
  const found = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === LAYOUT_GUARD);
  if (found.length === 0) return facts;
  return applyFolderGuards(facts, judgeGates(found, facts), LAYOUT_GUARD, (f) => f.framework === 'nextjs' && !!f.tags?.includes('server-rendered-page'));
}

/**
 * Gives each entry point that `covers` takes the strictest level of the guards (config facts of
 * `setting`, with `folder`, `level` and `why`) whose folder holds its file; drops the guard facts.
 * Shared by the file-system routers whose layouts gate what lies below them (Next.js, SvelteKit).
 */
export function applyFolderGuards(facts: Fact[], guards: ConfigFact[], setting: string, covers: (f: EntrypointFact) => boolean): Fact[] {
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === setting) continue;
    if (f.kind !== 'entrypoint' || !covers(f)) {
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
