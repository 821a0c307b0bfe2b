import { posix } from 'node:path';
import type { FactInput, ProjectFact } from '../../../model/types.js';
import { messageOf } from '../../../util/errors.js';
import { stripBom } from '../../deps/_lib/lockfile.js';
import type { Extractor } from '../../types.js';

const FRAMEWORKS: [RegExp, string][] = [
  [/^laravel\/(?:framework|lumen-framework)$/, 'laravel'],
  [/^symfony\/(?:framework-bundle|http-kernel)$/, 'symfony'],
  [/^slim\/slim$/, 'slim'],
  [/^cakephp\/cakephp$/, 'cakephp'],
  [/^yiisoft\/yii2$/, 'yii'],
  [/^laravel\/sanctum$|^laravel\/passport$|^tymon\/jwt-auth$|^firebase\/php-jwt$/, 'auth-tokens'],
  [/^guzzlehttp\/guzzle$/, 'guzzle'],
  [/^doctrine\/orm$/, 'doctrine'],
];
const SERVICE = new Set(['laravel', 'symfony', 'slim', 'cakephp', 'yii']);

export const extractor: Extractor = {
  id: 'php/project',
  title: 'PHP projects from composer.json: frameworks (Laravel, Symfony...) and role',
  matches: (path) => /(?:^|\/)composer\.json$/.test(path) && !/(?:^|\/)vendor\//.test(path),
  extract(file, ctx) {
    let doc: { name?: unknown; type?: unknown; require?: Record<string, unknown> };
    try {
      doc = ctx.parse('json', () => JSON.parse(stripBom(file.content)) as typeof doc);
    } catch (error) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `composer.json is not valid JSON: ${messageOf(error)}` });
      return null;
    }
    const requires = Object.keys(doc?.require ?? {});
    const frameworks = [...new Set(requires.flatMap((r) => FRAMEWORKS.filter(([re]) => re.test(r)).map(([, f]) => f)))].sort();
    const root = posix.dirname(file.path);
    const role: ProjectFact['role'] = doc.type === 'library' ? 'library' : frameworks.some((f) => SERVICE.has(f)) || doc.type === 'project' ? 'service' : 'library';
    const fact: FactInput = {
      kind: 'project',
      name: typeof doc.name === 'string' ? doc.name : root === '.' ? 'root' : posix.basename(root),
      root,
      language: 'php',
      ecosystem: 'packagist',
      frameworks,
      role,
      evidence: { file: file.path, line: 1 },
      key: `${file.path}#project`,
    };
    return [fact];
  },
};
