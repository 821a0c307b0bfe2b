// The derived query index in `<catalog>/.index/` (git-ignored): a meta file with one stamp per
// product, one profile file per product, and 256 posting shards keyed by package
// (`npm:lodash` → the rows of every product that has it). It is rebuilt from the catalog's own
// files, incrementally, whenever a product's files changed (stamps are file sizes and mtimes), so it
// can be deleted at any time. Sync I/O on purpose: a one-shot command reading many small files.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { packageKey } from '../ir/versions/index.js';
import type { ThreatModel } from '../model/types.js';
import { listSlugs } from './index-files.js';
import { INDEX_DIR, MODEL_FILE, PRODUCT_FILE, REACH_FILE, productDir } from './layout.js';
import { acquireLock } from './lock.js';
import { emptyReach, type ReachIndex } from './reach-types.js';
import { productExposure, type ProductRecord } from './record.js';
import { readProductFileSync } from './txn.js';
import { QUERY_SCHEMA, type DeclRow, type DepRow, type MetaProduct, type PackageRow, type Profile, type QueryMeta } from './query-types.js';

export function shardOf(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) & 0xff).toString(16).padStart(2, '0');
}

/** `*:<name>`: the cross-ecosystem name key free-text queries use. */
export const nameKey = (name: string) => `*:${name.trim().toLowerCase()}`;

/**
 * What the index remembers of a product's files: the product folder's mtime (every publish renames
 * files into it, and a pending transaction adds .txn/), plus model.json and reach.json (hand edits).
 */
function stampOf(catalog: string, slug: string): string {
  const dir = productDir(catalog, slug);
  const parts: string[] = [];
  for (const path of [dir, join(dir, MODEL_FILE), join(dir, REACH_FILE)]) {
    try {
      const s = statSync(path);
      parts.push(`${s.mtimeMs}:${s.size}`);
    } catch {
      parts.push('-');
    }
  }
  return parts.join('|');
}

export interface ProductDerivation {
  profile: Profile;
  rows: Map<string, PackageRow>;
  /** `*:<name>` → the package keys this product has under that bare name. */
  names: Map<string, string[]>;
}

// Shards are text, one posting per line: `<key>\t<slug>\t<JSON>`. Dropping a product's postings is
// a line filter and adding one is an append, so an incremental refresh never parses the other
// products' rows, and a query parses only the lines of the keys it asks for.
const clean = (text: string) => text.replace(/[\t\n\r]/g, ' ');

/** A product's posting lines grouped by shard (each key hashed once). */
function linesByShard(slug: string, d: ProductDerivation): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, value: unknown) => {
    const id = shardOf(key);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(`${clean(key)}\t${slug}\t${JSON.stringify(value)}`);
  };
  for (const [key, row] of d.rows) add(key, row);
  for (const [key, keys] of d.names) add(key, keys);
  return out;
}

function parseShard(text: string, wanted: ReadonlySet<string>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const tab = text.indexOf('\t', start);
    if (tab !== -1 && tab < end) {
      const key = text.slice(start, tab);
      if (wanted.has(key)) {
        const second = text.indexOf('\t', tab + 1);
        if (second !== -1 && second < end) {
          const list = out.get(key) ?? [];
          list.push(JSON.parse(text.slice(second + 1, end)) as unknown);
          out.set(key, list);
        }
      }
    }
    start = end + 1;
  }
  return out;
}

/** Lines of a shard without those of the given products. */
function dropProducts(text: string, slugs: ReadonlySet<string>): string {
  if (slugs.size === 0) return text;
  return text
    .split('\n')
    .filter((line) => {
      if (!line) return false;
      const a = line.indexOf('\t');
      const b = line.indexOf('\t', a + 1);
      return !slugs.has(line.slice(a + 1, b));
    })
    .join('\n');
}

