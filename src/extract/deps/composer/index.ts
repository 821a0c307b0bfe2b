import { posix } from 'node:path';
import type { DependencyFact, Fact, FactInput } from '../../../model/types.js';
import { messageOf } from '../../../util/errors.js';
import { scanJsonKeyLines } from '../_lib/json-lines.js';
import { stripBom } from '../_lib/lockfile.js';
import { purlFor } from '../_lib/purl.js';
import type { Extractor } from '../../types.js';

const ID = 'deps/composer';

/** Platform requirements (`php`, `ext-json`, `lib-icu`, `composer-plugin-api`) are not packages. */
function isPlatform(name: string): boolean {
  return !name.includes('/') || /^(?:php|hhvm|ext-|lib-|composer)(?:$|-)/.test(name);
}

/** Composer normalises `v1.2.3` to `1.2.3`; advisories (Packagist, OSV) use the bare form. */
function bare(version: string): string {
  return /^v\d/.test(version) ? version.slice(1) : version;
}

function dep(file: string, name: string, version: string, direct: boolean, scope: DependencyFact['scope'], line: number, key: string): FactInput {
  const fact: FactInput = { kind: 'dependency', ecosystem: 'packagist', name, version, direct, manifest: file, purl: purlFor('composer', name, version), evidence: { file, line }, key };
  if (scope) fact.scope = scope;
  return fact;
}

type Json = Record<string, unknown>;

export const extractor: Extractor = {
  id: ID,
  title: 'Composer: composer.json requirements and composer.lock resolved packages',
  matches: (path) => /(?:^|\/)composer\.(?:json|lock)$/.test(path) && !/(?:^|\/)vendor\//.test(path),
  extract(file, ctx) {
    let doc: Json;
    try {
      doc = ctx.parse('json', () => JSON.parse(stripBom(file.content)) as Json);
    } catch (error) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `not valid JSON: ${messageOf(error)}` });
      return null;
    }
    if (typeof doc !== 'object' || doc === null) return null;
    const facts: FactInput[] = [];
    if (file.path.endsWith('.lock')) {
      // The n-th `name` key under a section is the n-th package of that section.
      const lines: Record<string, number[]> = { packages: [], 'packages-dev': [] };
      scanJsonKeyLines(stripBom(file.content), (parents, key, line) => {
        if (key === 'name' && parents.length === 2 && parents[1] === '[]') lines[parents[0]]?.push(line);
      });
      for (const section of ['packages', 'packages-dev'] as const) {
        const list = Array.isArray(doc[section]) ? (doc[section] as Json[]) : [];
        list.forEach((p, i) => {
          if (typeof p?.name !== 'string' || typeof p.version !== 'string') return;
          const version = bare(p.version);
          facts.push(dep(file.path, p.name, version, false, section === 'packages-dev' ? 'dev' : 'prod', lines[section][i] ?? 1, `${file.path}#${p.name}@${version}`));
        });
      }
      facts.push({ kind: 'config', setting: 'composer-lockfile', values: { packages: facts.length }, evidence: { file: file.path, line: 1 }, key: `${file.path}#composer-lockfile` });
      return facts;
    }
    const keyLines = new Map<string, number>();
    scanJsonKeyLines(stripBom(file.content), (parents, key, line) => {
      if (parents.length === 1 && (parents[0] === 'require' || parents[0] === 'require-dev')) keyLines.set(`${parents[0]}:${key}`, line);
    });
    for (const section of ['require', 'require-dev'] as const) {
      const req = doc[section];
      if (typeof req !== 'object' || req === null) continue;
      for (const [name, range] of Object.entries(req as Json)) {
        if (typeof range !== 'string' || isPlatform(name)) continue;
        facts.push(dep(file.path, name, range, true, section === 'require-dev' ? 'dev' : 'prod', keyLines.get(`${section}:${name}`) ?? 1, `${file.path}#dependency:${name}`));
      }
    }
    return facts;
  },
  link(facts: Fact[]): Fact[] {
    // composer.lock does not say which packages the project asked for: composer.json beside it does.
    const declared = new Map<string, Set<string>>();
    const locked = new Map<string, Set<string>>();
    for (const f of facts) {
      if (f.kind !== 'dependency' || f.extractor !== ID) continue;
      const folder = posix.dirname(f.manifest);
      const target = f.manifest.endsWith('.lock') ? locked : declared;
      const names = target.get(folder) ?? new Set<string>();
      names.add(f.name);
      target.set(folder, names);
    }
    if (locked.size === 0) return facts;
    const out: Fact[] = [];
    for (const f of facts) {
      if (f.kind !== 'dependency' || f.extractor !== ID) {
        out.push(f);
        continue;
      }
      const folder = posix.dirname(f.manifest);
      if (f.manifest.endsWith('.json')) {
        if (!locked.get(folder)?.has(f.name)) out.push(f);
      } else if (!f.direct && declared.get(folder)?.has(f.name)) out.push({ ...f, direct: true });
      else out.push(f);
    }
    return out;
  },
};
