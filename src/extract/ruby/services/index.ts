import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { Lines } from '../../_polyglot/lines.js';
import { outboundFact, storeFact, targetOf } from '../../java/_lib/stores.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { isRubyFile } from '../_lib/files.js';

const ADAPTERS: Record<string, string> = { postgresql: 'postgres', postgis: 'postgres', mysql2: 'mysql', trilogy: 'mysql', sqlite3: 'sqlite', sqlserver: 'mssql', oracle_enhanced: 'oracle' };

const CODE_STORES: [RegExp, string, string][] = [
  [/\bRedis\.new\b/g, 'redis', 'redis'],
  [/\bMongo::Client\.new\b/g, 'mongodb', 'mongo'],
  [/\bAws::S3::Client\.new\b/g, 's3', 'aws-sdk-s3'],
  [/\bBunny\.new\b/g, 'rabbitmq', 'bunny'],
  [/\bKafka\.new\b|\bRdkafka::Config\.new\b/g, 'kafka', 'ruby-kafka'],
  [/\bElasticsearch::Client\.new\b/g, 'elasticsearch', 'elasticsearch'],
];

export const extractor: Extractor = {
  id: 'ruby/services',
  title: 'Ruby data stores (config/database.yml adapters, Redis, Mongo, S3, queues) and outbound HTTP calls',
  matches: (path) => isRubyFile(path) || /(?:^|\/)config\/database\.yml$/.test(path),
  signals: ['adapter', '.new', 'http'],
  extract(file) {
    const facts: FactInput[] = [];
    if (file.path.endsWith('database.yml')) {
      // The production section decides; fall back to the first adapter in the file.
      const production = /^production:\s*\n((?:[ \t]+.*\n?|\s*\n)*)/m.exec(file.content);
      const scope = production ? production[0] : file.content;
      const offset = production?.index ?? 0;
      const adapter = /\badapter:\s*["']?(\w+)/.exec(scope);
      if (!adapter) return null;
      const tech = ADAPTERS[adapter[1]] ?? adapter[1];
      const host = /\bhost:\s*(.+)/.exec(scope)?.[1]?.trim();
      const url = /\burl:\s*(.+)/.exec(scope)?.[1]?.trim();
      facts.push(storeFact(file.path, lineAt(file.content, offset + adapter.index), tech, 'activerecord', targetOf(url ?? host ?? '') ?? (host && !/[<%{]/.test(host) ? host : undefined), `adapter: ${adapter[1]}`));
      return facts;
    }
    const text = blankComments(file.content, true);
    const lines = new Lines(file.content);
    for (const [re, tech, library] of CODE_STORES) {
      for (const m of text.matchAll(re)) {
        const line = lineAt(text, m.index ?? 0);
        facts.push(storeFact(file.path, line, tech, library, targetOf(lines.line(line)), lines.line(line).trim()));
      }
    }
    for (const m of text.matchAll(/\b(?:HTTParty\.\w+|Faraday\.new|Faraday\.\w+|RestClient\.\w+|Net::HTTP\.\w+|URI(?:\.parse)?)\s*\(?\s*(?:url:\s*)?["'](https?:\/\/[^"']+)["']/g)) {
      const line = lineAt(text, m.index ?? 0);
      const fact = outboundFact(file.path, line, m[1], m[0].split(/[.(\s]/)[0], lines.line(line).trim());
      if (fact) facts.push(fact);
    }
    return facts.length > 0 ? facts : null;
  },
};