/** Profile and package rows of one product, from its model, reach data and record. */
export function deriveProduct(slug: string, record: ProductRecord, model: ThreatModel, reach: ReachIndex): ProductDerivation {
  const componentIds = new Set(model.components.map((c) => c.id));
  const threatById = new Map(model.threats.map((t) => [t.id, t]));
  const profile: Profile = {
    slug,
    name: record.name,
    version: record.version,
    publishedAt: record.publishedAt,
    ...(record.commit ? { commit: record.commit } : {}),
    ...(record.repository ? { repository: record.repository } : {}),
    owners: record.owners,
    exposure: productExposure(model),
    importsAnalysed: reach.importsAnalysed,
    components: Object.fromEntries(model.components.map((c) => [c.id, { name: c.name, kind: c.kind, exposure: c.exposure }])),
    entryPoints: Object.fromEntries(
      model.entryPoints.map((e) => [
        e.id,
        {
          label: `${e.method ?? e.kind.toUpperCase()} ${e.path ?? ''}`.trim(),
          exposure: e.exposure,
          auth: e.auth,
          component: e.component,
          ...(e.tags.includes('rate-limited') ? { rateLimited: true } : {}),
          ...(e.handler ? { file: e.handler.file, line: e.handler.line } : e.evidence[0] ? { file: e.evidence[0].file, line: e.evidence[0].line } : {}),
        },
      ]),
    ),
    flows: model.flows.map((f) => ({ from: f.from, to: f.to, data: f.data })),
    assets: model.assets.map((a) => ({ name: a.name, classification: a.classification, storedIn: a.storedIn })),
    killChains: model.killChains.map((c) => {
      const components = new Set<string>();
      for (const step of c.steps) for (const el of (step.threat ? threatById.get(step.threat)?.elements : undefined) ?? []) if (componentIds.has(el)) components.add(el);
      return {
        id: c.id,
        entry: c.entry,
        target: c.target,
        severity: c.severity,
        likelihood: c.likelihood,
        narrative: c.narrative,
        components: [...components].sort(),
        files: [...new Set(c.evidence.map((e) => e.file))].sort(),
        ...(c.breakWith ? { breakWith: c.breakWith.description } : {}),
      };
    }),
    deployments: reach.deployments,
    images: model.dependencies
      .filter((d) => d.ecosystem === 'docker')
      .map((d) => {
        const line = reach.lockLines.find((l) => l.ecosystem === 'docker' && l.name === d.name && l.file === d.manifest)?.line;
        return { name: d.name, version: d.version, manifest: d.manifest, component: d.component, ...(d.scope ? { scope: d.scope } : {}), ...(line ? { line } : {}) };
      }),
    codeowners: reach.codeowners?.rules ?? null,
    mitigations: model.mitigations.filter((m) => m.status === 'implemented' || m.status === 'in-progress').map((m) => ({ title: m.title, status: m.status })),
  };
  const rows = new Map<string, PackageRow>();
  const names = new Map<string, string[]>();
  const row = (ecosystem: string, name: string): PackageRow => {
    const key = packageKey(ecosystem, name);
    let r = rows.get(key);
    if (!r) {
      r = { s: slug, deps: [], imports: [], decls: [] };
      rows.set(key, r);
      const nk = nameKey(name);
      const list = names.get(nk);
      if (!list) names.set(nk, [key]);
      else if (!list.includes(key)) list.push(key);
    }
    return r;
  };
  const lockLine = new Map(reach.lockLines.map((l) => [`${packageKey(l.ecosystem, l.name)}\u0000${l.version}\u0000${l.file}`, l.line]));
  for (const d of model.dependencies) {
    const dep: DepRow = [d.ecosystem, d.name, d.version, d.direct ? 1 : 0, d.scope ?? '', d.manifest, d.component, lockLine.get(`${packageKey(d.ecosystem, d.name)}\u0000${d.version}\u0000${d.manifest}`) ?? 0];
    row(d.ecosystem, d.name).deps.push(dep);
  }
  for (const i of reach.imports) row(i.ecosystem, i.package).imports.push(i);
  for (const d of reach.declarations) {
    const decl: DeclRow = [d.file, d.line, d.spec, d.scope ?? '', d.blame?.author ?? '', d.blame?.commit ?? ''];
    row(d.ecosystem, d.name).decls.push(decl);
  }
  return { profile, rows, names };
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function writeText(path: string, text: string): void {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

function writeJson(path: string, value: unknown): void {
  writeText(path, JSON.stringify(value));
}

function loadProductFiles(catalog: string, slug: string): ProductDerivation | undefined {
  const [recordText, modelText, reachText] = [PRODUCT_FILE, MODEL_FILE, REACH_FILE].map((f) => readProductFileSync(catalog, slug, f));
  if (!recordText || !modelText) return undefined;
  try {
    const record = JSON.parse(recordText) as ProductRecord;
    const model = JSON.parse(modelText) as ThreatModel;
    const reach = reachText ? (JSON.parse(reachText) as ReachIndex) : emptyReach(model.product.name);
    return deriveProduct(slug, record, model, reach);
  } catch {
    return undefined; // a damaged product is left out of the index rather than failing every query
  }
}

/** Read access to the index, on disk or (for a read-only catalog) in memory. */
export interface QueryIndex {
  meta: QueryMeta;
  /** Rows per package key (only products that have the package). */
  rows(keys: readonly string[]): Map<string, PackageRow[]>;
  /** Package keys sharing a bare name (`lodash` → npm:lodash, pypi:lodash). */
  keysNamed(name: string): string[];
  profile(slug: string): Profile | undefined;
  /** What the last refresh did. */
  refreshed: { changed: number; removed: number; seconds: number; inMemory: boolean };
}

const PROFILES_FILE = 'profiles.jsonl';

function readBuffer(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Answers from shard texts (read from disk on first use, or held in memory). */
class ShardIndex implements QueryIndex {
  private texts = new Map<string, string>();
  constructor(
    private readonly shardText: (id: string) => string,
    readonly meta: QueryMeta,
    private readonly profileOf: (slug: string) => Profile | undefined,
    readonly refreshed: QueryIndex['refreshed'],
  ) {}
  private text(id: string): string {
    let t = this.texts.get(id);
    if (t === undefined) this.texts.set(id, (t = this.shardText(id)));
    return t;
  }
  private lookup(keys: readonly string[]): Map<string, unknown[]> {
    const byShard = new Map<string, Set<string>>();
    for (const key of keys) {
      const id = shardOf(key);
      if (!byShard.has(id)) byShard.set(id, new Set());
      byShard.get(id)!.add(clean(key));
    }
    const out = new Map<string, unknown[]>();
    for (const [id, wanted] of byShard) for (const [k, v] of parseShard(this.text(id), wanted)) out.set(k, v);
    return out;
  }
  rows(keys: readonly string[]): Map<string, PackageRow[]> {
    const found = this.lookup(keys);
    return new Map(keys.map((k) => [k, (found.get(clean(k)) as PackageRow[] | undefined) ?? []]));
  }
  keysNamed(name: string): string[] {
    const lists = (this.lookup([nameKey(name)]).get(clean(nameKey(name))) as string[][] | undefined) ?? [];
    return [...new Set(lists.flat())].sort();
  }
  profile(slug: string): Profile | undefined {
    return this.meta.products[slug] ? this.profileOf(slug) : undefined;
  }
}

export interface OpenOptions {
  /** Write the rebuilt index to disk (default true); falls back to memory when it cannot. */
  write?: boolean;
  onRebuild?: (changed: number) => void;
}

/** Opens the index, first bringing it up to date with the catalog's files. */
export async function openQueryIndex(catalog: string, options: OpenOptions = {}): Promise<QueryIndex> {
  const started = performance.now();
  const dir = join(catalog, INDEX_DIR);
  const slugs = await listSlugs(catalog);
  const stale = (meta: QueryMeta | undefined) => {
    const changed = slugs.filter((s) => meta?.products[s]?.stamp !== stampOf(catalog, s));
    const removed = meta ? Object.keys(meta.products).filter((s) => !slugs.includes(s)) : [];
    return { changed, removed };
  };
  let meta = readJson<QueryMeta>(join(dir, 'meta.json'));
  if (meta?.schema !== QUERY_SCHEMA) meta = undefined;
  let { changed, removed } = stale(meta);
  const done = (inMemory: boolean) => ({ changed: changed.length, removed: removed.length, seconds: (performance.now() - started) / 1000, inMemory });
  const onDisk = (m: QueryMeta) => {
    let packed: Buffer | undefined;
    const profileOf = (slug: string): Profile | undefined => {
      const range = m.products[slug]?.profile;
      if (!range) return undefined;
      packed ??= readBuffer(join(dir, PROFILES_FILE));
      try {
        return JSON.parse(packed.toString('utf8', range[0], range[0] + range[1])) as Profile;
      } catch {
        return undefined;
      }
    };
    return new ShardIndex((id) => readText(join(dir, 'postings', `${id}.txt`)), m, profileOf, done(false));
  };
  if (meta && changed.length === 0 && removed.length === 0) return onDisk(meta);

  options.onRebuild?.(changed.length + removed.length);
  if (options.write !== false) {
    const lock = await acquireLock(catalog, { timeoutMs: 30_000 }).catch(() => undefined);
    if (lock) {
      try {
        // Someone may have rebuilt it while we waited for the lock.
        meta = readJson<QueryMeta>(join(dir, 'meta.json'));
        if (meta?.schema !== QUERY_SCHEMA) meta = undefined;
        ({ changed, removed } = stale(meta));
        return onDisk(rebuildOnDisk(catalog, dir, meta, changed, removed));
      } catch {
        // A read-only or full disk: answer from memory this time.
      } finally {
        await lock.release();
      }
    }
  }
  return buildInMemory(catalog, slugs, done);
}

function rebuildOnDisk(catalog: string, dir: string, previous: QueryMeta | undefined, changed: string[], removed: string[]): QueryMeta {
  mkdirSync(join(dir, 'postings'), { recursive: true });
  const meta: QueryMeta = { schema: QUERY_SCHEMA, products: { ...(previous?.products ?? {}) } };
  const dropped = new Set([...changed, ...removed]);
  for (const slug of removed) delete meta.products[slug];
  const oldProfiles = previous ? readBuffer(join(dir, PROFILES_FILE)) : Buffer.alloc(0);
  const profiles = new Map<string, string>();
  for (const [slug, p] of Object.entries(meta.products)) if (!dropped.has(slug) && p.profile) profiles.set(slug, oldProfiles.toString('utf8', p.profile[0], p.profile[0] + p.profile[1]));
  const added = new Map<string, string[]>();
  for (const slug of changed) {
    const stamp = stampOf(catalog, slug);
    const d = loadProductFiles(catalog, slug);
    if (!d) {
      delete meta.products[slug];
      continue;
    }
    for (const [id, list] of linesByShard(slug, d)) {
      const all = added.get(id);
      if (all) for (const l of list) all.push(l);
      else added.set(id, list);
    }
    profiles.set(slug, JSON.stringify(d.profile));
    meta.products[slug] = { name: d.profile.name, version: d.profile.version, publishedAt: d.profile.publishedAt, owners: d.profile.owners, exposure: d.profile.exposure, ...(d.profile.commit ? { commit: d.profile.commit } : {}), stamp, profile: [0, 0] };
  }
  // Every shard may hold lines of a changed product (hundreds of packages spread over all of them).
  for (let i = 0; i < 256; i++) {
    const id = i.toString(16).padStart(2, '0');
    const path = join(dir, 'postings', `${id}.txt`);
    const kept = previous && dropped.size ? dropProducts(readText(path), dropped) : previous ? readText(path) : '';
    const fresh = added.get(id) ?? [];
    if (!previous || dropped.size) writeText(path, [kept, ...fresh].filter(Boolean).join('\n'));
  }
  // One file of profiles, one line each; meta records where each starts (bytes).
  let offset = 0;
  const lines: string[] = [];
  for (const slug of Object.keys(meta.products).sort()) {
    const text = profiles.get(slug);
    if (text === undefined) continue;
    const length = Buffer.byteLength(text);
    meta.products[slug].profile = [offset, length];
    lines.push(text);
    offset += length + 1;
  }
  writeText(join(dir, PROFILES_FILE), `${lines.join('\n')}\n`);
  // The meta file goes last: until it is replaced, the old meta's stamps make the next reader redo this.
  writeJson(join(dir, 'meta.json'), meta);
  return meta;
}

async function buildInMemory(catalog: string, slugs: string[], done: (inMemory: boolean) => QueryIndex['refreshed']): Promise<QueryIndex> {
  const meta: QueryMeta = { schema: QUERY_SCHEMA, products: {} };
  const shards = new Map<string, string[]>();
  const profiles = new Map<string, Profile>();
  for (const slug of slugs) {
    const d = loadProductFiles(catalog, slug);
    if (!d) continue;
    profiles.set(slug, d.profile);
    const lines = linesByShard(slug, d);
    for (const [id, list] of lines) shards.set(id, [...(shards.get(id) ?? []), ...list]);
    const p: MetaProduct = { name: d.profile.name, version: d.profile.version, publishedAt: d.profile.publishedAt, owners: d.profile.owners, exposure: d.profile.exposure, stamp: stampOf(catalog, slug), profile: [0, 0] };
    if (d.profile.commit) p.commit = d.profile.commit;
    meta.products[slug] = p;
  }
  return new ShardIndex((id) => (shards.get(id) ?? []).join('\n'), meta, (slug) => profiles.get(slug), done(true));
}
