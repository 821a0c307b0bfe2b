// Architecture ground truth (bench/architecture/<app>.labels.json): its shape, a loader that rejects
// malformed files loudly (a silently dropped label would inflate recall), and an evidence check
// against the corpus so labels cannot drift from the code they cite.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const COMPONENT_KINDS = ['service', 'frontend', 'datastore', 'queue', 'storage', 'external', 'actor', 'function'] as const;
export type LabelKind = (typeof COMPONENT_KINDS)[number];
export const EXPOSURES = ['internet', 'internal', 'none'] as const;
export type LabelExposure = (typeof EXPOSURES)[number];

export interface LabelComponent {
  name: string;
  kind: LabelKind;
  /** Other kinds a reasonable model may use for this component (judgement calls). */
  kindAlternatives?: LabelKind[];
  language?: string;
  /** Source folders (repository-relative); their basenames are accepted as component names. */
  paths: string[];
  exposure: LabelExposure;
  /** Other exposures accepted by the lenient exposure score. */
  exposureAlternatives?: LabelExposure[];
  /** Other names deployment files or common usage give the same thing (`redis`, `browser`). */
  aliases?: string[];
  /** Only in a non-default variant, or arguably not a component: not counted in recall, never a false positive. */
  optional?: boolean;
  evidence: string;
  exposureEvidence?: string;
  note?: string;
}

export interface LabelFlow {
  from: string;
  to: string;
  protocol: string;
  protocolAlternatives?: string[];
  /** `telemetry`, `feature-flag`: flows reported separately from the application's own traffic. */
  tags?: string[];
  optional?: boolean;
  evidence: string;
  also?: string[];
  note?: string;
}

export interface LabelBoundary {
  name: string;
  kind: string;
  components: string[];
  evidence?: string;
  note?: string;
}

export interface LabelEntryPoint {
  component: string;
  kind: 'http' | 'grpc';
  method?: string;
  path?: string;
  evidence?: string;
  note?: string;
}

export interface ArchitectureLabels {
  app: string;
  repository: string;
  url?: string;
  commit: string;
  commitDate?: string;
  labelledBy?: string;
  method: string;
  components: LabelComponent[];
  flows: LabelFlow[];
  trustBoundaries: LabelBoundary[];
  entryPointsSample: LabelEntryPoint[];
  notes?: string;
}

const LABEL_SUFFIX = '.labels.json';

function fail(file: string, msg: string): never {
  throw new Error(`${file}: ${msg}`);
}

