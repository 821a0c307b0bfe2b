const { ApolloServer } = require('@apollo/server');
const { graphqlHTTP } = require('express-graphql');
const { NoSchemaIntrospectionCustomRule } = require('graphql');
const depthLimit = require('graphql-depth-limit');
const { typeDefs, resolvers, schema } = require('./schema');

// ruleid: graphql-introspection-enabled
const publicApi = new ApolloServer({ typeDefs, resolvers, introspection: true, validationRules: [depthLimit(8)] });

// ok: graphql-introspection-enabled
const internalApi = new ApolloServer({ typeDefs, resolvers, introspection: process.env.NODE_ENV !== 'production', validationRules: [depthLimit(8)] });

// ok: graphql-introspection-enabled
const legacy = graphqlHTTP({ schema, validationRules: [NoSchemaIntrospectionCustomRule, depthLimit(6)] });

module.exports = { publicApi, internalApi, legacy };
