// Internal records Python extractors leave for the link step (config facts with `py-*` settings,
// removed by link): prefixes registered for blueprints/routers, Django views and URL patterns,
// DRF routers and project-wide defaults.
import type { SgNode } from '@ast-grep/napi';
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import type { PyIndex } from './index.js';

export const PY_INTERNAL = 'py-';

export interface PrefixRecord {
  /** Receiver id registered (`app.admin:bp`). */
  target: string;
  /** Receiver id it is registered on, when that is itself a blueprint/router. */
  parent?: string;
  prefix: string | null;
  combine: 'override' | 'concat';
  /** Guards given at registration (FastAPI `include_router(..., dependencies=[...])`). */
  refs?: unknown[];
}

export function internalFact(index: PyIndex, at: SgNode | number, setting: string, data: unknown, key: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = {
    kind: 'config',
    setting,
    values: { data: JSON.stringify(data) },
    evidence: index.evidence(at),
    key: `${index.file}#${setting}:${key}`,
  };
  return fact;
}

export function prefixFact(index: PyIndex, at: SgNode, record: PrefixRecord): FactInput {
  return internalFact(index, at, 'py-prefix', record, `${record.target}`);
}

export function readRecord<T>(fact: Fact): T | undefined {
  if (fact.kind !== 'config' || typeof fact.values.data !== 'string') return undefined;
  try {
    return JSON.parse(fact.values.data) as T;
  } catch {
    return undefined;
  }
}

export function isPyInternal(fact: Fact): boolean {
  return fact.kind === 'config' && fact.setting.startsWith(PY_INTERNAL);
}

/**
 * The value recorded for the settings module closest to a file: the only one, or the one whose
 * folder shares the longest leading path with the file (settings live in a package of their own).
 */
export function nearest<T>(map: Map<string, T>, file: string): T | undefined {
  if (map.size <= 1) return map.values().next().value;
  let best: { shared: number; value: T } | undefined;
  const fileParts = file.split('/');
  for (const [dir, value] of map) {
    const parts = dir ? dir.split('/') : [];
    let shared = 0;
    while (shared < parts.length && parts[shared] === fileParts[shared]) shared++;
    if (!best || shared > best.shared) best = { shared, value };
  }
  return best?.value;
}
