// Link step for served folders and upload destinations (after routes and autohooks): configuration
// segments (`{UPLOAD_DIRNAME}`) take their @fastify/env schema defaults, `@cwd` becomes the folder
// of the nearest package.json, autoload plugin files no autoload folder covers are dropped, each
// static folder becomes a `static` config fact whose `guarded` says whether every linked entry
// point serving it requires authentication, and upload records become `upload-destination` facts.
import { posix } from 'node:path';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { parseRecord, ROOT_SETTING, type RootRecord } from './autohooks.js';
import { resolveCwd } from './paths.js';
import { ENV_SETTING, SERVED_SETTING, type ServedRecord } from './served-routes.js';
import { UPLOAD_CALL, UPLOAD_HELPER, UPLOAD_WRITE, type UploadCall, type UploadHelper, type UploadWrite } from './upload-dirs.js';

const INTERNAL = new Set([SERVED_SETTING, ENV_SETTING, UPLOAD_WRITE, UPLOAD_HELPER, UPLOAD_CALL]);

function substitute(text: string, defaults: Map<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m: string, name: string) => defaults.get(name) ?? m);
}

/** Package folders (from dependency facts), deepest first: the working directory of a service. */
function packageDirs(facts: Fact[]): string[] {
  const dirs = new Set<string>();
  for (const f of facts) if (f.kind === 'dependency' && /(^|\/)package\.json$/.test(f.manifest)) dirs.add(posix.dirname(f.manifest) === '.' ? '' : posix.dirname(f.manifest));
  return [...dirs].sort((a, b) => b.length - a.length);
}

/** Autoload folders, read before applyAutohooks removes their records. */
export function autoloadRoots(facts: Fact[]): RootRecord[] {
  const roots: RootRecord[] = [];
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== ROOT_SETTING) continue;
    const r = parseRecord<RootRecord>(f);
    if (r) roots.push(r);
  }
  return roots;
}

/** Runs after applyAutohooks, so `guarded` sees the auth autohooks give the static routes. */
export function finishServed(facts: Fact[], roots: RootRecord[]): Fact[] {
  const defaults = new Map<string, string>();
  const served: { fact: ConfigFact; rec: ServedRecord }[] = [];
  const writes: { fact: ConfigFact; rec: UploadWrite }[] = [];
  const helpers: UploadHelper[] = [];
  const calls: { fact: ConfigFact; rec: UploadCall }[] = [];
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === ENV_SETTING) for (const [k, v] of Object.entries(parseRecord<Record<string, string>>(f) ?? {})) defaults.set(k, v);
    else if (f.setting === SERVED_SETTING) {
      const rec = parseRecord<ServedRecord>(f);
      if (rec) served.push({ fact: f, rec });
    } else if (f.setting === UPLOAD_WRITE) {
      const rec = parseRecord<UploadWrite>(f);
      if (rec) writes.push({ fact: f, rec });
    } else if (f.setting === UPLOAD_HELPER) {
      const rec = parseRecord<UploadHelper>(f);
      if (rec) helpers.push(rec);
    } else if (f.setting === UPLOAD_CALL) {
      const rec = parseRecord<UploadCall>(f);
      if (rec) calls.push({ fact: f, rec });
    }
  }
  if (served.length === 0 && writes.length === 0 && calls.length === 0) return facts.filter((f) => !(f.kind === 'config' && INTERNAL.has(f.setting)));
  const pkgs = packageDirs(facts);
  const folder = (dir: string, file: string): string => resolveCwd(substitute(dir, defaults), file, pkgs);

  const at = (f: Fact) => `${f.evidence.file}:${f.evidence.line}`;
  const servedAt = new Map(served.map((s) => [at(s.fact), s]));
  const drop = new Set(served.filter((s) => s.rec.autoload && !roots.some((r) => s.fact.evidence.file.startsWith(`${r.dir}/`))).map((s) => at(s.fact)));
  const linked = new Map<string, EntrypointFact[]>();
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && INTERNAL.has(f.setting)) continue;
    const s = f.kind === 'entrypoint' && f.framework === 'fastify' ? servedAt.get(at(f)) : undefined;
    if (!s || f.kind !== 'entrypoint' || !(f.tags ?? []).some((t) => t === 'static-files' || t === 'api-docs')) {
      out.push(f);
      continue;
    }
    if (drop.has(at(f))) continue;
    const path = f.path === undefined ? undefined : substitute(f.path, defaults);
    const ep: EntrypointFact = path === f.path ? f : { ...f, path, key: `${f.evidence.file}#entrypoint:${f.protocol} ${f.method ?? ''} ${path ?? ''}` };
    out.push(ep);
    let list = linked.get(at(f));
    if (!list) linked.set(at(f), (list = []));
    list.push(ep);
  }
  for (const s of served) {
    const eps = linked.get(at(s.fact)) ?? [];
    if (s.rec.kind !== 'static' || eps.length === 0) continue;
    const guarded = eps.every((e) => e.auth !== 'none');
    const path = eps[0].path ?? s.rec.path;
    if (s.rec.list) {
      const dir = s.rec.roots.map((r) => folder(r, s.fact.evidence.file) || '.').join(', ') || null;
      out.push({ ...s.fact, setting: 'directory-listing', values: { library: s.rec.library, path, dir, guarded }, summary: `directory listing of ${dir ?? 'a folder'} at ${path}`, key: `${s.fact.evidence.file}#config:directory-listing:${path}` });
    }
    for (const r of s.rec.roots) {
      const root = folder(r, s.fact.evidence.file);
      out.push({ ...s.fact, setting: 'static', values: { library: s.rec.library, path, dir: root, root, guarded }, summary: `static files from ${root || '.'} at ${path}`, key: `${s.fact.evidence.file}#config:static:${path}:${root}` });
    }
  }
  const destination = (f: ConfigFact, dir: string, api: string, via?: string): ConfigFact => ({
    ...f,
    setting: 'upload-destination',
    values: { library: '@fastify/multipart', dir, api, ...(via ? { via } : {}) },
    summary: `uploaded files written under ${dir || '.'}`,
    key: `${f.evidence.file}#config:upload-destination:${api}:${dir}`,
  });
  for (const w of writes) out.push(destination(w.fact, folder(w.rec.dir, w.fact.evidence.file), w.rec.api));
  for (const c of calls) {
    for (const h of helpers) {
      const arg = h.name === c.rec.name ? c.rec.args[String(h.pathArg)] : undefined;
      if (!arg) continue;
      const dir = h.isFile && arg.complete ? posix.dirname(arg.path) : arg.path;
      out.push(destination(c.fact, folder(dir, c.fact.evidence.file), `${c.rec.name}()`, h.name));
      break;
    }
  }
  return out;
}

