import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';

/** Committed environment files that configure a running app (examples and templates do not). */
function isEnvFile(path: string): boolean {
  return /(?:^|\/)\.env(?:\.(?:production|prod|staging|local))?$/.test(path);
}

export const extractor: Extractor = {
  id: 'php/app-config',
  title: 'Laravel / PHP application settings in committed .env files (APP_DEBUG, APP_ENV)',
  matches: isEnvFile,
  signals: ['APP_DEBUG'],
  extract(file) {
    const lines = file.content.split('\n');
    const values = new Map<string, { value: string; line: number }>();
    lines.forEach((raw, i) => {
      const m = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
      if (m) values.set(m[1], { value: m[2].replace(/^["']|["']$/g, ''), line: i + 1 });
    });
    const debug = values.get('APP_DEBUG');
    if (!debug) return null;
    const env = values.get('APP_ENV')?.value ?? '';
    const fact: FactInput = {
      kind: 'config',
      setting: 'debug',
      values: { library: 'laravel', enabled: /^(?:true|1|on|yes)$/i.test(debug.value), environment: env || null, devOnly: /^(?:local|dev|development|testing)$/i.test(env) },
      summary: `APP_DEBUG=${debug.value}${env ? ` (APP_ENV=${env})` : ''}`,
      evidence: { file: file.path, line: debug.line, snippet: `APP_DEBUG=${debug.value}` },
      key: `${file.path}#debug`,
    };
    return [fact];
  },
};
