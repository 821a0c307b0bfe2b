// Service tokens minted by administrators: a guard that only finds the bearer token in a token store
// (`prisma.infraToken.findUnique({ where: { token } })`, binding no user; level `unknown`, see
// _lib/routes-guard-shapes.ts) is worth what it takes to create a row of that store. When every
// handler that reaches the store's `create` (directly, or through one injected service method) is an
// admin route, the guard is an admin credential and its routes are `admin`. Anything not shown
// (a create reached from other code, a handler that is not admin) leaves them `unknown`.
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { memberPath, nodesUnder, unwrap, type AstNode, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { serviceTokenTable } from '../_lib/routes-guard-shapes.js';

export interface TokenGuardRecord {
  kind: 'token-guard';
  guard: string;
  store: string;
}
/** `Class.method` whose body creates a row of a token store. */
export interface TokenMintRecord {
  kind: 'token-mint';
  store: string;
  method: string;
}
/** `Class.method` calling methods of injected services (`this.tokens.create(...)` → `TokenService.create`). */
export interface MintCallRecord {
  kind: 'mint-calls';
  method: string;
  calls: string[];
}
export type ServiceTokenRecord = TokenGuardRecord | TokenMintRecord | MintCallRecord;

const TOKEN_STORE = /token|key|secret|credential/i;
const CREATE = /^(create|createMany|upsert|insert|save)$/;

interface Method {
  name: string;
  fn: FunctionLike;
}

function methodsOf(cls: Class): Method[] {
  const out: Method[] = [];
  for (const m of cls.body.body) {
    if (m.type !== 'MethodDefinition' || m.key.type !== 'Identifier') continue;
    out.push({ name: m.key.name, fn: m.value as FunctionLike });
  }
  return out;
}

/** `constructor(private readonly tokens: TokenService)`: field → class name. */
function injected(cls: Class): Map<string, string> {
  const out = new Map<string, string>();
  const ctor = methodsOf(cls).find((m) => m.name === 'constructor');
  for (const p of ctor?.fn.params ?? []) {
    const param = (p as AstNode).type === 'TSParameterProperty' ? ((p as unknown as { parameter: AstNode }).parameter) : (p as AstNode);
    const ann = (param as unknown as { typeAnnotation?: { typeAnnotation?: AstNode } }).typeAnnotation?.typeAnnotation;
    if (param.type !== 'Identifier' || !ann || ann.type !== 'TSTypeReference') continue;
    const typeName = (ann as unknown as { typeName: AstNode }).typeName;
    if (typeName.type === 'Identifier') out.set(param.name, typeName.name);
  }
  return out;
}

/** Records of one file: token guards, token-store creates, and the service calls that may reach them. */
export function serviceTokenRecords(index: JsIndex): { at: AstNode; data: ServiceTokenRecord; key: string }[] {
  const content = index.content;
  // Cheap text test first: most files neither guard with nor create tokens.
  if (!/token|key|secret|credential/i.test(content)) return [];
  const out: { at: AstNode; data: ServiceTokenRecord; key: string }[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const name = cls.id?.name;
    if (!name) continue;
    const fields = injected(cls);
    for (const m of methodsOf(cls)) {
      if (!m.fn.body) continue;
      const id = `${name}.${m.name}`;
      if (m.name === 'canActivate') {
        const store = serviceTokenTable(m.fn);
        if (store) out.push({ at: cls, data: { kind: 'token-guard', guard: name, store }, key: `token-guard:${name}` });
        continue;
      }
      const calls = new Set<string>();
      for (const call of nodesUnder(m.fn.body as AstNode, 'CallExpression')) {
        const path = memberPath(unwrap(call.callee as AstNode));
        if (!path || path[0] !== 'this' || path.length < 3) continue;
        const last = path[path.length - 1];
        // `this.prisma.infraToken.create(...)`, `this.tokenRepository.save(...)`.
        if (CREATE.test(last) && TOKEN_STORE.test(path[path.length - 2])) out.push({ at: call, data: { kind: 'token-mint', store: path[path.length - 2], method: id }, key: `token-mint:${id}:${index.line(call)}` });
        // `this.tokens.create(...)` on an injected service.
        const service = path.length === 3 ? fields.get(path[1]) : undefined;
        if (service) calls.add(`${service}.${last}`);
      }
      if (calls.size > 0) out.push({ at: m.fn, data: { kind: 'mint-calls', method: id, calls: [...calls].sort() }, key: `mint-calls:${id}` });
    }
  }
  return out;
}

/** Joins the records per project root; upgrades routes of admin-minted token guards from `unknown` to `admin`. */
export class ServiceTokens {
  private readonly guards = new Map<string, string>();
  private readonly mints = new Map<string, Set<string>>();
  private readonly calls: { root: string; method: string; calls: string[] }[] = [];

  add(root: string, rec: ServiceTokenRecord): void {
    if (rec.kind === 'token-guard') this.guards.set(`${root}|${rec.guard}`, rec.store);
    else if (rec.kind === 'token-mint') {
      const key = `${root}|${rec.store}`;
      let set = this.mints.get(key);
      if (!set) this.mints.set(key, (set = new Set()));
      set.add(rec.method);
    } else this.calls.push({ root, method: rec.method, calls: rec.calls });
  }

  get empty(): boolean {
    return this.guards.size === 0;
  }

  /** Admin-minted stores: every route reaching a create is admin, and no other code reaches it. */
  private adminStores(root: string, routes: EntrypointFact[]): Set<string> {
    const out = new Set<string>();
    const authOf = new Map<string, string[]>();
    for (const r of routes) {
      const name = r.handler?.name;
      if (name) authOf.set(name, [...(authOf.get(name) ?? []), r.auth]);
    }
    for (const [key, methods] of this.mints) {
      if (!key.startsWith(`${root}|`)) continue;
      // The creating methods and, one step up, the methods that call them.
      const reach = new Set(methods);
      for (const c of this.calls) if (c.root === root && c.calls.some((m) => methods.has(m))) reach.add(c.method);
      // Every method in reach is either a creator called only from here, or a route handler.
      const handlers = [...reach].filter((m) => authOf.has(m));
      const callers = [...reach].filter((m) => !methods.has(m));
      const proven = handlers.length > 0 && callers.every((m) => authOf.has(m)) && handlers.every((m) => authOf.get(m)!.every((a) => a === 'admin'));
      if (proven) out.add(key.slice(root.length + 1));
    }
    return out;
  }

  upgrade(facts: Fact[], rootOf: (file: string) => string): Fact[] {
    if (this.guards.size === 0) return facts;
    const routes = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.framework === 'nestjs');
    const byRoot = new Map<string, Set<string>>();
    return facts.map((f) => {
      if (f.kind !== 'entrypoint' || f.framework !== 'nestjs' || f.auth !== 'unknown') return f;
      const root = rootOf(f.evidence.file);
      let stores = byRoot.get(root);
      if (!stores) byRoot.set(root, (stores = this.adminStores(root, routes.filter((r) => rootOf(r.evidence.file) === root))));
      const guard = f.middleware.find((m) => stores.has(this.guards.get(`${root}|${m}`) ?? ''));
      if (!guard) return f;
      const store = this.guards.get(`${root}|${guard}`)!;
      return { ...f, auth: 'admin', authEvidence: [...(f.authEvidence ?? []), `${guard}: tokens of ${store} are created only by admin routes`] };
    });
  }
}
