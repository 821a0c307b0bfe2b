// The length a sign-up, password change or reset asks of a new password, when it asks for fewer
// than the 8 characters NIST SP 800-63B sets as the floor (CWE-521): a pattern that lets a short
// password through (`/^.{1,20}$/.test(password)`, Joi `.pattern(/^[a-z0-9]{3,30}$/)`), a length
// comparison (`password.length < 6`), or a validator's minimum (Joi, zod and yup `.min(6)`,
// express-validator `isLength({ min: 6 })`, class-validator `@MinLength(6)`, a Mongoose or JSON
// schema `minlength: 4`, Sequelize `len: [4, 32]`). Checked values must be passwords by name and
// the check must sit where a password is set: a sign-up, reset or change function, schema, DTO or
// route, or the user model itself; a login form's own check only mirrors the policy. Every check
// of the same password in one place counts: one of 8 or more, or a strength library in the file,
// and nothing is reported. A bare `min(1)` or `length > 0` is a required-field check, not a policy.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, literalValue, memberPath, objectProp, propertyKey, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { browserCode } from '../_lib/browser-code.js';
import { PASSWORD_NAME } from './password.js';
import { functionScopes } from './scopes.js';

/** NIST SP 800-63B: at least 8 characters for a password the user chooses. */
const NIST_MIN = 8;
/** No policy asks for more: a larger bound is a maximum. */
const MAX_MIN = 64;
/** Where a password is set. */
const SETS = /sign_?up|regist|reset|forgot|recover|change_?pass|update_?pass|new_?pass|set_?pass|(create|add|new|update|invite)\w{0,8}(user|account|member|profile)|(user|account)_?(create|creation|add)|onboard|invit|enrol|password_?(polic|rule|schema|valid|strength|requirement|change|update)|(validate|check)_?(new_?)?pass|pass(word)?_?valid|strong_?pass/i;
/** Where a password is only checked. */
const LOGS_IN = /log_?in|sign_?in|authenticat|credentials?_?check|^auth$|session/i;
/** A policy the file delegates to a strength library (which asks for more than a length). */
const STRENGTH = ['zxcvbn', 'owasp-password-strength-test', 'check-password-strength', 'password-validator', 'sStrongPassword'];
/** Components and pages: `.jsx`, `.tsx`, Vue and Svelte files. */
const UI_FILE = /\.(jsx|tsx|vue|svelte)$/;
/** The password the user already has (`currentPassword`, `oldPassword`): checked, not chosen. */
const EXISTING = /^(current|curr|old)/i;
/** Validator chains whose root names the field: express-validator `body('password')`. */
const FIELD_ROOTS = /^(body|check|param|query|oneOf|checkSchema|field)$/;
/** Schema-building calls whose objects describe a stored record: Mongoose, Sequelize. */
const MODEL_CALL = /^(Schema|define|init)$/;

interface Check {
  at: AstNode;
  /** Where the check is made (its context decides whether a password is set there). */
  site: AstNode;
  min: number;
  how: string;
  field: string;
  /** An explicit range (`{1,20}`, `len: [1, 20]`) is a policy even at 1. */
  ranged?: boolean;
  /** The check is part of a stored model's schema. */
  model?: boolean;
}

