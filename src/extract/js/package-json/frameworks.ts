// Curated package → framework/library names for ProjectFact.frameworks and the project's role.
// Names are the short technology names the model builder shows as a component's tech.

/** HTTP/RPC server frameworks: a project depending on one runs a service. */
export const SERVER_FRAMEWORKS: Record<string, string> = {
  express: 'express',
  koa: 'koa',
  '@koa/router': 'koa-router',
  'koa-router': 'koa-router',
  fastify: 'fastify',
  '@nestjs/core': 'nestjs',
  '@hapi/hapi': 'hapi',
  hapi: 'hapi',
  // Next, Nuxt, SvelteKit and Remix render pages and also serve API routes.
  next: 'next',
  nuxt: 'nuxt',
  '@sveltejs/kit': 'sveltekit',
  '@remix-run/node': 'remix',
  '@remix-run/express': 'remix',
  // Astro renders pages and serves endpoints, actions and middleware when built for a server.
  astro: 'astro',
  restify: 'restify',
  loopback: 'loopback',
  '@loopback/core': 'loopback',
  '@loopback/rest': 'loopback',
  sails: 'sails',
  feathers: 'feathers',
  '@feathersjs/feathers': 'feathers',
  '@apollo/server': 'apollo-server',
  'graphql-yoga': 'graphql-yoga',
  'socket.io': 'socket.io',
  ws: 'ws',
  hono: 'hono',
  h3: 'h3',
  nitropack: 'nitro',
  nitro: 'nitro',
  polka: 'polka',
  '@adonisjs/core': 'adonis',
  '@grpc/grpc-js': 'grpc',
  'json-server': 'json-server',
  // Every Meteor app's manifest carries the node stubs (Meteor itself is no npm package).
  'meteor-node-stubs': 'meteor',
  // Moleculer services answer HTTP through the moleculer-web gateway.
  'moleculer-web': 'moleculer',
  moleculer: 'moleculer',
};

/** Prefix families of server frameworks (`apollo-server`, `apollo-server-express`, ...). */
const SERVER_PREFIXES: readonly (readonly [string, string])[] = [['apollo-server', 'apollo-server']];

/** Browser UI frameworks: without a server framework the project is a frontend. */
export const FRONTEND_FRAMEWORKS: Record<string, string> = {
  react: 'react',
  'react-dom': 'react',
  vue: 'vue',
  '@angular/core': 'angular',
  svelte: 'svelte',
  preact: 'preact',
  'solid-js': 'solid',
  lit: 'lit',
  'ember-source': 'ember',
};

/** Notable libraries: auth, data stores, cloud SDKs, outbound clients, uploads, AI. */
export const NOTABLE_LIBRARIES: Record<string, string> = {
  passport: 'passport',
  jsonwebtoken: 'jsonwebtoken',
  'express-jwt': 'express-jwt',
  jose: 'jose',
  'express-session': 'express-session',
  'cookie-session': 'cookie-session',
  'next-auth': 'next-auth',
  helmet: 'helmet',
  cors: 'cors',
  csurf: 'csurf',
  'express-rate-limit': 'express-rate-limit',
  bcrypt: 'bcrypt',
  bcryptjs: 'bcrypt',
  argon2: 'argon2',
  mongoose: 'mongoose',
  mongodb: 'mongodb',
  sequelize: 'sequelize',
  typeorm: 'typeorm',
  prisma: 'prisma',
  '@prisma/client': 'prisma',
  'drizzle-orm': 'drizzle',
  knex: 'knex',
  pg: 'pg',
  mysql: 'mysql',
  mysql2: 'mysql2',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
  redis: 'redis',
  ioredis: 'ioredis',
  kafkajs: 'kafka',
  amqplib: 'amqp',
  bull: 'bull',
  bullmq: 'bullmq',
  'aws-sdk': 'aws-sdk',
  'firebase-admin': 'firebase',
  stripe: 'stripe',
  axios: 'axios',
  'node-fetch': 'node-fetch',
  got: 'got',
  multer: 'multer',
  formidable: 'formidable',
  graphql: 'graphql',
  nodemailer: 'nodemailer',
  puppeteer: 'puppeteer',
  openai: 'openai',
  '@anthropic-ai/sdk': 'anthropic',
  langchain: 'langchain',
};

/** Prefix families of notable libraries. */
const NOTABLE_PREFIXES: readonly (readonly [string, string])[] = [
  ['@aws-sdk/', 'aws-sdk'],
  ['@google-cloud/', 'google-cloud'],
  ['@azure/', 'azure-sdk'],
  ['@langchain/', 'langchain'],
];

/** Dependencies that mark a serverless function project. */
export const SERVERLESS_MARKERS = new Set([
  'serverless',
  'aws-lambda',
  '@types/aws-lambda',
  'serverless-http',
  '@vendia/serverless-express',
  '@netlify/functions',
  'firebase-functions',
  '@azure/functions',
  '@google-cloud/functions-framework',
  '@middy/core',
]);

function byPrefix(name: string, prefixes: readonly (readonly [string, string])[]): string | undefined {
  for (const [prefix, label] of prefixes) if (name.startsWith(prefix)) return label;
  return undefined;
}

/** Own properties only: a package called `constructor` must not find Object.prototype's. */
function lookup(table: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

export function serverFramework(name: string): string | undefined {
  return lookup(SERVER_FRAMEWORKS, name) ?? byPrefix(name, SERVER_PREFIXES);
}

export function frontendFramework(name: string): string | undefined {
  return lookup(FRONTEND_FRAMEWORKS, name);
}

export function notableLibrary(name: string): string | undefined {
  return lookup(NOTABLE_LIBRARIES, name) ?? byPrefix(name, NOTABLE_PREFIXES);
}
