// GraphQL: schema files (`.graphql`, `.gql`, `.graphqls`) and `gql`/`graphql` tagged templates in
// JS/TS give one entry point per root field (queries, mutations, subscriptions); GraphQL servers
// created in JS/TS give a `graphql-server` config fact (introspection, depth limiting).
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { isJsFile, isTestFile } from '../../js/_lib/parse.js';
import { jsIndex, type JsIndex } from '../../js/_lib/ast.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { fieldAuth, hasCycle, rootFields, typeGraph } from './sdl.js';
import { graphqlServers } from './server.js';
import { RESOLVER_MAP_TEXT, resolverOperations } from './resolvers.js';

const SCHEMA_FILE = /\.(?:graphql|graphqls|gql)$/i;

/** Whether this document's object types can nest without end (what a depth limit guards against). */
function shapeFact(file: string, sdl: string, line: number): Omit<ConfigFact, 'extractor'> {
  const graph = typeGraph(sdl);
  return { kind: 'config', setting: 'graphql-schema-shape', values: { closed: graph.closed, cyclic: hasCycle(graph.edges) }, evidence: { file, line }, key: `${file}#graphql-schema-shape:${line}` };
}

function fieldFacts(file: string, sdl: string, lineOffset: number): FactInput[] {
  const fields = rootFields(sdl, lineOffset);
  return fields.length === 0 ? [] : [...fieldEntries(file, fields), shapeFact(file, sdl, lineOffset + 1)];
}

function fieldEntries(file: string, fields: ReturnType<typeof rootFields>): FactInput[] {
  return fields.map((field): Omit<EntrypointFact, 'extractor'> => ({
    kind: 'entrypoint',
    protocol: 'graphql',
    framework: 'graphql',
    method: field.operation,
    path: field.name,
    middleware: field.directives.map((d) => `@${d}`),
    auth: fieldAuth(field),
    ...(field.directives.length > 0 ? { authEvidence: field.directives.map((d) => `@${d}`) } : {}),
    tags: field.operation === 'MUTATION' ? ['graphql-mutation'] : [],
    evidence: { file, line: field.line, snippet: field.name },
    // A namespaced field names its type's field (`#in:UserMutation.update`): link joins that type's resolver to it.
    key: `${file}#graphql:${field.operation} ${field.name}${field.namespace ? `${IN}${field.namespace}` : ''}`,
  }));
}

const JS_SIGNAL = /\b(?:gql|graphql)`|ApolloServer|graphqlHTTP|createHandler|createYoga|mercurius/;
/** Schema-wide authorization layers (graphql-shield rules, envelop's generic auth): resolvers are guarded from outside. */
const SCHEMA_GUARD = /['"](?:graphql-shield|graphql-middleware|@envelop\/generic-auth|@graphql-authz\/[\w-]+|graphql-authz)['"]/;
/** Key marks: a namespaced SDL field's type and field, a namespace type's resolver waiting for its schema field. */
const IN = '#in:';
const NS_RESOLVER = '#graphql-ns-resolver:';
/** Tag of a resolver that checks nothing itself; link decides whether that makes it public. */
const UNCHECKED = 'graphql-resolver-unchecked';

function jsFacts(file: SourceFile, ctx: ExtractContext): FactInput[] {
  const resolverMap = RESOLVER_MAP_TEXT.test(file.content);
  const guard = SCHEMA_GUARD.test(file.content);
  if (!JS_SIGNAL.test(file.content) && !resolverMap && !guard) return [];
  let index;
  try {
    index = jsIndex(file, ctx);
  } catch {
    return [];
  }
  const parsed = index.parsed;
  const facts: FactInput[] = [];
  for (const node of index.nodesOf('TaggedTemplateExpression')) {
    const tag = node.tag;
    if (tag.type !== 'Identifier' || (tag.name !== 'gql' && tag.name !== 'graphql')) continue;
    const text = parsed.text(node.quasi);
    if (!/\btype\s+(?:Query|Mutation|Subscription)\b|\bschema\s*\{/.test(text)) continue;
    facts.push(...fieldFacts(file.path, text, parsed.lineAt(node.quasi.start) - 1));
  }
  // Apollo Client's local resolvers (`new ApolloClient({ resolvers: { Query: ... } })`) run in the browser.
  if (resolverMap && !index.imports('@apollo/client', 'apollo-client', 'apollo-boost', 'apollo-link-state', '@apollo/client/*')) facts.push(...resolverFacts(file.path, index));
  if (guard) facts.push({ kind: 'config', setting: 'graphql-schema-guard', values: {}, evidence: { file: file.path, line: 1 }, key: `${file.path}#graphql-schema-guard` } satisfies Omit<ConfigFact, 'extractor'>);
  for (const server of graphqlServers(index)) {
    const fact: Omit<ConfigFact, 'extractor'> = {
      kind: 'config',
      setting: 'graphql-server',
      values: { framework: server.framework, introspection: server.introspection, depthLimited: server.depthLimited, listener: server.listener, context: server.context },
      summary: `${server.framework} server`,
      evidence: { file: file.path, line: server.line },
      key: `${file.path}#graphql-server:${server.framework}`,
    };
    facts.push(fact);
  }
  return facts;
}

