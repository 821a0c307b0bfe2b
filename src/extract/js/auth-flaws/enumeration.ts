// Login and account-lookup handlers that answer differently when the account does not exist
// (CWE-204). Judged within one function: after a lookup keyed by what the client sent, the branch
// taken when no user was found is compared with the branch taken when the password is wrong (their
// messages, status codes and exception classes). A handler with no password check (a reset or
// "forgot" request) is kept when its missing-user answer names the missing account; the rule
// decides whether the route is one that must not tell.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, memberPath, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { bindingAt, core, requestLabel } from './request.js';
import { functionScopes } from './scopes.js';

/** Names of a looked-up account. */
const USER_VAR = /^(user|users|account|acct|member|customer|u|usr|found_?user|existing_?user|db_?user|user_?(doc|record|row|data|entity|obj|account|exists|found)|account_?(doc|record|row|entity))$/i;
/** Flags and codes of a lookup that found nobody: `err.noSuchUser`, `code === 'USER_NOT_FOUND'`. */
const NO_USER_FLAG = /no[-_\s]?such[-_\s]?user|user[-_\s]?not[-_\s]?found|unknown[-_\s]?user|account[-_\s]?not[-_\s]?found|user[-_\s]?does[-_\s]?not[-_\s]?exist|UserNotFound/i;
/** Results and flags of a password check. */
const PASSWORD_RESULT = /pass|valid|match|correct|compare|verif|same|auth/i;
const BAD_PASSWORD_FLAG = /(invalid|wrong|bad|incorrect)[-_\s]?password|password[-_\s]?(mismatch|invalid|incorrect|wrong)|PasswordMismatch/i;
/** Calls that check a password. */
const PASSWORD_CALL = /^(compare|compareSync|verify|verifySync|validPassword|validatePassword|checkPassword|comparePassword|isPasswordCorrect|isValidPassword|verifyPassword|isMatch|authenticate|matchPassword|passwordMatches|checkPasswordHash|check_password_hash)$/i;
/** An answer that names the missing account. */
export const REVEALS_ACCOUNT = /not[-_\s]?found|no[-_\s]?(such[-_\s]?)?(user|account)|does[-_\s]?n['o]?t[-_\s]?exist|not[-_\s]?exist|unknown[-_\s]?(user|e-?mail|account|username)|not[-_\s]?registered|no[-_\s]?account|invalid[-_\s]?(user[-_\s]?name|username|e-?mail|user)(?![-_\s]*(or|and|\/|&))|incorrect[-_\s]?(user[-_\s]?name|username|e-?mail)(?![-_\s]*(or|and|\/|&))/i;
/** An answer about the password alone (not "e-mail or password"). */
const ABOUT_PASSWORD = /password|passcode/i;
const EITHER = /(e-?mail|user[-_\s]?name|username|login|account|credential|user|identifier)[-_\s]*(or|and\/or|\/|&|and)[-_\s]*password|password[-_\s]*(or|and\/or|\/|&|and)[-_\s]*(e-?mail|user[-_\s]?name|username)|credential/i;
/** Passport's local strategy: its verify callback receives the login name as a parameter. */
const STRATEGY = /Strategy$/;

type Kind = 'missing-user' | 'bad-password';
interface Branch { kind: Kind; node: AstNode; at: AstNode; test: AstNode; fn: FunctionLike }
interface Answer { texts: Set<string>; statuses: Set<string>; errors: Set<string> }

export function enumerationFacts(index: JsIndex): FactInput[] {
  const byFn = new Map<FunctionLike, Branch[]>();
  for (const s of index.nodesOf('IfStatement')) {
    const fn = index.enclosingFunction(s);
    if (!fn) continue;
    for (const b of branchesOf(s, fn, index)) {
      const list = byFn.get(fn) ?? [];
      list.push(b);
      byFn.set(fn, list);
    }
  }
  const out: FactInput[] = [];
  for (const [fn, branches] of byFn) {
    const missing = branches.find((b) => b.kind === 'missing-user');
    if (!missing) continue;
    const lookup = lookupFromClient(missing, index);
    if (!lookup) continue;
    const userAnswer = answerOf(missing.node, index);
    if (empty(userAnswer)) continue;
    const bad = branches.find((b) => b.kind === 'bad-password' && b.node.start > missing.test.start - 1) ?? branches.find((b) => b.kind === 'bad-password');
    const passwordAnswer = bad ? answerOf(bad.node, index) : undefined;
    const fnName = index.functionName(fn) ?? index.enclosingFunctionName(fn);
    // The functions around the check, innermost first (`start-end;…`): the rule finds the route whose handler is one of them.
    const scopes = functionScopes(fn, index);
    if (bad && passwordAnswer && !empty(passwordAnswer)) {
      const how = tells(userAnswer, passwordAnswer);
      if (!how) continue;
      out.push({
        kind: 'config',
        setting: 'login-enumeration',
        values: { flow: 'login', how, userAnswer: render(userAnswer), passwordAnswer: render(passwordAnswer), passwordLine: index.line(bad.at), lookup, scopes },
        summary: `missing account answered "${render(userAnswer)}", wrong password "${render(passwordAnswer)}"`,
        evidence: index.evidence(missing.at),
        key: `${index.file}#config:login-enumeration:${fnName}`,
      });
    } else if (!bad && !branches.some((b) => b.kind === 'bad-password')) {
      // No password in this function: an account lookup (reset, forgot, resend). Kept only when
      // the answer itself says the account is missing.
      const text = [...userAnswer.texts].find((t) => REVEALS_ACCOUNT.test(t));
      const notFound = [...userAnswer.statuses].some((s) => s === '404' || /NOT_FOUND|NotFound/.test(s)) || [...userAnswer.errors].some((e) => /NotFound/.test(e));
      if (!text && !notFound) continue;
      out.push({
        kind: 'config',
        setting: 'login-enumeration',
        values: { flow: 'lookup', how: text ? 'message' : 'status', userAnswer: render(userAnswer), lookup, scopes },
        summary: `missing account answered "${render(userAnswer)}"`,
        evidence: index.evidence(missing.at),
        key: `${index.file}#config:login-enumeration:${fnName}`,
      });
    }
  }
  return out;
}

/** The branches of an `if` that run when no user was found or the password was wrong. */
function branchesOf(s: AstNode & { type: 'IfStatement' }, fn: FunctionLike, index: JsIndex): Branch[] {
  const out: Branch[] = [];
  const test = unwrap(s.test as AstNode);
  const parts = disjuncts(test);
  const kinds = parts.map((p) => conditionOf(p, index));
  // `if (!user || !valid)`: one answer for both, nothing to tell apart.
  if (kinds.some((k) => k?.kind === 'missing-user') && kinds.some((k) => k?.kind === 'bad-password')) return out;
  const k = kinds.length === 1 ? kinds[0] : kinds.find((x) => x && !x.positive);
  if (!k) return out;
  const node = k.positive ? (s.alternate as AstNode | null) : (s.consequent as AstNode);
  if (!node) return out;
  out.push({ kind: k.kind, node, at: s, test, fn });
  return out;
}

function disjuncts(n: AstNode): AstNode[] {
  const u = unwrap(n);
  if (u.type === 'LogicalExpression' && u.operator === '||') return [...disjuncts(u.left as AstNode), ...disjuncts(u.right as AstNode)];
  return [u];
}

/** What a condition tests: `!user`, `user == null`, `err.noSuchUser` (missing user); `!valid`, `!(await bcrypt.compare())`, `err.invalidPassword` (bad password). `positive` when the test passes for the good case. */
function conditionOf(n: AstNode, index: JsIndex): { kind: Kind; positive: boolean } | undefined {
  const u = unwrap(n);
  let negated = false;
  let subject: AstNode = u;
  if (u.type === 'UnaryExpression' && u.operator === '!') {
    negated = true;
    subject = unwrap(u.argument as AstNode);
  } else if (u.type === 'BinaryExpression' && ['==', '===', '!=', '!=='].includes(u.operator)) {
    const right = unwrap(u.right as AstNode);
    const nullish = (right.type === 'Literal' && (right.value === null || right.value === false)) || (right.type === 'Identifier' && right.name === 'undefined');
    if (!nullish) {
      const text = index.text(u);
      if (NO_USER_FLAG.test(text)) return { kind: 'missing-user', positive: u.operator.startsWith('!') };
      if (BAD_PASSWORD_FLAG.test(text)) return { kind: 'bad-password', positive: u.operator.startsWith('!') };
      return undefined;
    }
    negated = u.operator === '==' || u.operator === '===';
    subject = unwrap(u.left as AstNode);
  }
  subject = core(subject) ?? subject;
  const path = memberPath(subject);
  if (path) {
    const last = path[path.length - 1];
    if (path.length <= 2 && USER_VAR.test(last) && (path.length === 1 || path[0] === 'this' || path[0] === 'result' || path[0] === 'data')) return { kind: 'missing-user', positive: !negated };
    if (NO_USER_FLAG.test(last)) return { kind: 'missing-user', positive: negated };
    if (BAD_PASSWORD_FLAG.test(last)) return { kind: 'bad-password', positive: negated };
    if (path.length === 1 && passwordChecked(last, subject, index)) return { kind: 'bad-password', positive: !negated };
    return undefined;
  }
  if (subject.type === 'CallExpression' && PASSWORD_CALL.test(calleeProperty(subject) ?? '')) return { kind: 'bad-password', positive: !negated };
  if (subject.type === 'BinaryExpression' && (subject.operator === '===' || subject.operator === '==') && /passw/i.test(index.text(subject))) return { kind: 'bad-password', positive: !negated };
  if (u.type === 'BinaryExpression' && (u.operator === '!==' || u.operator === '!=') && /passw/i.test(index.text(u))) return { kind: 'bad-password', positive: false };
  return undefined;
}

/** `valid` is the result of a password check: bound to a password call, or named for the password. */
function passwordChecked(name: string, at: AstNode, index: JsIndex): boolean {
  const b = bindingAt(name, at, index);
  if (!b) {
    // `user.comparePassword(pw, (err, isMatch) => { if (!isMatch) … })`
    const fn = index.enclosingFunction(at);
    const holder = fn && fn.params.some((p) => p.type === 'Identifier' && p.name === name) ? index.parent(fn) : undefined;
    if (holder?.type === 'CallExpression' && PASSWORD_CALL.test(calleeProperty(holder) ?? '')) return true;
    return /passw/i.test(name) && PASSWORD_RESULT.test(name.replace(/passw(or)?d/i, ''));
  }
  const init = core(b.init);
  if (init?.type === 'CallExpression') {
    const prop = calleeProperty(init) ?? '';
    return PASSWORD_CALL.test(prop) || (/passw/i.test(prop) && /compare|verif|check|match|valid|correct/i.test(prop));
  }
  // `const same = hash(password) === user.password`
  return init?.type === 'BinaryExpression' && (init.operator === '===' || init.operator === '==') && /passw/i.test(index.text(init));
}

/**
 * The lookup behind the missing-user test was keyed by client input: the user variable's
 * initialiser (or the call a callback holding the test was handed to) takes request data, or the
 * parameters of a passport strategy's verify function.
 */
function lookupFromClient(b: Branch, index: JsIndex): string | undefined {
  const root = rootName(b.test);
  let call: AstNode | undefined;
  if (root) {
    const bound = bindingAt(root, b.test, index);
    const init = bound && !bound.key ? core(bound.init) : undefined;
    if (init?.type === 'CallExpression') call = init;
    else if (bound?.key && core(bound.init)?.type === 'CallExpression') call = core(bound.init);
  }
  if (!call) {
    // A callback: `User.findOne({ email }, (err, user) => { if (!user) … })`.
    const holder = index.parent(b.fn);
    if (holder?.type === 'CallExpression' || holder?.type === 'NewExpression') call = holder;
  }
  if (!call || (call.type !== 'CallExpression' && call.type !== 'NewExpression')) return undefined;
  for (const a of call.arguments) {
    const arg = unwrap(a as AstNode);
    if (isFunctionLike(arg)) continue;
    const label = clientValueIn(arg, index);
    if (label) return label;
  }
  return undefined;
}

function rootName(test: AstNode): string | undefined {
  for (const p of disjuncts(test)) {
    let u = unwrap(p);
    if (u.type === 'UnaryExpression') u = unwrap(u.argument as AstNode);
    if (u.type === 'BinaryExpression') u = unwrap(u.left as AstNode);
    const path = memberPath(core(u) ?? u);
    if (path && path[0] !== 'this') return path[0];
  }
  return undefined;
}

/** Request data (or a strategy's login-name parameter) somewhere in a lookup argument. */
function clientValueIn(arg: AstNode, index: JsIndex): string | undefined {
  const candidates: AstNode[] = [arg];
  for (const type of ['Identifier', 'MemberExpression'] as const) for (const n of nodesUnder(arg, type)) if (n !== arg) candidates.push(n);
  for (const c of candidates) {
    const parent = index.parent(c);
    // A property key (`{ email: x }`) or the property name of a member is not a value.
    if (parent?.type === 'Property' && parent.key === c && !parent.shorthand) continue;
    if (parent?.type === 'MemberExpression' && parent.property === c) continue;
    const label = requestLabel(c, index);
    if (label) return label;
    if (c.type === 'Identifier' && strategyParam(c.name, c, index)) return `${c.name} (strategy parameter)`;
  }
  return undefined;
}

function strategyParam(name: string, at: AstNode, index: JsIndex): boolean {
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    if (!fn.params.some((p) => p.type === 'Identifier' && p.name === name)) continue;
    const holder = index.parent(fn);
    if (holder?.type !== 'NewExpression') return false;
    const ctor = memberPath(holder.callee as AstNode)?.join('.') ?? '';
    return STRATEGY.test(ctor) && !/jwt|bearer|oauth|google|github|facebook|saml|openid/i.test(ctor);
  }
  return false;
}

