import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const SDL = `# the schema
schema { query: RootQuery, mutation: RootMutation }
"""Root"""
type RootQuery {
  me: User @auth
  product(id: ID!): Product
}
type RootMutation {
  deleteUser(id: ID!): Boolean @hasRole(role: ADMIN)
  signup(email: String!): User @public
}
extend type RootQuery {
  orders: [Order!]! @requiresAuth
}
type User { id: ID! }
`;

const JS = `const { ApolloServer } = require('@apollo/server');
const typeDefs = gql\`
  type Query {
    products: [Product]
  }
\`;
const server = new ApolloServer({ typeDefs, resolvers, introspection: true });
`;

const entries = (facts: Fact[]) => facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [e.method, e.path, e.auth, e.evidence.line]);

describe('extract/api/graphql', () => {
  test('operations grouped under a namespace type, with scope directives', () => {
    const sdl = `extend type Query {
  users: UserQuery
}
extend type Mutation {
  users: UserMutation
}
type UserQuery {
  list(filter: String): [User] @auth(requires: ["manage:users", "manage:system"])
  profile: User
}
type UserMutation {
  update(id: Int!, name: String): Boolean @auth(requires: ["write:users", "manage:users"])
}
type User { id: Int }
`;
    const { facts } = runExtractor(extractor, { 'schemas/user.graphql': sdl });
    assert.deepEqual(entries(facts), [
      ['QUERY', 'users.list', 'admin', 8],
      ['QUERY', 'users.profile', 'unknown', 9],
      ['MUTATION', 'users.update', 'user', 12],
    ]);
  });

  test('SDL root fields with renamed roots, extensions and auth directives', () => {
    const { facts } = runExtractor(extractor, { 'schema.graphql': SDL });
    assert.deepEqual(entries(facts), [
      ['QUERY', 'me', 'user', 5],
      ['QUERY', 'product', 'unknown', 6],
      ['MUTATION', 'deleteUser', 'admin', 9],
      ['MUTATION', 'signup', 'none', 10],
      ['QUERY', 'orders', 'user', 13],
    ]);
  });

  test('gql templates in JS and the server configuration', () => {
    const { facts } = runExtractor(extractor, { 'src/server.js': JS });
    assert.deepEqual(entries(facts), [['QUERY', 'products', 'unknown', 4]]);
    const server = facts.find((f): f is ConfigFact => f.kind === 'config' && f.setting === 'graphql-server');
    // `Product` is declared in no document seen: whether queries can nest stays open.
    assert.deepEqual(facts.find((f): f is ConfigFact => f.kind === 'config' && f.setting === 'graphql-schema-shape')?.values, { closed: false, cyclic: false });
    assert.deepEqual(server?.values, { framework: 'apollo-server', introspection: true, depthLimited: false, listener: 'mounted', context: 'absent' });
    assert.equal(server?.evidence.line, 7);
  });

  test('a server factory counts only when its GraphQL library is imported', () => {
    const servers = (code: string) => runExtractor(extractor, { 'src/graphql.ts': code }).facts.filter((f) => f.kind === 'config' && f.setting === 'graphql-server').length;
    assert.equal(servers(`import { createHandler } from 'graphql-http/lib/use/express';\nimport { gql } from 'graphql-tag';\napp.all('/graphql', createHandler({ schema }));\n`), 1);
    // A webhook SDK's or the project's own `createHandler` sharing the name (its file mentions GraphQL).
    // A method named like Object.prototype's (`err.toString()`) is no factory.
    assert.equal(servers(`import { ApolloServer } from '@apollo/server';\nconst name = err.toString();\nexport const server = new ApolloServer({ schema, introspection: false });\n`), 1);
    assert.equal(servers(`import { createHandler } from '../handler';\n// serves the GraphQL-free bridge\nexport const serve = createHandler({ client, workflows });\n`), 0);
  });

  test('plain JS without GraphQL is not parsed for it', () => {
    assert.deepEqual(runExtractor(extractor, { 'a.ts': 'type Query = { a: string };\nexport const x = 1;\n' }).facts, []);
  });

  const SCHEMA = `const { gql } = require('apollo-server');
const typeDefs = gql\`
  type Query {
    note(id: ID!): Note
    me: User
    stats: Stats @auth
    comments: CommentQuery
  }
  type CommentQuery {
    list: [Comment]
  }
  type Mutation {
    createNote(body: String): Note
    deleteNote(id: ID!): Boolean
  }
\`;
const resolvers = {
  Query: {
    note: (parent, args, context) => Note.findById(args.id),
    async me(_, __, { user }) {
      if (!user) throw new AuthenticationError('log in');
      return user;
    },
    stats: () => Stats.all(),
    comments() { return {} },
  },
  Mutation: {
    createNote: async (parent, args, context, info) => {
      if (typeof context.user == 'undefined') {
        throw new Error('Missing token');
      }
      return new Note({ ...args, user: context.user }).save();
    },
    deleteNote: { resolve: (p, args, ctx) => Note.deleteOne({ _id: args.id }) },
    setRole: async (p, args, ctx) => {
      requireAdmin(ctx);
      return User.updateOne({ _id: args.id }, { role: 'admin' });
    },
    upload: (p, args, ctx) => save(ctx.user.id, args.path),
    wrapped: authenticated((p, args, ctx) => 1),
  },
};
function requireAdmin(ctx) {
  if (!ctx.user || ctx.user.role !== 'admin') throw new ForbiddenError('admins only');
}
module.exports = { typeDefs, resolvers };
`;
  const ops = (facts: Fact[]) =>
    facts
      .filter((f): f is EntrypointFact => f.kind === 'entrypoint' && !!f.handler)
      .map((e) => `${e.method} ${e.path} ${e.auth}${e.handler ? ` @${e.handler.line}` : ''}`)
      .sort();

  test('resolver maps: each operation gets the auth its own prologue checks', () => {
    // apollo-server listens by itself; its context only decodes a token when there is one.
    const server = `const { ApolloServer } = require('apollo-server');
const jwt = require('jsonwebtoken');
const server = new ApolloServer({ schema, context: async ({ req }) => {
  let user = {};
  try { user = jwt.verify(req.headers.authorization.split(' ')[1], process.env.SECRET); } catch (e) { user = {}; }
  return user;
} });
server.listen({ port: 4000 });
`;
    const { facts } = runExtractor(extractor, { 'graphql/schema.js': SCHEMA, 'app.js': server });
    assert.deepEqual(ops(facts), [
      'MUTATION createNote user @28',
      'MUTATION deleteNote none @34',
      'MUTATION setRole admin @35',
      'MUTATION upload unknown @39',
      'QUERY me user @20',
      'QUERY note none @19',
      'QUERY stats user @24',
    ]);
    // The wrapped resolver stays undecided; the namespace resolver gives way to `comments.list`.
    const all = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.equal(all.find((e) => e.path === 'wrapped' && e.key?.includes('resolver'))?.auth, 'unknown');
    assert.ok(!all.some((e) => e.path === 'comments'));
    assert.deepEqual(facts.find((f): f is ConfigFact => f.kind === 'config' && f.setting === 'graphql-server')?.values, { framework: 'apollo-server', introspection: null, depthLimited: false, listener: 'standalone', context: 'decorates' });
  });

  test('unchecked resolvers stay undecided when something in front of them may refuse', () => {
    const rejecting = `import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
const server = new ApolloServer({ typeDefs, resolvers });
await startStandaloneServer(server, { listen: { port: 4000 }, context: async ({ req }) => {
  const user = getUser(req.headers.authorization || '');
  if (!user) throw new GraphQLError('not logged in', { extensions: { code: 'UNAUTHENTICATED' } });
  return { user };
} });
`;
    const mounted = `import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@apollo/server/express4';
const server = new ApolloServer({ typeDefs, resolvers });
app.use('/graphql', requireLogin, expressMiddleware(server));
`;
    const shielded = `const { shield, rule } = require('graphql-shield');\nmodule.exports = shield({ Query: { note: isAuthenticated } });\n`;
    const decorating = `const { ApolloServer } = require('apollo-server');\nnew ApolloServer({ schema, context: ({ req }) => ({ user: req.user }) }).listen();\n`;
    const cases: Record<string, Record<string, string>> = { rejecting: { 'server.js': rejecting }, mounted: { 'server.js': mounted }, shielded: { 'server.js': decorating, 'permissions.js': shielded } };
    for (const [name, files] of Object.entries(cases)) {
      const { facts } = runExtractor(extractor, { 'graphql/schema.js': SCHEMA, ...files });
      assert.deepEqual(ops(facts).filter((o) => / (note|deleteNote) /.test(o)), ['MUTATION deleteNote unknown @34', 'QUERY note unknown @19'], name);
    }
  });

  test('unchecked resolvers are public on an Express app that nothing in front of them guards', () => {
    const express3 = `import { ApolloServer } from 'apollo-server-express';
import express from 'express';
const server = new ApolloServer({ typeDefs, resolvers });
const app = express().disable('x-powered-by').get('/health', (req, res) => res.send('ok'));
await server.start();
server.applyMiddleware({ app, path: '/graphql', cors: { origin: '*' } });
app.listen(4000);
`;
    const express4 = `import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@apollo/server/express4';
import express from 'express';
import cors from 'cors';
const app = express();
app.use(helmet());
const server = new ApolloServer({ typeDefs, resolvers });
app.use('/graphql', cors(), express.json(), expressMiddleware(server));
`;
    const guarded3 = express3.replace('await server.start();', "app.use(passport.authenticate('jwt', { session: false }));");
    const guarded4 = express4.replace('app.use(helmet());', 'app.use(requireSession);');
    const handedIn = `import { ApolloServer } from 'apollo-server-express';\nimport express from 'express';\nexport function mount(app) {\n  const server = new ApolloServer({ typeDefs, resolvers });\n  server.applyMiddleware({ app });\n}\n`;
    const open = ['MUTATION deleteNote none @34', 'QUERY note none @19'];
    const closed = ['MUTATION deleteNote unknown @34', 'QUERY note unknown @19'];
    const cases: [string, string, string[]][] = [['express3', express3, open], ['express4', express4, open], ['guarded3', guarded3, closed], ['guarded4', guarded4, closed], ['handedIn', handedIn, closed]];
    for (const [name, server, expected] of cases) {
      const { facts } = runExtractor(extractor, { 'graphql/schema.js': SCHEMA, 'server.js': server });
      assert.deepEqual(ops(facts).filter((o) => / (note|deleteNote) /.test(o)), expected, name);
    }
  });

  test('a resolver made by a factory of the same file is judged as the factory writes it', () => {
    const server = `const { ApolloServer, gql, AuthenticationError } = require('apollo-server');
const { authenticated } = require('./guards');
const typeDefs = gql\`
  type Mutation {
    createProject(input: ProjectInput): Project
    removeProject(id: ID!): Boolean
    renameProject(id: ID!, name: String!): Project
  }
\`;
const withInput = (path) => (_, { input }, { dataSources }) => dataSources[path](input);
function signedIn(path) {
  return (_, args, context) => {
    if (!context.user) throw new AuthenticationError('sign in');
    return context.dataSources[path](args);
  };
}
const resolvers = {
  Mutation: {
    createProject: withInput('createProject'),
    removeProject: signedIn('removeProject'),
    renameProject: authenticated((_, args, context) => context.dataSources.rename(args)),
  },
};
new ApolloServer({ typeDefs, resolvers }).listen();
`;
    const { facts } = runExtractor(extractor, { 'server.js': server });
    const auth = Object.fromEntries(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && !!f.key?.includes('#graphql-resolver:')).map((e) => [e.path, e.auth]));
    assert.deepEqual(auth, { createProject: 'none', removeProject: 'user', renameProject: 'unknown' });
  });

  test('resolvers of a namespace type are joined to the schema fields grouped under it', () => {
    // graphql-tools: `users: AccountMutation` in the schema, `Mutation.users` returns `{}` and
    // `AccountMutation`'s own resolvers do the work (and check the caller).
    const sdl = `extend type Query {
  accounts: AccountQuery
}
extend type Mutation {
  accounts: AccountMutation!
}
type AccountQuery {
  me: Account
  all: [Account] @auth(requires: ["manage:system"])
}
type AccountMutation {
  rename(name: String!): Boolean
  remove(id: Int!): Boolean @auth(requires: ["manage:system"])
  ping: Boolean
}
type Account { id: Int }
`;
    const resolvers = `module.exports = {
  Query: { accounts() { return {} } },
  Mutation: { accounts: () => ({}) },
  AccountQuery: {
    async me(obj, args, context) {
      if (!context.req.user) { throw new Error('sign in') }
      return Account.find(context.req.user.id)
    },
    all(obj, args, context) { return Account.all() },
  },
  AccountMutation: {
    async rename(obj, args, context) {
      try {
        if (!context.req.user || context.req.user.id < 1) {
          throw new AuthRequired()
        }
        await Account.rename(context.req.user.id, args.name)
      } catch (err) { return failure(err) }
    },
    async remove(obj, args, context) {
      if (!context.req.user) throw new AuthRequired()
      return Account.remove(args.id)
    },
    ping() { return true },
  },
  ReportQuery: { list(obj, args, ctx) { return [] } },
};
`;
    const { facts } = runExtractor(extractor, { 'schemas/account.graphql': sdl, 'resolvers/account.js': resolvers });
    assert.deepEqual(ops(facts), [
      'MUTATION accounts.ping unknown @24',
      'MUTATION accounts.remove admin @20',
      'MUTATION accounts.rename user @12',
      'QUERY accounts.all admin @9',
      'QUERY accounts.me user @5',
    ]);
    const all = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.equal(all.find((e) => e.path === 'accounts.rename' && e.handler)?.handler?.name, 'AccountMutation.rename');
    assert.ok(all.find((e) => e.path === 'accounts.rename' && e.handler)?.tags?.includes('graphql-mutation'));
    // No schema field groups `ReportQuery`: no operation, no stray entry point.
    assert.ok(!all.some((e) => /ReportQuery|^accounts$/.test(e.path ?? '')));
    assert.equal(all.filter((e) => e.path === 'accounts.me').length, 2);
  });

  test('local resolvers of Apollo Client are no server operations', () => {
    const code = `import { ApolloClient, InMemoryCache } from '@apollo/client';\nexport const client = new ApolloClient({ cache: new InMemoryCache(), resolvers: { Mutation: { toggleTodo: (_, { id }, { cache }) => null } } });\n`;
    assert.deepEqual(ops(runExtractor(extractor, { 'src/apollo.ts': code }).facts), []);
  });

  test('code-first root types (graphql-js) give their resolvers as operations', () => {
    const code = `const { GraphQLObjectType, GraphQLSchema, GraphQLString } = require('graphql');
const Query = new GraphQLObjectType({
  name: 'Query',
  fields: () => ({
    note: { type: Note, args: { id: { type: GraphQLString } }, resolve: (_, args) => Note.findById(args.id) },
    me: {
      type: User,
      resolve(parent, args, ctx) {
        if (!ctx.user) throw new Error('Unauthorized');
        return ctx.user;
      },
    },
    version: { type: GraphQLString },
  }),
});
const Mutation = new GraphQLObjectType({ name: 'Mutation', fields: { deleteNote: { type: GraphQLString, resolve: (p, { id }, ctx) => Note.deleteOne({ _id: id }) } } });
module.exports = new GraphQLSchema({ query: Query, mutation: Mutation });
`;
    assert.deepEqual(ops(runExtractor(extractor, { 'src/schema.js': code }).facts), ['MUTATION deleteNote unknown @16', 'QUERY me user @8', 'QUERY note unknown @5']);
  });

  test('a context refuses, decorates or is not known to do either', () => {
    const contextOf = (context: string) => {
      const code = `const { ApolloServer } = require('apollo-server');\nconst jwt = require('jsonwebtoken');\nconst { getUser } = require('./auth');\nnew ApolloServer({ schema, context: ${context} }).listen();\n`;
      return runExtractor(extractor, { 'server.js': code }).facts.find((f): f is ConfigFact => f.kind === 'config' && f.setting === 'graphql-server')?.values.context;
    };
    assert.equal(contextOf(`({ req }) => ({ token: (req.headers.authorization || '').replace('Bearer ', ''), user: jwt.decode(req.get('authorization')) })`), 'decorates');
    assert.equal(contextOf(`({ req }) => { const user = jwt.verify(req.headers.authorization, KEY); return { user }; }`), 'unknown');
    assert.equal(contextOf(`async ({ req }) => ({ user: await getUser(req) })`), 'unknown');
    assert.equal(contextOf(`({ req }) => { try { return { user: jwt.verify(req.headers.token, KEY) }; } catch (e) { throw new AuthenticationError('bad token'); } }`), 'rejects');
  });
});
