// OS packages installed by RUN commands: `apt-get install x=1.2`, `apt install x`, `apk add x=1.2`.
// Shell text is split into simple commands on `&&`, `||`, `;`, `|` and newlines; variables and
// options are skipped. Pinned versions are kept, unpinned packages get version ''.

export interface OsPackage {
  ecosystem: 'deb' | 'apk';
  name: string;
  version: string;
}

/** Options of apt-get / apk that consume the next word. */
const APT_OPTIONS_WITH_VALUE = new Set(['-o', '-t', '--target-release', '-c', '--config-file', '--option']);
const APK_OPTIONS_WITH_VALUE = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']);

const DEB_NAME = /^[a-z0-9][a-z0-9+.-]+(?::[a-z0-9-]+)?$/;
const APK_NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;

function simpleCommands(shell: string): string[][] {
  return shell
    .split(/&&|\|\||;|\||\n/)
    .map((c) => c.trim().split(/\s+/).filter((w) => w.length > 0))
    .filter((words) => words.length > 0);
}

/** Drops `sudo`, `env X=1`, `DEBIAN_FRONTEND=noninteractive` and similar prefixes. */
function withoutPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length && (words[i] === 'sudo' || words[i] === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) i++;
  return words.slice(i);
}

function unquote(word: string): string {
  return word.replace(/^["']|["']$/g, '');
}

function packageWords(words: string[], optionsWithValue: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = unquote(words[i]);
    if (w.startsWith('-')) {
      if (optionsWithValue.has(w)) i++;
      continue;
    }
    if (w.includes('$') || w.includes('*') || w.includes('/') || w.startsWith('`')) continue;
    out.push(w);
  }
  return out;
}

function debPackage(word: string): OsPackage | undefined {
  const eq = word.indexOf('=');
  const name = eq < 0 ? word : word.slice(0, eq);
  if (!DEB_NAME.test(name)) return undefined;
  return { ecosystem: 'deb', name, version: eq < 0 ? '' : word.slice(eq + 1) };
}

function apkPackage(word: string): OsPackage | undefined {
  // apk constraints: `=1.2`, `~1.2`, `>=1.2`, `<1.2`; only `=` and `~` pin a version.
  const m = /^([^=~<>]+)(?:(=|~=?|>=?|<=?)(.+))?$/.exec(word);
  if (!m || !APK_NAME.test(m[1])) return undefined;
  const pinned = m[2] === '=' || m[2]?.startsWith('~');
  return { ecosystem: 'apk', name: m[1], version: pinned ? (m[3] ?? '') : '' };
}

/** OS packages installed by one RUN's shell text. */
export function osPackages(shell: string): OsPackage[] {
  const found: OsPackage[] = [];
  for (const raw of simpleCommands(shell)) {
    const words = withoutPrefixes(raw);
    const tool = words[0]?.replace(/^.*\//, '');
    if ((tool === 'apt-get' || tool === 'apt') && words.includes('install')) {
      const rest = words.slice(words.indexOf('install') + 1);
      for (const w of packageWords(rest, APT_OPTIONS_WITH_VALUE)) {
        const pkg = debPackage(w);
        if (pkg) found.push(pkg);
      }
    } else if (tool === 'apk' && words.includes('add')) {
      const rest = words.slice(words.indexOf('add') + 1);
      for (const w of packageWords(rest, APK_OPTIONS_WITH_VALUE)) {
        const pkg = apkPackage(w);
        if (pkg) found.push(pkg);
      }
    }
  }
  return found;
}
