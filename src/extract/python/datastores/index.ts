// Data stores a Python service talks to: database drivers and ORMs, document stores, caches,
// object storage and queues, by client constructor, with the technology normalised to the names of
// src/model/build/tech.ts and the target (`env:NAME`, `scheme://host`, file).
import type { SgNode } from '@ast-grep/napi';
import type { DatastoreClientFact, FactInput, StoreKind } from '../../../model/types.js';
import { storeTechOfScheme } from '../../../model/build/tech.js';
import type { Extractor } from '../../types.js';
import { isPythonFile, isPythonTestFile, pyIndex, type PyIndex } from '../_lib/index.js';
import { keywordArg, positionalArgs } from '../_lib/receivers.js';
import { dotted, pyString } from '../_lib/strings.js';
import { pyTarget } from '../_lib/targets.js';

interface Store {
  callee: RegExp;
  library: string;
  /** Technology, or `url` to take it from the connection URL's scheme. */
  tech: string;
  kind: StoreKind;
  /** Keyword arguments that name the target, in order of preference (positional 0 is tried first). */
  keys?: string[];
}

const STORES: Store[] = [
  { callee: /^(psycopg2|psycopg)\.connect$|^psycopg_pool\.\w*ConnectionPool$|^psycopg2\.pool\.\w+$/, library: 'psycopg', tech: 'postgres', kind: 'database', keys: ['dsn', 'conninfo', 'host'] },
  { callee: /^asyncpg\.(connect|create_pool)$/, library: 'asyncpg', tech: 'postgres', kind: 'database', keys: ['dsn', 'host'] },
  { callee: /^(pymysql|MySQLdb|aiomysql|mysql\.connector)\.(connect|create_pool)$|^mysql\.connector\.pooling\.MySQLConnectionPool$/, library: 'mysql-client', tech: 'mysql', kind: 'database', keys: ['host'] },
  { callee: /^(sqlite3|aiosqlite)\.connect$/, library: 'sqlite3', tech: 'sqlite', kind: 'database', keys: ['database'] },
  { callee: /^(pymongo\.MongoClient|motor\.motor_asyncio\.AsyncIOMotorClient|motor\.motor_tornado\.MotorClient|mongoengine\.connect|pymongo\.mongo_client\.MongoClient)$/, library: 'pymongo', tech: 'mongodb', kind: 'database', keys: ['host'] },
  { callee: /^(redis|redis\.asyncio|aioredis|redis\.client)(\.(Redis|StrictRedis|ConnectionPool))?\.(Redis|StrictRedis|from_url|ConnectionPool|Sentinel|RedisCluster)$|^redis\.asyncio\.from_url$|^redis\.ConnectionPool\.from_url$/, library: 'redis-py', tech: 'redis', kind: 'cache', keys: ['url', 'host'] },
  { callee: /^(sqlalchemy\.create_engine|sqlalchemy\.ext\.asyncio\.create_async_engine|databases\.Database|peewee\.\w+Database|playhouse\.db_url\.connect|tortoise\.Tortoise\.init)$/, library: 'sqlalchemy', tech: 'url', kind: 'database', keys: ['url', 'db_url'] },
  { callee: /^(elasticsearch\.Elasticsearch|elasticsearch\.AsyncElasticsearch|opensearchpy\.OpenSearch)$/, library: 'elasticsearch-py', tech: 'elasticsearch', kind: 'search', keys: ['hosts'] },
  { callee: /^(pika\.BlockingConnection|aio_pika\.connect_robust|aio_pika\.connect|kombu\.Connection)$/, library: 'pika', tech: 'rabbitmq', kind: 'queue', keys: ['url'] },
  { callee: /^(kafka\.KafkaProducer|kafka\.KafkaConsumer|confluent_kafka\.Producer|confluent_kafka\.Consumer|aiokafka\.AIOKafkaProducer|aiokafka\.AIOKafkaConsumer)$/, library: 'kafka-python', tech: 'kafka', kind: 'queue', keys: ['bootstrap_servers'] },
  { callee: /^(memcache\.Client|pymemcache\.client\.base\.Client|pymemcache\.Client|pylibmc\.Client)$/, library: 'pymemcache', tech: 'memcached', kind: 'cache' },
  { callee: /^cassandra\.cluster\.Cluster$/, library: 'cassandra-driver', tech: 'cassandra', kind: 'database' },
  { callee: /^neo4j\.GraphDatabase\.driver$/, library: 'neo4j', tech: 'neo4j', kind: 'database', keys: ['uri'] },
  { callee: /^google\.cloud\.storage\.Client$/, library: 'google-cloud-storage', tech: 'gcs', kind: 'storage' },
  { callee: /^google\.cloud\.firestore\.Client$/, library: 'google-cloud-firestore', tech: 'firestore', kind: 'database' },
  { callee: /^azure\.storage\.blob\.BlobServiceClient(\.from_connection_string)?$/, library: 'azure-storage-blob', tech: 'azure-blob', kind: 'storage' },
  { callee: /^nats\.connect$/, library: 'nats-py', tech: 'nats', kind: 'queue', keys: ['servers'] },
  { callee: /^celery\.Celery$/, library: 'celery', tech: 'url', kind: 'queue', keys: ['broker'] },
];

