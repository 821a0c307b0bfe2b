// Taint values: a value is the list of origins it may carry. An origin is concrete request data
// (`src`, a label such as `request.args['q']`) or a parameter of the function being summarised
// (`param`), with the steps it took and the sink kinds a sanitiser already made it safe for.
import type { Evidence, SinkKind } from '../../../model/types.js';

export interface Origin {
  src?: string;
  param?: number;
  steps: Evidence[];
  /** Sink kinds this origin was sanitised for (sorted). */
  clean?: SinkKind[];
}

export type Value = readonly Origin[];

export const CLEAN: Value = [];

/** Most origins a value keeps: the first ones name the finding, more add nothing. */
const MAX_ORIGINS = 4;
/** Most steps an origin keeps (source and the latest steps matter). */
const MAX_STEPS = 8;

function originKey(o: Origin): string {
  return `${o.src ?? ''}|${o.param ?? ''}|${(o.clean ?? []).join(',')}`;
}

export function union(...values: Value[]): Value {
  const out: Origin[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const o of value) {
      const key = originKey(o);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(o);
      if (out.length >= MAX_ORIGINS) return out;
    }
  }
  return out;
}

export function withStep(value: Value, step: Evidence): Value {
  if (value.length === 0) return value;
  return value.map((o) => {
    const last = o.steps[o.steps.length - 1];
    if (last && last.file === step.file && last.line === step.line) return o;
    const steps = o.steps.length >= MAX_STEPS ? [o.steps[0], ...o.steps.slice(o.steps.length - MAX_STEPS + 2), step] : [...o.steps, step];
    return { ...o, steps };
  });
}

/** The value after a sanitiser: clean for `kinds`, or entirely clean when no kinds are given. */
export function sanitise(value: Value, kinds: readonly SinkKind[] | undefined): Value {
  if (!kinds) return CLEAN;
  return value.map((o) => ({ ...o, clean: [...new Set([...(o.clean ?? []), ...kinds])].sort() }));
}

/** Origins still dangerous for a sink kind. */
export function dangerousFor(value: Value, kind: SinkKind): Origin[] {
  return value.filter((o) => !o.clean?.includes(kind));
}
