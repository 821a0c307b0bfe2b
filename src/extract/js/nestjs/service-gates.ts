// Gates a public Nest route keeps in its code rather than in a guard, read from the handler and,
// one call down, from the injected service method it hands the request to:
//   - `config-gated`: the method first refuses on the application's own configuration or state, not
//     on anything of the request (`if (this.configService.ui.auth !== 'none') throw new
//     UnauthorizedException()`): the route works only in a mode the operator chose.
//   - `webhook-signature`: the method checks an HMAC of the body against a signature it was given
//     (`createHmac(...)` compared, a mismatch throws), or hands the request to an SDK handler built
//     with a secret key and strict authentication (`new Client({ secretKey, strictAuthentication:
//     true })`): only the holder of the shared secret gets through.
//   - `bootstrap-once`: the method first looks up whether an administrator (or any user) already
//     exists, with nothing of its parameters, and refuses when one does (`const admin = await
//     this.userRepository.getAdmin(); if (admin) throw new BadRequestException('already has an
//     admin')`): a first-run sign-up, open to whoever comes first until the installation is set up.
// The handler's call is carried on the route as an internal tag; link joins it with the service
// method's record by `Class.method` within the project.
import { literalValue, memberPath, nodesUnder, propertyKey, someNode, unwrap, type AstNode, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';

export const NEST_GATE_CALL = '~nest-gate-call:';
export type Gate = 'config-gated' | 'webhook-signature' | 'bootstrap-once';

/** `Class.method` whose body gates its callers. */
export interface ServiceGateRecord {
  kind: 'service-gate';
  method: string;
  gate: Gate;
}

/** What the application's own configuration is read through. */
const CONFIG_READ = /config|settings|options|process\.env|feature|flag|enabled|mode/i;
/** What belongs to the request or the caller: not configuration. */
const REQUEST_WORD = /\b(req|request|user|session|token|ctx|context|headers?|body|params?|query)\b/i;
const SIGNATURE_TEXT = /createHmac|strictAuthentication/;
const SIGNATURE_NAME = /sig|hmac|digest/i;

function methods(cls: Class): { name: string; fn: FunctionLike }[] {
  const out: { name: string; fn: FunctionLike }[] = [];
  for (const m of cls.body.body) if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.kind === 'method') out.push({ name: m.key.name, fn: m.value as FunctionLike });
  return out;
}

function paramIds(fn: FunctionLike): Set<string> {
  const out = new Set<string>();
  for (const p of fn.params) for (const id of nodesUnder(p as AstNode, 'Identifier')) out.add(id.name);
  return out;
}

/** `throw new X(...)`, alone or as the only statement of a block. */
function onlyThrows(node: AstNode): boolean {
  const n = node.type === 'BlockStatement' && node.body.length === 1 ? (node.body[0] as AstNode) : node;
  return n.type === 'ThrowStatement';
}

/** First statement `if (<configuration>) throw ...`, the test reading nothing of the parameters or the request. */
function configGate(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  const first = body?.type === 'BlockStatement' ? (body.body[0] as AstNode | undefined) : undefined;
  if (!first || first.type !== 'IfStatement' || first.alternate || !onlyThrows(first.consequent as AstNode)) return false;
  // Works only in one mode (`mode !== 'none'` refuses the others) or with a flag on (`!cfg.enabled`);
  // a refusal when a flag is set (`DISABLE_SIGNUP === 'true'`) leaves the route open by default.
  const test = unwrap(first.test as AstNode);
  const onlyIn = (test.type === 'BinaryExpression' && (test.operator === '!==' || test.operator === '!=') && literalValue(test.right as AstNode, index) !== undefined) || (test.type === 'UnaryExpression' && test.operator === '!');
  if (!onlyIn) return false;
  const text = index.text(test);
  if (!CONFIG_READ.test(text) || REQUEST_WORD.test(text) || !/\bthis\.|process\.env/.test(text)) return false;
  const params = paramIds(fn);
  return !nodesUnder(test, 'Identifier').some((id) => params.has(id.name));
}

/** An HMAC compared and refused on mismatch, or an SDK handler built with a secret and strict authentication. */
function signatureGate(cls: Class, fn: FunctionLike, index: JsIndex): boolean {
  if (!SIGNATURE_TEXT.test(index.text(cls as unknown as AstNode))) return false;
  const bodies = [fn];
  // `this.verifySignature(sig, body)`: the class's own helper, one level down.
  const called = new Set(nodesUnder(fn.body as AstNode, 'CallExpression').map((c) => memberPath(unwrap(c.callee as AstNode))).filter((p) => p?.length === 2 && p[0] === 'this').map((p) => p![1]));
  for (const m of methods(cls)) if (called.has(m.name) && m.fn !== fn) bodies.push(m.fn);
  for (const b of bodies) {
    const body = b.body as AstNode | null;
    if (!body || !SIGNATURE_TEXT.test(index.text(body))) continue;
    // An HMAC (not a password hash) compared with a signature the method was given.
    const hmac = someNode(body, (n) => n.type === 'CallExpression' && memberPath(unwrap(n.callee as AstNode))?.pop() === 'createHmac');
    const signature = [...paramIds(b)].some((p) => SIGNATURE_NAME.test(p));
    if (hmac && signature && someNode(body, (n) => n.type === 'ThrowStatement')) return true;
    for (const obj of nodesUnder(body, 'ObjectExpression')) {
      const keys = obj.properties.map((p) => propertyKey(p as AstNode) ?? '');
      const strict = obj.properties.some((p) => propertyKey(p as AstNode) === 'strictAuthentication' && p.type === 'Property' && literalValue(p.value as AstNode, index) === true);
      if (strict && keys.some((k) => /secret/i.test(k))) return true;
    }
  }
  return false;
}

