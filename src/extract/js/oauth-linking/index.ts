// OAuth/OIDC sign-ins that log the caller into an existing local account found by the email or
// username the identity provider reported, instead of by the provider's stable subject id. The
// attacker picks those on the provider (a GitHub login equal to the victim's username, an
// unverified or mutable email claim), so the lookup hands them the victim's account.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, jsIndex, memberPath, nodesUnder, propertyKey, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import type { Extractor } from '../../types.js';

/** Passport strategies and OIDC clients whose verify callback receives a third party's profile. */
const FEDERATED = /^(openid-client(\/passport)?|passport-(?!local|jwt|http|custom|anonymous|headerapikey|cookie|remember-me|totp|2fa|unique-token|magic|hash|api-?key|localapikey|strategy)[\w.-]+|@[\w.-]+\/passport-(?!local|jwt|http|custom)[\w.-]+)$/;
/** Providers whose profile has no login name: a `username` read from it is empty, the address decides. */
const NO_USERNAME = /google|microsoft|azure|apple/;
/** Profile fields that name the person: chosen or claimed by them on the provider. */
const EMAIL_FIELD = /^(emails?|mail|upn|email_?address)$/i;
const USERNAME_FIELD = /^(username|user_?name|login|preferred_username|nickname|screen_name|handle)$/i;
/** The provider's stable subject id. */
const ID_FIELD = /^(id|sub|oid|subject|user_?id|uid)$/i;
/** Where a lookup also matches the provider (`{ githubId: profile.id }`, `provider: 'github'`). */
const PROVIDER_KEY = /provider|strategy|^(sub|subject|oid)$|^(github|google|facebook|twitter|gitlab|microsoft|azure|apple|discord|oidc|openid|sso|oauth|social|saml|slack|okta|auth0|keycloak|linkedin|external|third_?party)[_A-Z]?\w*$/i;
/** Reads that check the provider verified the address (`profile._json.email_verified`, `emails[0].verified`). */
const VERIFIED = /^(email_?verified|verified_?email|verified|is_?email_?verified|emailVerified)$/i;
/** Calls that read a user record. */
const LOOKUP = /^(find|get|fetch|load|lookup|query|select|search|where|first|read|retrieve)|By(Email|Username|Login|Identifier|Mail)$/i;
/** String methods that keep what a value is (`email.toLowerCase()`). */
const STRING_METHOD = /^(toLowerCase|toLocaleLowerCase|toUpperCase|toLocaleUpperCase|trim|trimStart|trimEnd|normalize|toString|replace|replaceAll)$/;

type Kind = 'email' | 'username' | 'providerId' | 'profile';

/** Verify callbacks of federated strategies in the file, with the module each came from. */
function verifyCallbacks(index: JsIndex): { fn: FunctionLike; module: string }[] {
  const out: { fn: FunctionLike; module: string }[] = [];
  const moduleOf = (node: AstNode | null | undefined): string | undefined => {
    const path = memberPath(unwrap(node));
    const b = path ? index.bindings.get(path[0]) : undefined;
    return b && FEDERATED.test(b.module) ? b.module : undefined;
  };
  // passport.use(new GitHubStrategy({ ... }, async (accessToken, refreshToken, profile, done) => { ... }))
  for (const n of index.nodesOf('NewExpression')) {
    const module = moduleOf(n.callee as AstNode);
    if (!module) continue;
    let last = unwrap(n.arguments[n.arguments.length - 1] as AstNode | undefined);
    if (last?.type === 'Identifier') last = index.functionByName(last.name) ?? last;
    if (isFunctionLike(last)) out.push({ fn: last, module });
  }
  // NestJS: class GitHubStrategy extends PassportStrategy(Strategy, 'github') { validate(...) { ... } }
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const sup = unwrap(cls.superClass as AstNode | null);
    if (!sup) continue;
    const module = sup.type === 'CallExpression' ? sup.arguments.map((a) => moduleOf(a as AstNode)).find(Boolean) : moduleOf(sup);
    if (!module) continue;
    for (const m of cls.body.body) {
      if (m.type !== 'MethodDefinition' || propertyKey(m as AstNode) !== 'validate') continue;
      out.push({ fn: m.value as FunctionLike, module });
    }
  }
  return out;
}

