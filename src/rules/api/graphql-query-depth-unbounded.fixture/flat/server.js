const { ApolloServer } = require('@apollo/server');
const gql = require('graphql-tag');

// No type returns another object type: a query is as deep as the schema, and no deeper.
const typeDefs = gql`
  type Note {
    id: ID
    title: String
    tags: [String!]
  }
  type Query {
    note(id: ID!): Note
    notes(filter: NoteFilter): [Note]
  }
  input NoteFilter {
    tag: String
  }
`;

// ok: graphql-query-depth-unbounded
const server = new ApolloServer({ typeDefs, resolvers: {} });

module.exports = { server };
