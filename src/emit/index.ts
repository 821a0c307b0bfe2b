import type { ThreatModel } from '../model/types.js';
import { renderAttackGraph } from './attack-graph.js';
import { renderCanvas } from './canvas.js';
import { renderDfd } from './mermaid.js';
import { renderSarif } from './sarif.js';
import { renderSbom } from './sbom.js';
import { renderSummary } from './summary.js';
import { renderThreatComposer } from './threat-composer.js';

export interface Reporter {
  format: string;
  file: string;
  description: string;
  render(model: ThreatModel, dfd: string): string;
}

/** One reporter per output format; all render the same model. Order is the order files are written. */
export const reporters: readonly Reporter[] = [
  { format: 'json', file: 'model.json', description: 'the full model (threatcode.model/v1)', render: (m) => `${JSON.stringify(m, null, 2)}\n` },
  { format: 'tc', file: 'threatmodel.tc.json', description: 'AWS Threat Composer workspace', render: (m, dfd) => renderThreatComposer(m, { dfd }) },
  { format: 'mermaid', file: 'dfd.mmd', description: 'data-flow diagram (Mermaid)', render: (_m, dfd) => dfd },
  { format: 'summary', file: 'summary.md', description: 'executive summary (Markdown)', render: (m, dfd) => renderSummary(m, dfd) },
  { format: 'canvas', file: 'canvas.md', description: 'chat-sized summary (Markdown)', render: (m) => renderCanvas(m) },
  { format: 'attack-graph', file: 'attack-graph.mmd', description: 'attack graph and kill chains (Mermaid)', render: (m) => renderAttackGraph(m) },
  { format: 'sbom', file: 'sbom.cdx.json', description: 'CycloneDX 1.5 SBOM', render: (m) => renderSbom(m) },
  { format: 'sarif', file: 'threatcode.sarif', description: 'SARIF 2.1.0 for code scanning', render: (m) => renderSarif(m) },
];

export const FORMATS = reporters.map((r) => r.format);

export function reporterFor(format: string): Reporter | undefined {
  return reporters.find((r) => r.format === format);
}

/** Renders the chosen formats; returns file name → content. */
export function renderOutputs(model: ThreatModel, formats: readonly string[] = FORMATS): Map<string, string> {
  const dfd = renderDfd(model);
  const out = new Map<string, string>();
  for (const reporter of reporters) if (formats.includes(reporter.format)) out.set(reporter.file, reporter.render(model, dfd));
  return out;
}
