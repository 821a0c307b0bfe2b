// Python projects: one ProjectFact per folder holding pyproject.toml, setup.cfg, setup.py, Pipfile
// or a requirements file, with the frameworks its dependencies declare and its role (service when a
// web or RPC framework is a dependency, function for serverless adapters, cli for CLI toolkits).
// Several manifests in one folder are merged in link into one project.
import type { Fact, FactInput, ProjectFact } from '../../../model/types.js';
import { folderOf } from '../../deps/_lib/lockfile.js';
import { readPipfile, readPyproject, readRequirements, readSetupCfg, type PyManifest } from '../../deps/pypi/formats.js';
import { isRequirementsFile } from '../../deps/pypi/index.js';
import { normaliseName } from '../../deps/pypi/requirements.js';
import type { Extractor } from '../../types.js';

const SERVER: Record<string, string> = {
  flask: 'flask', django: 'django', djangorestframework: 'django-rest-framework', fastapi: 'fastapi', starlette: 'starlette', aiohttp: 'aiohttp',
  quart: 'quart', sanic: 'sanic', tornado: 'tornado', falcon: 'falcon', bottle: 'bottle', pyramid: 'pyramid', litestar: 'litestar', 'flask-restx': 'flask-restx',
  'flask-restful': 'flask-restful', grpcio: 'grpc', 'grpcio-tools': 'grpc', 'channels': 'django-channels', uvicorn: 'uvicorn', gunicorn: 'gunicorn', 'graphene-django': 'graphql', strawberry: 'graphql',
  'strawberry-graphql': 'graphql', ariadne: 'graphql', 'connexion': 'connexion', 'apiflask': 'apiflask',
};
const FUNCTION = new Set(['mangum', 'aws-lambda-powertools', 'chalice', 'zappa', 'functions-framework', 'azure-functions']);
const CLI = new Set(['click', 'typer', 'fire', 'docopt', 'cleo']);
const NOTABLE: Record<string, string> = {
  sqlalchemy: 'sqlalchemy', psycopg2: 'postgres', 'psycopg2-binary': 'postgres', psycopg: 'postgres', asyncpg: 'postgres', pymongo: 'mongodb', redis: 'redis', celery: 'celery',
  boto3: 'aws-sdk', pyjwt: 'pyjwt', 'python-jose': 'python-jose', 'flask-login': 'flask-login', 'flask-jwt-extended': 'flask-jwt-extended', openai: 'openai', anthropic: 'anthropic',
  langchain: 'langchain', requests: 'requests', httpx: 'httpx', 'kafka-python': 'kafka', 'confluent-kafka': 'kafka', pika: 'rabbitmq', elasticsearch: 'elasticsearch',
};

function read(path: string, text: string): PyManifest | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'pyproject.toml') return readPyproject(text);
  if (name === 'Pipfile') return readPipfile(text);
  if (name === 'setup.cfg') return readSetupCfg(text);
  if (name === 'setup.py') {
    const project = /\bname\s*=\s*['"]([^'"]+)['"]/.exec(text)?.[1];
    const block = /install_requires\s*=\s*\[([\s\S]*?)\]/.exec(text)?.[1] ?? '';
    const packages = [...block.matchAll(/['"]([A-Za-z0-9][A-Za-z0-9._-]*)/g)].map((m) => ({ name: m[1], version: '*', exact: false, direct: true, line: 1 }));
    return { kind: 'manifest', format: 'setup.py', packages, name: project };
  }
  if (isRequirementsFile(path)) return readRequirements(path, text);
  return undefined;
}

function role(names: string[]): ProjectFact['role'] {
  if (names.some((n) => FUNCTION.has(n))) return 'function';
  if (names.some((n) => SERVER[n] && !['uvicorn', 'gunicorn'].includes(n))) return 'service';
  if (names.some((n) => n === 'uvicorn' || n === 'gunicorn')) return 'service';
  if (names.some((n) => CLI.has(n))) return 'cli';
  return 'library';
}

const RANK: Record<ProjectFact['role'], number> = { service: 5, function: 4, frontend: 3, cli: 2, library: 1, unknown: 0 };
const NAME_RANK: Record<string, number> = { 'pyproject.toml': 3, 'setup.cfg': 2, 'setup.py': 2, Pipfile: 1 };

/** Merges the Python project facts of one folder (pyproject + requirements...) into one. Idempotent. */
function linkProjects(facts: Fact[]): Fact[] {
  const groups = new Map<string, ProjectFact[]>();
  for (const f of facts) if (f.kind === 'project' && f.extractor === 'python/project') groups.set(f.root, [...(groups.get(f.root) ?? []), f]);
  if (![...groups.values()].some((g) => g.length > 1)) return facts;
  const keep = new Map<string, ProjectFact>();
  for (const [root, list] of groups) {
    const named = [...list].sort((a, b) => (NAME_RANK[b.evidence.file.split('/').pop() ?? ''] ?? 0) - (NAME_RANK[a.evidence.file.split('/').pop() ?? ''] ?? 0) || a.evidence.file.localeCompare(b.evidence.file))[0];
    const best = list.reduce((a, b) => (RANK[b.role] > RANK[a.role] ? b : a));
    keep.set(root, { ...named, role: best.role, frameworks: [...new Set(list.flatMap((p) => p.frameworks))].sort() });
  }
  const out: Fact[] = [];
  const emitted = new Set<string>();
  for (const f of facts) {
    if (f.kind !== 'project' || f.extractor !== 'python/project') {
      out.push(f);
      continue;
    }
    if (emitted.has(f.root)) continue;
    emitted.add(f.root);
    out.push(keep.get(f.root) ?? f);
  }
  return out;
}

export const extractor: Extractor = {
  id: 'python/project',
  title: 'Python projects: name, frameworks and role from pyproject, setup, Pipfile, requirements',
  matches(path) {
    if (/(^|\/)(node_modules|site-packages|\.venv|venv|\.tox)\//.test(path)) return false;
    const name = path.slice(path.lastIndexOf('/') + 1);
    return ['pyproject.toml', 'setup.cfg', 'setup.py', 'Pipfile'].includes(name) || (isRequirementsFile(path) && !/(^|\/)requirements\//.test(path));
  },
  extract(file) {
    const manifest = read(file.path, file.content);
    if (!manifest) return null;
    const names = manifest.packages.filter((p) => p.scope !== 'dev').map((p) => normaliseName(p.name));
    if (manifest.format === 'pyproject' && !manifest.name && names.length === 0) return null;
    if (manifest.format === 'setup.cfg' && !manifest.name && names.length === 0) return null;
    const root = folderOf(file.path);
    const frameworks = [...new Set(names.map((n) => SERVER[n] ?? NOTABLE[n]).filter((n): n is string => !!n))].sort();
    const fact: Omit<ProjectFact, 'extractor'> = {
      kind: 'project',
      name: manifest.name ?? (root === '.' ? 'root' : root.slice(root.lastIndexOf('/') + 1)),
      root,
      language: 'python',
      ecosystem: 'pypi',
      frameworks,
      role: role(names),
      evidence: { file: file.path, line: 1 },
      key: `${file.path}#project`,
    };
    const out: FactInput[] = [fact];
    return out;
  },
  link: linkProjects,
};
