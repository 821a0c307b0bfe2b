// Data stores a Go service talks to: database/sql drivers, pgx, gorm dialects, MongoDB, Redis,
// Kafka, RabbitMQ, NATS, cloud storage and queues, embedded stores; technology normalised to the
// names of src/model/build/tech.ts, target as `env:NAME` or `scheme://host[:port]`.
import type { SgNode } from '@ast-grep/napi';
import type { DatastoreClientFact, FactInput, StoreKind } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { goIndex, goString, isGoFile, type GoIndex } from '../_lib/index.js';
import { goTarget } from '../_lib/values.js';

interface Store {
  callee: RegExp;
  library: string;
  tech: string;
  kind: StoreKind;
  /** Index of the argument naming the target (-1: none). */
  arg: number;
}

const STORES: Store[] = [
  { callee: /^github\.com\/jackc\/pgx(\/v\d+)?\.(Connect|ConnectConfig)$|^github\.com\/jackc\/pgx(\/v\d+)?\/pgxpool\.(New|Connect|NewWithConfig)$/, library: 'pgx', tech: 'postgres', kind: 'database', arg: 1 },
  { callee: /^go\.mongodb\.org\/mongo-driver(\/v\d+)?\/mongo\.(Connect|NewClient)$/, library: 'mongo-go-driver', tech: 'mongodb', kind: 'database', arg: -1 },
  { callee: /^github\.com\/(go-redis\/redis|redis\/go-redis)(\/v\d+)?\.(NewClient|NewClusterClient|NewFailoverClient|NewUniversalClient)$/, library: 'go-redis', tech: 'redis', kind: 'cache', arg: -1 },
  { callee: /^github\.com\/gomodule\/redigo\/redis\.(Dial|DialURL)$/, library: 'redigo', tech: 'redis', kind: 'cache', arg: 1 },
  { callee: /^github\.com\/(Shopify|IBM)\/sarama\.(NewSyncProducer|NewAsyncProducer|NewConsumer|NewConsumerGroup|NewClient)$/, library: 'sarama', tech: 'kafka', kind: 'queue', arg: 0 },
  { callee: /^github\.com\/segmentio\/kafka-go\.(NewWriter|NewReader|Dial|DialLeader)$/, library: 'kafka-go', tech: 'kafka', kind: 'queue', arg: -1 },
  { callee: /^github\.com\/confluentinc\/confluent-kafka-go(\/v\d+)?\/kafka\.(NewProducer|NewConsumer)$/, library: 'confluent-kafka-go', tech: 'kafka', kind: 'queue', arg: -1 },
  { callee: /^github\.com\/(streadway|rabbitmq)\/amqp(091-go)?\.(Dial|DialTLS|DialConfig)$/, library: 'amqp', tech: 'rabbitmq', kind: 'queue', arg: 0 },
  { callee: /^github\.com\/nats-io\/nats\.go\.Connect$/, library: 'nats.go', tech: 'nats', kind: 'queue', arg: 0 },
  { callee: /^github\.com\/elastic\/go-elasticsearch(\/v\d+)?\.(NewClient|NewDefaultClient)$/, library: 'go-elasticsearch', tech: 'elasticsearch', kind: 'search', arg: -1 },
  { callee: /^github\.com\/aws\/aws-sdk-go-v2\/service\/s3\.(NewFromConfig|New)$|^github\.com\/aws\/aws-sdk-go\/service\/s3\.New$/, library: 'aws-sdk-go', tech: 's3', kind: 'storage', arg: -1 },
  { callee: /^github\.com\/aws\/aws-sdk-go(-v2)?\/service\/dynamodb\.(NewFromConfig|New)$/, library: 'aws-sdk-go', tech: 'dynamodb', kind: 'database', arg: -1 },
  { callee: /^github\.com\/aws\/aws-sdk-go(-v2)?\/service\/sqs\.(NewFromConfig|New)$/, library: 'aws-sdk-go', tech: 'sqs', kind: 'queue', arg: -1 },
  { callee: /^cloud\.google\.com\/go\/storage\.NewClient$/, library: 'cloud.google.com/go/storage', tech: 'gcs', kind: 'storage', arg: -1 },
  { callee: /^cloud\.google\.com\/go\/firestore\.NewClient$/, library: 'cloud.google.com/go/firestore', tech: 'firestore', kind: 'database', arg: -1 },
  { callee: /^cloud\.google\.com\/go\/spanner\.NewClient$/, library: 'cloud.google.com/go/spanner', tech: 'spanner', kind: 'database', arg: 1 },
  { callee: /^cloud\.google\.com\/go\/pubsub\.NewClient$/, library: 'cloud.google.com/go/pubsub', tech: 'pubsub', kind: 'queue', arg: -1 },
  { callee: /^github\.com\/bradfitz\/gomemcache\/memcache\.New$/, library: 'gomemcache', tech: 'memcached', kind: 'cache', arg: 0 },
  { callee: /^(go\.etcd\.io\/bbolt|github\.com\/boltdb\/bolt|github\.com\/dgraph-io\/badger(\/v\d+)?|github\.com\/syndtr\/goleveldb\/leveldb)\.(Open|OpenFile)$/, library: 'embedded', tech: 'embedded-db', kind: 'database', arg: 0 },
];

const SQL_DRIVERS: Record<string, string> = { postgres: 'postgres', pgx: 'postgres', cloudsqlpostgres: 'postgres', mysql: 'mysql', sqlite3: 'sqlite', sqlite: 'sqlite', sqlserver: 'mssql', mssql: 'mssql', oracle: 'oracle', godror: 'oracle', clickhouse: 'clickhouse' };
const GORM_DIALECTS: Record<string, string> = { postgres: 'postgres', mysql: 'mysql', sqlite: 'sqlite', sqlserver: 'mssql', clickhouse: 'clickhouse' };

