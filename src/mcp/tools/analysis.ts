// Analysis tools: validate (Threat Composer file or a model), kill chains, diff of two commits,
// incident response over a catalog. Diff and incident response come from libraries that may be
// absent from a build: they are loaded on first use and a missing one is a clear tool error.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { analyzeKillChains } from '../../analyze/graph/chains.js';
import { renderOutputs } from '../../emit/index.js';
import { validateThreatComposer } from '../../tc/validate.js';
import { guarded, jsonResult, NotAvailable, ToolFailure } from '../errors.js';
import { loadOverlay, OVERRIDES_FILE } from '../patch/overlay.js';
import type { Workspace } from '../workspace.js';

const PATH = z.string().max(1000).optional().describe('repository or folder, relative to the server root (default: the root)');
const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;
const MAX_TC_BYTES = 64 * 1024 * 1024;

async function load<T>(feature: string, loader: () => Promise<T>): Promise<T> {
  try {
    return await loader();
  } catch (error) {
    throw new NotAvailable(feature, error);
  }
}

export function registerAnalysisTools(server: McpServer, workspace: Workspace): void {
  server.registerTool(
    'validate',
    {
      title: 'Validate a model',
      description:
        'With file: would AWS Threat Composer import this .tc.json, and what would go wrong after. Without file: model the path, render its Threat Composer file and validate it, and check .threatcode/overrides.json (invalid, rejected or stale entries).',
      inputSchema: { path: PATH, file: z.string().max(1000).optional().describe('a .tc.json file to validate') },
      annotations: READ_ONLY,
    },
    async ({ path, file }) =>
      guarded('validate', async () => {
        if (file !== undefined) {
          const real = await workspace.resolve(file, 'file');
          const text = await readFile(real, 'utf8');
          if (text.length > MAX_TC_BYTES) throw new ToolFailure(`${file} is larger than ${MAX_TC_BYTES} bytes`);
          return jsonResult({ file, ...validateThreatComposer(text, file) });
        }
        const root = await workspace.resolve(path);
        const model = await workspace.model(root);
        const tc = renderOutputs(model, ['tc']).get('threatmodel.tc.json') ?? '';
        const overlay = await loadOverlay(root);
        const overrideProblems = model.diagnostics.filter((d) => d.code.startsWith('override-'));
        const threatComposer = validateThreatComposer(tc, 'threatmodel.tc.json');
        return jsonResult({
          valid: threatComposer.importable && overrideProblems.length === 0,
          threatComposer,
          overrides: { file: overlay.exists ? OVERRIDES_FILE : null, entries: overlay.overlay.entries.length, problems: overrideProblems.map((d) => `${d.code}: ${d.message}`) },
          warnings: model.diagnostics.filter((d) => d.level !== 'info' && !d.code.startsWith('override-')).map((d) => `${d.code}: ${d.message}`).slice(0, 30),
        });
      }),
  );

  server.registerTool(
    'kill_chains',
    {
      title: 'Compute kill chains',
      description: 'How findings combine: the most likely path from an attacker state (internet, user, repo, or any state id as a what-if) to each high-value target, with the cheapest fix that breaks it.',
      inputSchema: {
        path: PATH,
        from: z.string().max(200).optional().describe('start state: internet, user, repo, or a state id such as exec:api'),
        to: z.string().max(200).optional().describe('target kind (data, admin, secrets, host, cluster, access, restricted), state id or component name'),
        limit: z.number().int().min(1).max(100).optional(),
      },
      annotations: READ_ONLY,
    },
    async ({ path, from, to, limit }) =>
      guarded('kill_chains', async () => {
        const model = await workspace.model(await workspace.resolve(path));
        const analysis = analyzeKillChains(model, { from, to, limit });
        if (from && !analysis.graph.states.has(from)) throw new ToolFailure(`unknown start state ${from} (states: ${[...analysis.graph.states.keys()].slice(0, 30).join(', ')})`);
        return jsonResult({ graph: { states: analysis.graph.states.size, edges: analysis.graph.edges.length }, killChains: analysis.chains });
      }),
  );

  server.registerTool(
    'diff',
    {
      title: 'Diff two commits',
      description: 'Threat and attack-surface delta between two commits of a local git repository (head defaults to the working tree): new, resolved and changed threats, new entry points, flows and kill chains. Use base "HEAD" to see what uncommitted changes do.',
      inputSchema: {
        path: PATH,
        base: z.string().min(1).max(200).describe('base commit, branch or tag (e.g. HEAD, main, HEAD~1)'),
        head: z.string().min(1).max(200).optional().describe('head commit (default: the working tree)'),
      },
      annotations: READ_ONLY,
    },
    async ({ path, base, head }) =>
      guarded('diff', async () => {
        const root = await workspace.resolve(path);
        const diff = await load('diff (src/diff)', () => import('../../diff/index.js'));
        const result = await diff.diffSource({ source: root, base, ...(head ? { head } : {}), env: workspace.env, cache: workspace.options.factCache ?? true, ...(workspace.options.today ? { today: workspace.options.today } : {}) });
        const { delta } = result;
        return jsonResult({
          summary: diff.renderDeltaText(delta, { base: result.base, head: result.head }),
          new: delta.new.map((t) => ({ id: t.id, title: t.title, severity: t.severity, location: t.evidence[0] ? `${t.evidence[0].file}:${t.evidence[0].line}` : 'architectural' })),
          resolved: delta.resolved.map((t) => ({ id: t.id, title: t.title, severity: t.severity })),
          changed: delta.threatChanges,
          architecture: delta.architecture,
          killChains: delta.killChains,
        });
      }),
  );

  server.registerTool(
    'incident_response',
    {
      title: 'Incident response over a catalog',
      description:
        'Which cataloged products an advisory affects, how far (exploitable, affected, present-not-reachable, not-affected), with evidence, owners and fixes. The advisory is an OSV or CVE 5 JSON file, a GHSA or CVE id (looked up in <catalog>/advisories or THREATCODE_ADVISORIES), a package spec (npm:minimist@<1.2.6) or free text naming a component ("openssl < 3.0.14").',
      inputSchema: {
        advisory: z.string().min(1).max(2000),
        catalog: z.string().max(1000).optional().describe('catalog directory (default: the server --catalog or THREATCODE_CATALOG)'),
        symbols: z.array(z.string().max(200)).max(50).optional().describe('affected functions when the advisory names none'),
        products: z.array(z.string().max(64)).max(200).optional().describe('only these product slugs'),
      },
      annotations: READ_ONLY,
    },
    async ({ advisory, catalog, symbols, products }) =>
      guarded('incident_response', async () => {
        const catalogDir = await workspace.catalogDir(catalog);
        const [loader, runner, store] = await load('incident response (src/ir)', () => Promise.all([import('../../ir/advisory/load.js'), import('../../ir/run.js'), import('../../catalog/store.js')]));
        await store.assertCatalog(catalogDir);
        // A file argument must lie inside the server's roots like every other path.
        const input = /\.json$/i.test(advisory.trim()) ? await workspace.resolve(advisory.trim(), 'file') : advisory;
        const inCatalog = join(catalogDir, 'advisories');
        const advisoriesDir = workspace.env.THREATCODE_ADVISORIES ?? ((await stat(inCatalog).then((s) => s.isDirectory(), () => false)) ? inCatalog : undefined);
        const resolved = await loader.resolveAdvisory(input, { cwd: catalogDir, ...(advisoriesDir ? { advisoriesDir } : {}), ...(symbols?.length ? { symbols } : {}) });
        const report = await runner.runIncidentResponse(catalogDir, resolved, products?.length ? { products } : {});
        return jsonResult(report);
      }),
  );
}