function paramName(p: AstNode): string | undefined {
  let n = p;
  if (n.type === 'TSParameterProperty') n = n.parameter as AstNode;
  if (n.type === 'AssignmentPattern') n = n.left as AstNode;
  return n.type === 'Identifier' ? n.name : undefined;
}

/** What each name of the callback holds: the profile itself, or an email / username / subject id taken from it. */
class Profiles {
  readonly names = new Map<string, Set<Kind>>();

  constructor(fn: FunctionLike) {
    const params = fn.params.map((p) => paramName(p as AstNode));
    params.forEach((name, i) => {
      // The request (passReqToCallback) is the client's, not the provider's.
      if (!name || (i === 0 && /^_?req(uest)?$/.test(name))) return;
      this.names.set(name, new Set(['profile']));
    });
    if (!fn.body) return;
    const binds = [...nodesUnder(fn.body as AstNode, 'VariableDeclarator'), ...nodesUnder(fn.body as AstNode, 'AssignmentExpression')].sort((a, b) => a.start - b.start);
    for (const b of binds) {
      const [target, value] = b.type === 'VariableDeclarator' ? [b.id as AstNode, b.init as AstNode | null] : [b.left as AstNode, b.right as AstNode];
      if (!value) continue;
      const kinds = this.kinds(value);
      if (kinds.size === 0) continue;
      if (target.type === 'Identifier') this.add(target.name, kinds);
      else if (target.type === 'ObjectPattern' && kinds.has('profile')) {
        // const { emails, username, _json } = profile
        for (const p of target.properties) {
          if (p.type !== 'Property') continue;
          const key = propertyKey(p as AstNode);
          let local = unwrap(p.value as AstNode);
          if (local.type === 'AssignmentPattern') local = local.left as AstNode;
          if (key && local.type === 'Identifier') this.add(local.name, new Set([fieldKind(key) ?? 'profile']));
        }
      }
    }
  }

  private add(name: string, kinds: Set<Kind>): void {
    const set = this.names.get(name) ?? new Set<Kind>();
    for (const k of kinds) set.add(k);
    this.names.set(name, set);
  }

  /** Kinds of what an expression holds. */
  kinds(node: AstNode | null | undefined): Set<Kind> {
    const n = unwrap(node);
    const out = new Set<Kind>();
    if (!n) return out;
    switch (n.type) {
      case 'Identifier':
        return new Set(this.names.get(n.name) ?? []);
      case 'AwaitExpression':
        return this.kinds(n.argument as AstNode);
      case 'MemberExpression': {
        // profile.emails[0].value, profile._json.email, claims().email, emails?.[0].value
        const props: string[] = [];
        let cur: AstNode = n;
        while (cur.type === 'MemberExpression' || cur.type === 'CallExpression') {
          if (cur.type === 'CallExpression') cur = unwrap(cur.callee as AstNode);
          else {
            const key = !cur.computed && cur.property.type === 'Identifier' ? cur.property.name : cur.property.type === 'Literal' ? String(cur.property.value) : '';
            props.unshift(key);
            cur = unwrap(cur.object as AstNode);
          }
        }
        const root = this.kinds(cur);
        if (!root.has('profile')) {
          // A value taken from one already known keeps its kind (`emails[0].value`), a method on it too.
          for (const k of root) out.add(k);
          return out;
        }
        const named = props.map(fieldKind).filter((k): k is Kind => !!k);
        if (named.includes('email')) out.add('email');
        else if (named.includes('username')) out.add('username');
        else if (props.length > 0 && ID_FIELD.test(props[props.length - 1])) out.add('providerId');
        else out.add('profile');
        return out;
      }
      case 'CallExpression': {
        const prop = calleeProperty(n);
        const callee = unwrap(n.callee as AstNode);
        if (prop && STRING_METHOD.test(prop) && callee.type === 'MemberExpression') return this.kinds(callee.object as AstNode);
        if (callee.type === 'Identifier' && callee.name === 'String') return this.kinds(n.arguments[0] as AstNode);
        // claims() of an openid-client token set
        if (prop === 'claims' && callee.type === 'MemberExpression' && this.kinds(callee.object as AstNode).has('profile')) return new Set(['profile']);
        return out;
      }
      case 'TemplateLiteral': {
        // `${username}@github.com` stands for an address
        const parts = n.expressions.flatMap((e) => [...this.kinds(e as AstNode)]);
        if (parts.length === 0) return out;
        if (n.quasis.some((q) => q.value.raw.includes('@'))) out.add('email');
        else for (const k of parts) out.add(k);
        return out;
      }
      case 'LogicalExpression':
      case 'BinaryExpression':
        if (n.type === 'BinaryExpression' && n.operator !== '+') return out;
        for (const k of [...this.kinds(n.left as AstNode), ...this.kinds(n.right as AstNode)]) out.add(k);
        return out;
      case 'ConditionalExpression':
        for (const k of [...this.kinds(n.consequent as AstNode), ...this.kinds(n.alternate as AstNode)]) out.add(k);
        return out;
      default:
        return out;
    }
  }
}

