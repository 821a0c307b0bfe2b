import type { AuthLevel, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { adminLikeText, authLikeName, routeTags } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { RANK } from '../../java/_lib/access.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { controllerClass, type RailsController, readControllers } from '../_lib/controllers.js';
import { isRubyFile, rubyLines, rubyTree } from '../_lib/files.js';
import { rackAttackFacts } from '../_lib/rack-attack.js';
import { conditionalGuard, handlerChecksUser, judgeCallbackBody, onlyRefuses, verifiesSignature } from '../_lib/rails-guards.js';
import { readRoutes } from '../_lib/routes-dsl.js';
import { readAbilities } from '../_lib/cancan.js';
import { readPolicies } from '../_lib/pundit.js';
import { actionAuthorization, type AuthzIndex, indexAuthz } from '../_lib/authorization.js';

const CONTROLLER_SETTING = 'rails-controller';
/** Internal records (consumed by link): CanCanCan Ability classes and Pundit policies. */
const ABILITY_SETTING = 'rails-cancan-ability';
const POLICY_SETTING = 'rails-pundit-policy';
const TARGET_TAG = '~rails:';
/** Devise and common authentication gems: what their callbacks require. */
const KNOWN: Record<string, AuthLevel> = {
  authenticate_user: 'user',
  'authenticate_user!': 'user',
  'authenticate_admin!': 'admin',
  'authenticate_admin_user!': 'admin',
  'require_login': 'user',
  'authenticate!': 'user',
  'doorkeeper_authorize!': 'user',
  'authenticate_request!': 'user',
  http_basic_authenticate_with: 'user',
};

/** Devise's generated helper for any scope: `authenticate_member!`, `authenticate_admin!`. */
function deviseScope(name: string): AuthLevel | undefined {
  const m = /^authenticate_(\w+)!$/.exec(name);
  return m ? (adminLikeText(m[1]) ? 'admin' : 'user') : undefined;
}

function isRoutesFile(path: string): boolean {
  return /(?:^|\/)config\/routes(?:\.rb|\/[\w-]+\.rb)$/.test(path);
}

function sinatraFacts(file: { path: string; content: string }, evidence: (line: number) => FactInput['evidence']): FactInput[] {
  const text = blankComments(file.content, true);
  const facts: FactInput[] = [];
  const globalAuth = /\bbefore\s+do\b[\s\S]*?\b(?:halt\s+40[13]|authenticate!|protected!|warden\.authenticate)/.test(text);
  for (const m of text.matchAll(/^\s*(get|post|put|patch|delete|options)\s+['"]([^'"]+)['"]\s*(?:,[^\n]*)?\s+do\b([\s\S]*?)^\s*end\b/gm)) {
    const method = m[1].toUpperCase();
    const body = m[3];
    const inline = /\b(?:halt\s+40[13]|authenticate!|protected!|authorize!|require_login|warden\.authenticate)/.test(body);
    const level: AuthLevel = inline || globalAuth ? (/admin/i.test(body) ? 'admin' : 'user') : 'none';
    facts.push({
      kind: 'entrypoint',
      protocol: 'http',
      framework: 'sinatra',
      method,
      path: m[2],
      middleware: [],
      auth: level,
      authEvidence: level === 'none' ? [] : [inline ? 'check in the route block' : 'before filter'],
      tags: routeTags(method, m[2], [], undefined),
      evidence: evidence(lineAt(text, (m.index ?? 0) + m[0].indexOf(m[1]))),
      key: `${file.path}#entrypoint:http ${method} ${m[2]}`,
    });
  }
  return facts;
}

export const extractor: Extractor = {
  id: 'ruby/rails',
  title: 'Rails routes and controllers (before_action authentication, CSRF, strong parameters) and Sinatra routes',
  matches: (path) => isRubyFile(path) || isRoutesFile(path),
  signals: ['Controller', 'Concern', 'routes', 'resources', 'get ', 'post ', 'Sinatra', 'sinatra', 'permit!', 'Rack::Attack', 'CanCan', 'Policy', 'devise_for'],
  extract(file, ctx) {
    const facts: FactInput[] = [];
    const lines = rubyLines(file, ctx);
    const evidence = (line: number) => lines.evidence(file.path, line);
    if (isRoutesFile(file.path)) {
      for (const r of readRoutes(file.content)) {
        const target = r.mount ? `mount:${r.mount}` : r.target;
        facts.push({
          kind: 'entrypoint',
          protocol: 'http',
          framework: 'rails',
          method: r.method,
          path: r.path,
          middleware: [],
          auth: r.gate && RANK[r.gate.level] > RANK[r.fixed?.auth ?? 'none'] ? r.gate.level : (r.fixed?.auth ?? 'none'),
          authEvidence: [...(r.fixed?.auth === 'user' ? ['devise_for: Devise authenticates this scope'] : []), ...(r.gate ? [r.gate.why] : [])],
          tags: r.fixed ? [...new Set([...routeTags(r.method, r.path, [], r.target.split('#')[1]), ...r.fixed.tags])] : routeTags(r.method, r.path, [], r.target.split('#')[1], [`${TARGET_TAG}${target}`]),
          evidence: evidence(r.line),
          key: `${file.path}#entrypoint:http ${r.method} ${r.path}`,
        });
      }
      return facts.length > 0 ? facts : null;
    }
    if (/\bsinatra\b|Sinatra::/.test(file.content)) facts.push(...sinatraFacts(file, evidence));
    if (file.content.includes('Rack::Attack')) facts.push(...rackAttackFacts(file.path, file.content, evidence));
    if (file.content.includes('CanCan::Ability') || /(?:^|\/)app\/(?:models\/ability|abilities\/\w+)\.rb$/.test(file.path)) {
      for (const a of readAbilities(blankComments(file.content, true))) facts.push({ kind: 'config', setting: ABILITY_SETTING, values: { data: JSON.stringify(a), file: file.path }, evidence: evidence(1), key: `${file.path}#${ABILITY_SETTING}:${a.name}` });
    }
    if (/(?:^|\/)app\/policies\/[\w/]+_policy\.rb$/.test(file.path)) {
      for (const p of readPolicies(blankComments(file.content, true))) facts.push({ kind: 'config', setting: POLICY_SETTING, values: { data: JSON.stringify(p), file: file.path }, evidence: evidence(1), key: `${file.path}#${POLICY_SETTING}:${p.name}` });
    }
    // Only a file that names a controller or a concern needs the tree (and most Ruby files do not).
    const mixins = /(?:^|\/)app\/controllers\//.test(file.path) || file.content.includes('ActiveSupport::Concern');
    const declaresController = /\bclass\s+[\w:]*Controller\b/.test(file.content);
    for (const c of declaresController || mixins ? readControllers(rubyTree(file, ctx).root) : []) {
      if (!/Controller$/.test(c.name) && !(c.kind === 'module' && mixins)) continue;
      facts.push({ kind: 'config', setting: CONTROLLER_SETTING, values: { data: JSON.stringify(c), file: file.path }, evidence: evidence(c.line), key: `${file.path}#${CONTROLLER_SETTING}:${c.name}` });
      for (const skip of c.skips.filter((s) => s.name === 'verify_authenticity_token')) {
        facts.push({ kind: 'config', setting: 'rails-csrf', values: { skipped: true, controller: c.name, only: skip.only?.join(',') ?? null }, summary: `${c.name} skips verify_authenticity_token`, evidence: evidence(skip.line), key: `${file.path}#rails-csrf:${c.name}` });
      }
    }
    const forgery = file.content.includes('protect_from_forgery');
    if (!forgery && !file.content.includes('permit!')) return facts.length > 0 ? facts : null;
    const text = blankComments(file.content, true);
    const nullSession = forgery ? /\bprotect_from_forgery\b[^\n]*with:\s*:null_session/.exec(text) : null;
    if (nullSession) facts.push({ kind: 'config', setting: 'rails-csrf', values: { skipped: false, nullSession: true }, summary: 'protect_from_forgery with: :null_session', evidence: evidence(lineAt(text, nullSession.index)), key: `${file.path}#rails-csrf:null-session` });
    for (const m of text.matchAll(/\bparams(?:\.require\([^)]*\))?\.permit!/g)) {
      const line = lineAt(text, m.index ?? 0);
      facts.push({ kind: 'config', setting: 'rails-permit-all', values: { expression: m[0] }, summary: 'params.permit! allows every attribute', evidence: evidence(line), key: `${file.path}#rails-permit-all:${line > 0 ? m[0] : ''}` });
    }
    return facts.length > 0 ? facts : null;
  },
  link: linkControllers,
};

