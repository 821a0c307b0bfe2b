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
    const server = facts.find((f): f is ConfigFact => f.kind === 'config');
    assert.deepEqual(server?.values, { framework: 'apollo-server', introspection: true, depthLimited: false });
    assert.equal(server?.evidence.line, 7);
  });

  test('a server factory counts only when its GraphQL library is imported', () => {
    const servers = (code: string) => runExtractor(extractor, { 'src/graphql.ts': code }).facts.filter((f) => f.kind === 'config').length;
    assert.equal(servers(`import { createHandler } from 'graphql-http/lib/use/express';\nimport { gql } from 'graphql-tag';\napp.all('/graphql', createHandler({ schema }));\n`), 1);
    // A webhook SDK's or the project's own `createHandler` sharing the name (its file mentions GraphQL).
    assert.equal(servers(`import { createHandler } from '../handler';\n// serves the GraphQL-free bridge\nexport const serve = createHandler({ client, workflows });\n`), 0);
  });

  test('plain JS without GraphQL is not parsed for it', () => {
    assert.deepEqual(runExtractor(extractor, { 'a.ts': 'type Query = { a: string };\nexport const x = 1;\n' }).facts, []);
  });
});
