// go.mod and go.sum. go.mod: module path, go version, require (single lines and blocks, `//
// indirect`), replace (module or local path), exclude. go.sum: `module version[/go.mod] h1:...`.

export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

export interface GoReplace {
  from: string;
  fromVersion?: string;
  to: string;
  toVersion?: string;
  line: number;
}

export interface GoMod {
  module?: string;
  moduleLine: number;
  go?: string;
  requires: GoRequire[];
  replaces: GoReplace[];
  excludes: { path: string; version: string }[];
}

function unquote(s: string): string {
  return s.replace(/^"(.*)"$/, '$1').replace(/^`(.*)`$/, '$1');
}

export function parseGoMod(text: string): GoMod {
  const out: GoMod = { moduleLine: 1, requires: [], replaces: [], excludes: [] };
  const lines = text.split('\n');
  let block: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block) {
      if (line === ')') {
        block = undefined;
        continue;
      }
      directive(block, line, i + 1, indirect, out);
      continue;
    }
    const m = /^(module|go|require|replace|exclude|retract|toolchain|godebug|tool)\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[2] === '(') {
      block = m[1];
      continue;
    }
    if (m[1] === 'module') {
      out.module = unquote(m[2].trim());
      out.moduleLine = i + 1;
    } else if (m[1] === 'go') out.go = m[2].trim();
    else directive(m[1], m[2].trim(), i + 1, indirect, out);
  }
  return out;
}

function directive(kind: string, body: string, line: number, indirect: boolean, out: GoMod): void {
  const parts = body.split(/\s+/).map(unquote);
  if (kind === 'require' && parts.length >= 2) out.requires.push({ path: parts[0], version: parts[1], indirect, line });
  else if (kind === 'exclude' && parts.length >= 2) out.excludes.push({ path: parts[0], version: parts[1] });
  else if (kind === 'replace') {
    const arrow = parts.indexOf('=>');
    if (arrow < 0) return;
    const left = parts.slice(0, arrow);
    const right = parts.slice(arrow + 1);
    out.replaces.push({ from: left[0], fromVersion: left[1], to: right[0], toVersion: right[1], line });
  }
}

export interface GoSumEntry {
  path: string;
  version: string;
  line: number;
}

/** Modules whose content go.sum pins (lines without `/go.mod`), the highest version per module. */
export function parseGoSum(text: string): GoSumEntry[] {
  const best = new Map<string, GoSumEntry>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\S+)\s+(v\S+?)(\/go\.mod)?\s+h1:/.exec(lines[i]);
    if (!m || m[3]) continue;
    const entry = { path: m[1], version: m[2], line: i + 1 };
    const current = best.get(m[1]);
    if (!current || compareGoVersions(entry.version, current.version) > 0) best.set(m[1], entry);
  }
  return [...best.values()].sort((a, b) => a.line - b.line);
}

/** Semantic version order for Go module versions (pseudo-versions order by their timestamp). */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
    return m ? { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] } : { nums: [0, 0, 0], pre: v };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** A pseudo-version (`v0.0.0-20230101120000-abcdef123456`): a commit, not a release. */
export function isPseudoVersion(version: string): boolean {
  return /^v\d+\.\d+\.\d+-(?:0\.|[\w.]*\.0\.)?\d{14}-[0-9a-f]{12}$/.test(version.replace(/\+incompatible$/, ''));
}
