const { ApolloServer } = require('@apollo/server');
const { createYoga } = require('graphql-yoga');
const depthLimit = require('graphql-depth-limit');
const { typeDefs, resolvers, schema } = require('./schema');

// ruleid: graphql-query-depth-unbounded
const storefront = new ApolloServer({ typeDefs, resolvers, introspection: false });

// ok: graphql-query-depth-unbounded
const admin = new ApolloServer({ typeDefs, resolvers, introspection: false, validationRules: [depthLimit(5)] });

// ruleid: graphql-query-depth-unbounded
const yoga = createYoga({ schema });

module.exports = { storefront, admin, yoga };