/** One operation per resolver of a root type, with the resolver as its handler and its own auth. */
function resolverFacts(file: string, index: JsIndex): FactInput[] {
  return resolverOperations(index).map((op): Omit<EntrypointFact, 'extractor'> => {
    const line = index.line(op.fn ?? op.node);
    const tags = [...(op.operation === 'MUTATION' ? ['graphql-mutation'] : []), ...(op.level === 'unchecked' ? [UNCHECKED] : [])];
    return {
      kind: 'entrypoint',
      protocol: 'graphql',
      framework: 'graphql',
      method: op.operation,
      path: op.namespace ?? op.name,
      middleware: [],
      auth: op.level === 'user' || op.level === 'admin' ? op.level : 'unknown',
      ...(op.why ? { authEvidence: [op.why] } : {}),
      tags,
      ...(op.fn ? { handler: { file, line, name: op.namespace ?? op.name } } : {}),
      evidence: { file, line: index.line(op.node), snippet: op.name },
      key: op.namespace ? `${file}${NS_RESOLVER}${op.namespace}` : `${file}#graphql-resolver:${op.operation} ${op.name}`,
    };
  });
}

/**
 * Resolvers that check nothing are public when nothing in front of them refuses a call: every
 * GraphQL server of the repository listens on its own port (no HTTP middleware) with a context
 * that never refuses, and no schema-wide guard (graphql-shield) wraps them. An auth directive on
 * the same field in the SDL still decides (the resolver fact replaces the SDL one in the model).
 * Root fields grouped under a namespace type in the SDL (`comments.list`) are those operations,
 * not the namespace's own resolver.
 */