const LOGGING = /^(console|logger|log|winston|pino|debug|this\.logger|this\.log)$/;

/** Messages, status codes and error classes of a branch's answer (logging left out). */
function answerOf(node: AstNode, index: JsIndex): Answer {
  const texts = new Set<string>();
  const statuses = new Set<string>();
  const errors = new Set<string>();
  const skip: AstNode[] = [];
  for (const c of nodesUnder(node, 'CallExpression')) {
    const callee = memberPath(c.callee as AstNode);
    if (callee && LOGGING.test(callee.slice(0, -1).join('.') || callee[0])) {
      skip.push(c);
      continue;
    }
    const prop = calleeProperty(c) ?? '';
    if (/^(status|code|sendStatus|writeHead)$/.test(prop)) {
      const v = unwrap(c.arguments[0] as AstNode);
      if (v?.type === 'Literal' && typeof v.value === 'number') statuses.add(String(v.value));
    }
  }
  const inside = (n: AstNode) => n.start >= node.start && n.end <= node.end && !skip.some((s) => n.start >= s.start && n.end <= s.end);
  for (const n of nodesUnder(node, 'Literal')) {
    if (!inside(n) || typeof n.value !== 'string') continue;
    addText(n, n.value, index, texts);
  }
  for (const t of nodesUnder(node, 'TemplateLiteral')) {
    if (!inside(t)) continue;
    addText(t, t.quasis.map((q) => q.value.cooked ?? '').join('…'), index, texts);
  }
  for (const id of nodesUnder(node, 'Identifier')) {
    if (!inside(id)) continue;
    const parent = index.parent(id);
    if (parent?.type === 'MemberExpression' && parent.property === id) continue;
    if (parent?.type === 'Property' && parent.key === id && !parent.shorthand) continue;
    // `loginError: invalidUserNameErrorMessage`: a message kept in a constant.
    const b = /message|msg|error|err$/i.test(id.name) ? bindingAt(id.name, id, index) : undefined;
    const v = b && !b.key ? unwrap(b.init) : undefined;
    if (v?.type === 'Literal' && typeof v.value === 'string') addText(v, v.value, index, texts);
  }
  for (const m of nodesUnder(node, 'MemberExpression')) {
    if (!inside(m)) continue;
    const path = memberPath(m);
    if (path && path.length === 2 && /^(HttpStatus|StatusCodes|HTTP_STATUS|httpStatus|Status)$/.test(path[0])) statuses.add(path[1]);
  }
  for (const n of nodesUnder(node, 'NewExpression')) {
    if (!inside(n)) continue;
    const name = memberPath(n.callee as AstNode)?.pop();
    if (name && /(Error|Exception)$/.test(name) && name !== 'Error') errors.add(name);
  }
  // `ctx.status = 404`, `{ status: 404 }`
  for (const a of nodesUnder(node, 'AssignmentExpression')) {
    if (!inside(a)) continue;
    const path = memberPath(a.left as AstNode);
    const v = unwrap(a.right as AstNode);
    if (path?.[path.length - 1] === 'status' && v.type === 'Literal' && typeof v.value === 'number') statuses.add(String(v.value));
  }
  return { texts, statuses, errors };
}

