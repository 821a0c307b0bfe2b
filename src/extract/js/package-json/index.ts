import { posix } from 'node:path';
import type { DependencyFact, Evidence, FactInput, ProjectFact } from '../../../model/types.js';
import { messageOf } from '../../../util/errors.js';
import { topLevelKeyLines } from '../../deps/_lib/json-lines.js';
import { folderOf, stripBom } from '../../deps/_lib/lockfile.js';
import { isLocalSpec, resolveAlias } from '../../deps/_lib/npm-spec.js';
import { isExactVersion, npmPurl } from '../../deps/_lib/purl.js';
import { reconcileNpmDependencies, WORKSPACES_SETTING } from '../../deps/_lib/reconcile.js';
import { redactUrlCredentials } from '../../deps/_lib/redact.js';
import { MANIFEST_SECTIONS } from '../../deps/_lib/scope.js';
import type { Extractor } from '../../types.js';
import { frontendFramework, notableLibrary, serverFramework, SERVERLESS_MARKERS } from './frameworks.js';

/** Lifecycle scripts npm runs on `npm install`: code that executes on every developer and CI machine. */
const INSTALL_HOOKS = ['preinstall', 'install', 'postinstall', 'prepare'] as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown): [string, string][] {
  if (!isObject(value)) return [];
  return Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** `workspaces: [...]` (npm, yarn) or `workspaces: { packages: [...] }` (yarn classic). */
function workspacePatterns(manifest: Json): string[] | undefined {
  const field = manifest.workspaces;
  const list = Array.isArray(field) ? field : isObject(field) && Array.isArray(field.packages) ? field.packages : undefined;
  return list?.filter((p): p is string => typeof p === 'string');
}

/** Longest line quoted as a snippet: a minified manifest is one line holding everything. */
const MAX_SNIPPET = 160;

/** Snippets on demand (trimmed, credentials redacted, or none), from one index of line starts. */
function snippetReader(text: string): (line: number) => string | undefined {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (line) => {
    const snippet = text.slice(starts[line - 1] ?? 0, (starts[line] ?? text.length + 1) - 1).trim();
    // Quote a line only when it holds one member (`"express": "^4.19.2",`): a line with more
    // could carry anything, such as an install script's command.
    const members = snippet.split('":').length - 1;
    return members === 1 && snippet.length <= MAX_SNIPPET ? redactUrlCredentials(snippet) : undefined;
  };
}

function evidenceAt(file: string, line: number, snippetOf: (line: number) => string | undefined): Evidence {
  const snippet = snippetOf(line);
  return snippet ? { file, line, snippet } : { file, line };
}

function projectRole(
  server: string[],
  frontend: string[],
  serverless: boolean,
  workspaces: boolean,
  cli: boolean,
): ProjectFact['role'] {
  if (serverless && !workspaces) return 'function';
  if (server.length > 0) return 'service';
  // A workspaces root mostly holds tooling; its members are the real projects.
  if (workspaces) return 'library';
  if (frontend.length > 0) return 'frontend';
  if (cli) return 'cli';
  return 'library';
}

export const extractor: Extractor = {
  id: 'js/package-json',
  title: 'package.json: JavaScript projects, declared dependencies, install scripts',
  matches(path) {
    return (path === 'package.json' || path.endsWith('/package.json')) && !/(?:^|\/)node_modules\//.test(path);
  },
  extract(file, ctx) {
    let parsed: unknown;
    try {
      parsed = ctx.parse('json', () => JSON.parse(stripBom(file.content)) as unknown);
    } catch (error) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `package.json is not valid JSON: ${messageOf(error)}` });
      return null;
    }
    if (!isObject(parsed)) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: 'package.json must be a JSON object' });
      return null;
    }
    const manifest = parsed;
    const lines = ctx.parse('json-key-lines', () => topLevelKeyLines(file.content));
    const snippetOf = snippetReader(file.content);
    const root = folderOf(file.path);
    const facts: FactInput[] = [];

    const prod = new Set<string>();
    const dev = new Set<string>();
    for (const [section, scope] of MANIFEST_SECTIONS) {
      const sectionLines = lines.nested.get(section);
      for (const [declared, range] of stringMap(manifest[section])) {
        if (scope === 'prod' || scope === 'optional') prod.add(declared);
        else if (scope === 'dev') dev.add(declared);
        if (isLocalSpec(range)) continue;
        const { name, range: resolvedRange } = resolveAlias(declared, range);
        const version = redactUrlCredentials(resolvedRange);
        const line = sectionLines?.get(declared) ?? lines.top.get(section) ?? 1;
        const fact: Omit<DependencyFact, 'extractor'> = {
          kind: 'dependency',
          ecosystem: 'npm',
          name,
          version,
          direct: true,
          scope,
          manifest: file.path,
          purl: npmPurl(name, isExactVersion(version) ? version : undefined),
          evidence: evidenceAt(file.path, line, snippetOf),
          key: `${file.path}#dependency:${section}:${declared}`,
        };
        facts.push(fact);
      }
    }

    const everything = [...prod, ...dev];
    // Apps bundle their UI framework, sometimes as a devDependency; a published library does not.
    const uiCandidates = manifest.private === true ? everything : [...prod];
    const server = [...prod].map(serverFramework).filter((f): f is string => !!f);
    const frontend = uiCandidates.map(frontendFramework).filter((f): f is string => !!f);
    const notable = [...prod].map(notableLibrary).filter((f): f is string => !!f);
    const workspaces = workspacePatterns(manifest);
    const serverless = everything.some((d) => SERVERLESS_MARKERS.has(d));
    const cli = typeof manifest.bin === 'string' || isObject(manifest.bin);
    const name = typeof manifest.name === 'string' && manifest.name ? manifest.name : root === '.' ? 'root' : posix.basename(root);
    const nameLine = lines.top.get('name') ?? 1;
    const evidence = lines.top.has('name') ? evidenceAt(file.path, nameLine, snippetOf) : { file: file.path, line: 1 };
    facts.unshift({
      kind: 'project',
      name,
      root,
      language: everything.includes('typescript') ? 'typescript' : 'javascript',
      ecosystem: 'npm',
      frameworks: [...new Set([...server, ...frontend, ...notable])].sort(),
      role: projectRole(server, frontend, serverless, workspaces !== undefined, cli),
      evidence,
      key: `${file.path}#project`,
    });

    if (workspaces) {
      facts.push({
        kind: 'config',
        setting: WORKSPACES_SETTING,
        values: { patterns: workspaces.join('\n'), count: workspaces.length },
        summary: `npm workspaces: ${workspaces.join(', ')}`,
        evidence: { file: file.path, line: lines.top.get('workspaces') ?? 1 },
        key: `${file.path}#${WORKSPACES_SETTING}`,
      });
    }

    if (isObject(manifest.scripts)) {
      const scripts = manifest.scripts;
      const present = INSTALL_HOOKS.filter((hook) => typeof scripts[hook] === 'string');
      const values: Record<string, boolean> = {};
      for (const hook of INSTALL_HOOKS) values[hook] = present.includes(hook);
      const line = (present.length > 0 ? lines.nested.get('scripts')?.get(present[0]) : undefined) ?? lines.top.get('scripts') ?? 1;
      facts.push({
        kind: 'config',
        setting: 'npm-scripts',
        values,
        summary: present.length > 0 ? `install-time scripts: ${present.join(', ')}` : 'no install-time scripts',
        evidence: { file: file.path, line },
        key: `${file.path}#npm-scripts`,
      });
    }
    return facts;
  },
  link: reconcileNpmDependencies,
};
