// The human-readable report of `threatcode tickets`: pre-flight, plan (what would change and why),
// and what was applied.
import type { PreflightReport, ProductSyncResult } from './sync.js';
import type { AppliedAction, Plan, PlanAction } from './types.js';

const VERB: Record<PlanAction['type'], string> = { create: 'create', update: 'update', close: 'close ', reopen: 'reopen' };

function describeAction(a: PlanAction): string {
  const on = 'ticket' in a ? `${a.ticket} ` : '';
  const verb = a.type === 'reopen' && a.mode === 'comment' ? 'comment' : VERB[a.type];
  return `  ${verb}  ${on}${a.title}\n          why: ${a.reason}`;
}

export function renderPreflight(report: PreflightReport): string {
  const c = report.counts;
  const lines = [`pre-flight: ${report.tickets.length} ticket${report.tickets.length === 1 ? '' : 's'} from earlier runs in ${report.target}: ${c.open} open, ${c.resolved} resolved (fix verified), ${c['fix-not-verified']} closed but still present, ${c['not-planned']} closed as not planned${c.unmatched ? `, ${c.unmatched} without a threat marker` : ''}`];
  for (const t of report.tickets) lines.push(`  ${t.key.padEnd(8)} ${t.verdict.padEnd(16)} ${t.status}${t.threatId ? ` — threat ${t.threatId.slice(0, 8)} ${t.threat}` : ''}`);
  for (const m of report.mitigationChanges) lines.push(`  mitigation "${m.title}": ${m.from} → ${m.to} (${m.because})`);
  for (const t of report.threatChanges) lines.push(`  threat "${t.title}": ${t.from} → ${t.to} (${t.because})`);
  return lines.join('\n');
}

export function renderPlan(plan: Plan): string {
  const lines = [plan.actions.length ? `plan: ${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}` : 'plan: nothing to do'];
  for (const a of plan.actions) lines.push(describeAction(a));
  lines.push(`  (${plan.unchanged} ticket${plan.unchanged === 1 ? '' : 's'} already in step, ${plan.belowThreshold} threat${plan.belowThreshold === 1 ? '' : 's'} below ${plan.minSeverity}, ${plan.notOpen} not open)`);
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export function renderApplied(applied: AppliedAction[]): string {
  if (applied.length === 0) return 'applied: nothing';
  return ['applied:', ...applied.map((r) => `  ${r.outcome.padEnd(7)} ${r.action.type} ${r.ticket ?? ''}${r.url ? ` ${r.url}` : ''}${r.detail ? ` — ${r.detail}` : ''}`)].join('\n');
}

export function renderSync(result: ProductSyncResult, apply: boolean): string {
  const header = `${result.name} (${result.product})${result.commit ? ` @ ${result.commit.slice(0, 12)}` : ''} → ${result.preflight.target}${apply ? '' : ' — dry run: nothing is changed (add --apply)'}`;
  const parts = [header, renderPreflight(result.preflight), renderPlan(result.plan)];
  if (apply) parts.push(renderApplied(result.applied));
  if (result.error) parts.push(`stopped: ${result.error}`);
  return `${parts.join('\n')}\n`;
}
