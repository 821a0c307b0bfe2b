import { posix } from 'node:path';
import type { DependencyFact, Fact, FactInput } from '../../../model/types.js';
import { purlFor } from '../_lib/purl.js';
import type { Extractor } from '../../types.js';

const ID = 'deps/bundler';
const DEV_GROUPS = new Set(['development', 'test', 'dev', 'ci', 'lint', 'tools']);

interface LockedGem {
  name: string;
  version: string;
  line: number;
}

/** Gemfile.lock: specs of the GEM and GIT sections (PATH gems are the project's own), and DEPENDENCIES. */
export function readGemfileLock(text: string): { gems: LockedGem[]; direct: Set<string> } {
  const gems: LockedGem[] = [];
  const direct = new Set<string>();
  let section = '';
  let inSpecs = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (/^[A-Z]/.test(raw)) {
      section = raw.trim();
      inSpecs = false;
      continue;
    }
    if (raw.trim() === 'specs:') {
      inSpecs = true;
      continue;
    }
    if (inSpecs && (section === 'GEM' || section === 'GIT')) {
      // Exactly four spaces: a spec; six: one of its own requirements.
      const m = /^ {4}([^\s(]+) \(([^)]+)\)$/.exec(raw);
      if (m) gems.push({ name: m[1], version: stripPlatform(m[2]), line: i + 1 });
    } else if (section === 'DEPENDENCIES') {
      const m = /^ {2}([^\s(!]+)/.exec(raw);
      if (m) direct.add(m[1]);
    }
  }
  return { gems, direct };
}

/** `1.13.10-x86_64-linux` → `1.13.10` (platform gems); prerelease versions keep their suffix. */
function stripPlatform(version: string): string {
  return version.replace(/-(?:x86|x64|arm|aarch64|universal|java|mingw|mswin|darwin|linux|musl)[\w.-]*$/, '');
}

/** Gems a Gemfile declares, with the groups each belongs to. */
export function readGemfile(text: string): { name: string; requirement: string; groups: string[]; line: number }[] {
  const out: { name: string; requirement: string; groups: string[]; line: number }[] = [];
  const stack: string[][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '').trim();
    const group = /^group\s+(.+?)\s+do\b/.exec(line);
    if (group) {
      stack.push([...group[1].matchAll(/:(\w+)|["'](\w+)["']/g)].map((m) => m[1] ?? m[2]));
      continue;
    }
    if (/^(?:platforms?|source|install_if|path|git|github)\b.*\bdo\b/.test(line)) {
      stack.push([]);
      continue;
    }
    if (line === 'end' && stack.length > 0) {
      stack.pop();
      continue;
    }
    const gem = /^gem\s+["']([^"']+)["'](.*)$/.exec(line);
    if (!gem) continue;
    const groups = stack.flat();
    const inline = /\bgroups?:\s*(\[[^\]]*\]|:\w+)/.exec(gem[2]);
    if (inline) groups.push(...[...inline[1].matchAll(/:(\w+)/g)].map((m) => m[1]));
    const requirement = [...gem[2].replace(/\w+:\s*(\[[^\]]*\]|\S+)/g, '').matchAll(/["']([^"']+)["']/g)].map((m) => m[1]).join(', ');
    out.push({ name: gem[1], requirement, groups, line: i + 1 });
  }
  return out;
}

function dep(file: string, name: string, version: string, direct: boolean, scope: DependencyFact['scope'], line: number, key: string): FactInput {
  const fact: FactInput = { kind: 'dependency', ecosystem: 'rubygems', name, version, direct, manifest: file, purl: purlFor('gem', name, version), evidence: { file, line }, key };
  if (scope) fact.scope = scope;
  return fact;
}

export const extractor: Extractor = {
  id: ID,
  title: 'Bundler: Gemfile.lock resolved gems and Gemfile groups',
  matches: (path) => /(?:^|\/)(?:Gemfile|gems\.rb|Gemfile\.lock|gems\.locked)$/.test(path) && !/(?:^|\/)vendor\//.test(path),
  extract(file) {
    const name = posix.basename(file.path);
    if (name === 'Gemfile.lock' || name === 'gems.locked') {
      const { gems, direct } = readGemfileLock(file.content);
      return gems.map((g) => dep(file.path, g.name, g.version, direct.has(g.name), undefined, g.line, `${file.path}#${g.name}@${g.version}`));
    }
    const facts = readGemfile(file.content).map((g) => {
      const dev = g.groups.length > 0 && g.groups.every((x) => DEV_GROUPS.has(x));
      return dep(file.path, g.name, g.requirement, true, dev ? 'dev' : 'prod', g.line, `${file.path}#dependency:${g.name}`);
    });
    return facts.length > 0 ? facts : null;
  },
  link(facts: Fact[]): Fact[] {
    // The lock has versions; the Gemfile beside it has the groups. Declared gems the lock resolves
    // are reported once, from the lock, with the Gemfile's scope.
    const declared = new Map<string, DependencyFact>();
    const lockedFolders = new Set<string>();
    for (const f of facts) {
      if (f.kind !== 'dependency' || f.extractor !== ID) continue;
      const folder = posix.dirname(f.manifest);
      if (/(?:Gemfile\.lock|gems\.locked)$/.test(f.manifest)) lockedFolders.add(folder);
      else declared.set(`${folder}|${f.name}`, f);
    }
    if (lockedFolders.size === 0) return facts;
    const out: Fact[] = [];
    for (const f of facts) {
      if (f.kind !== 'dependency' || f.extractor !== ID) {
        out.push(f);
        continue;
      }
      const folder = posix.dirname(f.manifest);
      const isLock = /(?:Gemfile\.lock|gems\.locked)$/.test(f.manifest);
      if (!isLock) {
        if (!lockedFolders.has(folder)) out.push(f);
        continue;
      }
      const decl = declared.get(`${folder}|${f.name}`);
      out.push(decl && !f.scope ? { ...f, direct: true, scope: decl.scope } : f);
    }
    return out;
  },
};
