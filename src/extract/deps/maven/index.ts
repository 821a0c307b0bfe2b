import { posix } from 'node:path';
import type { ConfigFact, DependencyFact, Fact, FactInput } from '../../../model/types.js';
import { messageOf } from '../../../util/errors.js';
import { purlFor } from '../_lib/purl.js';
import type { Extractor } from '../../types.js';
import { builtinProperties, interpolate, POM_PARSER, readPom, type Pom } from './pom.js';

/** `setting` of the per-pom ConfigFact the link step reads to resolve inherited versions. */
export const POM_SETTING = 'maven-pom';

function scopeOf(scope: string, optional: boolean): DependencyFact['scope'] {
  if (scope === 'test') return 'dev';
  if (optional) return 'optional';
  return 'prod';
}

function depFact(file: string, name: string, version: string, scope: DependencyFact['scope'], line: number, snippet: string): FactInput {
  const exact = version.includes('${') ? '' : version;
  return {
    kind: 'dependency',
    ecosystem: 'maven',
    name,
    version,
    direct: true,
    scope,
    manifest: file,
    purl: purlFor('maven', name, exact),
    evidence: { file, line, snippet },
    key: `${file}#dependency:${name}`,
  };
}

export function isPomPath(path: string): boolean {
  return (path === 'pom.xml' || path.endsWith('/pom.xml')) && !/(?:^|\/)(?:target|node_modules|build)\//.test(path);
}

export const extractor: Extractor = {
  id: 'deps/maven',
  title: 'Maven pom.xml: declared dependencies with properties, dependencyManagement and parent poms',
  matches: isPomPath,
  signals: ['<project'],
  extract(file, ctx) {
    let pom: Pom;
    try {
      pom = ctx.parse(POM_PARSER, () => readPom(file.content));
    } catch (error) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `pom.xml could not be read: ${messageOf(error)}` });
      return null;
    }
    const builtins = builtinProperties(pom);
    const lookup = (name: string) => pom.properties[name] ?? builtins[name];
    const facts: FactInput[] = [];
    const lines = file.content.split('\n');
    for (const dep of pom.dependencies) {
      if (dep.scope === 'import') continue;
      const name = `${dep.groupId}:${dep.artifactId}`;
      const written = dep.version || pom.managed[name] || '';
      const version = interpolate(written, lookup);
      facts.push(depFact(file.path, interpolate(name, lookup), version, scopeOf(dep.scope, dep.optional), dep.line, (lines[dep.line - 1] ?? '').trim()));
    }
    const parentPath = pom.parent ? posix.normalize(posix.join(posix.dirname(file.path), pom.parent.relativePath.endsWith('.xml') ? pom.parent.relativePath : `${pom.parent.relativePath}/pom.xml`)) : '';
    facts.push({
      kind: 'config',
      setting: POM_SETTING,
      values: {
        coordinates: `${pom.groupId ?? ''}:${pom.artifactId ?? ''}`,
        version: pom.version ?? null,
        parent: pom.parent ? `${pom.parent.groupId ?? ''}:${pom.parent.artifactId ?? ''}` : null,
        parentPath: parentPath || null,
        properties: JSON.stringify({ ...pom.properties, ...builtins }),
        managed: JSON.stringify(pom.managed),
        modules: pom.modules.join('\n'),
      },
      summary: `Maven project ${pom.groupId ?? '?'}:${pom.artifactId ?? '?'}`,
      evidence: { file: file.path, line: pom.artifactLine },
      key: `${file.path}#${POM_SETTING}`,
    });
    return facts;
  },
  link: resolveInherited,
};

interface PomInfo {
  fact: ConfigFact;
  properties: Record<string, string>;
  managed: Record<string, string>;
}

function parseRecord(value: unknown): Record<string, string> {
  try {
    const parsed = JSON.parse(String(value ?? '{}')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * Versions a pom leaves to its parents (`${spring.version}` defined in the parent's properties, a
 * version managed in the parent's dependencyManagement) are resolved along the parent chain, found
 * by relativePath or by coordinates. What stays unresolved (an external parent such as
 * spring-boot-starter-parent, a BOM) becomes an empty version: unknown, never guessed.
 */
function resolveInherited(facts: Fact[]): Fact[] {
  const poms = new Map<string, PomInfo>();
  const byCoordinates = new Map<string, PomInfo>();
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== POM_SETTING) continue;
    const info = { fact: f, properties: parseRecord(f.values.properties), managed: parseRecord(f.values.managed) };
    poms.set(f.evidence.file, info);
    byCoordinates.set(String(f.values.coordinates), info);
  }
  if (poms.size === 0) return facts;
  const chainOf = (file: string): PomInfo[] => {
    const chain: PomInfo[] = [];
    let current = poms.get(file);
    while (current && chain.length < 16 && !chain.includes(current)) {
      chain.push(current);
      const v = current.fact.values;
      current = (typeof v.parentPath === 'string' ? poms.get(v.parentPath) : undefined) ?? (typeof v.parent === 'string' ? byCoordinates.get(v.parent) : undefined);
    }
    return chain;
  };
  return facts.map((f) => {
    if (f.kind !== 'dependency' || f.ecosystem !== 'maven' || f.extractor !== 'deps/maven') return f;
    if (f.version && !f.version.includes('${')) return f;
    const chain = chainOf(f.manifest);
    const lookup = (name: string) => chain.map((p) => p.properties[name]).find((v) => v !== undefined);
    let version = f.version || (chain.map((p) => p.managed[f.name]).find((v) => v !== undefined) ?? '');
    version = interpolate(version, lookup);
    if (version.includes('${')) version = '';
    if (version === f.version) return f;
    return { ...f, version, purl: purlFor('maven', f.name, version) };
  });
}
