import type { ThreatModel } from '../model/types.js';
import { describeSystem, openThreats, rankThreats, severityCountsLine } from './digest.js';
import { chainHeadline } from './attack-graph.js';
import { location, mdCode, mdText } from './markdown.js';

/** A chat-sized summary (at most ~40 lines) for an incident channel or a PR conversation. */
export function renderCanvas(model: ThreatModel): string {
  const open = openThreats(model);
  const lines: string[] = [];
  lines.push(`## ${mdText(model.product.name)} — threat model at a glance`);
  lines.push('');
  lines.push(mdText(describeSystem(model)));
  lines.push('');
  lines.push(`**Open threats:** ${open.length} (${severityCountsLine(open)})`);
  if (model.product.owners.length) lines.push(`**Owners:** ${model.product.owners.map(mdText).join(', ')}`);
  lines.push('');
  lines.push('**Top risks**');
  for (const t of rankThreats(open).slice(0, 8)) {
    lines.push(`- ${t.severity.toUpperCase()} ${mdText(t.title)} — ${mdCode(location(t.evidence[0]) || 'architecture')}`);
  }
  if (model.killChains.length > 0) {
    lines.push('');
    lines.push('**Worst kill chains**');
    for (const chain of model.killChains.slice(0, 3)) {
      lines.push(`- ${chain.severity.toUpperCase()}${chain.escalation ? ' (escalation)' : ''}: ${mdText(chainHeadline(model, chain))}`);
      if (chain.breakWith) lines.push(`  - break it: ${mdText(chain.breakWith.description)}`);
    }
  }
  const fixes = rankThreats(open)
    .filter((t) => t.remediation)
    .slice(0, 3);
  if (fixes.length > 0) {
    lines.push('');
    lines.push('**Do next**');
    for (const t of fixes) lines.push(`- ${mdText(t.remediation ?? '')} (${mdCode(location(t.evidence[0]))})`);
  }
  const capped = lines.map((l) => (l.length > 300 ? `${l.slice(0, 297)}…` : l));
  return `${capped.slice(0, 40).join('\n')}\n`;
}
