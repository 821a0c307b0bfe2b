// Go module dependencies: go.mod requires (direct unless `// indirect`; replace directives give
// the replacement's version, local replacements are the project's own code and are skipped;
// excluded versions dropped) and go.sum (the module graph: one version per module, the highest,
// as transitive). Link drops go.sum entries that go.mod of the same folder already reports.
import type { DependencyFact, Fact, FactInput } from '../../../model/types.js';
import { purlFor } from '../_lib/purl.js';
import { folderOf } from '../_lib/lockfile.js';
import type { Extractor } from '../../types.js';
import { isPseudoVersion, parseGoMod, parseGoSum } from './parse.js';

function dep(file: string, path: string, version: string, direct: boolean, line: number, key: string): FactInput {
  const fact: Omit<DependencyFact, 'extractor'> = {
    kind: 'dependency',
    ecosystem: 'go',
    name: path,
    version,
    direct,
    scope: 'prod',
    manifest: file,
    // Go versions (releases and pseudo-versions) are exact; the purl keeps them as written.
    purl: `${purlFor('go', path)}@${encodeURIComponent(version)}`,
    evidence: { file, line },
    key,
  };
  return fact;
}

function goMod(file: string, text: string): FactInput[] {
  const mod = parseGoMod(text);
  const out: FactInput[] = [];
  const excluded = new Set(mod.excludes.map((e) => `${e.path}@${e.version}`));
  for (const r of mod.requires) {
    if (excluded.has(`${r.path}@${r.version}`)) continue;
    const replace = mod.replaces.find((x) => x.from === r.path && (!x.fromVersion || x.fromVersion === r.version));
    if (replace && /^(\.|\/)/.test(replace.to)) continue;
    const name = replace ? replace.to : r.path;
    const version = replace?.toVersion ?? r.version;
    out.push(dep(file, name, version, !r.indirect, r.line, `${file}#require:${r.path}`));
  }
  out.push({
    kind: 'config',
    setting: 'go-module',
    values: { module: mod.module ?? null, go: mod.go ?? null, requires: mod.requires.length, replaces: mod.replaces.length, pseudoVersions: mod.requires.filter((r) => isPseudoVersion(r.version)).length },
    summary: `Go module ${mod.module ?? '?'} (go ${mod.go ?? '?'})`,
    evidence: { file, line: mod.moduleLine },
    key: `${file}#go-module`,
  });
  return out;
}

function goSum(file: string, text: string): FactInput[] {
  return parseGoSum(text).map((e) => dep(file, e.path, e.version, false, e.line, `${file}#sum:${e.path}`));
}

/** go.sum facts for modules that go.mod of the same folder reports are dropped. Idempotent. */
function linkGoSum(facts: Fact[]): Fact[] {
  const fromMod = new Set<string>();
  let sums = false;
  for (const f of facts) {
    if (f.kind !== 'dependency' || f.ecosystem !== 'go') continue;
    if (f.manifest.endsWith('go.mod')) fromMod.add(`${folderOf(f.manifest)}|${f.name}`);
    else sums = true;
  }
  if (!sums) return facts;
  return facts.filter((f) => !(f.kind === 'dependency' && f.ecosystem === 'go' && f.manifest.endsWith('go.sum') && fromMod.has(`${folderOf(f.manifest)}|${f.name}`)));
}

export const extractor: Extractor = {
  id: 'deps/gomod',
  title: 'Go modules: go.mod (require, replace, exclude, indirect) and go.sum',
  matches: (path) => (path === 'go.mod' || path.endsWith('/go.mod') || path === 'go.sum' || path.endsWith('/go.sum')) && !/(^|\/)(vendor|testdata)\//.test(path),
  extract(file) {
    const out = file.path.endsWith('go.mod') ? goMod(file.path, file.content) : goSum(file.path, file.content);
    return out.length > 0 ? out : null;
  },
  link: linkGoSum,
};