/** A lookup of the installation's first account: `getAdmin()`, `findSuperAdmin()`, `userRepo.count()`. */
const FIRST_ACCOUNT = /^(get|find|fetch|load|count|exists?|has|any)\w*(admin|owner|superuser|users?)\w*$/i;
const COUNT_CALL = /^(count|countBy|countDocuments|exists?)$/;
const ACCOUNT_STORE = /admin|owner|user|account/i;

/**
 * After local declarations only, `if (x) throw ...` (or `if (n > 0)`) where `x` is a parameterless
 * lookup of an administrator or any account on the service's own store: refuses once set up.
 */
function bootstrapGate(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return false;
  const stmts = body.body as AstNode[];
  const first = stmts.find((st) => st.type !== 'VariableDeclaration');
  if (!first || first.type !== 'IfStatement' || first.alternate || !onlyThrows(first.consequent as AstNode)) return false;
  let test = unwrap(first.test as AstNode);
  if (test.type === 'BinaryExpression' && /^(>|!==?)$/.test(test.operator) && literalValue(test.right as AstNode, index) === 0) test = unwrap(test.left as AstNode);
  let read: AstNode | undefined = test.type === 'Identifier' ? index.initAt(test.name, test) : test;
  if (read?.type === 'AwaitExpression') read = unwrap(read.argument as AstNode);
  if (!read || read.type !== 'CallExpression' || read.arguments.length > 0) return false;
  const path = memberPath(unwrap(read.callee as AstNode));
  if (!path || path[0] !== 'this' || path.length < 3) return false;
  const name = path[path.length - 1];
  return FIRST_ACCOUNT.test(name) || (COUNT_CALL.test(name) && path.slice(1, -1).some((p) => ACCOUNT_STORE.test(p)));
}

/** The gate a method keeps itself, if any. */
export function methodGate(cls: Class, fn: FunctionLike, index: JsIndex): Gate | undefined {
  if (!fn.body) return undefined;
  if (configGate(fn, index)) return 'config-gated';
  if (bootstrapGate(fn, index)) return 'bootstrap-once';
  if (signatureGate(cls, fn, index)) return 'webhook-signature';
  return undefined;
}

/** `constructor(private readonly auth: AuthService)`: field → class name (the declared type). */
function injected(cls: Class): Map<string, string> {
  const out = new Map<string, string>();
  const ctor = cls.body.body.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
  for (const p of (ctor && ctor.type === 'MethodDefinition' ? (ctor.value as FunctionLike).params : []) ?? []) {
    const param = (p as AstNode).type === 'TSParameterProperty' ? (p as unknown as { parameter: AstNode }).parameter : (p as AstNode);
    const ann = (param as unknown as { typeAnnotation?: { typeAnnotation?: AstNode } }).typeAnnotation?.typeAnnotation;
    if (param.type !== 'Identifier' || !ann || ann.type !== 'TSTypeReference') continue;
    const typeName = (ann as unknown as { typeName: AstNode }).typeName;
    if (typeName.type === 'Identifier') out.set(param.name, typeName.name);
  }
  return out;
}

/** The first call of a handler on an injected service (`this.authService.generateNoAuthToken()` → `AuthService.generateNoAuthToken`). */
export function gateCall(cls: Class, fn: FunctionLike): string | undefined {
  if (!fn.body) return undefined;
  const fields = injected(cls);
  if (fields.size === 0) return undefined;
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const path = memberPath(unwrap(call.callee as AstNode));
    const service = path?.length === 3 && path[0] === 'this' ? fields.get(path[1]) : undefined;
    if (service) return `${service}.${path![2]}`;
  }
  return undefined;
}

/** Service methods of this file that gate their callers (cheap text tests first). */
export function serviceGateRecords(index: JsIndex): { at: AstNode; data: ServiceGateRecord; key: string }[] {
  if (!/\bthrow\b/.test(index.content) && !SIGNATURE_TEXT.test(index.content)) return [];
  const out: { at: AstNode; data: ServiceGateRecord; key: string }[] = [];
  for (const cls of index.nodesOf('ClassDeclaration')) {
    const name = cls.id?.name;
    if (!name) continue;
    for (const m of methods(cls)) {
      const gate = methodGate(cls, m.fn, index);
      if (gate) out.push({ at: m.fn as AstNode, data: { kind: 'service-gate', method: `${name}.${m.name}`, gate }, key: `service-gate:${name}.${m.name}` });
    }
  }
  return out;
}

/** Joins handlers' calls with the gating service methods of the same project. */
export class ServiceGates {
  private readonly gates = new Map<string, Gate>();

  add(root: string, rec: ServiceGateRecord): void {
    this.gates.set(`${root}|${rec.method}`, rec.gate);
  }

  get empty(): boolean {
    return this.gates.size === 0;
  }

  gateOf(root: string, call: string): Gate | undefined {
    return this.gates.get(`${root}|${call}`);
  }
}
