// Authorisation libraries on a Rails action: CanCanCan (`authorize_resource`,
// `load_and_authorize_resource`, `authorize! :act, @x`, `check_authorization`) judged against the
// repository's Ability class, and Pundit (`authorize @x`, `after_action :verify_authorized`,
// `policy_scope`) judged against its policy classes. What an action requires is the strictest of its
// checks. Heuristics (the text cannot always say): a check whose ability or policy method is not found
// needs `user` (CanCan grants nothing without a rule, Pundit's generated defaults answer false); an
// action of a controller that must authorise (`check_authorization`, `verify_authorized`) where no
// check is visible is `unknown` (it authorises somewhere this reader does not follow).
import type { AuthLevel, Fact } from '../../../model/types.js';
import { RANK } from '../../java/_lib/access.js';
import { type Ability, abilityFor, snake } from './cancan.js';
import type { Callback, RailsController } from './controllers.js';
import type { Policy } from './pundit.js';

export interface AuthzIndex {
  abilities: Map<string, { file: string; ability: Ability }>;
  policies: Map<string, { file: string; policy: Policy }>;
  policiesByName: Map<string, Policy>;
}

export function indexAuthz(facts: Fact[], abilitySetting: string, policySetting: string): AuthzIndex {
  const index: AuthzIndex = { abilities: new Map(), policies: new Map(), policiesByName: new Map() };
  for (const f of facts) {
    if (f.kind !== 'config' || (f.setting !== abilitySetting && f.setting !== policySetting)) continue;
    try {
      if (f.setting === abilitySetting) {
        const ability = JSON.parse(String(f.values.data)) as Ability;
        index.abilities.set(ability.name, { file: String(f.values.file), ability });
      } else {
        const policy = JSON.parse(String(f.values.data)) as Policy;
        index.policies.set(policy.subject, { file: String(f.values.file), policy });
        index.policiesByName.set(policy.name, policy);
      }
    } catch {
      /* an unreadable record costs that ability or policy only */
    }
  }
  return index;
}

export interface ChainLink {
  file: string;
  ctrl: RailsController;
}

export interface AuthzVerdict {
  level: AuthLevel;
  why: string[];
  /** An ownership condition (`can :update, Post, user: user`, `record.user == user`) decides on the loaded record. */
  owner: boolean;
}

function applies(cb: { only?: string[]; except?: string[] }, action: string): boolean {
  if (cb.only && !cb.only.includes(action)) return false;
  return !(cb.except && cb.except.includes(action));
}

export function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x)es$/.test(name)) return name.slice(0, -2);
  return name.endsWith('s') && !name.endsWith('ss') ? name.slice(0, -1) : name;
}

/** `@diary_entry` / `DiaryEntry` / `:dashboard` / `@user.posts` → `diary_entry` / `dashboard` / `user`. */
function subjectOf(expr: string): string {
  const m = /^[@:]*([\w:]+)/.exec(expr.trim());
  return m ? snake(m[1]) : '';
}

/** The Ability class a controller uses: `def current_ability ... ApiAbility.new` in its chain, else `Ability`. */
function abilityOf(chain: ChainLink[], index: AuthzIndex): { file: string; ability: Ability } | undefined {
  const named = chain.map((k) => /\b(\w*Ability)\.new\b/.exec(k.ctrl.bodies.current_ability ?? '')?.[1]).find(Boolean);
  return index.abilities.get(named ?? 'Ability') ?? index.abilities.get('Ability') ?? (index.abilities.size === 1 ? [...index.abilities.values()][0] : undefined);
}

function policyMethod(index: AuthzIndex, policy: Policy | undefined, method: string): Policy['methods'][string] | undefined {
  for (let p = policy, n = 0; p && n < 5; p = index.policiesByName.get(p.superclass.replace(/^::/, '')), n++) if (p.methods[method]) return p.methods[method];
  return undefined;
}

/** Bodies without their `def` line (a method named `authorize` is not a call to Pundit's). */
function withoutDef(body: string): string {
  return body.replace(/^\s*def\b[^\n]*\n?/, '');
}

