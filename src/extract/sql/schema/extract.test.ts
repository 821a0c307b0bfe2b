import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataModelFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('CREATE TABLE statements become classified data models', () => {
  const sql = [
    'CREATE TABLE IF NOT EXISTS users (',
    '  id SERIAL PRIMARY KEY,',
    '  email TEXT NOT NULL UNIQUE,',
    '  password_hash TEXT NOT NULL,',
    '  price NUMERIC(10, 2),',
    '  CONSTRAINT users_email_check CHECK (email <> \'\')',
    ');',
    '',
    'create table "public"."products" (id int, title text, description text);',
  ].join('\n');
  const { facts } = runExtractor(extractor, { 'db/schema.sql': sql });
  const models = facts as DataModelFact[];
  assert.deepEqual(models.map((m) => [m.name, m.evidence.line, m.classification]), [
    ['users', 1, 'restricted'],
    ['products', 9, 'internal'],
  ]);
  assert.deepEqual(models[0].fields, ['id', 'email', 'password_hash', 'price']);
  assert.deepEqual(models[0].categories, ['credentials', 'personal']);
});

test('files without DDL give nothing', () => {
  assert.deepEqual(runExtractor(extractor, { 'q.sql': 'SELECT 1;' }).facts, []);
});