export function linkResolvers(input: Fact[]): Fact[] {
  const facts = joinNamespaced(input);
  const resolvers = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.protocol === 'graphql' && f.extractor === 'api/graphql' && !!f.key?.includes('#graphql-resolver:'));
  if (resolvers.length === 0) return facts;
  const servers = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'graphql-server' && f.extractor === 'api/graphql');
  const guarded = facts.some((f) => f.kind === 'config' && f.setting === 'graphql-schema-guard');
  const open = !guarded && servers.length > 0 && servers.every((s) => (s.values.listener === 'standalone' || s.values.listener === 'bare') && (s.values.context === 'absent' || s.values.context === 'decorates'));
  const sdl = new Map<string, EntrypointFact>();
  const namespaces = new Set<string>();
  for (const f of facts) {
    if (f.kind !== 'entrypoint' || f.protocol !== 'graphql' || f.extractor !== 'api/graphql' || !f.key?.includes('#graphql:')) continue;
    sdl.set(`${f.method} ${f.path}`, f);
    const dot = f.path?.indexOf('.') ?? -1;
    if (f.path && dot > 0) namespaces.add(`${f.method} ${f.path.slice(0, dot)}`);
  }
  const replaced = new Map<Fact, Fact | null>();
  for (const r of resolvers) {
    const id = `${r.method} ${r.path}`;
    if (namespaces.has(id)) {
      replaced.set(r, null);
      continue;
    }
    const declared = sdl.get(id);
    if (!r.tags?.includes(UNCHECKED)) {
      // A schema directive runs before the resolver: it decides where the resolver's own check says
      // nothing visible (a wrapper, an unchecked read of the caller) or less (`user` under an admin-only directive).
      if (declared && declared.auth !== 'unknown' && (r.auth === 'unknown' || (r.auth === 'user' && declared.auth === 'admin'))) {
        replaced.set(r, { ...r, auth: declared.auth, authEvidence: [...(declared.authEvidence ?? []), ...(r.authEvidence ?? [])], middleware: declared.middleware });
      }
      continue;
    }
    if (declared && declared.auth !== 'unknown') replaced.set(r, { ...r, auth: declared.auth, authEvidence: declared.authEvidence, middleware: declared.middleware });
    else if (open) replaced.set(r, { ...r, auth: 'none', authEvidence: ['no check in the resolver; the server lets anonymous calls through'] });
  }
  if (replaced.size === 0) return facts;
  const out: Fact[] = [];
  for (const f of facts) {
    const r = replaced.get(f);
    if (r === undefined) out.push(f);
    else if (r !== null) out.push(r);
  }
  return out;
}

/**
 * Resolvers of a namespace type (`UserMutation: { update() {} }`) become the operations the schema
 * groups under it (`users: UserMutation` in `type Mutation` → MUTATION `users.update`); those no
 * schema field names are dropped (an object that merely looks like one, or a schema not read).
 */
function joinNamespaced(facts: Fact[]): Fact[] {
  const isNs = (f: Fact): f is EntrypointFact => f.kind === 'entrypoint' && f.extractor === 'api/graphql' && !!f.key?.includes(NS_RESOLVER);
  if (!facts.some(isNs)) return facts;
  const fields = new Map<string, EntrypointFact[]>();
  for (const f of facts) {
    if (f.kind !== 'entrypoint' || f.extractor !== 'api/graphql' || !f.key?.includes('#graphql:')) continue;
    const at = f.key.lastIndexOf(IN);
    if (at < 0) continue;
    const ns = f.key.slice(at + IN.length);
    const list = fields.get(ns) ?? [];
    list.push(f);
    fields.set(ns, list);
  }
  const out: Fact[] = [];
  for (const f of facts) {
    if (!isNs(f)) {
      out.push(f);
      continue;
    }
    const file = f.key!.slice(0, f.key!.indexOf(NS_RESOLVER));
    const seen = new Set<string>();
    for (const d of fields.get(f.path ?? '') ?? []) {
      const id = `${d.method} ${d.path}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const tags = [...(d.method === 'MUTATION' ? ['graphql-mutation'] : []), ...(f.tags ?? []).filter((t) => t !== 'graphql-mutation')];
      out.push({ ...f, method: d.method, path: d.path, tags, key: `${file}#graphql-resolver:${id}` });
    }
  }
  return out;
}

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  const facts = SCHEMA_FILE.test(file.path) ? fieldFacts(file.path, file.content, 0) : jsFacts(file, ctx);
  return facts.length > 0 ? facts : null;
}

export const extractor: Extractor = {
  id: 'api/graphql',
  title: 'GraphQL schemas and servers',
  // Schemas in tests and specs (`spec/server.spec.js`, `test/fixtures/schema.graphql`) set up the
  // test's own server: their fields are not the product's operations.
  matches: (path) => (SCHEMA_FILE.test(path) || isJsFile(path)) && !isTestFile(path),
  signals: ['type Query', 'type Mutation', 'type Subscription', 'extend type', 'schema', 'gql`', 'graphql`', 'ApolloServer', 'graphqlHTTP', 'createHandler', 'mercurius', 'createYoga', 'Query', 'Mutation', 'Subscription', 'GraphQLObjectType', 'graphql-shield', 'graphql-middleware', 'generic-auth', 'graphql-authz'],
  extract,
  link: linkResolvers,
};