/**
 * Every callee above ends in one of these names (resolving an import alias keeps the last
 * segment): the native search skips all other calls instead of handing each one to JavaScript.
 */
const CONSTRUCTOR_NAME = /(?:Open|OpenFile|Connect|ConnectConfig|New\w*|Dial\w*)$/;
// ASCII classes: a Unicode `\w` makes ast-grep compile a large automaton on every search (about
// 1 ms per file); JavaScript's `\w` above is ASCII anyway.
const CONSTRUCTOR_CALLS = { rule: { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression', regex: '(?:Open|OpenFile|Connect|ConnectConfig|New[A-Za-z0-9_]*|Dial[A-Za-z0-9_]*)$' } } };

/** The package paths of the callees above (a prefix test; the callee patterns decide). */
const STORE_PACKAGES =
  /^(?:database\/sql|github\.com\/jmoiron\/sqlx|gorm\.io\/gorm|github\.com\/jinzhu\/gorm|github\.com\/jackc\/pgx|go\.mongodb\.org\/mongo-driver|github\.com\/(?:go-redis|redis)\/|github\.com\/gomodule\/redigo|github\.com\/(?:Shopify|IBM)\/sarama|github\.com\/segmentio\/kafka-go|github\.com\/confluentinc\/confluent-kafka-go|github\.com\/(?:streadway|rabbitmq)\/amqp|github\.com\/nats-io\/nats\.go|github\.com\/elastic\/go-elasticsearch|github\.com\/aws\/aws-sdk-go|cloud\.google\.com\/go\/|github\.com\/bradfitz\/gomemcache|go\.etcd\.io\/bbolt|github\.com\/boltdb\/bolt|github\.com\/dgraph-io\/badger|github\.com\/syndtr\/goleveldb)/;

function args(call: SgNode): SgNode[] {
  return (call.field('arguments')?.namedChildren() ?? []).filter((a) => a.kind() !== 'comment');
}

function fact(index: GoIndex, at: SgNode, library: string, tech: string, kind: StoreKind, target: string | undefined): FactInput {
  const f: Omit<DatastoreClientFact, 'extractor'> = { kind: 'datastore-client', tech, storeKind: kind, library, evidence: index.evidence(at), key: `${index.file}#datastore-client:${library}:${tech}:${target ?? '?'}` };
  if (target) f.target = target;
  return f;
}

/** Target inside option structs: `&redis.Options{Addr: ...}`, `options.Client().ApplyURI(uri)`. */
function optionTarget(call: SgNode, index: GoIndex): string | undefined {
  const field = call.find({ rule: { kind: 'keyed_element', regex: '^(Addr|Addrs|URL|URI|Brokers|Address|Addresses|Host)\\s*:' } });
  const value = field?.namedChildren()[1];
  if (value) return goTarget(value.namedChildren()[0] ?? value, index);
  const apply = call.find({ rule: { kind: 'call_expression', has: { field: 'function', regex: 'ApplyURI$' } } });
  return apply ? goTarget(args(apply)[0], index) : undefined;
}

export const extractor: Extractor = {
  id: 'go/datastores',
  title: 'Go data stores: database/sql, pgx, gorm, MongoDB, Redis, Kafka, RabbitMQ, NATS, cloud stores',
  matches: isGoFile,
  signals: ['database/sql', 'pgx', 'gorm.io', 'mongo-driver', 'redis', 'sarama', 'kafka', 'amqp', 'nats', 'elasticsearch', 'aws-sdk-go', 'cloud.google.com/go', 'memcache', 'bolt', 'badger', 'leveldb'],
  extract(file, ctx) {
    const index = goIndex(file, ctx);
    const out: FactInput[] = [];
    // Every callee above is a package path, reached through an import: without one, no search.
    if (![...index.imports.values()].some((path) => STORE_PACKAGES.test(path))) return null;
    for (const call of index.root.findAll(CONSTRUCTOR_CALLS)) {
      const callee = index.resolve((call.field('function')?.text() ?? '').replace(/\s+/g, ''));
      if (!CONSTRUCTOR_NAME.test(callee)) continue;
      const a = args(call);
      if (callee === 'database/sql.Open' || /^github\.com\/jmoiron\/sqlx\.(Open|Connect|MustConnect)$/.test(callee)) {
        const driver = goString(a[0]) ?? '';
        const tech = SQL_DRIVERS[driver] ?? 'sql';
        out.push(fact(index, call, callee.startsWith('database') ? 'database/sql' : 'sqlx', tech, 'database', goTarget(a[1], index)));
        continue;
      }
      if (/^gorm\.io\/gorm\.Open$|^github\.com\/jinzhu\/gorm\.Open$/.test(callee)) {
        const dialect = a[0]?.kind() === 'call_expression' ? index.resolve(a[0].field('function')?.text() ?? '') : goString(a[0]) ?? '';
        const m = /driver\/(\w+)\.(Open|New)$/.exec(dialect);
        const tech = m ? (GORM_DIALECTS[m[1]] ?? m[1]) : (SQL_DRIVERS[dialect] ?? 'sql');
        const target = a[0]?.kind() === 'call_expression' ? goTarget(args(a[0])[0], index) : goTarget(a[1], index);
        out.push(fact(index, call, 'gorm', tech, 'database', target));
        continue;
      }
      const spec = STORES.find((s) => s.callee.test(callee));
      if (!spec) continue;
      const target = (spec.arg >= 0 ? goTarget(a[spec.arg], index) : undefined) ?? optionTarget(call, index);
      out.push(fact(index, call, spec.library, spec.tech, spec.kind, target));
    }
    return out.length > 0 ? out : null;
  },
};
