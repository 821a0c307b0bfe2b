// Matches threatcode's HTTP entry points against labelled routes on method + normalised path,
// then compares the auth level the tool inferred with the one the code enforces.
import type { LabelAuth, LabelEntryPoint } from './labels.js';

export interface EntryPointInput {
  method?: string;
  path?: string;
  auth: string;
  kind: string;
  file?: string;
  line?: number;
}

/** Methods that stand for "any method" (app.use / app.all mounts). */
const ANY_METHOD = new Set(['', '*', 'ALL', 'ANY', 'USE']);

export function normaliseMethod(method: string | undefined): string {
  const m = (method ?? '').trim().toUpperCase();
  return ANY_METHOD.has(m) ? '*' : m;
}

/**
 * Canonical path: parameters of any spelling (`:id`, `{id}`, `<id>`, `<int:id>`, `${id}`) become
 * `:p`, regex groups such as `(?!/quarantine)` and optional markers are dropped, duplicate and
 * trailing slashes removed, case folded (express routing is case-insensitive by default).
 */
export function normalisePath(path: string | undefined): string {
  let p = (path ?? '').trim().replace(/^[`'"]|[`'"]$/g, '');
  p = p.replace(/\(\?[!=<][^)]*\)/g, '');
  p = p.replace(/\$\{[^}]*\}/g, ':p');
  p = p.replace(/\{[^}]+\}/g, ':p');
  p = p.replace(/<[^>]+>/g, ':p');
  p = p.replace(/:[A-Za-z_$][\w$]*(\([^)]*\))?\??/g, ':p');
  p = p.replace(/\/+/g, '/');
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.length > 1) p = p.replace(/\/$/, '');
  return p.toLowerCase();
}

function methodsMatch(a: string, b: string): boolean {
  return a === '*' || b === '*' || a === b;
}

function labelPaths(label: LabelEntryPoint): Set<string> {
  return new Set([label.path, ...(label.pathAliases ?? []), ...(label.expandsTo ?? [])].map(normalisePath));
}

export interface EntryPointLabelResult {
  label: LabelEntryPoint;
  found: boolean;
  toolAuth?: string;
}

export interface EntryPointScore {
  labels: EntryPointLabelResult[];
  toolHttp: number;
  toolOtherKinds: number;
  toolMatched: number;
  /** Tool routes that match no labelled route ("METHOD path"). */
  toolUnmatched: string[];
  recall: number;
  precision: number;
  /** Over found labels whose auth is none/user/admin. */
  authCompared: number;
  authAgree: number;
  authAgreement: number;
  /** label auth → tool auth → count, over found labels (denied included). */
  authConfusion: Record<string, Record<string, number>>;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export function scoreEntryPoints(labels: readonly LabelEntryPoint[], toolEntryPoints: readonly EntryPointInput[]): EntryPointScore {
  const http = toolEntryPoints.filter((e) => e.kind === 'http');
  const tool = http.map((e) => ({ ep: e, method: normaliseMethod(e.method), path: normalisePath(e.path) }));
  const usedTool = new Set<number>();

  const results: EntryPointLabelResult[] = labels.map((label) => {
    const method = normaliseMethod(label.method);
    const paths = labelPaths(label);
    const hits = tool.map((t, i) => ({ t, i })).filter(({ t }) => methodsMatch(method, t.method) && paths.has(t.path));
    hits.forEach(({ i }) => usedTool.add(i));
    if (hits.length === 0) return { label, found: false };
    // Prefer a tool route with the very same method over a catch-all mount.
    const best = hits.find(({ t }) => t.method === method) ?? hits[0];
    return { label, found: true, toolAuth: best.t.ep.auth };
  });

  const confusion: Record<string, Record<string, number>> = {};
  let compared = 0;
  let agree = 0;
  for (const r of results) {
    if (!r.found) continue;
    const row = (confusion[r.label.auth] ??= {});
    const toolAuth = r.toolAuth ?? 'unknown';
    row[toolAuth] = (row[toolAuth] ?? 0) + 1;
    if ((['none', 'user', 'admin'] as LabelAuth[]).includes(r.label.auth)) {
      compared++;
      if (toolAuth === r.label.auth) agree++;
    }
  }

  const found = results.filter((r) => r.found).length;
  return {
    labels: results,
    toolHttp: http.length,
    toolOtherKinds: toolEntryPoints.length - http.length,
    toolMatched: usedTool.size,
    toolUnmatched: tool.filter((_, i) => !usedTool.has(i)).map((t) => `${t.ep.method ?? '*'} ${t.ep.path ?? '(no path)'}`),
    recall: ratio(found, labels.length),
    precision: ratio(usedTool.size, http.length),
    authCompared: compared,
    authAgree: agree,
    authAgreement: ratio(agree, compared),
    authConfusion: confusion,
  };
}
