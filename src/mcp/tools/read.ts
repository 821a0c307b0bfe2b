// Read tools: model a path, its architecture, threats (filtered), one threat with its evidence.
import { resolve } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { renderOutputs, FORMATS } from '../../emit/index.js';
import type { Evidence } from '../../model/types.js';
import { writeFileAtomic } from '../../util/fs.js';
import { redactSnippet } from '../../util/secrets.js';
import { guarded, jsonResult, ToolFailure } from '../errors.js';
import { readRepoFile } from '../patch/files.js';
import type { ProvenancedThreat } from '../patch/types.js';
import { architectureView, filterThreats, summaryView, threatDetail } from '../views.js';
import { within } from '../workspace.js';
import type { Workspace } from '../workspace.js';

const PATH = z.string().max(1000).optional().describe('repository or folder to model, relative to the server root (default: the root)');
const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

/** Code around each evidence line, read now (the file may have changed since the model). */
async function snippets(root: string, evidence: readonly Evidence[], radius = 3): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of evidence.slice(0, 10)) {
    const content = await readRepoFile(root, e.file);
    if (content === undefined) continue;
    const lines = content.split(/\r?\n/);
    const start = Math.max(1, e.line - radius);
    const end = Math.min(lines.length, (e.endLine ?? e.line) + radius);
    const width = String(end).length;
    const text = lines
      .slice(start - 1, end)
      .map((l, i) => `${String(start + i).padStart(width)}${start + i === e.line ? '>' : '|'} ${redactSnippet(l.slice(0, 300))}`)
      .join('\n');
    out.set(`${e.file}:${e.line}`, text);
  }
  return out;
}

export function registerReadTools(server: McpServer, workspace: Workspace): void {
  server.registerTool(
    'model',
    {
      title: 'Model a repository',
      description: 'Analyse a repository or a folder of it (no code is executed) and summarise its threat model: counts, top open threats, kill chains, warnings. Applies .threatcode/overrides.json. Optionally writes the output files (model.json, threatmodel.tc.json, dfd.mmd, summary.md, SARIF...).',
      inputSchema: {
        path: PATH,
        out: z.string().max(1000).optional().describe('write all outputs into this folder (relative to the modelled path); nothing is written when absent'),
      },
      annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ path, out }) =>
      guarded('model', async () => {
        const root = await workspace.resolve(path);
        const model = await workspace.model(root);
        const written: string[] = [];
        if (out !== undefined) {
          const dir = resolve(root, out);
          if (!within(root, dir)) throw new ToolFailure('out must stay inside the modelled folder');
          for (const [file, content] of renderOutputs(model, FORMATS)) {
            await writeFileAtomic(resolve(dir, file), content);
            written.push(resolve(dir, file));
          }
        }
        return jsonResult({ root, ...summaryView(model), ...(written.length ? { written } : {}) });
      }),
  );

  server.registerTool(
    'architecture',
    {
      title: 'Read the architecture',
      description: 'Components (services, frontends, data stores, third parties), data flows with authentication and encryption, trust boundaries, entry points with their authentication, data assets and assumptions, as recovered from the code.',
      inputSchema: { path: PATH },
      annotations: READ_ONLY,
    },
    async ({ path }) => guarded('architecture', async () => jsonResult(architectureView(await workspace.model(await workspace.resolve(path))))),
  );

  server.registerTool(
    'list_threats',
    {
      title: 'List threats',
      description: 'Threats of the model, most severe first, with optional filters. Each has an id for explain_threat and update_threat.',
      inputSchema: {
        path: PATH,
        min_severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
        status: z.enum(['open', 'mitigated', 'accepted', 'suppressed', 'resolved', 'any']).optional().describe('default: open'),
        stride: z.enum(['S', 'T', 'R', 'I', 'D', 'E']).optional(),
        component: z.string().max(200).optional().describe('component name or id'),
        source: z.enum(['rule', 'ai', 'manual']).optional(),
        text: z.string().max(200).optional().describe('substring of title, description, rule id or CWE'),
        limit: z.number().int().min(1).max(500).optional().describe('default 50'),
      },
      annotations: READ_ONLY,
    },
    async (args) =>
      guarded('list_threats', async () => {
        const model = await workspace.model(await workspace.resolve(args.path));
        return jsonResult(filterThreats(model, { minSeverity: args.min_severity, status: args.status, stride: args.stride, component: args.component, source: args.source, text: args.text, limit: args.limit }));
      }),
  );

  server.registerTool(
    'explain_threat',
    {
      title: 'Explain a threat',
      description: 'One threat in full: statement, why it scores as it does, the code at each evidence line (secrets redacted), mitigations, assumptions, kill chains it takes part in, and who wrote it (provenance).',
      inputSchema: { path: PATH, id: z.string().min(1).max(64).describe('threat id from list_threats') },
      annotations: READ_ONLY,
    },
    async ({ path, id }) =>
      guarded('explain_threat', async () => {
        const root = await workspace.resolve(path);
        const model = await workspace.model(root);
        const threat = model.threats.find((t) => t.id === id) as ProvenancedThreat | undefined;
        if (!threat) throw new ToolFailure(`no threat ${id} in the model of ${root} (ids come from list_threats; the code may have changed)`);
        return jsonResult(threatDetail(model, threat, await snippets(root, threat.evidence)));
      }),
  );
}
