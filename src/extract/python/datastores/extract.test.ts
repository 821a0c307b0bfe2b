import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatastoreClientFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function stores(content: string): string[] {
  return runExtractor(extractor, { 'db.py': content })
    .facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client')
    .map((f) => `${f.tech} ${f.storeKind} ${f.library} ${f.target ?? '-'}`);
}

test('drivers, ORMs and clients with environment or literal targets (credentials dropped)', () => {
  assert.deepEqual(
    stores(`import os, psycopg2, redis, boto3
from pymongo import MongoClient
from sqlalchemy import create_engine
from celery import Celery
pg = psycopg2.connect(os.environ["DATABASE_URL"])
cache = redis.Redis.from_url("redis://:secret@cache:6379/0")
mongo = MongoClient(os.getenv("MONGO_URI"))
engine = create_engine("postgresql+psycopg2://app:pw@db.internal:5432/shop")
s3 = boto3.client("s3")
ses = boto3.client("ses")
app = Celery("tasks", broker="amqp://guest@rabbit//")
`),
    [
      'postgres database psycopg env:DATABASE_URL',
      'redis cache redis-py redis://cache:6379',
      'mongodb database pymongo env:MONGO_URI',
      'postgres database sqlalchemy postgresql+psycopg2://db.internal:5432',
      's3 storage boto3 -',
      'rabbitmq queue celery amqp://rabbit',
    ],
  );
});

test('Flask-SQLAlchemy URI settings', () => {
  assert.deepEqual(stores(`import os\napp.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DB_URL", "sqlite:///x.db")\n`), ['sql database flask-sqlalchemy env:DB_URL']);
});
