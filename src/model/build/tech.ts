import type { ComponentKind, StoreKind } from '../types.js';

interface StoreTech {
  display: string;
  storeKind: StoreKind;
  /** Image repository names (last path segment) that run this technology. */
  images: string[];
  /** URL schemes that address it. */
  schemes: string[];
  /** Whether its default wire protocol is encrypted. */
  encryptedSchemes?: string[];
}

/** Data technologies threatcode recognises, keyed by the normalised tech name used in facts. */
export const STORE_TECH: Record<string, StoreTech> = {
  postgres: { display: 'PostgreSQL', storeKind: 'database', images: ['postgres', 'postgresql', 'postgis'], schemes: ['postgres', 'postgresql'] },
  mysql: { display: 'MySQL', storeKind: 'database', images: ['mysql', 'mariadb', 'percona'], schemes: ['mysql', 'mariadb'] },
  mongodb: { display: 'MongoDB', storeKind: 'database', images: ['mongo', 'mongodb'], schemes: ['mongodb', 'mongodb+srv'], encryptedSchemes: ['mongodb+srv'] },
  redis: { display: 'Redis', storeKind: 'cache', images: ['redis', 'valkey', 'keydb'], schemes: ['redis', 'rediss'], encryptedSchemes: ['rediss'] },
  memcached: { display: 'Memcached', storeKind: 'cache', images: ['memcached'], schemes: ['memcached'] },
  sqlite: { display: 'SQLite', storeKind: 'database', images: [], schemes: ['sqlite'] },
  mssql: { display: 'SQL Server', storeKind: 'database', images: ['mssql', 'mssql-server'], schemes: ['mssql', 'sqlserver'] },
  oracle: { display: 'Oracle Database', storeKind: 'database', images: ['oracle', 'oracle-xe'], schemes: ['oracle'] },
  clickhouse: { display: 'ClickHouse', storeKind: 'database', images: ['clickhouse-server', 'clickhouse'], schemes: ['clickhouse'] },
  cassandra: { display: 'Cassandra', storeKind: 'database', images: ['cassandra', 'scylla'], schemes: ['cassandra'] },
  dynamodb: { display: 'DynamoDB', storeKind: 'database', images: ['dynamodb-local'], schemes: [] },
  elasticsearch: { display: 'Elasticsearch', storeKind: 'search', images: ['elasticsearch', 'opensearch'], schemes: ['elasticsearch'] },
  couchdb: { display: 'CouchDB', storeKind: 'database', images: ['couchdb'], schemes: ['couchdb'] },
  neo4j: { display: 'Neo4j', storeKind: 'database', images: ['neo4j'], schemes: ['neo4j', 'bolt'] },
  rabbitmq: { display: 'RabbitMQ', storeKind: 'queue', images: ['rabbitmq'], schemes: ['amqp', 'amqps'], encryptedSchemes: ['amqps'] },
  kafka: { display: 'Kafka', storeKind: 'queue', images: ['kafka', 'cp-kafka', 'redpanda'], schemes: ['kafka'] },
  nats: { display: 'NATS', storeKind: 'queue', images: ['nats'], schemes: ['nats', 'tls'] },
  sqs: { display: 'Amazon SQS', storeKind: 'queue', images: [], schemes: [] },
  s3: { display: 'Object storage (S3)', storeKind: 'storage', images: ['minio'], schemes: ['s3'] },
  gcs: { display: 'Google Cloud Storage', storeKind: 'storage', images: [], schemes: ['gs'] },
  'azure-blob': { display: 'Azure Blob Storage', storeKind: 'storage', images: ['azurite'], schemes: [] },
  filesystem: { display: 'File storage', storeKind: 'storage', images: [], schemes: ['file'] },
  'embedded-db': { display: 'Embedded document store', storeKind: 'database', images: [], schemes: [] },
};

export function storeTechOfImage(image: string): string | undefined {
  const repo = image.split('@')[0].split(':')[0].split('/').pop() ?? '';
  for (const [tech, info] of Object.entries(STORE_TECH)) if (info.images.includes(repo)) return tech;
  return undefined;
}

export function storeTechOfScheme(scheme: string): string | undefined {
  for (const [tech, info] of Object.entries(STORE_TECH)) if (info.schemes.includes(scheme)) return tech;
  return undefined;
}

export function storeDisplay(tech: string): string {
  return STORE_TECH[tech]?.display ?? tech;
}

export function componentKindOfStore(kind: StoreKind): ComponentKind {
  if (kind === 'queue') return 'queue';
  if (kind === 'storage') return 'storage';
  return 'datastore';
}

/** Display names for well-known third parties named by outbound-call facts. */
const SERVICE_DISPLAY: Record<string, string> = {
  stripe: 'Stripe',
  paypal: 'PayPal',
  braintree: 'Braintree',
  twilio: 'Twilio',
  sendgrid: 'SendGrid',
  mailgun: 'Mailgun',
  slack: 'Slack',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  github: 'GitHub API',
  smtp: 'SMTP mail server',
};

export function serviceDisplay(service: string): string {
  return SERVICE_DISPLAY[service] ?? service.replace(/(^|[-_ ])(\w)/g, (_, sep: string, c: string) => `${sep === '' ? '' : ' '}${c.toUpperCase()}`);
}

export interface ParsedUrl {
  scheme: string;
  host: string;
  port?: number;
}

/** Parses `scheme://[user[:pass]@]host[:port]/...` leniently (env values are often not valid URLs). */
export function parseServiceUrl(value: string): ParsedUrl | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#,]+)(?::(\d+))?/i.exec(value.trim());
  if (!match) return undefined;
  return { scheme: match[1].toLowerCase(), host: match[2].toLowerCase(), port: match[3] ? Number(match[3]) : undefined };
}
