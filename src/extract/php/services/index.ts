import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { Lines } from '../../_polyglot/lines.js';
import { outboundFact, storeFact } from '../../java/_lib/stores.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { isPhpFile } from '../_lib/files.js';

const DB_CONNECTIONS: Record<string, string> = { mysql: 'mysql', mariadb: 'mysql', pgsql: 'postgres', sqlite: 'sqlite', sqlsrv: 'mssql', mongodb: 'mongodb' };

const CODE_STORES: [RegExp, string, string][] = [
  [/\bmysqli_connect\s*\(|\bnew\s+mysqli\s*\(/g, 'mysql', 'mysqli'],
  [/\bnew\s+PDO\s*\(\s*["']mysql:/g, 'mysql', 'pdo'],
  [/\bnew\s+PDO\s*\(\s*["']pgsql:/g, 'postgres', 'pdo'],
  [/\bnew\s+PDO\s*\(\s*["']sqlite:/g, 'sqlite', 'pdo'],
  [/\bpg_connect\s*\(/g, 'postgres', 'pgsql'],
  [/\bnew\s+(?:\\?Predis\\)?Client\s*\(\s*\[?\s*['"](?:scheme|host)|\bnew\s+Redis\s*\(/g, 'redis', 'redis'],
  [/\bnew\s+(?:\\?MongoDB\\)?Client\s*\(\s*["']mongodb/g, 'mongodb', 'mongodb'],
];

export const extractor: Extractor = {
  id: 'php/services',
  title: 'PHP data stores (.env DB_CONNECTION, mysqli/PDO/Redis/Mongo clients) and outbound HTTP calls',
  matches: (path) => isPhpFile(path) || /(?:^|\/)\.env(?:\.(?:production|prod|staging))?$/.test(path),
  signals: ['DB_CONNECTION', 'REDIS_HOST', 'connect', 'new ', 'http'],
  extract(file) {
    const facts: FactInput[] = [];
    const lines = new Lines(file.content);
    if (!file.path.endsWith('.php')) {
      const values = new Map<string, { value: string; line: number }>();
      file.content.split('\n').forEach((raw, i) => {
        const m = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*"?([^"\s#]*)"?/.exec(raw);
        if (m) values.set(m[1], { value: m[2], line: i + 1 });
      });
      const db = values.get('DB_CONNECTION');
      const tech = db ? DB_CONNECTIONS[db.value] : undefined;
      if (db && tech) facts.push(storeFact(file.path, db.line, tech, 'laravel', values.get('DB_HOST')?.value || undefined, `DB_CONNECTION=${db.value}`));
      const redis = values.get('REDIS_HOST');
      if (redis) facts.push(storeFact(file.path, redis.line, 'redis', 'laravel', redis.value || undefined, 'REDIS_HOST=…'));
      return facts.length > 0 ? facts : null;
    }
    const text = blankComments(file.content, true);
    for (const [re, tech, library] of CODE_STORES) {
      for (const m of text.matchAll(re)) {
        const line = lineAt(text, m.index ?? 0);
        facts.push(storeFact(file.path, line, tech, library, undefined, lines.line(line).trim()));
      }
    }
    for (const m of text.matchAll(/\b(?:Http::(?:get|post|put|delete|withToken\([^)]*\)->\w+)|->(?:get|post|request)|curl_init)\s*\(\s*(?:['"](?:GET|POST|PUT|DELETE)['"]\s*,\s*)?['"](https?:\/\/[^'"]+)['"]|['"]base_uri['"]\s*=>\s*['"](https?:\/\/[^'"]+)['"]/g)) {
      const line = lineAt(text, m.index ?? 0);
      const fact = outboundFact(file.path, line, m[1] ?? m[2], /Http::/.test(m[0]) ? 'laravel-http' : /curl/.test(m[0]) ? 'curl' : 'guzzle', lines.line(line).trim());
      if (fact) facts.push(fact);
    }
    return facts.length > 0 ? facts : null;
  },
};
