import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from '../express/index.js';

const graphqlRoutes = (files: Record<string, string>) =>
  runExtractor(extractor, files)
    .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.protocol === 'graphql')
    .map((e) => [e.path, e.auth, e.tags?.filter((t) => !t.startsWith('meta:') && !t.startsWith('{'))]);

describe('routes-realtime: standalone GraphQL servers', () => {
  it('marks a server that listens by itself as its own listener', () => {
    const standalone = `const { ApolloServer } = require('apollo-server');
const server = new ApolloServer({ schema, context: ({ req }) => ({ user: req.user }) });
server.listen({ port: process.env.GRAPHQL_PORT });
`;
    const v4 = `import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
const server = new ApolloServer({ typeDefs, resolvers });
await startStandaloneServer(server, { listen: { port: 4000 } });
`;
    for (const code of [standalone, v4]) {
      const [route] = graphqlRoutes({ 'src/gql.js': code });
      assert.equal(route[0], '/graphql');
      assert.ok((route[2] as string[]).includes('own-listener'), code);
    }
  });

  it('does not for a server an Express app listens for', () => {
    const code = `import express from 'express';
import { ApolloServer } from '@apollo/server';
const app = express();
const server = new ApolloServer({ typeDefs, resolvers });
app.listen(3000);
`;
    const routes = graphqlRoutes({ 'src/gql.js': code });
    assert.equal(routes.length, 1);
    assert.ok(!(routes[0][2] as string[]).includes('own-listener'));
  });
});