function addText(at: AstNode, value: string, index: JsIndex, texts: Set<string>): void {
  const v = value.trim();
  if (v.length < 4 || !/[a-z]{3}/i.test(v)) return;
  const parent = index.parent(at);
  // Object keys, imports and the view name of `res.render('login', …)` are not answers.
  if (parent?.type === 'Property' && parent.key === at) return;
  if (parent?.type === 'CallExpression' && calleeProperty(parent) === 'render' && parent.arguments[0] === at) return;
  if (parent?.type === 'MemberExpression') return;
  texts.add(v.toLowerCase());
}

function empty(a: Answer): boolean {
  return a.texts.size === 0 && a.statuses.size === 0 && a.errors.size === 0;
}

function differ(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  if (a.size !== b.size) return true;
  for (const x of a) if (!b.has(x)) return true;
  return false;
}

/** How the two answers tell a missing account from a wrong password, or undefined when they do not (clearly). */
function tells(user: Answer, password: Answer): string | undefined {
  if (differ(user.statuses, password.statuses)) return 'status';
  if (differ(user.errors, password.errors)) return 'error';
  if (!differ(user.texts, password.texts)) return undefined;
  if ([...user.texts].some((t) => REVEALS_ACCOUNT.test(t))) return 'message';
  // "Wrong password" after a generic missing-user answer says the account exists.
  if ([...password.texts].some((t) => ABOUT_PASSWORD.test(t) && !EITHER.test(t)) && ![...user.texts].some((t) => ABOUT_PASSWORD.test(t))) return 'message';
  return undefined;
}

function render(a: Answer): string {
  const parts = [...[...a.statuses].map((s) => s), ...[...a.errors], ...[...a.texts].map((t) => `'${t.slice(0, 60)}'`)];
  return parts.slice(0, 4).join(' ');
}
