// Root fields of a GraphQL SDL schema (Query, Mutation, Subscription, including `extend type` and
// a `schema { query: X }` renaming) with their directives, read by a bounded scan that blanks
// comments and descriptions first (lines kept).

export interface RootField {
  operation: 'QUERY' | 'MUTATION' | 'SUBSCRIPTION';
  name: string;
  directives: string[];
  /** Directive arguments as written (`@hasRole(role: ADMIN)` → `role: ADMIN`). */
  directiveText: string;
  line: number;
  /** For a field grouped under a namespace type (`users: UserMutation`): that type and field (`UserMutation.update`). */
  namespace?: string;
}

function blank(text: string): string {
  return text
    .replace(/"""[\s\S]*?"""/g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/"(?:[^"\\\n]|\\.)*"/g, (m) => `"${' '.repeat(Math.max(0, m.length - 2))}"`)
    .replace(/#[^\n]*/g, (m) => ' '.repeat(m.length));
}

/** Line of an offset; offsets are asked in increasing order, so counting resumes where it stopped. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    at = offset;
    return line;
  };
}

/** Object types whose fields are operations grouped under one root field (`users: UserQuery`). */
export const NAMESPACE_TYPE = /(?:Query|Queries|Mutation|Mutations|Subscription|Subscriptions|Ops|Operations)$/;

interface TypeBody {
  open: number;
  body: string;
  /** The same span of the source before blanking: directive arguments are string literals. */
  raw: string;
}

export function rootFields(source: string, lineOffset = 0): RootField[] {
  const text = blank(source);
  const roots: Record<string, RootField['operation']> = { Query: 'QUERY', Mutation: 'MUTATION', Subscription: 'SUBSCRIPTION' };
  const schema = /\bschema\s*(?:@\w+(?:\([^)]{0,1024}\))?\s*)*\{([^}]{0,2048})\}/.exec(text);
  if (schema) {
    for (const m of schema[1].matchAll(/\b(query|mutation|subscription)\s*:\s*(\w+)/g)) roots[m[2]] = m[1].toUpperCase() as RootField['operation'];
  }
  const lineAt = lineCounter(text);
  const rootBodies: { operation: RootField['operation']; at: TypeBody }[] = [];
  const namespaces = new Map<string, TypeBody>();
  // Bounded gaps keep hostile input (many `type` words, no braces) linear.
  const typeRe = /\b(?:extend\s+)?type\s+(\w+)[^{}]{0,256}\{/g;
  for (let m = typeRe.exec(text); m !== null; m = typeRe.exec(text)) {
    const open = m.index + m[0].length;
    const close = text.indexOf('}', open);
    const end = close < 0 ? text.length : close;
    const operation = roots[m[1]];
    const at = { open, body: text.slice(open, end), raw: source.slice(open, end) };
    if (operation) rootBodies.push({ operation, at });
    else if (NAMESPACE_TYPE.test(m[1]) && !namespaces.has(m[1])) namespaces.set(m[1], at);
    typeRe.lastIndex = end;
  }
  const fields: RootField[] = [];
  for (const { operation, at } of rootBodies) {
    for (const f of typeFields(at, lineAt, lineOffset)) {
      // `users: UserQuery` with no arguments: the operations are UserQuery's fields (`users.list`).
      const typeName = f.type.replace(/!$/, '');
      const group = !f.hasArgs ? namespaces.get(typeName) : undefined;
      if (!group) {
        fields.push({ operation, name: f.name, directives: f.directives, directiveText: f.directiveText, line: f.line });
        continue;
      }
      for (const g of typeFields(group, lineAt, lineOffset)) {
        fields.push({ operation, name: `${f.name}.${g.name}`, directives: [...f.directives, ...g.directives], directiveText: `${f.directiveText} ${g.directiveText}`.trim(), line: g.line, namespace: `${typeName}.${g.name}` });
      }
    }
  }
  return fields.sort((a, b) => a.line - b.line);
}

interface TypeField {
  name: string;
  type: string;
  hasArgs: boolean;
  directives: string[];
  directiveText: string;
  line: number;
}

