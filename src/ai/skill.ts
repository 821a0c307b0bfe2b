// Installing the bundled agent skill (skill/threatcode: SKILL.md + references/) where a coding
// agent looks for skills, per project or for the user. A folder we installed carries a marker
// listing its files, so a re-install replaces exactly those; a folder we did not install is never
// overwritten without --force.
import { lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { VERSION } from '../api/version.js';
import { InputError } from '../util/errors.js';
import { packageFile } from '../util/package-root.js';

export const SKILL_NAME = 'threatcode';
const MARKER = '.threatcode-skill.json';

/** The skill folder shipped with the package (skill/threatcode at the package root). */
export function bundledSkillDir(): string {
  return packageFile(import.meta.url, 'skill', 'threatcode');
}

export const TARGETS = ['claude', 'cursor', 'codex'] as const;

/**
 * Where each agent reads skills (project scope, user scope):
 * Claude Code `.claude/skills`, Cursor `.cursor/skills`, Codex `.agents/skills` (the Agent Skills
 * standard's folder, which Codex reads per repository and in the home directory).
 */
export function skillDestination(target: string, scope: { global: boolean; project: string; env: NodeJS.ProcessEnv }): string {
  const home = scope.env.HOME || homedir();
  const base = scope.global ? home : scope.project;
  switch (target) {
    case 'claude':
      return join(scope.global && scope.env.CLAUDE_CONFIG_DIR ? scope.env.CLAUDE_CONFIG_DIR : join(base, '.claude'), 'skills', SKILL_NAME);
    case 'cursor':
      return join(base, '.cursor', 'skills', SKILL_NAME);
    case 'codex':
      return join(base, '.agents', 'skills', SKILL_NAME);
    default:
      // Any other value is a skills folder of the user's choosing.
      return join(target, SKILL_NAME);
  }
}

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, root)));
    else if (entry.isFile() && entry.name !== MARKER) out.push(relative(root, path).split('\\').join('/'));
  }
  return out;
}

interface Marker {
  name: string;
  version: string;
  files: string[];
}

async function readMarker(dest: string): Promise<Marker | undefined> {
  try {
    const marker = JSON.parse(await readFile(join(dest, MARKER), 'utf8')) as Marker;
    return Array.isArray(marker.files) ? marker : undefined;
  } catch {
    return undefined;
  }
}

export interface InstallResult {
  dest: string;
  files: string[];
  replaced: boolean;
}

export async function installSkill(dest: string, options: { force?: boolean; source?: string } = {}): Promise<InstallResult> {
  const source = options.source ?? bundledSkillDir();
  const files = await listFiles(source).catch((error: unknown) => {
    throw new InputError(source, `the bundled skill is missing (${error instanceof Error ? error.message : String(error)})`);
  });
  const existing = await lstat(dest).catch(() => undefined);
  if (existing?.isSymbolicLink()) throw new InputError(dest, 'is a symbolic link; remove it or choose another target');
  const marker = existing ? await readMarker(dest) : undefined;
  if (existing && !marker && !options.force) throw new InputError(dest, 'exists and was not installed by threatcode (use --force to replace it)');
  if (existing && !marker && options.force) await rm(dest, { recursive: true, force: true });
  // Files of the previous version that this one no longer ships.
  for (const old of marker?.files ?? []) {
    if (!files.includes(old) && !old.split('/').includes('..')) await rm(join(dest, old), { force: true });
  }
  for (const file of files) {
    await mkdir(dirname(join(dest, file)), { recursive: true });
    await writeFile(join(dest, file), await readFile(join(source, file)));
  }
  await writeFile(join(dest, MARKER), `${JSON.stringify({ name: SKILL_NAME, version: VERSION, files } satisfies Marker, null, 2)}\n`);
  return { dest, files, replaced: existing !== undefined };
}
