// Guard helpers of a Meteor app defined in one file and called in another
// (`Authentication.checkUserId(req.userId)`, `checkAuth(token)`, `requireAdmin(this.userId)`):
// each file records the helpers it defines that refuse a missing or unprivileged caller by a
// throw (`meteor-guard`), each entry point the helpers it calls out of sight (`meteor-guard-use`);
// link raises the entry point's auth to what the helper enforces and removes both records.
import type { AuthLevel, ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { functionOf, isFunctionLike, paramNames, propertyKey, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { meteorAuth } from './auth.js';

export const GUARD_DEF = 'meteor-guard';
export const GUARD_USE = 'meteor-guard-use';

/** Parameters that carry the caller when a route hands the helper `this.userId` / `req.userId` / the user. */
const CALLER_PARAM = /user|uid|caller|account|member|actor|requester/i;

/** Top-level functions and the methods of top-level object literals (`export const Auth = { check(userId) {...} }`). */
function candidates(index: JsIndex): { name: string; fn: FunctionLike }[] {
  const out: { name: string; fn: FunctionLike }[] = [];
  for (const stmt of index.program.body as AstNode[]) {
    let s: AstNode | null | undefined = stmt;
    if (s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') s = s.declaration as AstNode | null;
    if (!s) continue;
    if (s.type === 'FunctionDeclaration' && s.id) out.push({ name: s.id.name, fn: s as FunctionLike });
    if (s.type !== 'VariableDeclaration') continue;
    for (const d of s.declarations) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      const init = unwrap(d.init as AstNode);
      const fn = functionOf(init, index);
      if (fn && isFunctionLike(init)) out.push({ name: d.id.name, fn });
      else if (init.type === 'ObjectExpression') {
        for (const p of init.properties) {
          const key = p.type === 'Property' ? propertyKey(p as AstNode) : undefined;
          const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
          if (key && v && isFunctionLike(v)) out.push({ name: key, fn: v });
        }
      }
    }
  }
  return out;
}

export function guardDefinitions(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const { name, fn } of candidates(index)) {
    if (!fn.body || !/\bthrow\b/.test(index.text(fn.body as AstNode))) continue;
    const auth = meteorAuth(fn, index, { seeded: paramNames(fn).filter((p) => CALLER_PARAM.test(p)) });
    if (!auth?.level) continue;
    out.push({ kind: 'config', setting: GUARD_DEF, values: { name, level: auth.level, why: auth.why }, evidence: index.evidence(fn as AstNode), key: `${index.file}#${GUARD_DEF}:${name}` });
  }
  return out;
}

const RANK: Record<AuthLevel, number> = { none: 0, unknown: 1, user: 2, admin: 3 };

export function applyGuardHelpers(facts: Fact[]): Fact[] {
  const defs = new Map<string, { level: AuthLevel; why: string; file: string }>();
  const uses: ConfigFact[] = [];
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === GUARD_USE) uses.push(f);
    if (f.setting !== GUARD_DEF) continue;
    const name = String(f.values.name);
    const level = f.values.level as AuthLevel;
    const prev = defs.get(name);
    // Two helpers of one name: the weaker decides.
    if (!prev || RANK[level] < RANK[prev.level]) defs.set(name, { level, why: String(f.values.why), file: f.evidence.file });
  }
  if (uses.length === 0 && defs.size === 0) return facts;
  const byRoute = new Map<string, ConfigFact>();
  for (const u of uses) byRoute.set(`${String(u.values.routeFile)}:${String(u.values.routeLine)}`, u);
  return facts.flatMap((f): Fact[] => {
    if (f.kind === 'config' && (f.setting === GUARD_DEF || f.setting === GUARD_USE)) return [];
    if (f.kind !== 'entrypoint' || f.framework !== 'meteor') return [f];
    const use = byRoute.get(`${f.evidence.file}:${f.evidence.line}`);
    if (!use) return [f];
    let best: { level: AuthLevel; why: string } | undefined;
    for (const h of String(use.values.helpers).split(',')) {
      const d = defs.get(h);
      if (d && (!best || RANK[d.level] > RANK[best.level])) best = { level: d.level, why: `calls ${h} (${d.file}): ${d.why}` };
    }
    // A helper named like a guard whose body is out of sight: some check, of unknown strength.
    if (!best && f.auth === 'none') best = { level: 'unknown', why: `calls ${String(use.values.helpers)}` };
    if (!best || RANK[best.level] <= RANK[f.auth]) return [f];
    const ep: EntrypointFact = { ...f, auth: best.level, authEvidence: [...(f.authEvidence ?? []), best.why] };
    return [ep];
  });
}