function fieldKind(key: string): Kind | undefined {
  if (EMAIL_FIELD.test(key)) return 'email';
  if (USERNAME_FIELD.test(key)) return 'username';
  return undefined;
}

/** What a lookup's arguments match on: the kinds of their values, and whether a provider key is among them. */
function lookupKeys(args: readonly AstNode[], profiles: Profiles): { kinds: Set<Kind>; provider: boolean } {
  const kinds = new Set<Kind>();
  let provider = false;
  const visit = (node: AstNode | null | undefined, depth: number): void => {
    const n = unwrap(node);
    if (!n || depth > 4) return;
    if (n.type === 'ObjectExpression') {
      for (const p of n.properties) {
        if (p.type !== 'Property') continue;
        const key = propertyKey(p as AstNode);
        if (key && PROVIDER_KEY.test(key)) provider = true;
        visit(p.value as AstNode, depth + 1);
      }
      return;
    }
    if (n.type === 'ArrayExpression') {
      for (const e of n.elements) visit(e as AstNode, depth + 1);
      return;
    }
    for (const k of profiles.kinds(n)) kinds.add(k);
  };
  for (const a of args) if (!isFunctionLike(unwrap(a))) visit(a, 0);
  if (kinds.has('providerId')) provider = true;
  return { kinds, provider };
}

