// Recall of the labelled entry-point sample. A tool entry point belongs to a labelled component when
// its component reference resolves to that label (component matching) or, failing that, when its
// handler file lies under one of the label's source folders. HTTP: method and path compare as in
// bench/accuracy (parameter spellings unified, ANY/ALL match every method). gRPC: the RPC name
// (case-insensitive) equals the tool's method or the last segment of its path (`pkg.Svc/Method`).
import { normaliseMethod, normalisePath } from '../accuracy/match-entrypoints.js';
import type { LabelComponent, LabelEntryPoint } from './labels.js';
import type { ComponentMatching, Ratio } from './match-components.js';
import { resolveComponent } from './match-flows.js';
import type { ToolComponent, ToolEntryPoint } from './tool-model.js';

export interface EntryPointScore {
  recall: Ratio;
  recallByKind: Record<string, Ratio>;
  /** Tool entry points per kind (all components), for context. */
  toolByKind: Record<string, number>;
  missed: string[];
}

/** Next.js `[id]` / `[...slug]` segments and trailing wildcards (`/static/*`) on top of bench/accuracy's rules. */
const normPath = (p: string | undefined): string => normalisePath((p ?? '').replace(/\[(?:\.\.\.)?[^\]]+\]/g, '{p}').replace(/\/\*+$/, '/'));

const rpcName = (s: string | undefined): string => (s ?? '').split(/[/.]/).filter(Boolean).pop()?.toLowerCase() ?? '';

function ownedBy(ep: ToolEntryPoint, label: LabelComponent, tools: readonly ToolComponent[], cm: ComponentMatching): boolean {
  const tool = resolveComponent(ep.component, tools);
  if (tool && cm.labelOfTool.get(tool.id) === label.name) return true;
  const file = ep.file?.replace(/\\/g, '/');
  return Boolean(file) && label.paths.some((p) => file?.startsWith(`${p.replace(/\/+$/, '')}/`));
}

function sameEndpoint(label: LabelEntryPoint, ep: ToolEntryPoint): boolean {
  if (label.kind === 'grpc') {
    if (ep.kind !== 'grpc') return false;
    const want = (label.method ?? '').toLowerCase();
    return rpcName(ep.method) === want || rpcName(ep.path) === want;
  }
  if (ep.kind !== 'http') return false;
  const a = normaliseMethod(label.method);
  const b = normaliseMethod(ep.method);
  return (a === '*' || b === '*' || a === b) && normPath(label.path) === normPath(ep.path);
}

export function scoreEntryPoints(labels: readonly LabelEntryPoint[], components: readonly LabelComponent[], tools: readonly ToolComponent[], toolEps: readonly ToolEntryPoint[], cm: ComponentMatching): EntryPointScore {
  const byName = new Map(components.map((c) => [c.name, c]));
  const recallByKind: Record<string, Ratio> = {};
  const missed: string[] = [];
  let hit = 0;
  for (const l of labels) {
    const owner = byName.get(l.component);
    const found = owner !== undefined && toolEps.some((ep) => ownedBy(ep, owner, tools, cm) && sameEndpoint(l, ep));
    const r = (recallByKind[l.kind] ??= { hit: 0, of: 0 });
    r.of += 1;
    if (found) {
      r.hit += 1;
      hit += 1;
    } else missed.push(`${l.component} ${l.kind} ${l.method ?? ''} ${l.kind === 'http' ? l.path ?? '' : ''}`.replace(/\s+/g, ' ').trim());
  }
  const toolByKind: Record<string, number> = {};
  for (const ep of toolEps) toolByKind[ep.kind] = (toolByKind[ep.kind] ?? 0) + 1;
  return { recall: { hit, of: labels.length }, recallByKind, toolByKind, missed };
}
