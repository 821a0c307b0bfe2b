import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { Lines } from '../../_polyglot/lines.js';
import { outboundFact, storeFact } from '../../java/_lib/stores.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { isCsFile } from '../_lib/model.js';

/** Provider registrations and clients: technology and library. */
const CODE_STORES: [RegExp, string, string][] = [
  [/\.UseSqlServer\s*\(/g, 'mssql', 'ef-core'],
  [/\.UseNpgsql\s*\(/g, 'postgres', 'ef-core'],
  [/\.Use(?:MySql|MySQL)\s*\(/g, 'mysql', 'ef-core'],
  [/\.UseSqlite\s*\(/g, 'sqlite', 'ef-core'],
  [/\.UseOracle\s*\(/g, 'oracle', 'ef-core'],
  [/\.UseCosmos\s*\(/g, 'dynamodb', 'ef-core'],
  [/\bnew\s+SqlConnection\s*\(/g, 'mssql', 'ado.net'],
  [/\bnew\s+NpgsqlConnection\s*\(/g, 'postgres', 'ado.net'],
  [/\bnew\s+MySqlConnection\s*\(/g, 'mysql', 'ado.net'],
  [/\bnew\s+MongoClient\s*\(/g, 'mongodb', 'MongoDB.Driver'],
  [/\bConnectionMultiplexer\.Connect(?:Async)?\s*\(|\.AddStackExchangeRedisCache\s*\(/g, 'redis', 'StackExchange.Redis'],
  [/\bnew\s+BlobServiceClient\s*\(|\bnew\s+BlobContainerClient\s*\(/g, 'azure-blob', 'Azure.Storage.Blobs'],
  [/\bnew\s+AmazonS3Client\s*\(/g, 's3', 'AWSSDK.S3'],
  [/\bnew\s+ConnectionFactory\s*\(/g, 'rabbitmq', 'RabbitMQ.Client'],
  [/\bnew\s+ProducerBuilder\s*<|\bnew\s+ConsumerBuilder\s*</g, 'kafka', 'Confluent.Kafka'],
];

/** A connection string's technology from its shape (`Host=` is Npgsql, `Server=`/`Data Source=` SQL Server...). */
function techOfConnectionString(key: string, value: string): string | undefined {
  if (/^mongodb(?:\+srv)?:/i.test(value)) return 'mongodb';
  if (/^redis/i.test(key) || /^[\w.-]+:6379\b/.test(value)) return 'redis';
  if (/\bHost=|\bUsername=/i.test(value) && /Database=/i.test(value)) return 'postgres';
  if (/\bData Source=[^;]*\.db\b|\.sqlite/i.test(value)) return 'sqlite';
  if (/\bServer=|\bData Source=|Initial Catalog=/i.test(value)) return /\bUid=|SslMode=|Port=3306/i.test(value) ? 'mysql' : 'mssql';
  return undefined;
}

function hostOf(value: string): string | undefined {
  const m = /(?:Host|Server|Data Source|Address)\s*=\s*(?:tcp:)?([^;,]+)/i.exec(value);
  return m?.[1]?.trim().toLowerCase();
}

export const extractor: Extractor = {
  id: 'csharp/services',
  title: '.NET data stores (EF Core providers, ADO.NET, Mongo, Redis, queues, appsettings connection strings) and outbound HTTP calls',
  matches: (path) => isCsFile(path) || /(?:^|\/)appsettings(?:\.[\w-]+)?\.json$/.test(path),
  signals: ['Use', 'new ', 'ConnectionStrings', 'http'],
  extract(file) {
    const facts: FactInput[] = [];
    const lines = new Lines(file.content);
    if (file.path.endsWith('.json')) {
      if (/appsettings\.Development\.json$/i.test(file.path)) return null;
      const section = /"ConnectionStrings"\s*:\s*\{([^}]*)\}/.exec(file.content);
      if (!section) return null;
      const start = (section.index ?? 0) + section[0].indexOf('{');
      for (const m of section[1].matchAll(/"([\w.-]+)"\s*:\s*"([^"]*)"/g)) {
        const tech = techOfConnectionString(m[1], m[2]);
        if (!tech) continue;
        facts.push(storeFact(file.path, lineAt(file.content, start + (m.index ?? 0)), tech, 'connection-string', hostOf(m[2]), `"${m[1]}": …`));
      }
      return facts.length > 0 ? facts : null;
    }
    const text = blankComments(file.content);
    for (const [re, tech, library] of CODE_STORES) {
      for (const m of text.matchAll(re)) facts.push(storeFact(file.path, lineAt(text, m.index ?? 0), tech, library, undefined, lines.line(lineAt(text, m.index ?? 0)).trim()));
    }
    for (const m of text.matchAll(/\b(?:GetAsync|GetStringAsync|PostAsync|PostAsJsonAsync|GetFromJsonAsync|PutAsync|DeleteAsync|SendAsync)\s*\(\s*\$?"(https?:\/\/[^"]+)"|new\s+Uri\s*\(\s*"(https?:\/\/[^"]+)"/g)) {
      const line = lineAt(text, m.index ?? 0);
      const fact = outboundFact(file.path, line, m[1] ?? m[2], 'HttpClient', lines.line(line).trim());
      if (fact) facts.push(fact);
    }
    return facts.length > 0 ? facts : null;
  },
};