const MODULES = ['psycopg2', 'psycopg', 'psycopg_pool', 'asyncpg', 'pymysql', 'MySQLdb', 'aiomysql', 'mysql', 'sqlite3', 'aiosqlite', 'pymongo', 'motor', 'mongoengine', 'redis', 'aioredis', 'sqlalchemy', 'databases', 'peewee', 'playhouse', 'tortoise', 'elasticsearch', 'opensearchpy', 'pika', 'aio_pika', 'kombu', 'kafka', 'confluent_kafka', 'aiokafka', 'memcache', 'pymemcache', 'pylibmc', 'cassandra', 'neo4j', 'google.cloud', 'azure.storage', 'nats', 'celery', 'boto3', 'aioboto3'];

/** Last name segments of the constructors above: the native search only returns these calls. */
const CTOR_NAMES = '(^|\\.)(connect|create_pool|[A-Za-z0-9_]*ConnectionPool|MongoClient|AsyncIOMotorClient|MotorClient|Redis|StrictRedis|from_url|Sentinel|RedisCluster|create_engine|create_async_engine|Database|[A-Za-z0-9_]+Database|Elasticsearch|AsyncElasticsearch|OpenSearch|BlockingConnection|connect_robust|Connection|KafkaProducer|KafkaConsumer|Producer|Consumer|AIOKafkaProducer|AIOKafkaConsumer|Client|Cluster|driver|BlobServiceClient|from_connection_string|Celery|client|resource|init)$';

const BOTO: Record<string, { tech: string; kind: StoreKind }> = {
  s3: { tech: 's3', kind: 'storage' },
  dynamodb: { tech: 'dynamodb', kind: 'database' },
  sqs: { tech: 'sqs', kind: 'queue' },
  sns: { tech: 'sns', kind: 'queue' },
  kinesis: { tech: 'kinesis', kind: 'queue' },
};

function techFromTarget(target: string | undefined, fallback: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target ?? '')?.[1]?.toLowerCase().split('+')[0];
  return (scheme && storeTechOfScheme(scheme === 'postgresql' ? 'postgres' : scheme)) || fallback;
}

function fact(index: PyIndex, at: SgNode, library: string, tech: string, kind: StoreKind, target: string | undefined): FactInput {
  const f: Omit<DatastoreClientFact, 'extractor'> = {
    kind: 'datastore-client',
    tech,
    storeKind: kind,
    library,
    evidence: index.evidence(at),
    key: `${index.file}#datastore-client:${library}:${tech}:${target ?? '?'}`,
  };
  if (target) f.target = target;
  return f;
}

/** Flask-SQLAlchemy / Django-style URL settings: `SQLALCHEMY_DATABASE_URI = ...`, `app.config['REDIS_URL'] = ...`. */
function urlSettings(index: PyIndex, out: FactInput[]): void {
  for (const a of index.root.findAll({ rule: { kind: 'assignment', has: { field: 'left', regex: '(SQLALCHEMY_DATABASE_URI|DATABASE_URL|REDIS_URL|MONGO_URI|MONGODB_URI|CELERY_BROKER_URL|BROKER_URL)' } } })) {
    const target = pyTarget(a.field('right'), index);
    const name = /(SQLALCHEMY_DATABASE_URI|DATABASE_URL|REDIS_URL|MONGO_URI|MONGODB_URI|CELERY_BROKER_URL|BROKER_URL)/.exec(a.field('left')?.text() ?? '')?.[1] ?? '';
    const fallback = /REDIS/.test(name) ? 'redis' : /MONGO/.test(name) ? 'mongodb' : /BROKER/.test(name) ? 'rabbitmq' : 'sql';
    const tech = techFromTarget(target, fallback);
    if (tech === 'sql' && !target) continue;
    out.push(fact(index, a, /SQLALCHEMY/.test(name) ? 'flask-sqlalchemy' : 'settings', tech, tech === 'redis' ? 'cache' : /BROKER/.test(name) ? 'queue' : 'database', target));
  }
}

export const extractor: Extractor = {
  id: 'python/datastores',
  title: 'Python data stores: drivers, ORMs, caches, object storage and queues, with targets',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['import'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const out: FactInput[] = [];
    if (index.importsFrom(...MODULES)) {
      for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: CTOR_NAMES } } })) {
        const written = dotted(call.field('function'));
        if (!written) continue;
        const callee = index.resolve(written);
        if (/^boto3\.(client|resource)$|^boto3\.session\.Session\(\)\.client$|^aioboto3\.\w+\.client$/.test(callee)) {
          const service = pyString(positionalArgs(call)[0] ?? keywordArg(call, 'service_name'));
          const b = service ? BOTO[service] : undefined;
          if (b) out.push(fact(index, call, 'boto3', b.tech, b.kind, pyTarget(keywordArg(call, 'endpoint_url'), index)));
          continue;
        }
        const spec = STORES.find((s) => s.callee.test(callee));
        if (!spec) continue;
        const args = positionalArgs(call);
        let target: string | undefined = args[0] ? pyTarget(args[0], index) : undefined;
        for (const k of spec.keys ?? []) target ??= pyTarget(keywordArg(call, k), index);
        if (spec.tech === 'sqlite' && !target) target = pyString(args[0]);
        const tech = spec.tech === 'url' ? techFromTarget(target, spec.library === 'celery' ? 'rabbitmq' : 'sql') : spec.tech;
        if (tech === 'sql' && !target) continue;
        out.push(fact(index, call, spec.library, tech, spec.tech === 'url' ? (spec.kind === 'queue' ? 'queue' : tech === 'redis' ? 'cache' : 'database') : spec.kind, target));
      }
    }
    if (/SQLALCHEMY_DATABASE_URI|DATABASE_URL|REDIS_URL|MONGO_?URI|MONGODB_URI|BROKER_URL/.test(file.content)) urlSettings(index, out);
    return out.length > 0 ? out : null;
  },
};
