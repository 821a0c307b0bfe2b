import { describeBoundary, describeComponent, describeEntryPoint, describeFlow, threatLocation, where } from '../diff/describe.js';
import type { Models } from '../diff/describe.js';
import type { DriftReport, ElementDrift } from './types.js';

const show = (value: unknown): string => (Array.isArray(value) ? value.join(', ') || 'none' : value === null || value === undefined ? 'none' : String(value));

function section<T>(title: string, drift: ElementDrift<T>, describe: (item: T) => string): string {
  const lines = [
    ...drift.unrecorded.map((item) => `  + ${describe(item)}  (in the code, not in the model)`),
    ...drift.stale.map((item) => `  - ${describe(item)}  (in the model, gone from the code)`),
    ...drift.changed.map((c) => `  ~ ${describe(c.after)}: ${c.fields.map((f) => `${f.field} recorded as ${show(f.before)}, code has ${show(f.after)}`).join('; ')}`),
  ];
  return lines.length > 0 ? `${title}\n${lines.join('\n')}\n` : '';
}

/** Text report; `models.base` is the stored model's components (for names), `head` the code's. */
export function renderDriftText(report: DriftReport, models: Models): string {
  let out = `threatcode drift: ${report.against.file}${report.against.commit ? ` (modelled at ${report.against.commit.slice(0, 12)})` : ''} vs the code${report.current.commit ? ` at ${report.current.commit.slice(0, 12)}` : ''}\n`;
  out += report.drifted ? '  the stored model has drifted from the code\n\n' : '  in sync: the stored model matches the code\n';
  if (!report.architectureCompared) out += '  (a Threat Composer file keeps the architecture as prose: only threats were compared)\n';
  out += section('Components', report.components, describeComponent);
  out += section('Data stores', report.dataStores, describeComponent);
  out += section('Entry points', report.entryPoints, (e) => describeEntryPoint(e, models));
  out += section('Flows', report.flows, (f) => describeFlow(f, models));
  out += section('Trust boundaries', report.trustBoundaries, describeBoundary);
  if (report.unrecordedThreats.length > 0) {
    out += 'Threats in the code the model does not record\n';
    for (const t of report.unrecordedThreats) out += `  + ${t.severity.toUpperCase().padEnd(8)} ${t.title}  ${threatLocation(t)}\n`;
  }
  if (report.goneThreats.length > 0) {
    out += 'Threats the model still claims whose evidence is gone\n';
    for (const g of report.goneThreats) out += `  - ${g.threat.title}${g.threat.evidence[0] ? `  ${where(g.threat.evidence[0])}` : ''}: ${g.reason}\n`;
  }
  if (report.uncheckedThreats > 0) out += `  (${report.uncheckedThreats} stored threats cite no evidence and could not be checked)\n`;
  return out;
}