interface Known {
  file: string;
  ctrl: RailsController;
}

/** `include Authenticatable` → the concern's record (resolved in the class's namespace first). */
function resolveIncludes(k: Known, controllers: Map<string, Known>): Known[] {
  const namespace = k.ctrl.name.split('::').slice(0, -1);
  const out: Known[] = [];
  for (const name of k.ctrl.includes ?? []) {
    let found: Known | undefined;
    for (let n = namespace.length; n >= 0 && !found; n--) found = controllers.get([...namespace.slice(0, n), name.replace(/^::/, '')].join('::'));
    if (found && found.ctrl.kind === 'module') out.push(found);
  }
  return out;
}

/**
 * What a callback requires, judged by its body when the repository defines it (in the controller,
 * an ancestor or an included concern), else by known gem names. A callback that only loads the
 * user when a session exists requires nothing.
 */
function judge(name: string, chain: Known[]): { level: AuthLevel; why: string } | undefined {
  const body = chain.map((k) => k.ctrl.bodies[name]).find((b) => b !== undefined);
  if (body !== undefined) {
    const verdict = judgeCallbackBody(name, body);
    if (verdict !== undefined && verdict !== 'optional') return verdict;
    // A loader that hands over to a guard of its own class (`@user = authenticated_user(key)`,
    // whose body demands HTTP credentials): the helper's denial is the callback's.
    const helper = calleeGuard(name, body, chain);
    return helper ?? undefined;
  }
  if (KNOWN[name]) return { level: KNOWN[name], why: `before_action :${name}` };
  const devise = deviseScope(name);
  if (devise) return { level: devise, why: `before_action :${name}` };
  if (authLikeName(name)) return { level: adminLikeText(name) ? 'admin' : 'unknown', why: `before_action :${name}` };
  return undefined;
}

