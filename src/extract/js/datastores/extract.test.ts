import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatastoreClientFact, EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/datastores', () => {
  it('identifies stores, their technology and connection target', () => {
    const { facts } = runExtractor(extractor, {
      'src/db.js': `const { Sequelize } = require('sequelize');
const mongoose = require('mongoose');
const Redis = require('ioredis');
const { Pool } = require('pg');
const Database = require('better-sqlite3');
const { S3Client } = require('@aws-sdk/client-s3');
const amqp = require('amqplib');
const { Kafka } = require('kafkajs');
const Datastore = require('nedb');
new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres' });
mongoose.connect('mongodb://user:pw@mongo.internal:27017/app');
new Redis(process.env.REDIS_URL);
new Pool({ host: 'db.example.com', database: 'app' });
new Database('data/app.sqlite');
new S3Client({ region: 'eu-west-1' });
amqp.connect(process.env.AMQP_URL);
new Kafka({ brokers: ['kafka:9092'] });
new Datastore({ filename: 'data/users.db' });
`,
    });
    const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client');
    assert.deepEqual(stores.map((s) => `${s.tech}/${s.storeKind}/${s.target ?? '-'}`).sort(), [
      'kafka/queue/kafka',
      'mongodb/database/mongo.internal',
      'nedb/database/data/users.db',
      'postgres/database/db.example.com',
      'postgres/database/env:DATABASE_URL',
      'rabbitmq/queue/env:AMQP_URL',
      'redis/cache/env:REDIS_URL',
      's3/storage/-',
      'sqlite/database/data/app.sqlite',
    ]);
    assert.ok(stores.every((s) => !(s.target ?? '').includes('pw')));
  });

  it('identifies ClickHouse clients', () => {
    const { facts } = runExtractor(extractor, {
      'src/lib/clickhouse.ts': "import { createClient } from '@clickhouse/client';\nexport const client = createClient({ url: process.env.CLICKHOUSE_URL });\n",
    });
    const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client');
    assert.deepEqual(stores.map((s) => `${s.tech}/${s.storeKind}/${s.library}`), ['clickhouse/database/@clickhouse/client']);
  });

  it("identifies Node's built-in SQLite", () => {
    const { facts } = runExtractor(extractor, {
      'server/storage.ts': "import { DatabaseSync } from 'node:sqlite';\nexport function open(path: string) { return new DatabaseSync(path); }\n",
    });
    const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client');
    assert.deepEqual(stores.map((s) => `${s.tech}/${s.storeKind}/${s.library}`), ['sqlite/database/node:sqlite']);
  });

  it('reads a Fastify autoload plugin\'s options from its exported autoConfig', () => {
    const tech = (content: string) => runExtractor(extractor, { 'src/plugins/db.ts': content }).facts.map((f) => (f as DatastoreClientFact).tech);
    const plugin = (config: string) => `import fp from 'fastify-plugin';\nimport knex from 'knex';\n${config}\nexport default fp(async (fastify, opts) => { fastify.decorate('knex', knex(opts)); });\n`;
    assert.deepEqual(tech(plugin("export const autoConfig = (fastify) => ({ client: 'mysql2', connection: fastify.config.DB });")), ['mysql']);
    assert.deepEqual(tech(plugin("export const autoConfig = (fastify) => {\n  return { client: 'pg', connection: fastify.config.DB };\n};")), ['postgres']);
    assert.deepEqual(tech(plugin("export const autoConfig = { client: 'sqlite3', connection: { filename: './db.sqlite' } };")), ['sqlite']);
    // Options of another shape (not the plugin's own) keep the generic technology.
    assert.deepEqual(tech(plugin('export const other = 1;')), ['sql']);
  });

  it('reads the Prisma datasource, upload folders and queue consumers', () => {
    const { facts } = runExtractor(extractor, {
      'prisma/schema.prisma': `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n`,
      'src/upload.js': `const multer = require('multer'); const upload = multer({ dest: 'uploads/' });`,
      'src/worker.js': `const { Kafka } = require('kafkajs'); const consumer = kafka.consumer({ groupId: 'g' }); consumer.subscribe({ topic: 'orders' });`,
    });
    const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client');
    assert.deepEqual(stores.map((s) => `${s.library}:${s.tech}:${s.target}`), ['prisma:postgres:env:DATABASE_URL', 'multer:filesystem:uploads/']);
    const consumer = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.equal(consumer?.protocol, 'queue');
    assert.equal(consumer?.path, 'orders');
  });
});
