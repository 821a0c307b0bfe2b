const { ApolloServer } = require('@apollo/server');
const gql = require('graphql-tag');

// Author → posts → author → ...: one query can nest as deep as the client likes.
const typeDefs = gql`
  type Author {
    id: ID
    posts: [Post!]!
  }
  type Post {
    id: ID
    author: Author
  }
  type Query {
    post(id: ID!): Post
  }
`;

// ruleid: graphql-query-depth-unbounded
const server = new ApolloServer({ typeDefs, resolvers: {} });

module.exports = { server };