export function actionAuthorization(chain: ChainLink[], controllerPath: string, action: string, callbacks: Callback[], index: AuthzIndex): AuthzVerdict | undefined {
  const owner = chain[0];
  if (!owner) return undefined;
  const bodies = [owner.ctrl.bodies[action], ...callbacks.map((cb) => chain.map((k) => k.ctrl.bodies[cb.name]).find((b) => b !== undefined))].filter((b): b is string => b !== undefined).map(withoutDef);
  const skipped = (name: RegExp) => chain.some((k) => (k.ctrl.authSkips ?? []).some((s) => name.test(s.name) && applies(s, action)));
  const checks: { level: AuthLevel; why: string; owner: boolean }[] = [];
  const ability = abilityOf(chain, index);
  const cancan = (act: string, subject: string, how: string) => {
    const v = ability ? abilityFor(ability.ability, act, subject) : undefined;
    if (v) checks.push({ level: v.level, owner: v.owner, why: `${how} (${ability?.file}:${v.line} grants ${act} on ${subject} to ${v.level === 'none' ? 'anyone' : v.level})` });
    else checks.push({ level: 'user', owner: false, why: `${how} (no ability rule found: assumed to need a user)` });
  };
  if (!skipped(/^skip_(?:load_and_)?authorize_resource$/)) {
    const last = controllerPath.split('/').pop() ?? '';
    for (const k of chain) for (const a of k.ctrl.authorizes ?? []) if (applies(a, action)) cancan(action, a.subject ?? singular(last), `authorize_resource ${a.subject ?? singular(last)}`);
  }
  for (const body of bodies) {
    for (const m of body.matchAll(/\bauthorize!\s*\(?\s*:(\w+[?!]?)\s*,\s*([@:]?[\w:]+)/g)) cancan(m[1], subjectOf(m[2]), `authorize! :${m[1]}, ${m[2]}`);
  }
  const pundit = index.policies.size > 0 || chain.some((k) => (k.ctrl.includes ?? []).some((i) => /^Pundit\b/.test(i)));
  if (pundit) {
    for (const body of bodies) {
      for (const m of body.matchAll(/(?<![\w.])authorize\s*\(?\s*(\[[^\]\n]*\]|[@:]?[\w:]+)(?:\s*,\s*:(\w+\?))?/g)) {
        const target = m[1].startsWith('[') ? (m[1].slice(1, -1).split(',').pop() ?? '') : m[1];
        const subject = subjectOf(target);
        const method = m[2] ?? `${action}?`;
        const entry = index.policies.get(subject);
        const rule = policyMethod(index, entry?.policy, method);
        if (rule) checks.push({ level: rule.level, owner: rule.owner, why: `authorize ${m[1]} (${entry?.file ?? 'policy'}:${rule.line} ${method} needs ${rule.level === 'none' ? 'nothing' : rule.level}${rule.owner ? ', ownership' : ''})` });
        else checks.push({ level: 'user', owner: false, why: `authorize ${m[1]} (policy ${method} not found: assumed to need a user)` });
      }
      if (/\bpolicy_scope\s*\(/.test(body)) checks.push({ level: 'none', owner: true, why: 'policy_scope limits the records to what the policy scope allows' });
    }
  }
  if (checks.length === 0) {
    const must = chain.flatMap((k) => k.ctrl.checksAuthorization ?? []).find((c) => applies(c, action) && !skipped(c.library === 'pundit' ? /^verify_authorized$/ : /^skip_authorization_check$/));
    if (must) return { level: 'unknown', owner: false, why: [`${must.library === 'pundit' ? 'verify_authorized' : 'check_authorization'}: the action must authorise (where is not read statically)`] };
    return undefined;
  }
  let level: AuthLevel = 'none';
  for (const c of checks) if (RANK[c.level] > RANK[level]) level = c.level;
  return { level, owner: checks.some((c) => c.owner), why: checks.map((c) => c.why) };
}
