// How a Meteor method, publication or server route checks its caller. Meteor has no route
// middleware for DDP: the function itself refuses a stranger, at its top, by a test of the
// caller's identity (`this.userId`, `Meteor.userId()`, `Meteor.user()`, a connect handler's
// `req.userId`) whose branch throws (`throw new Meteor.Error('not-authorized')`) or, in a
// publication, returns nothing (`return this.ready()`, `return []`); by `check(this.userId,
// String)`, which throws without a user; or by a guard helper called as a statement
// (`ensureLoggedIn(this.userId)`, `await requireAdmin(userId)`). A role test in such a check
// (`Roles.userIsInRole(uid, 'admin')`, `hasPermission(uid, 'x')`, `user.isAdmin`) makes it admin.
import { calleeName, isFunctionLike, memberPath, nodesUnder, paramNames, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { adminLikeText, authLikeName } from '../_lib/routes.js';

export type Level = 'user' | 'admin';

export interface MeteorAuth {
  /** Undefined when only helpers out of sight were called (link judges them). */
  level?: Level;
  why: string;
  /** Guard helpers called as statements whose body is not in this file: judged in link by name. */
  helpers: string[];
}

/** The caller's identity as Meteor hands it to server code. */
const IDENTITY = /\bthis\.userId\b|_hashLoginToken\(|loginTokens\.hashedToken|\bMeteor\.(?:userId|user|userAsync|currentUser)\s*\(|\breq(?:uest)?\.(?:userId|user)\b|\bthis\.user\s*\(|\bgetCurrentUser\s*\(|\bcurrentUser\b/;
/** Role and permission tests: alanning:roles, Rocket.Chat-style permission helpers, admin flags. */
const ADMIN_TEST = /\b(?:Roles\.)?userIsInRole(?:Async)?\s*\(|\bhasPermission\w*\s*\(|\bhasAllPermission\w*\s*\(|\bhasAtLeastOnePermission\w*\s*\(|\bhasRole\w*\s*\(|\bisAdmin\w*\b|\bisSuperAdmin\b|\bisSiteAdmin\b|\bcanOpenAdmin\w*|\brequireAdmin\w*/;
/** Role names an alanning:roles test may give that ordinary signed-in users hold. */
const USER_ROLES = /^(?:user|users|member|members|guest|guests|default|viewer|reader|customer|client)$/i;

/** Names bound (anywhere in the function) to the caller's id or record: `const user = Meteor.user()`. */
function identityNames(fn: FunctionLike, index: JsIndex, seeded: Iterable<string>): Set<string> {
  const names = new Set(seeded);
  if (!fn.body) return names;
  for (let pass = 0; pass < 2; pass++) {
    for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
      if (!d.init) continue;
      const text = index.text(d.init as AstNode);
      if (!IDENTITY.test(text) && ![...names].some((n) => new RegExp(`\\b${n}\\b`).test(text))) continue;
      if (d.id.type === 'Identifier') names.add(d.id.name);
      else if (d.id.type === 'ObjectPattern') for (const p of d.id.properties) if (p.type === 'Property' && p.value.type === 'Identifier') names.add(p.value.name);
    }
    // `let user = null; ... user = await Users.findOneAsync({ 'services.resume.loginTokens.hashedToken': h })`.
    for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
      if (a.left.type !== 'Identifier' || names.has(a.left.name)) continue;
      const text = index.text(a.right as AstNode);
      if (IDENTITY.test(text) || [...names].some((n) => new RegExp(`\\b${n}\\b`).test(text))) names.add(a.left.name);
    }
  }
  return names;
}

/** Of the identity names, those holding an admin lookup: `const admin = await getUser({ _id: userId, isAdmin: true })`. */
function adminNames(fn: FunctionLike, index: JsIndex, names: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (d.id.type === 'Identifier' && names.has(d.id.name) && d.init && ADMIN_TEST.test(index.text(d.init as AstNode))) out.add(d.id.name);
  }
  return out;
}

function mentionsIdentity(text: string, names: Set<string>, ambient = true): boolean {
  if (ambient && IDENTITY.test(text)) return true;
  for (const n of names) if (new RegExp(`(?<![\\w.$])${n.replace(/\$/g, '\\$')}\\b`).test(text)) return true;
  return false;
}

/** Admin unless every role the test names is one ordinary users hold (`userIsInRole(uid, ['user'])`). */
function adminTest(test: AstNode, index: JsIndex, admins: Set<string>): boolean {
  const text = index.text(test);
  // `authorizedAsAdmin(token, this.userId)`, `db.isAdminById(uid)`: a predicate named for administrators.
  const adminCall = nodesUnder(test, 'CallExpression').some((c) => /admin|superuser/i.test((calleeName(c) ?? '').split('.').pop() ?? ''));
  if (!ADMIN_TEST.test(text) && !adminCall) return admins.size > 0 && mentionsIdentity(text, admins, false);
  const roleCalls = nodesUnder(test, 'CallExpression').filter((c) => /userIsInRole/.test(calleeName(c) ?? ''));
  if (roleCalls.length === 0) return true;
  return roleCalls.some((c) => {
    const roles = nodesUnder(c.arguments[1] as AstNode, 'Literal').map((l) => stringValue(l as AstNode)).filter((s): s is string => !!s);
    const a1 = stringValue(c.arguments[1] as AstNode);
    const all = a1 ? [a1] : roles;
    return all.length === 0 || all.some((r) => !USER_ROLES.test(r));
  });
}

/** `isSignedUp()`, `isLoggedIn()`, `userIsAuthenticated()`: a predicate about the caller, given nothing. */
function callerPredicate(test: AstNode): boolean {
  return nodesUnder(test, 'CallExpression').some((c) => {
    if (c.arguments.length > 0) return false;
    const last = (calleeName(c) ?? '').split('.').pop() ?? '';
    return /signed_?(?:up|in)|logged_?in|authenticated|authori[sz]ed/i.test(last) || (authLikeName(last) && !/token|key/i.test(last));
  });
}

/** A test that holds when the caller is missing or lacks a right: `!this.userId`, `user == null`, `!isAdmin(u)`. */
function negates(test: AstNode): boolean {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return true;
  if (t.type === 'LogicalExpression') return negates(t.left as AstNode) || negates(t.right as AstNode);
  if (t.type === 'BinaryExpression' && /^[!=]==?$/.test(t.operator)) {
    const r = unwrap(t.right as AstNode);
    const l = unwrap(t.left as AstNode);
    const nullish = (n: AstNode) => (n.type === 'Literal' && ((n as { value: unknown }).value === null || (n as { value: unknown }).value === false)) || (n.type === 'Identifier' && n.name === 'undefined');
    if (t.operator.startsWith('=') && (nullish(r) || nullish(l))) return true;
    // `user._id !== ownerId`, `board.userId != this.userId`: the caller is not the one allowed.
    if (t.operator.startsWith('!')) return true;
  }
  return false;
}

/** Does this branch stop the function: a throw, a return, an HTTP refusal? */
function refuses(branch: AstNode, http: boolean, index: JsIndex): boolean {
  const stops = nodesUnder(branch, 'ThrowStatement').length > 0 || (branch.type === 'ThrowStatement');
  if (stops) return true;
  const returns = branch.type === 'ReturnStatement' || nodesUnder(branch, 'ReturnStatement').length > 0;
  if (!returns) return false;
  if (!http) return true;
  return /\b40[13]\b|unauthori[sz]ed|forbidden|denied|not[-_ ]?allowed|login/i.test(index.text(branch));
}

/** `!this.connection` (a test true for server calls): refusing then is refusing the server, not clients. */
function negatesConnection(test: AstNode): boolean {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return true;
  return t.type === 'BinaryExpression' && /^===?$/.test(t.operator);
}

/** Nothing after a wrapping `if` does work: at most a bare `return` of a value. */
function wrapsRest(rest: AstNode[]): boolean {
  return rest.every((s) => s.type === 'ReturnStatement' && nodesUnder(s, 'CallExpression').length === 0);
}

/** Statements that run first, unconditionally: the body, try blocks, `if (Meteor.isServer)` blocks. */
function flatten(list: AstNode[]): AstNode[] {
  const out: AstNode[] = [];
  const visit = (list: AstNode[]) => {
    for (const s of list) {
      if (s.type === 'TryStatement') visit(s.block.body as AstNode[]);
      else if (s.type === 'IfStatement' && memberPath(s.test as AstNode)?.join('.') === 'Meteor.isServer' && (s.consequent as AstNode).type === 'BlockStatement') visit((s.consequent as { body: AstNode[] }).body);
      else out.push(s);
    }
  };
  visit(list);
  return out;
}

/** The call a statement makes: `f(x);`, `await f(x);`, `const r = await f(x);`. */
function statementCall(stmt: AstNode): CallLike | undefined {
  let e: AstNode | undefined;
  if (stmt.type === 'ExpressionStatement') e = stmt.expression as AstNode;
  else if (stmt.type === 'VariableDeclaration' && stmt.declarations.length === 1) e = stmt.declarations[0].init as AstNode | undefined;
  const c = unwrapAwait(e);
  return c && c.type === 'CallExpression' ? c : undefined;
}

const judging = new Set<FunctionLike>();

/**
 * The caller check a Meteor method, publication or connect handler makes itself. `seeded`: names
 * that hold the caller's identity on entry (a helper's parameter handed `this.userId`).
 */
export function meteorAuth(fn: FunctionLike, index: JsIndex, opts: { http?: boolean; seeded?: string[] } = {}): MeteorAuth | undefined {
  if (judging.has(fn) || !fn.body) return undefined;
  judging.add(fn);
  try {
    return judge(fn, index, opts);
  } finally {
    judging.delete(fn);
  }
}

type Need = Level | 'none';
const ORDER: Need[] = ['none', 'user', 'admin'];
const minNeed = (a: Need, b: Need): Need => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b);
const maxNeed = (a: Need, b: Need): Need => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/** An admin right over one record (`board.hasAdmin(uid)`, `checkBoardAdmin`, `checkAdminOrCondition`): any user may hold it. */
const SCOPED_ADMIN = /(?:board|team|group|project|room|channel|workspace|space|grain|list|card)s?_?admins?|admin_?(?:of|for)|admin_?or|\bhasAdmin\b/i;

const GUARD_VERB = /^(?:check|ensure|require|assert|verify|validate|authori[sz]e|authenticate|must|only|guard|protect|enforce|deny|forbid|restrict|allow|is|has|can)/i;

const SECRET_CHECK = /(?:is|valid|verif|check)\w*(?:token|secret|key)|(?:token|secret|key)\w*(?:is|valid|verif|match)/i;

/** What a caller must be to pass a condition that lets it in (`user && user.isAdmin`, `isAdmin(u) || isOwner`). */
function allowanceLevel(test: AstNode, scope: Scope): Level | undefined {
  const need = allowance(unwrap(test), scope);
  return need === 'none' ? undefined : need;
}

function allowance(t: AstNode, scope: Scope): Need {
  if (t.type === 'LogicalExpression' && t.operator === '&&') return maxNeed(allowance(unwrap(t.left as AstNode), scope), allowance(unwrap(t.right as AstNode), scope));
  if (t.type === 'LogicalExpression' && t.operator === '||') return minNeed(allowance(unwrap(t.left as AstNode), scope), allowance(unwrap(t.right as AstNode), scope));
  if (t.type === 'UnaryExpression' && t.operator === '!') return 'none';
  return leafNeed(t, scope);
}

/** What a caller must be to avoid a refusal test (`!user || !user.isAdmin`: admin; `!isBoardAdmin && !user.isAdmin`: either). */
function refusalLevel(test: AstNode, scope: Scope): Level | undefined {
  const need = refusal(unwrap(test), scope);
  return need === 'none' ? undefined : need;
}

function refusal(t: AstNode, scope: Scope): Need {
  if (t.type === 'LogicalExpression' && t.operator === '||') return maxNeed(refusal(unwrap(t.left as AstNode), scope), refusal(unwrap(t.right as AstNode), scope));
  if (t.type === 'LogicalExpression' && t.operator === '&&') return minNeed(refusal(unwrap(t.left as AstNode), scope), refusal(unwrap(t.right as AstNode), scope));
  if (t.type === 'UnaryExpression' && t.operator === '!') return allowance(unwrap(t.argument as AstNode), scope);
  // `doc.userId !== this.userId`, `user == null`: the caller must be there (and be that one).
  if (t.type === 'BinaryExpression' && /^[!=]==?$/.test(t.operator)) return leafNeed(t, scope);
  return 'none';
}

/** A single test: an admin check of the caller, a check of the caller, or neither. */
function leafNeed(t: AstNode, scope: Scope): Need {
  const text = scope.index.text(t);
  // `tokenIsValid(token)`: the holder of a secret the server issued (an admin setup token) gets in.
  if (t.type === 'CallExpression' && SECRET_CHECK.test((calleeName(t) ?? '').split('.').pop() ?? '')) return 'admin';
  const identity = mentionsIdentity(text, scope.names) || callerPredicate(t);
  if (adminTest(t, scope.index, scope.admins) && !SCOPED_ADMIN.test(text) && (identity || /\(\s*\)/.test(text))) return 'admin';
  return identity ? 'user' : 'none';
}

interface Scope {
  names: Set<string>;
  admins: Set<string>;
  index: JsIndex;
  http: boolean;
}

function judge(fn: FunctionLike, index: JsIndex, opts: { http?: boolean; seeded?: string[] }): MeteorAuth | undefined {
  const names = identityNames(fn, index, opts.seeded ?? []);
  const scope: Scope = { names, admins: adminNames(fn, index, names), index, http: !!opts.http };
  const helpers: string[] = [];
  const found = judgeList(flatten(fn.body ? ((fn.body as AstNode).type === 'BlockStatement' ? ((fn.body as { body: AstNode[] }).body) : []) : []), scope, helpers, 0);
  if (!found) return helpers.length > 0 ? { why: '', helpers } : undefined;
  return { level: found.level, why: found.why, helpers };
}

type Found = { level: Level; why: string } | undefined;

function stronger(a: Found, b: Found): Found {
  if (!a) return b;
  if (!b) return a;
  return a.level === 'user' && b.level === 'admin' ? b : a;
}

/** Both branches of an `if/else` refuse strangers (a token sign-in or a session check): the weaker decides. */
function branchesGuard(stmt: AstNode & { type: 'IfStatement' }, scope: Scope, helpers: string[], depth: number): Found {
  if (!stmt.alternate || depth > 2) return undefined;
  const list = (b: AstNode) => flatten(b.type === 'BlockStatement' ? (b as { body: AstNode[] }).body : [b]);
  const a = judgeList(list(stmt.consequent as AstNode), scope, helpers, depth + 1);
  const b = a ? judgeList(list(stmt.alternate as AstNode), scope, helpers, depth + 1) : undefined;
  if (!a || !b) return undefined;
  return a.level === 'admin' && b.level === 'admin' ? a : a.level === 'user' ? a : b;
}

function judgeList(leading: AstNode[], scope: Scope, helpers: string[], depth: number): Found {
  const { names, index } = scope;
  let best: Found;
  const raise = (level: Level, why: string) => {
    best = stronger(best, { level, why });
  };
  for (const [i, stmt] of leading.entries()) {
    if (stmt.type === 'IfStatement') {
      const test = stmt.test as AstNode;
      // `if (this.connection !== null) throw ...`: only server code (`Meteor.call` on the server) may call it.
      if (/\bthis\.connection\b/.test(index.text(test)) && !/\bthis\.connection\.\w/.test(index.text(test)) && refuses(stmt.consequent as AstNode, false, index) && !negatesConnection(test)) {
        raise('admin', 'callable only from server code (this.connection is null)');
        continue;
      }
      // `if (Meteor.user()?.isAdmin) { ...the whole work... }`: nothing runs for anyone else.
      if (!stmt.alternate && !negates(test) && wrapsRest(leading.slice(i + 1))) {
        const text = index.text(test);
        const needed = allowanceLevel(test, scope);
        if (needed) raise(needed, `runs only if ${short(text)}`);
        continue;
      }
      if (!negates(test) || !refuses(stmt.consequent as AstNode, scope.http, index)) {
        const both = branchesGuard(stmt, scope, helpers, depth);
        if (both) raise(both.level, both.why);
        continue;
      }
      const text = index.text(test);
      const needed = refusalLevel(test, scope);
      if (needed) raise(needed, `refuses unless ${short(text)}`);
      // `if (!doc) throw ...; else if (doc.userId !== Meteor.userId()) throw ...`: the chain goes on.
      else if (stmt.alternate && (stmt.alternate as AstNode).type === 'IfStatement' && depth < 4) {
        const next = judgeList([stmt.alternate as AstNode], scope, helpers, depth + 1);
        if (next) raise(next.level, next.why);
      }
      continue;
    }
    const call = statementCall(stmt);
    if (!call) continue;
    const name = calleeName(call) ?? '';
    const args = call.arguments.map((a) => index.text(a as AstNode));
    // `check(this.userId, String)`: Meteor's check throws a Match.Error when there is no user.
    if (name === 'check' && args.length >= 2 && mentionsIdentity(args[0], names) && /^(?:String|Match\.Id)$/.test(args[1].trim())) {
      raise('user', `check(${short(args[0])}, ${args[1].trim()})`);
      continue;
    }
    const last = name.split('.').pop() ?? '';
    const givenCaller = args.some((a) => mentionsIdentity(a, names));
    // Guards by their verb: `clearAdminToken(t)` or `createAdminUser()` act, they do not check.
    if (!GUARD_VERB.test(last) || (!authLikeName(last) && !(givenCaller && ADMIN_TEST.test(`${last}(`)))) continue;
    // A helper of this file: judged by its own body, its parameters taken for the caller where the call hands it the caller.
    const local = !name.includes('.') ? index.functionByName(name) : undefined;
    if (local && isFunctionLike(local)) {
      const params = paramNames(local);
      const seeded = params.filter((_, j) => args[j] !== undefined && mentionsIdentity(args[j], names));
      const inner = meteorAuth(local, index, { http: scope.http, seeded });
      if (inner?.level) raise(inner.level, `calls ${name}: ${inner.why}`);
      continue;
    }
    if (adminLikeText(last) && !SCOPED_ADMIN.test(last)) raise('admin', `calls ${name}()`);
    else if (adminLikeText(last)) raise('user', `calls ${name}()`);
    else if (givenCaller || args.length === 0) {
      raise('user', `calls ${name}()`);
      helpers.push(last);
    } else helpers.push(last);
  }
  return best;
}

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 70 ? `${t.slice(0, 69)}…` : t;
}
