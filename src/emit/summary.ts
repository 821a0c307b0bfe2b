import type { ThreatModel } from '../model/types.js';
import { componentName, countBySeverity, elementName, countByStride, describeSystem, openThreats, rankThreats, SEVERITIES, STRIDE } from './digest.js';
import { chainHeadline } from './attack-graph.js';
import { location, mdCode, mdTable, mdText } from './markdown.js';

const TOP = 10;

/** Executive summary: what the system is, top risks with evidence, counts, kill chains, the DFD. */
export function renderSummary(model: ThreatModel, dfd: string): string {
  const open = openThreats(model);
  const out: string[] = [];
  out.push(`# Threat model: ${mdText(model.product.name)}`, '');
  const meta = [model.product.repository && `Repository: ${mdText(model.product.repository)}`, model.product.commit && `Commit: ${mdCode(model.product.commit.slice(0, 12))}`, model.product.owners.length > 0 && `Owners: ${model.product.owners.map(mdText).join(', ')}`].filter(Boolean);
  if (meta.length) out.push(meta.join(' · '), '');
  if (model.product.description) out.push(mdText(model.product.description), '');
  out.push('## The system', '', mdText(describeSystem(model)), '');
  out.push(
    mdTable(
      ['Component', 'Kind', 'Exposure', 'Technology', 'Where'],
      model.components.map((c) => [mdText(c.name), c.kind, c.exposure, mdText(c.tech.slice(0, 4).join(', ')), mdText(c.paths.join(', ') || location(c.evidence[0]))]),
    ),
    '',
  );

  out.push('## Top risks', '');
  const top = rankThreats(open).slice(0, TOP);
  if (top.length === 0) out.push('No open threats.', '');
  top.forEach((t, i) => {
    out.push(`${i + 1}. **${mdText(t.title)}** — ${t.severity} (${t.score.value}/10), ${t.stride.join('')}${t.cwe.length ? `, ${t.cwe.join(', ')}` : ''}`);
    if (t.evidence[0]) out.push(`   - Evidence: ${mdCode(location(t.evidence[0]))}${t.evidence.length > 1 ? ` (+${t.evidence.length - 1} more)` : ''}`);
    if (t.elements.length) out.push(`   - Affects: ${t.elements.map((e) => mdText(elementName(model, e))).join(', ')}`);
    if (t.remediation) out.push(`   - Fix: ${mdText(t.remediation)}`);
    out.push(`   - Why this score: ${mdText(t.score.explanation)}`);
  });
  out.push('');

  if (model.killChains.length > 0) {
    out.push('## Kill chains', '');
    out.push('How findings combine: the most likely path from an attacker\'s starting point to each high-value target (attack-graph.mmd draws them all).', '');
    model.killChains.slice(0, 5).forEach((chain, i) => {
      out.push(`${i + 1}. **${chain.severity}${chain.escalation ? ', escalation' : ''}** — ${mdText(chainHeadline(model, chain))}`);
      out.push(`   - ${mdText(chain.narrative)}`);
      if (chain.evidence.length > 0) out.push(`   - Evidence: ${chain.evidence.slice(0, 4).map((e) => mdCode(location(e))).join(', ')}${chain.evidence.length > 4 ? ` (+${chain.evidence.length - 4} more)` : ''}`);
      if (chain.breakWith) out.push(`   - Cheapest break: ${mdText(chain.breakWith.description)}`);
    });
    if (model.killChains.length > 5) out.push('', `…and ${model.killChains.length - 5} more in model.json.`);
    out.push('');
  }

  out.push('## Threats by severity and STRIDE', '');
  const bySeverity = countBySeverity(open);
  out.push(mdTable(['Severity', 'Open threats'], SEVERITIES.map((s) => [s, String(bySeverity[s])])), '');
  const byStride = countByStride(open);
  out.push(mdTable(['STRIDE', 'Open threats'], STRIDE.map((s) => [`${s.letter} — ${s.name}`, String(byStride[s.letter])])), '');
  const closed = model.threats.length - open.length;
  if (closed > 0) out.push(`${closed} further threat${closed === 1 ? ' is' : 's are'} suppressed, accepted or mitigated (see model.json).`, '');

  out.push('## Entry points', '');
  const unauthInternet = model.entryPoints.filter((e) => e.exposure === 'internet' && e.auth === 'none');
  out.push(`${model.entryPoints.length} entry points; ${unauthInternet.length} internet-facing without authentication.`, '');
  if (model.entryPoints.length > 0) {
    out.push(
      mdTable(
        ['Method', 'Path', 'Auth', 'Component', 'Where'],
        model.entryPoints.slice(0, 60).map((e) => [e.method ?? e.kind, mdText(e.path ?? ''), e.auth, mdText(componentName(model, e.component)), mdCode(location(e.evidence[0]))]),
      ),
      '',
    );
    if (model.entryPoints.length > 60) out.push(`…and ${model.entryPoints.length - 60} more in model.json.`, '');
  }

  out.push('## Data-flow diagram', '', '```mermaid', dfd.trimEnd(), '```', '');
  if (model.assumptions.length > 0) {
    out.push('## Assumptions', '');
    for (const a of model.assumptions) out.push(`- ${mdText(a.content)}`);
    out.push('');
  }
  const problems = model.diagnostics.filter((d) => d.level !== 'info');
  out.push('## Coverage', '', `${model.diagnostics.length} diagnostics (${problems.length} warnings or errors); see model.json for each skipped or unreadable file.`, '');
  return out.join('\n');
}
