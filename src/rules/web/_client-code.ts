// Where a file's code runs, judged from the npm project that holds it: a browser front end or a
// command-line tool acts for the user who runs it, so server-side rules (SSRF, guessable server
// tokens) do not apply there. A shared library counts as client code when every workspace
// project importing it is one (a UI kernel used by the web app and the desktop app).
import type { Fact, ProjectFact } from '../../model/types.js';
import type { RuleContext } from '../types.js';

export type ClientRuntime = 'browser' | 'cli';

interface Projects {
  /** npm projects, deepest root first. */
  list: ProjectFact[];
  /** Projects whose files import a package, by package name. */
  importers: Map<string, Set<ProjectFact>>;
  runtime: Map<ProjectFact, ClientRuntime | undefined>;
}

/**
 * Libraries that only run in Node (database, queue and mail clients, password hashing, server
 * middleware): a "frontend" project declaring one also holds server code (a shared `lib` package
 * beside the React components), so its files are not judged as browser code.
 */
const SERVER_ONLY = new Set(['pg', 'mysql', 'mysql2', 'mongodb', 'mongoose', 'ioredis', 'redis', 'bull', 'bullmq', 'amqp', 'kafka', 'prisma', 'typeorm', 'sequelize', 'knex', 'drizzle', 'sqlite', 'nodemailer', 'bcrypt', 'argon2', 'passport', 'express-session', 'cookie-session', 'jsonwebtoken', 'puppeteer', 'multer', 'formidable', 'express-rate-limit', 'csurf']);

const cache = new WeakMap<readonly Fact[], Projects>();

function projectOf(list: readonly ProjectFact[], file: string): ProjectFact | undefined {
  return list.find((p) => p.root === '.' || file.startsWith(`${p.root}/`));
}

/** The package an import names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function projects(ctx: RuleContext): Projects {
  let p = cache.get(ctx.facts);
  if (p) return p;
  const list = ctx
    .factsOf('project')
    .filter((f) => f.ecosystem === 'npm')
    .slice()
    .sort((a, b) => b.root.length - a.root.length);
  const names = new Set(list.map((f) => f.name));
  const importers = new Map<string, Set<ProjectFact>>();
  if (list.length > 1) {
    for (const imp of ctx.factsOf('import')) {
      const name = packageName(imp.module);
      if (!names.has(name)) continue;
      const by = projectOf(list, imp.evidence.file);
      if (!by || by.name === name) continue;
      let set = importers.get(name);
      if (!set) importers.set(name, (set = new Set()));
      set.add(by);
    }
  }
  p = { list, importers, runtime: new Map() };
  cache.set(ctx.facts, p);
  return p;
}

function runtimeOf(p: Projects, project: ProjectFact, seen: Set<ProjectFact>): ClientRuntime | undefined {
  if (p.runtime.has(project)) return p.runtime.get(project);
  // An import cycle between libraries decides nothing.
  if (seen.has(project)) return undefined;
  let out: ClientRuntime | undefined;
  if (project.frameworks.some((f) => SERVER_ONLY.has(f))) out = undefined;
  else if (project.role === 'frontend') out = 'browser';
  else if (project.role === 'cli') out = 'cli';
  else if (project.role === 'library' && project.root !== '.') {
    seen.add(project);
    const users = [...(p.importers.get(project.name) ?? [])].map((u) => runtimeOf(p, u, seen));
    if (users.length > 0 && users.every((u) => u !== undefined)) out = users.includes('browser') ? 'browser' : 'cli';
  }
  p.runtime.set(project, out);
  return out;
}

/** `browser` or `cli` when the file belongs to a front end, a command-line tool, or a library only they use. */
export function clientRuntime(ctx: RuleContext, file: string): ClientRuntime | undefined {
  const p = projects(ctx);
  const project = projectOf(p.list, file);
  return project ? runtimeOf(p, project, new Set()) : undefined;
}
