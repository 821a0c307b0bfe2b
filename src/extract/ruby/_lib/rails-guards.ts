// What a Rails callback or action body does about the current user, read from its text: a guard
// denies when nobody is logged in (redirect, 401/403/400, raise), an optional loader only sets the
// user, a guest-only filter denies when somebody IS logged in, and an action that refuses unless a
// predicate on the user holds (`return head :forbidden unless @story.editable_by?(@user)`) checks
// authorisation itself.
import type { AuthLevel } from '../../../model/types.js';
import { adminLikeText } from '../../js/_lib/routes.js';

/** The current user as Rails apps name it: `current_user`, `@user`, `@current_account`, Devise helpers. */
const USER = String.raw`(?:@(?:current_)?(?:user|account|member)\b|\bcurrent_\w+|\buser_signed_in\?|\blogged_in\?|\bsigned_in\?)`;
const USER_RE = new RegExp(USER);
const OTHER_CHECKS = /session\[|authenticate|warden|token|\bapi_key\b/;
/** Denial: redirect, 401/403 (or 400 for XHR-only guards), raise, halt, Devise's bang helpers. */
const DENY = String.raw`(?:redirect_to\b|\bauthenticate_or_request_with_http_(?:basic|token|digest)\b|head\s*\(?\s*:(?:unauthorized|forbidden|not_found|bad_request)|render\b[^\n]*status:\s*(?::(?:unauthorized|forbidden|not_found|bad_request)|40[0-4])|\braise\b|render_unauthorized|\bhalt\b|authenticate\w*!)`;
const DENY_RE = new RegExp(DENY);
/** `redirect_to "/" if @user` or `if current_user` followed by a denial: the filter keeps logged-in users out. */
const GUEST_ONLY = new RegExp(String.raw`${DENY}[^\n]*\bif\s+${USER}\s*$|^\s*if\s+${USER}[ \t]*(?:#[^\n]*)?\n(?:[^\n]*\n)?\s*(?:return\s+)?${DENY}`, 'm');
/** Sets the current user (`@user = user`, `@current_user ||= ...`): a loader, not a guard, when it never denies. */
const LOADS_USER = /@(?:current_)?(?:user|account|member)\s*\|{0,2}=(?!=)|\bself\.current_(?:user|account|member)\s*=(?!=)/;
/** `if session[:user]` / `if current_user` opening the body: what follows only runs for a signed-in user. */
const SIGNED_IN_BLOCK = /^(\s*)if\s+(?:session\[[^\]\n]+\]|current_\w+|@(?:current_)?(?:user|account|member))\s*$/;

/**
 * A loader whose denials all sit inside `if session[:user] ... end` (a suspended account, unseen
 * terms) turns nobody away for being anonymous: optional, not a guard.
 */
function deniesOnlySignedIn(body: string): boolean {
  const lines = body.split('\n').slice(1);
  const first = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const open = first >= 0 ? SIGNED_IN_BLOCK.exec(lines[first]) : null;
  if (!open) return false;
  const close = lines.findIndex((l, i) => i > first && new RegExp(String.raw`^${open[1]}end\b`).test(l));
  if (close < 0) return false;
  const after = lines.slice(close + 1).join('\n').split(/^\s*rescue\b/m)[0];
  return !DENY_RE.test(after);
}
/** `role` only as a word (`user.role`, `has_role?`): `@api_key_role` is a record, not a privilege test. */
const PRIVILEGE = String.raw`(?:admin|\brole\b|has_role|superuser|staff|moderator)`;
/** A condition without an alternative (`@hat.user == @user || @user.moderator?` lets owners through too). */
const ONLY = String.raw`(?:(?!\|\||\bor\b)[^\n])*`;
/**
 * A denial tied to a privilege test: `head :forbidden unless current_user.admin?`, `if !@user.admin?`
 * then a denial, or `if @user.moderator?` ... `else` denial. A role test that only picks a query
 * (`@story = if @user.moderator? ... else ...`) does not deny anybody.
 */
const PRIVILEGE_DENIAL = [
  new RegExp(String.raw`${DENY}[^\n]*\b(?:unless|if)\b${ONLY}${PRIVILEGE}${ONLY}$`, 'm'),
  new RegExp(String.raw`^\s*(?:if\s*!|if\s+not\b|unless\b)${ONLY}${PRIVILEGE}${ONLY}\n(?:[^\n]*\n){0,3}?\s*(?:return\s+)?${DENY}`, 'm'),
  new RegExp(String.raw`^\s*(?:if|elsif)\b${ONLY}${PRIVILEGE}${ONLY}\n(?:[^\n]*\n){0,2}?\s*else\s*\n(?:[^\n]*\n){0,2}?\s*(?:return\s+)?${DENY}`, 'm'),
];

export type Verdict = { level: AuthLevel; why: string } | 'optional' | undefined;

/**
 * A callback body defined in the repository: a guard (user or admin), an optional user loader
 * (sets the user, never denies) or neither.
 */