/** The name the lookup's result lands in: `user = await find(…) ?? …`, `.then((user) => …)`, `find(…, (err, user) => …)`. */
function resultName(call: AstNode, index: JsIndex): string | undefined {
  const args = (call as { arguments: AstNode[] }).arguments;
  const cb = unwrap(args[args.length - 1]);
  if (isFunctionLike(cb) && cb.params.length >= 2) return paramName(cb.params[1] as AstNode);
  let cur = call;
  for (let parent = index.parent(cur); parent; cur = parent, parent = index.parent(cur)) {
    switch (parent.type) {
      case 'AwaitExpression':
      case 'ParenthesizedExpression':
      case 'ChainExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'LogicalExpression':
      case 'ConditionalExpression':
        continue;
      case 'VariableDeclarator':
        return parent.id.type === 'Identifier' ? parent.id.name : undefined;
      case 'AssignmentExpression':
        return parent.left.type === 'Identifier' ? parent.left.name : undefined;
      case 'MemberExpression': {
        const then = index.parent(parent);
        if (!parent.computed && parent.property.type === 'Identifier' && parent.property.name === 'then' && then?.type === 'CallExpression') {
          const fn = unwrap(then.arguments[0] as AstNode);
          return isFunctionLike(fn) ? paramName(fn.params[0] as AstNode) : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Is `name` (or a member of it: `user.value`) the identity the callback hands back: `done(null, user)`, `return user`? */
function handedBack(fn: FunctionLike, name: string, index: JsIndex): AstNode | undefined {
  const rootIs = (node: AstNode | null | undefined): boolean => {
    const n = unwrap(node);
    if (!n) return false;
    if (n.type === 'ObjectExpression') return n.properties.some((p) => p.type === 'Property' && rootIs(p.value as AstNode));
    return memberPath(n)?.[0] === name;
  };
  const params = new Set(fn.params.map((p) => paramName(p as AstNode)).filter(Boolean));
  for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const callee = unwrap(c.callee as AstNode);
    // done / cb / verified: a parameter of the callback (or of a nested callback) called with the user second.
    if (callee.type !== 'Identifier') continue;
    const owner = index.enclosingFunction(c as AstNode);
    const isParam = params.has(callee.name) || (owner && owner !== fn && owner.params.some((p) => paramName(p as AstNode) === callee.name));
    if (isParam && c.arguments.length >= 2 && rootIs(c.arguments[1] as AstNode)) return c as AstNode;
  }
  for (const r of nodesUnder(fn.body as AstNode, 'ReturnStatement')) if (index.enclosingFunction(r as AstNode) === fn && rootIs(r.argument as AstNode)) return r as AstNode;
  return undefined;
}

/** Does the callback compare a field of the found account (`user.provider !== 'github'`, `user.githubId === profile.id`)? */
function checksAccount(fn: FunctionLike, name: string): boolean {
  for (const b of nodesUnder(fn.body as AstNode, 'BinaryExpression')) {
    if (!['===', '!==', '==', '!='].includes(b.operator)) continue;
    for (const side of [b.left, b.right]) {
      const path = memberPath(side as AstNode);
      if (path && path[0] === name && path.length >= 2) return true;
    }
  }
  return false;
}

/** Does the callback read whether the provider verified the address? */
function readsVerified(fn: FunctionLike, index: JsIndex): boolean {
  for (const m of nodesUnder(fn.body as AstNode, 'MemberExpression')) {
    const key = !m.computed && m.property.type === 'Identifier' ? m.property.name : m.property.type === 'Literal' ? String(m.property.value) : '';
    if (VERIFIED.test(key)) return true;
  }
  for (const p of nodesUnder(fn.body as AstNode, 'Property')) {
    const key = propertyKey(p as AstNode);
    // In a destructuring pattern (a read), not in an object literal (`emailVerified: true` on create).
    if (key && VERIFIED.test(key) && index.parent(p as AstNode)?.type === 'ObjectPattern') return true;
  }
  return false;
}

export function linkingFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const { fn, module } of verifyCallbacks(index)) {
    if (!fn.body) continue;
    const profiles = new Profiles(fn);
    const found: { call: AstNode; key: 'email' | 'username'; name: string; back: AstNode }[] = [];
    let byProviderId = false;
    for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
      const prop = calleeProperty(c);
      if (!prop || !LOOKUP.test(prop) || STRING_METHOD.test(prop)) continue;
      const { kinds, provider } = lookupKeys(c.arguments as AstNode[], profiles);
      if (provider) {
        byProviderId = true;
        continue;
      }
      const key = kinds.has('username') && !NO_USERNAME.test(module) ? 'username' : kinds.has('email') || kinds.has('username') ? 'email' : undefined;
      if (!key) continue;
      const name = resultName(c as AstNode, index);
      if (!name || checksAccount(fn, name)) continue;
      const back = handedBack(fn, name, index);
      if (back) found.push({ call: c as AstNode, key, name, back });
    }
    // A subject-id lookup first, with the address as a fallback, links only with an unverified address;
    // a username lookup links whatever came first (logins are picked freely on the provider).
    const verified = readsVerified(fn, index);
    const kept = found.filter((f) => f.key === 'username' || (!byProviderId && !verified));
    if (kept.length === 0) continue;
    const worst = kept.find((f) => f.key === 'username') ?? kept[0];
    out.push({
      kind: 'config',
      setting: 'oauth-identifier-linking',
      values: {
        strategy: module,
        key: worst.key,
        keys: [...new Set(kept.map((f) => f.key))].join(','),
        lookup: index.text(worst.call).split('\n')[0].slice(0, 120),
        returnLine: index.line(worst.back),
        emailVerifiedCheck: verified,
        providerIdLookup: byProviderId,
      },
      summary: `${module} sign-in logs into the local account found by the profile ${worst.key}`,
      evidence: index.evidence(worst.call),
      key: `${index.file}#config:oauth-identifier-linking:${index.enclosingFunctionName(worst.call)}:${worst.key}`,
    });
  }
  return out;
}

export const extractor: Extractor = {
  id: 'js/oauth-linking',
  title: 'OAuth/OIDC verify callbacks that log into an existing account found by the profile email or username',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  // The strategy's module must be imported: passport-github2, passport-google-oauth20, openid-client...
  signals: ['passport-', 'openid-client'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    if (![...index.modules].some((m) => FEDERATED.test(m))) return null;
    const facts = linkingFacts(index);
    return facts.length > 0 ? facts : null;
  },
};