function checkLabels(file: string, data: ArchitectureLabels): ArchitectureLabels {
  for (const key of ['app', 'repository', 'commit', 'method'] as const) {
    if (typeof data[key] !== 'string' || data[key] === '') fail(file, `missing "${key}"`);
  }
  for (const key of ['components', 'flows', 'trustBoundaries', 'entryPointsSample'] as const) {
    if (!Array.isArray(data[key])) fail(file, `"${key}" must be an array`);
  }
  const names = new Set<string>();
  for (const c of data.components) {
    if (!c.name || names.has(c.name)) fail(file, `component name missing or duplicated: ${JSON.stringify(c.name)}`);
    names.add(c.name);
    if (!COMPONENT_KINDS.includes(c.kind)) fail(file, `component ${c.name}: bad kind ${c.kind}`);
    for (const k of c.kindAlternatives ?? []) if (!COMPONENT_KINDS.includes(k)) fail(file, `component ${c.name}: bad kind alternative ${k}`);
    if (!EXPOSURES.includes(c.exposure)) fail(file, `component ${c.name}: bad exposure ${c.exposure}`);
    for (const e of c.exposureAlternatives ?? []) if (!EXPOSURES.includes(e)) fail(file, `component ${c.name}: bad exposure alternative ${e}`);
    if (!Array.isArray(c.paths)) fail(file, `component ${c.name}: paths must be an array`);
    if (typeof c.evidence !== 'string') fail(file, `component ${c.name}: missing evidence`);
  }
  const optional = new Set(data.components.filter((c) => c.optional).map((c) => c.name));
  const seen = new Set<string>();
  for (const f of data.flows) {
    for (const end of [f.from, f.to]) if (!names.has(end)) fail(file, `flow ${f.from} -> ${f.to}: unknown component ${end}`);
    if (!f.protocol || typeof f.evidence !== 'string') fail(file, `flow ${f.from} -> ${f.to}: missing protocol or evidence`);
    if (!f.optional && (optional.has(f.from) || optional.has(f.to))) fail(file, `flow ${f.from} -> ${f.to}: touches an optional component, so it must be optional`);
    const key = `${f.from}\u0000${f.to}`;
    if (seen.has(key)) fail(file, `flow ${f.from} -> ${f.to} listed twice`);
    seen.add(key);
  }
  const boundaryOf = new Map<string, string>();
  for (const b of data.trustBoundaries) {
    for (const m of b.components) {
      if (!names.has(m)) fail(file, `boundary ${b.name}: unknown component ${m}`);
      if (boundaryOf.has(m)) fail(file, `component ${m} is in two boundaries (${boundaryOf.get(m)}, ${b.name}); labels use flat boundaries`);
      boundaryOf.set(m, b.name);
    }
  }
  for (const c of data.components) if (!boundaryOf.has(c.name)) fail(file, `component ${c.name} is in no trust boundary`);
  for (const e of data.entryPointsSample) {
    if (!names.has(e.component)) fail(file, `entry point: unknown component ${e.component}`);
    if (e.kind !== 'http' && e.kind !== 'grpc') fail(file, `entry point ${e.component}: bad kind ${String(e.kind)}`);
    if (e.kind === 'http' && !e.path) fail(file, `entry point ${e.component}: http needs a path`);
    if (e.kind === 'grpc' && !e.method) fail(file, `entry point ${e.component}: grpc needs a method`);
  }
  return data;
}

export async function loadLabels(file: string): Promise<ArchitectureLabels> {
  const data = JSON.parse(await readFile(file, 'utf8')) as ArchitectureLabels;
  return checkLabels(file, data);
}

/** Every `<app>.labels.json` in `dir`, sorted by app name. */
export async function listLabelFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(LABEL_SUFFIX)).sort();
  return names.map((n) => join(dir, n));
}

export function appNameOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.slice(0, -LABEL_SUFFIX.length);
}

function evidenceRefs(labels: ArchitectureLabels): string[] {
  const refs: string[] = [];
  for (const c of labels.components) refs.push(c.evidence, ...(c.exposureEvidence ? [c.exposureEvidence] : []));
  for (const f of labels.flows) refs.push(f.evidence, ...(f.also ?? []));
  for (const b of labels.trustBoundaries) if (b.evidence) refs.push(b.evidence);
  for (const e of labels.entryPointsSample) if (e.evidence) refs.push(e.evidence);
  return refs;
}

/** `file:line` citations that do not resolve in the corpus (missing file or line past the end). */
export async function brokenEvidence(labels: ArchitectureLabels, corpusDir: string): Promise<string[]> {
  const broken: string[] = [];
  const lineCounts = new Map<string, number>();
  for (const ref of evidenceRefs(labels)) {
    const m = /^(.+):(\d+)$/.exec(ref);
    if (!m) {
      broken.push(`${ref} (not file:line)`);
      continue;
    }
    const path = join(corpusDir, m[1]);
    if (!lineCounts.has(path)) lineCounts.set(path, existsSync(path) ? (await readFile(path, 'utf8')).split('\n').length : -1);
    const count = lineCounts.get(path) ?? -1;
    if (count < 0) broken.push(`${ref} (no such file)`);
    else if (Number(m[2]) < 1 || Number(m[2]) > count) broken.push(`${ref} (line out of range)`);
  }
  return broken;
}