/** Modules an authentication library puts its controllers in (Devise `users/sessions`). */
const AUTH_MODULE = /^(?:users?|accounts?|auth|devise|identity|members?|customers?)$/;

/**
 * The conventional controllers of an authentication flow (Rails 8's generator, Clearance, Devise):
 * a write to `sessions` signs in, to `passwords` resets a forgotten password, to `(email_)confirmations`
 * sends or checks a confirmation e-mail. Public by design, wherever the action's own name says less.
 */
function authFlowTag(path: string, action: string | undefined, method: string | undefined): string | undefined {
  if (!action || !method || method === 'GET' || method === 'DELETE' || action === 'destroy') return undefined;
  const segs = path.split('/');
  const last = segs.pop() ?? '';
  if (!segs.every((s) => AUTH_MODULE.test(s))) return undefined;
  if (last === 'sessions') return 'login';
  if (last === 'passwords') return 'password-reset';
  if (/^(?:email_)?confirmations$/.test(last)) return 'email-verification';
  return undefined;
}

const CHALLENGE = /\bauthenticate_or_request_with_http_\w+|\brequest_http_\w+_authentication\b|head\s*\(?\s*:unauthorized|status:\s*(?::unauthorized|401)|render_unauthorized/;

/** The first method of the chain called by `body` (one level) that is a guard on its own. */
function calleeGuard(name: string, body: string, chain: Known[]): { level: AuthLevel; why: string } | undefined {
  const inner = body.split('\n').slice(1).join('\n');
  for (const m of inner.matchAll(/(?<![.:@\w])([a-z_]\w*[!?]?)/g)) {
    const callee = m[1];
    if (callee === name) continue;
    const calleeBody = chain.map((k) => k.ctrl.bodies[callee]).find((b) => b !== undefined);
    // Only a helper that challenges for credentials (HTTP auth, 401): one that merely redirects in
    // some situation (a compromised password, an MFA prompt) does not make its caller a guard.
    if (calleeBody === undefined || !CHALLENGE.test(calleeBody)) continue;
    const verdict = judgeCallbackBody(callee, calleeBody);
    if (verdict !== undefined && verdict !== 'optional') return { level: verdict.level, why: `before_action :${name} (through ${callee})` };
  }
  return undefined;
}

/** `verify_session_before only: [:edit]` → the callbacks the concern's macro registers, limited like the call. */
function expandMacros(k: Known, chain: Known[]): RailsController['callbacks'] {
  const out: RailsController['callbacks'] = [];
  for (const call of k.ctrl.macroCalls ?? []) {
    const macro = chain.map((c) => c.ctrl.macros?.[call.name]).find((m) => m !== undefined);
    for (const cb of macro ?? []) out.push({ ...cb, line: call.line, ...(call.only ? { only: call.only } : {}), ...(call.except ? { except: call.except } : {}) });
  }
  return out;
}

function applies(cb: { only?: string[]; except?: string[] }, action: string): boolean {
  if (cb.only && !cb.only.includes(action)) return false;
  if (cb.except && cb.except.includes(action)) return false;
  return true;
}

/**
 * Routes get their controller's (and its ancestors') before_action callbacks for the action,
 * minus skip_before_action, judged by what the callback does; the action's def becomes the handler.
 */
function linkControllers(facts: Fact[]): Fact[] {
  const controllers = new Map<string, Known>();
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== CONTROLLER_SETTING) continue;
    try {
      const ctrl = JSON.parse(String(f.values.data)) as RailsController;
      controllers.set(ctrl.name, { file: String(f.values.file), ctrl });
    } catch {
      /* an unreadable record costs that controller's auth only */
    }
  }
  const authz: AuthzIndex = indexAuthz(facts, ABILITY_SETTING, POLICY_SETTING);
  // Rack::Attack throttles that name the controller actions they count (`controller#action`).
  const throttled = new Set(facts.flatMap((f) => (f.kind === 'config' && f.setting === 'rate-limit' && f.values.scope === 'action' ? [String(f.values.action)] : [])));
  const byLowerName = new Map([...controllers].map(([name, k]) => [name.toLowerCase(), k]));
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && (f.setting === CONTROLLER_SETTING || f.setting === ABILITY_SETTING || f.setting === POLICY_SETTING)) continue;
    const tag = f.kind === 'entrypoint' ? f.tags?.find((t) => t.startsWith(TARGET_TAG)) : undefined;
    if (!tag || f.kind !== 'entrypoint') {
      out.push(f);
      continue;
    }
    const target = tag.slice(TARGET_TAG.length);
    const tags = (f.tags ?? []).filter((t) => t !== tag);
    const [path, action] = target.split('#');
    const chain: Known[] = [];
    // Inflection acronyms (`OIDC::ApiKeysController` for `oidc/api_keys`) differ only in case.
    const start = controllers.get(controllerClass(path)) ?? byLowerName.get(controllerClass(path).toLowerCase());
    for (let k = start; k && chain.length < 10 && !chain.includes(k); ) {
      chain.push(k);
      // A superclass name resolves in the class's own namespace first (Admin::BaseController).
      const parent = k.ctrl.superclass.replace(/^::/, '');
      const namespace = k.ctrl.name.split('::').slice(0, -1);
      let found: Known | undefined;
      for (let n = namespace.length; n >= 0 && !found; n--) found = controllers.get([...namespace.slice(0, n), parent].join('::'));
      // Included concerns sit between a class and its superclass (their methods are overridden by the class).
      for (const mixin of resolveIncludes(k, controllers)) if (!chain.includes(mixin)) chain.push(mixin);
      k = found;
    }
    // A routing block that checks the request (`constraints(AdminConstraint) do`) decided first.
    let level: AuthLevel = f.auth === 'user' || f.auth === 'admin' ? f.auth : 'none';
    const evidence: string[] = [...(f.authEvidence ?? [])];
    const skipped = new Set(chain.flatMap((k) => k.ctrl.skips.filter((s) => action && applies(s, action)).map((s) => s.name)));
    const active: RailsController['callbacks'] = [];
    /** An authentication callback names the action in `except:` or is skipped for it. */
    let exempted = false;
    /** A callback checks a signature or shared secret: a machine caller authenticated without a user. */
    let signed = false;
    for (const k of [...chain].reverse()) {
      for (const cb of [...k.ctrl.callbacks, ...expandMacros(k, chain)]) {
        if (!action) continue;
        if (!applies(cb, action) || skipped.has(cb.name)) {
          if (!exempted && (cb.except?.includes(action) || skipped.has(cb.name))) {
            const verdict = judge(cb.name, chain);
            exempted = verdict !== undefined && RANK[verdict.level] >= RANK.user;
          }
          continue;
        }
        active.push(cb);
        const cbBody = chain.map((c) => c.ctrl.bodies[cb.name]).find((b) => b !== undefined);
        if (cbBody !== undefined && verifiesSignature(cb.name, cbBody)) signed = true;
        const j = judge(cb.name, chain) ?? conditionalGuard(cb, chain.map((c) => c.ctrl.bodies[cb.name]).find((b) => b !== undefined));
        if (!j) continue;
        if (RANK[j.level] > RANK[level]) level = j.level;
        evidence.push(j.why);
      }
    }
    const owner = chain[0];
    const actionBody = owner && action ? owner.ctrl.bodies[action] : undefined;
    if (RANK[level] < RANK.user && actionBody !== undefined && handlerChecksUser(actionBody)) {
      level = 'user';
      evidence.push(`${action} denies unless the current user passes a check`);
    }
    // Authorisation libraries (CanCanCan, Pundit): the strictest check the action runs.
    const verdict = owner && action ? actionAuthorization(chain, path, action, active, authz) : undefined;
    if (verdict) {
      if (RANK[verdict.level] > RANK[level]) level = verdict.level;
      evidence.push(...verdict.why);
      // An ownership rule decides on the loaded record: an object-level check (BOLA).
      if (verdict.owner) tags.push('ownership-check');
    }
    // Left out of an authentication filter by name (`except: [:create]`, `skip_before_action`):
    // public by declaration, which rules weigh differently from a filter nobody wrote.
    // Granted to anyone by the application's own authorisation rules (CanCanCan `can :create, :export`
    // outside any signed-in branch): public by declaration too.
    if (level === 'none' && (exempted || (verdict?.level === 'none' && !verdict.owner))) tags.push('declared-public');
    if (action && throttled.has(`${path}#${action}`) && !tags.includes('rate-limited')) tags.push('rate-limited');
    if (level === 'none') {
      if (signed && !tags.includes('webhook-signature')) tags.push('webhook-signature');
      if (actionBody !== undefined && onlyRefuses(actionBody) && !tags.includes('no-state-change')) tags.push('no-state-change');
      const flow = authFlowTag(path, action, f.method);
      if (flow && !tags.includes(flow)) tags.push(flow);
    }
    const next: EntrypointFact = { ...f, tags, auth: level, authEvidence: evidence };
    // The action may be inherited (ProfileSectionsController#update serves every profile section).
    const definer = action ? chain.find((k) => k.ctrl.kind !== 'module' && k.ctrl.actions[action] !== undefined) : undefined;
    if (owner && action && definer) next.handler = { file: definer.file, line: definer.ctrl.actions[action], name: `${definer.ctrl.name}#${action}` };
    out.push(next);
  }
  return out;
}