function typeFields(at: TypeBody, lineAt: (offset: number) => number, lineOffset: number): TypeField[] {
  const out: TypeField[] = [];
  // A field: name, optional (args), `:`, type, then directives up to the next field.
  const fieldRe = /(^|\n|,)\s*(\w+)\s*(\([^)]{0,4096}\))?\s*:\s*([\w[\]!]+)((?:[ \t]*@\w+(?:\s*\([^)]{0,1024}\))?)*)/g;
  for (let f = fieldRe.exec(at.body); f !== null; f = fieldRe.exec(at.body)) {
    const directives = [...f[5].matchAll(/@(\w+)/g)].map((d) => d[1]);
    const from = f.index + f[0].length - f[5].length;
    out.push({ name: f[2], type: f[4], hasArgs: !!f[3], directives, directiveText: at.raw.slice(from, from + f[5].length).trim(), line: lineOffset + lineAt(at.open + f.index + f[0].search(/\w/)) });
  }
  return out;
}

const AUTH_DIRECTIVES = /^(?:auth|authenticated|isAuthenticated|requiresAuth|requireAuth|authorized|jwt|aws_cognito_user_pools|aws_iam|aws_oidc|aws_lambda|hasRole|hasScope|hasScopes|requiresScopes|policy|requiresRole|authz)$/i;

/** Auth of a root field from its directives; `unknown` when resolvers decide (nothing in the schema says). */
export function fieldAuth(field: RootField): 'user' | 'admin' | 'none' | 'unknown' {
  if (field.directives.some((d) => /^(?:public|allowAnonymous|skipAuth|aws_api_key)$/i.test(d))) return 'none';
  if (!field.directives.some((d) => AUTH_DIRECTIVES.test(d))) return 'unknown';
  if (/admin/i.test(field.directiveText)) return 'admin';
  // `@auth(requires: ["manage:users", "manage:system"])`: management scopes only.
  const scopes = [...field.directiveText.matchAll(/["']([\w-]+:[\w*-]+)["']/g)].map((m) => m[1]);
  return scopes.length > 0 && scopes.every((sc) => /^(manage|admin)\b/i.test(sc)) ? 'admin' : 'user';
}

const BUILTIN_SCALARS = new Set(['ID', 'String', 'Int', 'Float', 'Boolean']);

/**
 * The object-type graph of one SDL document: for each object type, interface and union, the named
 * types its fields (or members) return. `closed` when every name they return is declared here or
 * built in: only then can the absence of a cycle be judged from this document.
 */
export function typeGraph(source: string): { edges: Record<string, string[]>; closed: boolean } {
  const text = blank(source);
  const declared = new Set<string>();
  for (const m of text.matchAll(/\b(?:type|interface|union|enum|scalar|input)\s+(\w+)/g)) declared.add(m[1]);
  const edges: Record<string, string[]> = {};
  let closed = true;
  const refer = (from: string, to: string) => {
    if (BUILTIN_SCALARS.has(to)) return;
    if (!declared.has(to)) closed = false;
    const list = (edges[from] ??= []);
    if (!list.includes(to)) list.push(to);
  };
  const typeRe = /\b(?:extend\s+)?(?:type|interface)\s+(\w+)[^{}]{0,256}\{/g;
  for (let m = typeRe.exec(text); m !== null; m = typeRe.exec(text)) {
    const open = m.index + m[0].length;
    const close = text.indexOf('}', open);
    const end = close < 0 ? text.length : close;
    edges[m[1]] ??= [];
    // Field types only: arguments (inputs) cannot nest a query's selection.
    const body = text.slice(open, end).replace(/\([^)]{0,4096}\)/g, '');
    for (const f of body.matchAll(/\w+\s*:\s*\[*\s*(\w+)/g)) refer(m[1], f[1]);
    typeRe.lastIndex = end;
  }
  for (const m of text.matchAll(/\bunion\s+(\w+)[^=]{0,256}=\s*\|?([\w\s|]{0,2048})/g)) {
    edges[m[1]] ??= [];
    for (const member of m[2].split('|').map((x) => x.trim()).filter((x) => /^\w+$/.test(x))) refer(m[1], member);
  }
  return { edges, closed };
}

/** Does a type graph return to a type it left (`User.posts → Post.author → User`)? */
export function hasCycle(edges: Record<string, string[]>): boolean {
  const state = new Map<string, 1 | 2>();
  const visit = (t: string): boolean => {
    const s = state.get(t);
    if (s === 1) return true;
    if (s === 2) return false;
    state.set(t, 1);
    for (const next of edges[t] ?? []) if (visit(next)) return true;
    state.set(t, 2);
    return false;
  };
  return Object.keys(edges).sort().some((t) => visit(t));
}
