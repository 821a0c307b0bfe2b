// Data-store client constructors by library: resolved callee → technology, kind, and how to find
// the connection target in the arguments.
import type { StoreKind } from '../../../model/types.js';

export interface StoreSpec {
  callee: RegExp;
  library: string;
  tech: string;
  kind: StoreKind;
  /** `arg0` = first argument (URL/host/file or options), `opts` = options object keys. */
  target?: 'arg0' | 'opts0' | 'opts1' | 'none';
}

export const STORES: StoreSpec[] = [
  { callee: /^sequelize(\.Sequelize)?$/, library: 'sequelize', tech: 'sql', kind: 'database', target: 'arg0' },
  { callee: /^sequelize-typescript\.Sequelize$/, library: 'sequelize', tech: 'sql', kind: 'database', target: 'arg0' },
  { callee: /^typeorm\.(DataSource|createConnection|createConnections)$/, library: 'typeorm', tech: 'sql', kind: 'database', target: 'opts0' },
  { callee: /^@nestjs\/typeorm\.TypeOrmModule\.forRoot(Async)?$/, library: 'typeorm', tech: 'sql', kind: 'database', target: 'opts0' },
  { callee: /^@nestjs\/mongoose\.MongooseModule\.forRoot(Async)?$/, library: 'mongoose', tech: 'mongodb', kind: 'database', target: 'arg0' },
  { callee: /^knex(\.default|\.knex)?$/, library: 'knex', tech: 'sql', kind: 'database', target: 'opts0' },
  { callee: /^mongoose\.(connect|createConnection)$/, library: 'mongoose', tech: 'mongodb', kind: 'database', target: 'arg0' },
  { callee: /^mongodb\.MongoClient(\.connect)?$/, library: 'mongodb', tech: 'mongodb', kind: 'database', target: 'arg0' },
  { callee: /^pg\.(Pool|Client)$|^pg$/, library: 'pg', tech: 'postgres', kind: 'database', target: 'opts0' },
  { callee: /^pg-promise$/, library: 'pg-promise', tech: 'postgres', kind: 'database', target: 'none' },
  { callee: /^postgres$/, library: 'postgres', tech: 'postgres', kind: 'database', target: 'arg0' },
  { callee: /^(mysql|mysql2|mysql2\/promise)\.(createConnection|createPool|createPoolCluster)$/, library: 'mysql', tech: 'mysql', kind: 'database', target: 'opts0' },
  { callee: /^mariadb\.(createConnection|createPool)$/, library: 'mariadb', tech: 'mysql', kind: 'database', target: 'opts0' },
  { callee: /^mssql\.(connect|ConnectionPool)$/, library: 'mssql', tech: 'mssql', kind: 'database', target: 'opts0' },
  { callee: /^oracledb\.(getConnection|createPool)$/, library: 'oracledb', tech: 'oracle', kind: 'database', target: 'opts0' },
  { callee: /^sqlite3\.(Database|verbose)$|^sqlite3\.verbose\.Database$/, library: 'sqlite3', tech: 'sqlite', kind: 'database', target: 'arg0' },
  { callee: /^sqlite\.open$/, library: 'sqlite', tech: 'sqlite', kind: 'database', target: 'opts0' },
  { callee: /^better-sqlite3(\.default)?$/, library: 'better-sqlite3', tech: 'sqlite', kind: 'database', target: 'arg0' },
  // Node's built-in SQLite (`import { DatabaseSync } from 'node:sqlite'`; the index drops `node:`).
  { callee: /^sqlite\.DatabaseSync$/, library: 'node:sqlite', tech: 'sqlite', kind: 'database', target: 'arg0' },
  { callee: /^redis\.createClient$|^@redis\/client\.createClient$/, library: 'redis', tech: 'redis', kind: 'cache', target: 'opts0' },
  { callee: /^ioredis(\.default|\.Redis|\.Cluster)?$/, library: 'ioredis', tech: 'redis', kind: 'cache', target: 'arg0' },
  { callee: /^@upstash\/redis\.Redis$/, library: '@upstash/redis', tech: 'redis', kind: 'cache', target: 'opts0' },
  { callee: /^memcached$|^memjs\.Client\.create$/, library: 'memcached', tech: 'memcached', kind: 'cache', target: 'arg0' },
  { callee: /^(nedb|@seald-io\/nedb|nedb-promises)(\.create|\.default)?$/, library: 'nedb', tech: 'nedb', kind: 'database', target: 'opts0' },
  { callee: /^lowdb\.(Low|LowSync)$|^lowdb$/, library: 'lowdb', tech: 'lowdb', kind: 'database', target: 'arg0' },
  { callee: /^lowdb\/(node|adapters\/FileSync|adapters\/FileAsync)(\.JSONFile|\.JSONFileSync|\.default)?$/, library: 'lowdb', tech: 'lowdb', kind: 'database', target: 'arg0' },
  { callee: /^marsdb\.Collection$/, library: 'marsdb', tech: 'marsdb', kind: 'database', target: 'arg0' },
  { callee: /^lokijs$/, library: 'lokijs', tech: 'lokijs', kind: 'database', target: 'arg0' },
  { callee: /^@aws-sdk\/client-s3\.S3Client$|^aws-sdk\.S3$/, library: 'aws-sdk', tech: 's3', kind: 'storage', target: 'none' },
  { callee: /^@google-cloud\/storage\.Storage$/, library: '@google-cloud/storage', tech: 'gcs', kind: 'storage', target: 'none' },
  { callee: /^@azure\/storage-blob\.BlobServiceClient(\.fromConnectionString)?$/, library: '@azure/storage-blob', tech: 'azure-blob', kind: 'storage', target: 'arg0' },
  { callee: /^minio\.Client$/, library: 'minio', tech: 's3', kind: 'storage', target: 'opts0' },
  { callee: /^@aws-sdk\/client-dynamodb\.DynamoDBClient$|^aws-sdk\.DynamoDB(\.DocumentClient)?$/, library: 'aws-sdk', tech: 'dynamodb', kind: 'database', target: 'none' },
  { callee: /^firebase-admin\.firestore$|^firebase-admin\/firestore\.getFirestore$|^@google-cloud\/firestore\.Firestore$/, library: 'firestore', tech: 'firestore', kind: 'database', target: 'none' },
  { callee: /^@supabase\/supabase-js\.createClient$/, library: '@supabase/supabase-js', tech: 'supabase', kind: 'database', target: 'arg0' },
  { callee: /^@elastic\/elasticsearch\.Client$|^elasticsearch\.Client$/, library: '@elastic/elasticsearch', tech: 'elasticsearch', kind: 'search', target: 'opts0' },
  { callee: /^@clickhouse\/client(-web)?\.createClient$/, library: '@clickhouse/client', tech: 'clickhouse', kind: 'database', target: 'opts0' },
  { callee: /^@opensearch-project\/opensearch\.Client$/, library: 'opensearch', tech: 'opensearch', kind: 'search', target: 'opts0' },
  { callee: /^amqplib(\/callback_api)?\.connect$|^amqp-connection-manager\.connect$/, library: 'amqplib', tech: 'rabbitmq', kind: 'queue', target: 'arg0' },
  { callee: /^kafkajs\.Kafka$/, library: 'kafkajs', tech: 'kafka', kind: 'queue', target: 'opts0' },
  { callee: /^bullmq\.(Queue|Worker)$|^bull$|^bee-queue$/, library: 'bullmq', tech: 'redis', kind: 'queue', target: 'opts1' },
  { callee: /^@aws-sdk\/client-sqs\.SQSClient$|^aws-sdk\.SQS$/, library: 'aws-sdk', tech: 'sqs', kind: 'queue', target: 'none' },
  { callee: /^@aws-sdk\/client-sns\.SNSClient$|^aws-sdk\.SNS$/, library: 'aws-sdk', tech: 'sns', kind: 'queue', target: 'none' },
  { callee: /^nats\.connect$/, library: 'nats', tech: 'nats', kind: 'queue', target: 'opts0' },
  { callee: /^@google-cloud\/pubsub\.PubSub$/, library: '@google-cloud/pubsub', tech: 'pubsub', kind: 'queue', target: 'none' },
  { callee: /^@azure\/service-bus\.ServiceBusClient$/, library: '@azure/service-bus', tech: 'azure-service-bus', kind: 'queue', target: 'arg0' },
];

/** Normalises an ORM dialect / URL scheme / TypeORM type to a technology name. */
export function dialectTech(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (/^postgres|^pg$|postgresql|cockroach/.test(v)) return 'postgres';
  if (/^mysql|mariadb/.test(v)) return 'mysql';
  if (/sqlite|better-sqlite3/.test(v)) return 'sqlite';
  if (/mssql|sqlserver|tedious/.test(v)) return 'mssql';
  if (/oracle/.test(v)) return 'oracle';
  if (/mongo/.test(v)) return 'mongodb';
  return undefined;
}
