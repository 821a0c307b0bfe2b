import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/api/graphql: test and spec files', () => {
  it('gives no entry points for schemas a test sets up', () => {
    const sdl = 'const typeDefs = gql`\n  extend type Query {\n    hello: String @resolve\n  }\n`;\n';
    const { facts } = runExtractor(extractor, {
      'spec/ParseGraphQLServer.spec.js': sdl,
      'test/fixtures/schema.graphql': 'type Query { ping: String }\n',
      'src/schema.js': sdl,
    });
    assert.deepEqual(facts.filter((f) => f.kind === 'entrypoint').map((f) => f.evidence.file), ['src/schema.js']);
  });
});
