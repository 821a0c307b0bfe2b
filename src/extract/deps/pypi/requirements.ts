// PEP 508 requirement strings and pip requirements files: names, version specifiers, extras,
// environment markers, direct URL references, `-r`/`-c` includes and `--hash` options.

export interface Requirement {
  name: string;
  /** `1.2.3` when pinned with `==`/`===`, else the specifier (`>=2,<3`), a redacted URL, or `*`. */
  version: string;
  pinned: boolean;
  marker?: string;
  extras?: string[];
  line: number;
}

export interface RequirementsFile {
  requirements: Requirement[];
  /** `-r other.txt` / `-c constraints.txt` targets as written, with their lines. */
  includes: { path: string; line: number; constraint: boolean }[];
}

/** Credentials stripped from URLs (`https://user:token@host` → `https://****@host`). */
export function redactUrl(value: string): string {
  return value.replace(/(\w+:\/\/)[^@/\s]+@/g, '$1****@');
}

const SPEC = '(?:===?|~=|!=|<=?|>=?)\\s*[A-Za-z0-9.*+!_-]+';
/** A version specifier list, optionally in parentheses (`>=2,<3`, `(==1.0)`). */
const SPECIFIERS = new RegExp(`^\\(?\\s*${SPEC}(?:\\s*,\\s*${SPEC})*\\s*\\)?$`);

const REQ = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/;

/** One PEP 508 requirement (`flask[async]>=2.0; python_version >= "3.8"`, `pkg @ https://...`). */
export function parseRequirement(text: string, line: number): Requirement | undefined {
  const [spec, ...markerParts] = text.split(';');
  const marker = markerParts.join(';').trim() || undefined;
  const m = REQ.exec(spec.trim());
  if (!m) return undefined;
  const name = m[1];
  const rest = m[3].trim();
  const extras = m[2]?.split(',').map((e) => e.trim()).filter(Boolean);
  let version = '*';
  let pinned = false;
  if (rest && !rest.startsWith('@') && !SPECIFIERS.test(rest)) return undefined;
  if (rest.startsWith('@')) version = redactUrl(rest.slice(1).trim());
  else if (rest) {
    const cleaned = rest.replace(/^\(|\)$/g, '').replace(/\s+/g, '');
    const exact = /^===?([^,;*]+)$/.exec(cleaned);
    if (exact) {
      version = exact[1];
      pinned = true;
    } else version = cleaned;
  }
  const req: Requirement = { name, version, pinned, line };
  if (marker) req.marker = marker;
  if (extras && extras.length > 0) req.extras = extras;
  return req;
}

/** A pip requirements file. Options and local paths are skipped; VCS URLs use `#egg=`. */
export function parseRequirementsFile(text: string): RequirementsFile {
  const out: RequirementsFile = { requirements: [], includes: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i].replace(/\r$/, '');
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++;
      line = `${line.slice(0, -1)} ${lines[i].replace(/\r$/, '')}`;
    }
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const include = /^(-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (include) {
      out.includes.push({ path: include[2], line: start, constraint: include[1].startsWith('-c') || include[1].startsWith('--c') });
      continue;
    }
    if (line.startsWith('-e ') || line.startsWith('--editable')) {
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(line);
      if (egg) out.requirements.push({ name: egg[1], version: redactUrl(line.replace(/^(-e|--editable)\s*=?\s*/, '').replace(/#.*$/, '')), pinned: false, line: start });
      continue;
    }
    if (line.startsWith('-')) continue;
    const withoutOptions = line.replace(/\s--hash[=\s]\S+/g, '').replace(/\s--\S+/g, '').trim();
    if (/^(git\+|hg\+|svn\+|bzr\+|https?:)/.test(withoutOptions)) {
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(withoutOptions);
      if (egg) out.requirements.push({ name: egg[1], version: redactUrl(withoutOptions.replace(/#.*$/, '')), pinned: false, line: start });
      continue;
    }
    if (/^[./~]/.test(withoutOptions) || /\.(whl|tar\.gz|zip)$/.test(withoutOptions)) continue;
    const req = parseRequirement(withoutOptions, start);
    if (req) out.requirements.push(req);
  }
  return out;
}

/** PEP 503 normalised name, for matching manifests with lockfiles. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
