// Security settings of Python web apps:
// - Django settings modules: DEBUG, ALLOWED_HOSTS, SECRET_KEY (literal / env with literal default),
//   DATABASES and CACHES (data stores), REST_FRAMEWORK defaults (permissions, throttling),
//   LoginRequiredMiddleware, django-cors-headers;
// - template autoescaping turned off (Jinja2 Environment, Flask jinja_env, Django TEMPLATES);
// - Flask-CORS / FastAPI CORSMiddleware with credentials for any origin.
import type { SgNode } from '@ast-grep/napi';
import type { ConfigFact, DatastoreClientFact, FactInput, SecretFact } from '../../../model/types.js';
import { compact } from '../../_polyglot/lines.js';
import type { Extractor } from '../../types.js';
import { DRF_PERMISSIONS } from '../_lib/auth.js';
import { isPythonFile, isPythonTestFile, pyIndex, type PyIndex } from '../_lib/index.js';
import { internalFact } from '../_lib/link-records.js';
import { keywordArg } from '../_lib/receivers.js';
import { dotted, pyBool, pyString, pyStringList } from '../_lib/strings.js';
import { envVar, pyTarget } from '../_lib/targets.js';

function config(index: PyIndex, at: SgNode, setting: string, values: ConfigFact['values'], summary: string, key = setting): FactInput {
  return { kind: 'config', setting, values, summary, evidence: index.evidence(at), key: `${index.file}#config:${key}` };
}

/** Module-level `NAME = value` assignments (the last one wins, as at import time). */
function moduleAssignments(index: PyIndex): Map<string, { node: SgNode; value: SgNode }> {
  const out = new Map<string, { node: SgNode; value: SgNode }>();
  for (const stmt of index.root.namedChildren()) {
    const a = stmt.kind() === 'expression_statement' ? stmt.namedChildren()[0] : undefined;
    if (a?.kind() !== 'assignment') continue;
    const left = a.field('left');
    const right = a.field('right');
    if (left?.kind() === 'identifier' && right) out.set(left.text(), { node: a, value: right });
  }
  return out;
}

/** Value of `key` in a dict literal. */
function dictValue(dict: SgNode | undefined, key: string): SgNode | undefined {
  if (dict?.kind() !== 'dictionary') return undefined;
  for (const pair of dict.namedChildren()) if (pair.kind() === 'pair' && pyString(pair.field('key')) === key) return pair.field('value') ?? undefined;
  return undefined;
}

const ENGINES: Record<string, { tech: string; kind: DatastoreClientFact['storeKind'] }> = {
  postgresql: { tech: 'postgres', kind: 'database' }, postgresql_psycopg2: { tech: 'postgres', kind: 'database' }, postgis: { tech: 'postgres', kind: 'database' },
  mysql: { tech: 'mysql', kind: 'database' }, sqlite3: { tech: 'sqlite', kind: 'database' }, oracle: { tech: 'oracle', kind: 'database' },
  redis: { tech: 'redis', kind: 'cache' }, RedisCache: { tech: 'redis', kind: 'cache' }, memcached: { tech: 'memcached', kind: 'cache' },
  PyMemcacheCache: { tech: 'memcached', kind: 'cache' }, PyLibMCCache: { tech: 'memcached', kind: 'cache' }, djongo: { tech: 'mongodb', kind: 'database' },
};

function djangoStores(index: PyIndex, dict: SgNode | undefined, engineKey: string, out: FactInput[]): void {
  for (const pair of dict?.namedChildren() ?? []) {
    if (pair.kind() !== 'pair') continue;
    const conf = pair.field('value') ?? undefined;
    const engine = pyString(dictValue(conf, engineKey)) ?? '';
    const store = ENGINES[engine.split('.').pop() ?? ''] ?? (/redis/i.test(engine) ? ENGINES.redis : undefined);
    if (!store) continue;
    const target = pyTarget(dictValue(conf, 'LOCATION') ?? dictValue(conf, 'HOST'), index) ?? (store.tech === 'sqlite' ? pyString(dictValue(conf, 'NAME')) : undefined);
    const f: Omit<DatastoreClientFact, 'extractor'> = { kind: 'datastore-client', tech: store.tech, storeKind: store.kind, library: 'django', evidence: index.evidence(pair), key: `${index.file}#datastore-client:django:${store.tech}:${pyString(pair.field('key')) ?? ''}` };
    if (target) f.target = target;
    out.push(f);
  }
}