export function policyFacts(index: JsIndex): FactInput[] {
  // A form's own check in a page or component only mirrors the server's (which is what counts).
  if (STRENGTH.some((lib) => index.content.includes(lib)) || UI_FILE.test(index.file)) return [];
  const checks = [...patternChecks(index), ...lengthChecks(index), ...chainChecks(index), ...schemaChecks(index), ...decoratorChecks(index)];
  if (checks.length === 0 || browserCode(index)) return [];
  // The policy of one owner (function, schema, DTO) for one field is the strictest of its checks.
  const byOwner = new Map<string, Check>();
  for (const c of checks) {
    if (EXISTING.test(c.field)) continue;
    const owner = `${ownerOf(c.site, index)}|${c.field.toLowerCase().replace(/^(new|confirm|repeat|verify)_?|_?(confirm(ation)?|repeat(ed)?|again|verify|2)$/g, '')}`;
    const prev = byOwner.get(owner);
    if (!prev || c.min > prev.min) byOwner.set(owner, c);
  }
  const out: FactInput[] = [];
  const seen = new Set<string>();
  for (const c of byOwner.values()) {
    if (c.min >= NIST_MIN || (c.min <= 1 && !c.ranged) || !setsPassword(c, index)) continue;
    // Line-free: the place is named by its nearest name (function, schema, DTO, route path).
    const key = `${index.file}#config:weak-password-policy:${placeNames(c.site, index)[0] ?? index.enclosingFunctionName(c.at)}:${c.field}:${c.how}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      kind: 'config',
      setting: 'password-policy',
      values: { min: c.min, how: c.how, field: c.field, check: checkText(c, index), scopes: functionScopes(index.enclosingFunction(c.site), index) },
      summary: `password policy accepts ${c.min}-character passwords`,
      evidence: index.evidence(c.at),
      key,
    });
  }
  return out;
}

/** `PASS_RE.test(password)`, `password.match(/^.{4,}$/)`: the pattern must bound the length (`{n,}`), or it only asks for a character kind. */
function patternChecks(index: JsIndex): Check[] {
  const out: Check[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (prop !== 'test' && prop !== 'match') continue;
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression') continue;
    const [reNode, value] = prop === 'test' ? [callee.object as AstNode, call.arguments[0] as AstNode] : [call.arguments[0] as AstNode, callee.object as AstNode];
    const field = valueName(value);
    if (!field) continue;
    const re = regexOf(reNode, index);
    // A global pattern splits or collects (`hex.match(/.{1,2}/g)`); it does not validate.
    const min = re && !re.flags.includes('g') ? lengthPolicy(re.pattern) : undefined;
    if (re && min !== undefined) out.push({ at: re.node, site: call, min, how: 'pattern', field, ranged: true });
  }
  return out;
}

/** `password.length < 6`, `pwd.length >= 4`, `MIN > password.length` (a minimum; `> 72` is a maximum). */
function lengthChecks(index: JsIndex): Check[] {
  const out: Check[] = [];
  for (const e of index.nodesOf('BinaryExpression')) {
    if (!['<', '<=', '>', '>='].includes(e.operator)) continue;
    for (const [side, other, flip] of [[e.left, e.right, false], [e.right, e.left, true]] as [AstNode, AstNode, boolean][]) {
      const path = memberPath(unwrap(side));
      if (!path || path.length < 2 || path[path.length - 1] !== 'length') continue;
      const field = path[path.length - 2];
      const n = numberOf(other, index);
      if (!PASSWORD_NAME.test(field) || n === undefined) continue;
      // Read as `length OP n`.
      const op = flip ? ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[e.operator] : e.operator;
      const min = op === '<' || op === '>=' ? n : op === '<=' || op === '>' ? n + 1 : n;
      // `length > 64` rejects long input; `length < 128` accepts what is not too long.
      if (((op === '>' || op === '>=') && n >= NIST_MIN) || n > MAX_MIN) continue;
      out.push({ at: e, site: e, min, how: 'length', field });
    }
  }
  return out;
}

/** Joi, zod, yup and express-validator chains: `password: Joi.string().min(6)`, `body('password').isLength({ min: 6 })`. */
function chainChecks(index: JsIndex): Check[] {
  const out: Check[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    // The outermost call of a chain only.
    const parent = index.parent(call);
    if (parent?.type === 'MemberExpression' && parent.object === call) continue;
    const calls = chainCalls(call);
    if (calls.length < 2) continue;
    const root = calls[calls.length - 1];
    const rootName = calleeName(root);
    const field = rootName && FIELD_ROOTS.test(rootName) ? stringValue(root.arguments[0] as AstNode, index)?.split('.').pop() : propertyAbove(call, index);
    if (!field || !PASSWORD_NAME.test(field)) continue;
    if (calls.some((c) => calleeProperty(c) === 'isStrongPassword')) continue;
    let min: number | undefined;
    let ranged = false;
    for (const c of calls) {
      const p = calleeProperty(c);
      const arg = c.arguments[0] as AstNode | undefined;
      let m: number | undefined;
      if (p === 'min' || p === 'minLength') m = numberOf(arg, index);
      else if (p === 'length' && c !== root) m = numberOf(arg, index);
      else if (p === 'isLength') m = numberOf(objectProp(unwrap(arg), 'min'), index) ?? 0;
      else if (p === 'pattern' || p === 'regex' || p === 'matches') {
        const re = regexOf(arg, index);
        m = re ? lengthPolicy(re.pattern) : undefined;
        if (m !== undefined) ranged = true;
      }
      if (m !== undefined && (min === undefined || m > min)) min = m;
    }
    if (min !== undefined) out.push({ at: call, site: call, min, how: 'validator', field, ranged });
  }
  return out;
}

/** Mongoose and JSON schemas (`password: { type: String, minlength: 4 }`), Sequelize (`validate: { len: [4, 32] }`). */
function schemaChecks(index: JsIndex): Check[] {
  const out: Check[] = [];
  for (const p of index.nodesOf('Property')) {
    const field = propertyKey(p as AstNode);
    const value = unwrap(p.value as AstNode);
    if (!field || !PASSWORD_NAME.test(field) || value.type !== 'ObjectExpression') continue;
    const minProp = objectProp(value, 'minlength') ?? objectProp(value, 'minLength');
    const len = unwrap(objectProp(unwrap(objectProp(value, 'validate')), 'len'));
    let min: number | undefined;
    let ranged = false;
    if (minProp) {
      const v = unwrap(minProp);
      min = numberOf(v.type === 'ArrayExpression' ? (v.elements[0] as AstNode) : v, index);
    } else if (len?.type === 'ArrayExpression') {
      min = numberOf(len.elements[0] as AstNode, index);
      ranged = true;
    }
    if (min === undefined) continue;
    const model = index.ancestors(p).some((a) => (a.type === 'CallExpression' || a.type === 'NewExpression') && MODEL_CALL.test(calleeProperty(a as CallLike) ?? calleeName(a as CallLike) ?? ''));
    out.push({ at: p, site: p, min, how: 'schema', field, ranged, model });
  }
  return out;
}

/** class-validator: `@MinLength(6) password`, `@Length(4, 20) password`, `@Matches(/…{4,}/) password`. */
function decoratorChecks(index: JsIndex): Check[] {
  const out: Check[] = [];
  for (const prop of index.nodesOf('PropertyDefinition')) {
    const field = propertyKey(prop as AstNode);
    const decorators = ((prop as { decorators?: { expression: AstNode }[] }).decorators ?? []).map((d) => unwrap(d.expression)).filter((e): e is CallLike & AstNode => e.type === 'CallExpression');
    if (!field || !PASSWORD_NAME.test(field) || decorators.length === 0) continue;
    let min: number | undefined;
    let at: AstNode | undefined;
    let ranged = false;
    for (const d of decorators) {
      const name = calleeName(d);
      let m: number | undefined;
      if (name === 'MinLength') m = numberOf(d.arguments[0] as AstNode, index);
      else if (name === 'Length') {
        m = numberOf(d.arguments[0] as AstNode, index);
        ranged = d.arguments.length > 1;
      } else if (name === 'Matches') {
        const re = regexOf(d.arguments[0] as AstNode, index);
        m = re ? lengthPolicy(re.pattern) : undefined;
      }
      if (m !== undefined && (min === undefined || m > min)) {
        min = m;
        at = d;
      }
    }
    // Cited at the decorator that sets the minimum.
    if (min !== undefined && at) out.push({ at, site: prop, min, how: 'decorator', field, ranged });
  }
  return out;
}

/** The check as the finding quotes it (outputs drop `<` and `>`, so a comparison is told in words). */
function checkText(c: Check, index: JsIndex): string {
  const e = unwrap(c.at);
  if (e.type === 'BinaryExpression') return `${index.text(e.left as AstNode)} ${e.operator} ${index.text(e.right as AstNode)}`.replace(/</g, 'less than ').replace(/>/g, 'more than ').replace(/=/g, 'or equal to ').replace(/\s+/g, ' ').slice(0, 80);
  return index.text(c.at).replace(/\s+/g, ' ').slice(0, 80);
}

/** Is the check made where a password is set? The nearest named place that says so decides. */
function setsPassword(c: Check, index: JsIndex): boolean {
  if (c.model) return true;
  if (/^(new|confirm|repeat)/i.test(c.field)) return true;
  for (const name of placeNames(c.site, index)) {
    if (SETS.test(name)) return true;
    if (LOGS_IN.test(name)) return false;
  }
  return SETS.test(index.file);
}

/** Names around a node, innermost first: functions, declared names, classes, object keys, route paths. */
function placeNames(node: AstNode, index: JsIndex): string[] {
  const out: string[] = [];
  for (const a of index.ancestors(node)) {
    if (a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression' || a.type === 'FunctionDeclaration') {
      const name = index.functionName(a);
      if (name) out.push(name);
    } else if (a.type === 'VariableDeclarator' && a.id.type === 'Identifier') out.push(a.id.name);
    else if ((a.type === 'ClassDeclaration' || a.type === 'ClassExpression') && a.id) out.push(a.id.name);
    else if (a.type === 'Property' || a.type === 'MethodDefinition') {
      const key = propertyKey(a);
      if (key && !PASSWORD_NAME.test(key)) out.push(key);
    } else if (a.type === 'CallExpression') {
      const path = stringValue(a.arguments[0] as AstNode, index);
      if (path?.startsWith('/')) out.push(path);
    }
  }
  return out;
}

/** The function, class or top-level declaration a check belongs to. */
function ownerOf(node: AstNode, index: JsIndex): string {
  const fn = index.enclosingFunction(node);
  if (fn) return `f${fn.start}`;
  const cls = index.enclosingClass(node);
  if (cls) return `c${cls.start}`;
  // At the top level, each statement (a route registration, a schema declaration) is its own place.
  const top = index.ancestors(node).find((a) => index.parent(a)?.type === 'Program');
  return top ? `s${top.start}` : 'file';
}

/** The calls of a chain, outermost first: `Joi.string().min(6).required()` → required, min, string. */
function chainCalls(call: CallLike): CallLike[] {
  const out: CallLike[] = [];
  let n: AstNode | undefined = call as AstNode;
  for (let i = 0; i < 12 && n?.type === 'CallExpression'; i++) {
    out.push(n);
    const callee: AstNode = unwrap(n.callee as AstNode);
    n = callee.type === 'MemberExpression' ? unwrap(callee.object as AstNode) : undefined;
  }
  return out;
}

/** The key of the object property a value sits in: `password: z.string().min(6)`. */
function propertyAbove(node: AstNode, index: JsIndex): string | undefined {
  const parent = index.parent(node);
  return parent?.type === 'Property' && parent.value === node ? propertyKey(parent) : undefined;
}

/** The name of the value checked, when it is a password: `password`, `req.body.newPassword`, `dto.pwd`. */
function valueName(node: AstNode | undefined): string | undefined {
  const path = node ? memberPath(unwrap(node)) : undefined;
  const last = path?.[path.length - 1];
  return last && PASSWORD_NAME.test(last) ? last : undefined;
}

function numberOf(node: AstNode | null | undefined, index: JsIndex): number | undefined {
  if (!node) return undefined;
  let n = unwrap(node);
  if (n.type === 'Identifier') n = unwrap(index.initAt(n.name, n) ?? n);
  const v = literalValue(n, index);
  return typeof v === 'number' ? v : undefined;
}

/** A regular expression literal, directly or through one name (`const PASS_RE = /…/`), or `new RegExp('…')`. */
function regexOf(node: AstNode | null | undefined, index: JsIndex): { node: AstNode; pattern: string; flags: string } | undefined {
  if (!node) return undefined;
  let n = unwrap(node);
  if (n.type === 'Identifier') n = unwrap(index.initAt(n.name, n) ?? n);
  if (n.type === 'Literal' && 'regex' in n && n.regex) return { node: n, ...(n.regex as { pattern: string; flags: string }) };
  if (n.type === 'NewExpression' && memberPath(n.callee as AstNode)?.join('.') === 'RegExp') {
    const pattern = stringValue(n.arguments[0] as AstNode, index);
    return pattern === undefined ? undefined : { node: n, pattern, flags: stringValue(n.arguments[1] as AstNode, index) ?? '' };
  }
  return undefined;
}

/**
 * The fewest characters a pattern accepts, when it sets a length with a counted quantifier
 * (`{n,}`, `{n,m}`); undefined for patterns that only ask for a kind of character.
 */
export function lengthPolicy(pattern: string): number | undefined {
  if (!/\{\d+,\d*\}/.test(pattern)) return undefined;
  try {
    return new PatternReader(pattern).alternatives();
  } catch {
    return undefined;
  }
}

/** Minimum-length reader of a regular expression: lookaheads count for what they demand ahead. */
class PatternReader {
  private i = 0;
  constructor(private readonly p: string) {}

  alternatives(): number {
    let min = this.sequence();
    while (this.p[this.i] === '|') {
      this.i++;
      min = Math.min(min, this.sequence());
    }
    return min;
  }

  private sequence(): number {
    let sum = 0;
    let ahead = 0;
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const c = this.p[this.i];
      let atom: number;
      if (c === '^' || c === '$') {
        this.i++;
        continue;
      }
      if (c === '(') {
        const look = /^\(\?(=|!|<=|<!)/.exec(this.p.slice(this.i, this.i + 4));
        this.i += look ? look[0].length : this.p.startsWith('(?:', this.i) ? 3 : this.p.startsWith('(?<', this.i) ? this.p.indexOf('>', this.i) + 1 : 1;
        const inner = this.alternatives();
        if (this.p[this.i] !== ')') throw new Error('unbalanced');
        this.i++;
        if (look) {
          if (look[1] === '=') ahead = Math.max(ahead, sum + inner);
          this.quantifier();
          continue;
        }
        atom = inner;
      } else if (c === '[') {
        let j = this.i + 1;
        if (this.p[j] === '^') j++;
        if (this.p[j] === ']') j++;
        while (j < this.p.length && this.p[j] !== ']') j += this.p[j] === '\\' ? 2 : 1;
        this.i = j + 1;
        atom = 1;
      } else if (c === '\\') {
        const e = this.p[this.i + 1] ?? '';
        this.i += 2;
        if (e === 'b' || e === 'B' || /[1-9]/.test(e)) {
          this.quantifier();
          continue;
        }
        if (e === 'u' && this.p[this.i] === '{') this.i = this.p.indexOf('}', this.i) + 1;
        else if (e === 'u') this.i += 4;
        else if (e === 'x') this.i += 2;
        atom = 1;
      } else {
        this.i++;
        atom = 1;
      }
      sum += atom * this.quantifier();
    }
    return Math.max(sum, ahead);
  }

  /** Reads a quantifier after an atom; returns its lower bound (1 without one). */
  private quantifier(): number {
    const c = this.p[this.i];
    let lower = 1;
    if (c === '*' || c === '?') {
      lower = 0;
      this.i++;
    } else if (c === '+') this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.p.slice(this.i));
      if (!m) return 1;
      lower = Number(m[1]);
      this.i += m[0].length;
    } else return 1;
    if (this.p[this.i] === '?') this.i++;
    return lower;
  }
}
