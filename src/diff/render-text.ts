// The delta for a terminal: the verdict first, then what a reviewer acts on, one line each.
import type { Threat } from '../model/types.js';
import { describeAsset, describeBoundary, describeChanges, describeComponent, describeDependency, describeEntryPoint, describeFlow, threatLocation } from './describe.js';
import type { Models } from './describe.js';
import type { ElementDelta, GateResult, ModelDelta } from './types.js';

const short = (commit?: string): string => (commit ? ` (${commit.slice(0, 12)})` : '');

function threatLine(t: Threat, note = ''): string {
  const status = t.status === 'open' ? '' : ` [${t.status}]`;
  return `  ${t.severity.toUpperCase().padEnd(8)} ${t.score.value.toFixed(1).padStart(4)}  ${t.title}${status}${note}\n           ${threatLocation(t)}  ${t.ruleId}  ${t.id}\n`;
}

function section<T>(title: string, delta: ElementDelta<T>, describe: (item: T) => string, limit: number): string {
  let out = '';
  const lines = [
    ...delta.added.map((item) => `  + ${describe(item)}`),
    ...delta.removed.map((item) => `  - ${describe(item)}`),
    ...delta.changed.map((c) => `  ~ ${describe(c.after)}: ${describeChanges(c.fields)}`),
  ];
  if (lines.length === 0) return '';
  out += `${title}\n`;
  for (const line of lines.slice(0, limit)) out += `${line}\n`;
  if (lines.length > limit) out += `  … ${lines.length - limit} more (see --json)\n`;
  return out;
}

export function renderDeltaText(delta: ModelDelta, models: Models, gate?: GateResult, limit = 50): string {
  let out = `threatcode diff: ${delta.product}  ${delta.base.ref ?? 'base'}${short(delta.base.commit)} → ${delta.head.ref ?? 'head'}${short(delta.head.commit)}\n`;
  out += `  threats: ${delta.new.length} new, ${delta.resolved.length} resolved, ${delta.changed.length} changed`;
  out += delta.moved.length > 0 ? `, ${delta.moved.length} moved with the code (not counted)\n` : '\n';
  if (gate && gate.failOn !== 'none') {
    out += gate.failed
      ? `  gate (--fail-on ${gate.failOn}): FAILED, ${gate.triggers.length} threat${gate.triggers.length === 1 ? '' : 's'} at ${gate.failOn} or above appeared\n`
      : `  gate (--fail-on ${gate.failOn}): passed\n`;
  }
  out += '\n';
  if (delta.new.length > 0) {
    out += 'New threats\n';
    for (const t of delta.new.slice(0, limit)) out += threatLine(t);
    if (delta.new.length > limit) out += `  … ${delta.new.length - limit} more (see --json)\n`;
  }
  if (delta.changed.length > 0) {
    out += 'Changed threats\n';
    delta.changed.slice(0, limit).forEach((t, i) => {
      out += threatLine(t, `\n           ${describeChanges(delta.threatChanges[i]?.fields ?? [])}`);
    });
  }
  if (delta.resolved.length > 0) {
    out += 'Resolved threats\n';
    for (const t of delta.resolved.slice(0, limit)) out += threatLine(t);
    if (delta.resolved.length > limit) out += `  … ${delta.resolved.length - limit} more (see --json)\n`;
  }
  const a = delta.architecture;
  out += section('Entry points', a.entryPoints, (e) => describeEntryPoint(e, models), limit);
  out += section('Flows', a.flows, (f) => describeFlow(f, models), limit);
  out += section('Components', a.components, describeComponent, limit);
  out += section('Trust boundaries', a.trustBoundaries, describeBoundary, limit);
  out += section('Assets', a.assets, describeAsset, limit);
  const deps = a.dependencies;
  const direct = { added: deps.added.filter((d) => d.direct), removed: deps.removed.filter((d) => d.direct), changed: [] };
  let depText = section('Dependencies (direct)', direct, (d) => describeDependency(d, models), limit);
  const upgrades = deps.changed.slice(0, limit).map((c) => `  ~ ${c.ecosystem} ${c.name}: ${c.before.join(', ')} → ${c.after.join(', ')}\n`);
  if (upgrades.length > 0) depText = `${depText || 'Dependencies (direct)\n'}${upgrades.join('')}`;
  const transitive = deps.added.length - direct.added.length + deps.removed.length - direct.removed.length;
  if (transitive > 0) depText = `${depText || 'Dependencies\n'}  (${transitive} transitive added or removed)\n`;
  out += depText;
  const kc = delta.killChains;
  if (kc.new.length + kc.grown.length + kc.resolved.length > 0) {
    out += 'Kill chains\n';
    for (const c of kc.new) out += `  + ${c.severity.toUpperCase()} ${c.entry} → ${c.target} (${c.steps.length} steps)\n`;
    for (const c of kc.grown) out += `  ↑ ${c.after.severity.toUpperCase()} ${c.after.entry} → ${c.after.target}: ${describeChanges(c.fields)}\n`;
    for (const c of kc.resolved) out += `  - ${c.severity.toUpperCase()} ${c.entry} → ${c.target}\n`;
  }
  if (out.endsWith('\n\n')) out += 'No change to threats or the attack surface.\n';
  return out;
}