/** `SECRET_KEY = 'literal'` or `os.environ.get('SECRET_KEY', 'literal')`. */
function secretKey(index: PyIndex, node: SgNode, value: SgNode, out: FactInput[]): void {
  const literal = pyString(value);
  let origin: string | undefined;
  let shown = literal;
  if (literal !== undefined) origin = 'literal';
  else if (envVar(value)) {
    const fallback = /,\s*(?:default\s*=\s*)?(['"])(.*?)\1\s*\)$/.exec(value.text());
    if (fallback && fallback[2].length > 0) {
      origin = 'env-fallback';
      shown = fallback[2];
    } else origin = 'env';
  }
  if (!origin) return;
  // Empty or placeholder keys, and settings templates (`configuration_example.py`), are not keys in use.
  if (origin !== 'env' && ((shown ?? '').length < 8 || /(^|[/_.-])(example|sample|template|dist)[^/]*$/i.test(index.file))) return;
  out.push(config(index, node, 'django-secret-key', { origin, insecurePrefix: /^django-insecure-/.test(shown ?? '') }, `SECRET_KEY from ${origin}`));
  if (origin !== 'env' && shown && shown.length >= 8) {
    const secret: Omit<SecretFact, 'extractor'> = { kind: 'secret', secretType: 'django-secret-key', redacted: `${shown.slice(0, 4)}****`, usage: 'session', evidence: index.evidence(node), key: `${index.file}#secret:SECRET_KEY` };
    out.push(secret);
  }
}

function django(index: PyIndex, out: FactInput[]): void {
  const a = moduleAssignments(index);
  // A split settings module (`from .base import *`) that only overrides some settings counts too.
  const splitModule = a.has('ALLOWED_HOSTS') && /^from[ \t]+\.[\w.]*[ \t]+import[ \t]+\*/m.test(index.lines.text);
  if (!a.has('INSTALLED_APPS') && !a.has('ROOT_URLCONF') && !(a.has('SECRET_KEY') && a.has('DEBUG')) && !splitModule) return;
  const debug = a.get('DEBUG');
  if (debug) {
    const v = pyBool(debug.value);
    const env = envVar(debug.value) ?? /\b(?:os\.environ|getenv|env|config)\b/.test(debug.value.text());
    if (v !== undefined) out.push(config(index, debug.node, 'debug', { framework: 'django', enabled: v, source: 'DEBUG' }, `DEBUG = ${v ? 'True' : 'False'}`, 'debug:django'));
    else if (env) out.push(config(index, debug.node, 'debug', { framework: 'django', enabled: null, source: 'environment', defaultOn: /['"](?:True|true|1|yes|on)['"]\s*\)|default\s*=\s*True/.test(debug.value.text()) }, 'DEBUG from the environment', 'debug:django'));
  }
  const hosts = a.get('ALLOWED_HOSTS');
  if (hosts) {
    const list = pyStringList(hosts.value);
    if (list) out.push(config(index, hosts.node, 'allowed-hosts', { framework: 'django', wildcard: list.includes('*'), hosts: list.join(',') }, `ALLOWED_HOSTS = ${list.join(', ')}`));
    // `env.list('DJANGO_ALLOWED_HOSTS')`, `os.environ['HOSTS'].split(',')`: the deployment decides
    // (a production module doing this overrides a development `*` in the base settings).
    else if (envVar(hosts.value) || /\b(?:os\.environ|environ|getenv|env|config)\b/.test(hosts.value.text())) {
      const defaultWildcard = /default\s*=\s*\[?\s*['"]\*['"]|,\s*['"]\*['"]\s*\)/.test(hosts.value.text());
      out.push(config(index, hosts.node, 'allowed-hosts', { framework: 'django', wildcard: false, source: 'environment', defaultWildcard }, 'ALLOWED_HOSTS from the environment'));
    }
  }
  const secret = a.get('SECRET_KEY');
  if (secret) secretKey(index, secret.node, secret.value, out);
  djangoStores(index, a.get('DATABASES')?.value, 'ENGINE', out);
  djangoStores(index, a.get('CACHES')?.value, 'BACKEND', out);
  const rest = a.get('REST_FRAMEWORK');
  if (rest) {
    const perms = dictValue(rest.value, 'DEFAULT_PERMISSION_CLASSES');
    const names = (pyStringList(perms) ?? []).map((p) => p.split('.').pop() ?? p);
    const levels = names.map((n) => DRF_PERMISSIONS[n]);
    const known = levels.every((l) => l !== undefined);
    const level = levels.includes('admin') ? 'admin' : levels.includes('user') ? 'user' : names.length > 0 && known ? 'public' : undefined;
    if (names.length > 0) out.push(internalFact(index, rest.node, 'py-drf-defaults', { level, label: names.join(', '), names: pyStringList(perms) ?? [] }, 'drf'));
    const throttles = pyStringList(dictValue(rest.value, 'DEFAULT_THROTTLE_CLASSES')) ?? [];
    if (throttles.length > 0) out.push(config(index, rest.node, 'rate-limit', { scope: 'global', library: 'djangorestframework' }, `DRF throttling: ${throttles.join(', ')}`));
  }
  const middleware = pyStringList(a.get('MIDDLEWARE')?.value) ?? [];
  const mwNode = a.get('MIDDLEWARE')?.node;
  if (mwNode && middleware.some((m) => m.endsWith('LoginRequiredMiddleware'))) out.push(internalFact(index, mwNode, 'py-django-login-middleware', {}, 'login'));
  if (mwNode && middleware.some((m) => m.endsWith('SecurityMiddleware'))) out.push(config(index, mwNode, 'headers', { library: 'django', partial: true, headers: 'X-Content-Type-Options' }, 'django SecurityMiddleware'));
  const allOrigins = pyBool(a.get('CORS_ALLOW_ALL_ORIGINS')?.value ?? a.get('CORS_ORIGIN_ALLOW_ALL')?.value);
  const credentials = pyBool(a.get('CORS_ALLOW_CREDENTIALS')?.value);
  const corsNode = a.get('CORS_ALLOW_ALL_ORIGINS')?.node ?? a.get('CORS_ORIGIN_ALLOW_ALL')?.node;
  if (allOrigins === true && corsNode) out.push(config(index, corsNode, 'cors', { library: 'django-cors-headers', origin: '*', credentials: credentials === true }, 'CORS for every origin'));
  const templates = a.get('TEMPLATES');
  if (templates && /['"]autoescape['"]\s*:\s*False/.test(templates.value.text())) out.push(config(index, templates.node, 'template-autoescape', { engine: 'django', autoescape: false }, "TEMPLATES OPTIONS 'autoescape': False"));
}

/** Jinja2 Environment without autoescaping, Flask `jinja_env.autoescape = False`. */
function autoescape(index: PyIndex, out: FactInput[]): void {
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '(^|\\.)(Environment|Template)$' } } })) {
    const callee = index.resolve(dotted(call.field('function')) ?? '');
    if (!/^jinja2\.(Environment|Template)$/.test(callee)) continue;
    const value = keywordArg(call, 'autoescape');
    const off = value ? pyBool(value) === false : callee === 'jinja2.Environment';
    if (!off) continue;
    out.push(config(index, call, 'template-autoescape', { engine: 'jinja2', autoescape: false, explicit: value !== undefined, htmlTemplates: /\.html?\b|FileSystemLoader|PackageLoader/.test(call.text()) || /\.html['"]/.test(index.lines.text) }, value ? 'jinja2 autoescape=False' : 'jinja2.Environment() without autoescape', `autoescape:${compact(call.text(), 40)}`));
  }
  for (const a of index.root.findAll({ rule: { kind: 'assignment', has: { field: 'left', regex: 'jinja_env\\.autoescape$' } } })) {
    if (pyBool(a.field('right')) === false) out.push(config(index, a, 'template-autoescape', { engine: 'jinja2', autoescape: false, explicit: true, htmlTemplates: true }, 'jinja_env.autoescape = False', 'autoescape:flask'));
  }
}

/** Flask-CORS `CORS(app, supports_credentials=True)` with any origin; Starlette/FastAPI CORSMiddleware. */
function cors(index: PyIndex, out: FactInput[]): void {
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '(^|\\.)(CORS|add_middleware|cross_origin)$' } } })) {
    const callee = index.resolve(dotted(call.field('function')) ?? '');
    const text = call.text();
    let library: string | undefined;
    let credentials = false;
    let origins: SgNode | undefined;
    if (/^flask_cors\.(CORS|cross_origin)$/.test(callee)) {
      library = 'flask-cors';
      credentials = pyBool(keywordArg(call, 'supports_credentials')) === true;
      origins = keywordArg(call, 'origins') ?? keywordArg(call, 'resources');
    } else if (/\.add_middleware$/.test(callee) && /CORSMiddleware/.test(text)) {
      library = 'starlette-cors';
      credentials = pyBool(keywordArg(call, 'allow_credentials')) === true;
      origins = keywordArg(call, 'allow_origins');
      if (keywordArg(call, 'allow_origin_regex') && pyString(keywordArg(call, 'allow_origin_regex')) === '.*') origins = undefined;
    } else continue;
    const list = pyStringList(origins);
    const any = origins === undefined || list?.includes('*') === true || /['"]origins['"]\s*:\s*['"]\*['"]/.test(origins.text());
    if (!credentials || !any) continue;
    out.push(config(index, call, 'cors', { library, origin: library === 'flask-cors' && origins === undefined ? 'reflect' : '*', credentials: true }, `${library} credentials for any origin`, `cors:${library}`));
  }
}

export const extractor: Extractor = {
  id: 'python/settings',
  title: 'Python security settings: Django settings, template autoescaping, CORS',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['SECRET_KEY', 'INSTALLED_APPS', 'ROOT_URLCONF', 'ALLOWED_HOSTS', 'jinja', 'autoescape', 'CORS'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const out: FactInput[] = [];
    if (/^(INSTALLED_APPS|ROOT_URLCONF|SECRET_KEY|ALLOWED_HOSTS)\s*=/m.test(file.content)) django(index, out);
    if (/jinja|autoescape/.test(file.content)) autoescape(index, out);
    if (/CORS/.test(file.content)) cors(index, out);
    return out.length > 0 ? out : null;
  },
};