export function judgeCallbackBody(name: string, body: string): Verdict {
  const checksUser = USER_RE.test(body) || OTHER_CHECKS.test(body);
  if (!checksUser) return undefined;
  if (!DENY_RE.test(body)) return LOADS_USER.test(body) ? 'optional' : undefined;
  if (LOADS_USER.test(body) && deniesOnlySignedIn(body)) return 'optional';
  if (GUEST_ONLY.test(body)) return undefined;
  return { level: PRIVILEGE_DENIAL.some((re) => re.test(body)) || (adminLikeText(name) && !/_or_/.test(name)) ? 'admin' : 'user', why: `before_action :${name}` };
}

const HANDLER_CHECK = [
  // Rails' HTTP authentication helpers answer 401 unless credentials are given.
  /\bauthenticate_or_request_with_http_(?:basic|token|digest)\b/,
  // `return head :forbidden unless @story.editable_by?(@user)` / `raise NotAllowed unless ...`
  new RegExp(String.raw`${DENY}[^\n]*\b(?:unless|if\s*!)[^\n]*${USER}`),
  // `if !(@comment.deletable_by?(@user))` / `unless policy(@user)` then a denial within three lines
  new RegExp(String.raw`^\s*(?:if\s*!|if\s+not\b|unless\b)[^\n]*${USER}[^\n]*\n(?:[^\n]*\n){0,3}?\s*(?:return\s+)?${DENY}`, 'm'),
];

/** An action that refuses unless a predicate on the current user holds: it requires (at least) a user. */
export function handlerChecksUser(body: string): boolean {
  return HANDLER_CHECK.some((re) => re.test(body));
}

/** `unless: :signed_in?` / `if: -> { current_user.nil? }`: the callback runs only for anonymous visitors. */
const ANONYMOUS_ONLY_UNLESS = /signed_in\?|logged_in\?|authenticated\?|current_\w+|@(?:current_)?user\b/;
const ANONYMOUS_ONLY_IF = /(?:!\s*|\bnot\s+)(?:\w+_)?(?:signed_in|logged_in|authenticated)\?|current_\w+\.(?:nil|blank)\?|\bguest\?/;

/**
 * A callback that denies (redirects to sign-in, 401) and runs only when nobody is signed in
 * (`before_action :redirect_to_signin, unless: :signed_in?`) is a guard even though its body never
 * names the user.
 */
export function conditionalGuard(cb: { name: string; unless?: string; if?: string }, body: string | undefined): { level: AuthLevel; why: string } | undefined {
  const anonymousOnly = (cb.unless !== undefined && ANONYMOUS_ONLY_UNLESS.test(cb.unless)) || (cb.if !== undefined && ANONYMOUS_ONLY_IF.test(cb.if));
  if (!anonymousOnly) return undefined;
  if (body === undefined ? !/sign_?in|login|authenticat/.test(cb.name) : !DENY_RE.test(body)) return undefined;
  return { level: 'user', why: `before_action :${cb.name}, ${cb.unless !== undefined ? `unless: ${cb.unless}` : `if: ${cb.if ?? ''}`}` };
}

/** What a machine caller presents instead of a user: a signature, an HMAC, a signed JWT, a shared secret compared in constant time. */
const SIGNATURE = /signature|secure_compare|\bhmac\b|\bjwt\b|\bjwks?\b/i;
/** A bang call that raises on a mismatch (`secure_compare!(x)`, `@jwt.verify!(keys)`). */
const RAISING_CHECK = /\.\s*(?:verify|secure_compare|validate)\w*!/;

/**
 * A callback that verifies a request signature or a shared secret and refuses (401/403, raise) on a
 * mismatch: the route authenticates its machine caller (a webhook, a token exchange) without a user.
 */
export function verifiesSignature(name: string, body: string): boolean {
  return SIGNATURE.test(`${name}\n${body}`) && (DENY_RE.test(body) || RAISING_CHECK.test(body));
}

/** Error statuses an action answers with when it refuses every caller (a retired endpoint). */
const REFUSAL_STATUS = /status:\s*(?::(?:forbidden|gone|not_found|unauthorized|method_not_allowed|not_implemented|bad_request|unprocessable_entity)|4\d\d)|\bhead\s*\(?\s*(?::(?:forbidden|gone|not_found|unauthorized|method_not_allowed|not_implemented|bad_request)|4\d\d)/;

/**
 * An action whose whole body is one `render`/`head` with an error status (`render status: :gone,
 * plain: "retired"`): it changes nothing, whoever calls it.
 */
export function onlyRefuses(body: string): boolean {
  const inner = body.split('\n').slice(1, -1).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (inner.length === 0 || !/^(?:render|head)\b/.test(inner[0])) return false;
  // one statement, continued over lines by a trailing backslash, comma or string concatenation
  const continued = inner.slice(0, -1).every((l) => /[\\,+]$|^["']|["']\s*\\?$/.test(l));
  return continued && REFUSAL_STATUS.test(inner.join(' '));
}
