// Edit tools: add or update a threat, mitigation or assumption. Every edit is checked by the pure
// patch module against the model as the code stands now (evidence lines must exist, ids must
// resolve, status changes need a reason), then recorded in `.threatcode/overrides.json` with its
// provenance, so it survives regeneration and is reviewed with the code in the same change.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ThreatModel } from '../../model/types.js';
import { guarded, jsonResult, ToolFailure } from '../errors.js';
import { applyPatch, citedFiles } from '../patch/apply.js';
import { readRepoFiles } from '../patch/files.js';
import { loadOverlay, OVERRIDES_FILE, recordEntry, saveOverlay } from '../patch/overlay.js';
import { ASSUMPTION_UPDATE, describeIssues, MITIGATION_UPDATE, NEW_ASSUMPTION, NEW_MITIGATION, NEW_THREAT, PATCH_OP, THREAT_UPDATE } from '../patch/schema.js';
import type { PatchOp, Provenance } from '../patch/types.js';
import type { Workspace } from '../workspace.js';

const COMMON = {
  path: z.string().max(1000).optional().describe('repository root the model belongs to (default: the server root); the overrides file is written there'),
  source: z.enum(['ai', 'manual']).optional().describe("'ai' (default) when you, an AI agent, decided this; 'manual' when a person told you exactly what to record"),
  author: z.string().max(120).optional().describe('who made the edit, e.g. claude-code, cursor, codex, or a person'),
  model: z.string().max(120).optional().describe('your model name, for provenance'),
  reason: z.string().max(1000).optional().describe('why: the evidence or decision behind the edit'),
  dry_run: z.boolean().optional().describe('validate and show the result without writing the overrides file'),
};

type Common = { path?: string; source?: 'ai' | 'manual'; author?: string; model?: string; reason?: string; dry_run?: boolean };

const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

function provenanceOf(args: Common): Provenance {
  return { source: args.source ?? 'ai', ...(args.author ? { author: args.author } : {}), ...(args.model ? { model: args.model } : {}), ...(args.reason ? { reason: args.reason } : {}) };
}

function itemOf(model: ThreatModel, op: PatchOp, id: string): unknown {
  if (op.op.endsWith('threat')) return model.threats.find((t) => t.id === id);
  if (op.op.endsWith('mitigation')) return model.mitigations.find((m) => m.id === id);
  return model.assumptions.find((a) => a.id === id);
}

async function edit(tool: string, workspace: Workspace, args: Common, op: PatchOp) {
  return guarded(tool, async () => {
    const checked = PATCH_OP.safeParse(op);
    if (!checked.success) throw new ToolFailure(describeIssues(checked.error));
    const root = await workspace.resolve(args.path);
    const model = await workspace.model(root);
    const result = applyPatch(model, [op], await readRepoFiles(root, citedFiles([op])));
    const rejected = result.rejected[0];
    if (rejected) throw new ToolFailure(`rejected: ${rejected.reason}`);
    const id = result.applied[0].id;
    if (!args.dry_run) {
      const loaded = await loadOverlay(root);
      // Writing back would drop entries that failed to parse: a person must fix them first.
      if (loaded.diagnostics.length > 0) throw new ToolFailure(`${OVERRIDES_FILE} has problems; fix them before editing: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
      await saveOverlay(root, recordEntry(loaded.overlay, { target: id, operation: op }));
    }
    return jsonResult({ id, recorded: args.dry_run ? false : OVERRIDES_FILE, item: itemOf(result.model, op, id) });
  });
}

const pick = <T extends object>(args: T, keys: readonly string[]) => Object.fromEntries(Object.entries(args).filter(([k, v]) => keys.includes(k) && v !== undefined));

export function registerEditTools(server: McpServer, workspace: Workspace): void {
  const threatKeys = Object.keys(NEW_THREAT.shape);
  server.registerTool(
    'add_threat',
    {
      title: 'Add a threat',
      description:
        'Add a threat the rules did not find (business logic, design). Cite evidence (file and 1-based line that exist now) or name the elements it is about. Severity follows from likelihood and impact and the component\'s exposure. Recorded in .threatcode/overrides.json with provenance.',
      inputSchema: { ...NEW_THREAT.shape, ...COMMON },
      annotations: WRITE,
    },
    async (args) => edit('add_threat', workspace, args, { op: 'add-threat', threat: pick(args, threatKeys) as z.infer<typeof NEW_THREAT>, provenance: provenanceOf(args) }),
  );

  server.registerTool(
    'update_threat',
    {
      title: 'Update a threat',
      description: 'Change a threat: status (mitigated, accepted, resolved... with statusReason), severity, wording, remediation, or link mitigations. Recorded in .threatcode/overrides.json; re-applied on every run while the threat exists.',
      inputSchema: { id: z.string().min(1).max(64), ...THREAT_UPDATE.shape, ...COMMON },
      annotations: WRITE,
    },
    async (args) => edit('update_threat', workspace, args, { op: 'update-threat', id: args.id, set: pick(args, Object.keys(THREAT_UPDATE.shape)), provenance: provenanceOf(args) }),
  );

  server.registerTool(
    'add_mitigation',
    {
      title: 'Add a mitigation',
      description: 'Add a mitigation (a control, implemented or proposed) and link it to threats by id.',
      inputSchema: { ...NEW_MITIGATION.shape, ...COMMON },
      annotations: WRITE,
    },
    async (args) => edit('add_mitigation', workspace, args, { op: 'add-mitigation', mitigation: pick(args, Object.keys(NEW_MITIGATION.shape)) as z.infer<typeof NEW_MITIGATION>, provenance: provenanceOf(args) }),
  );

  server.registerTool(
    'update_mitigation',
    {
      title: 'Update a mitigation',
      description: 'Change a mitigation: status (proposed, in-progress, implemented, wont-fix), text, remediation, or link more threats.',
      inputSchema: { id: z.string().min(1).max(64), ...MITIGATION_UPDATE.shape, ...COMMON },
      annotations: WRITE,
    },
    async (args) => edit('update_mitigation', workspace, args, { op: 'update-mitigation', id: args.id, set: pick(args, Object.keys(MITIGATION_UPDATE.shape)), provenance: provenanceOf(args) }),
  );

  server.registerTool(
    'add_assumption',
    {
      title: 'Add an assumption',
      description: 'Record an assumption the model relies on (e.g. "the API is only reachable through the gateway") and link the threats it affects.',
      inputSchema: { ...NEW_ASSUMPTION.shape, ...COMMON },
      annotations: WRITE,
    },
    async (args) => edit('add_assumption', workspace, args, { op: 'add-assumption', assumption: pick(args, Object.keys(NEW_ASSUMPTION.shape)) as z.infer<typeof NEW_ASSUMPTION>, provenance: provenanceOf(args) }),
  );

  server.registerTool(
    'update_assumption',
    {
      title: 'Update an assumption',
      description: 'Reword an assumption or link more threats to it.',
      inputSchema: { id: z.string().min(1).max(64), ...ASSUMPTION_UPDATE.shape, ...COMMON },
      annotations: WRITE,
    },
    async (args) => edit('update_assumption', workspace, args, { op: 'update-assumption', id: args.id, set: pick(args, Object.keys(ASSUMPTION_UPDATE.shape)), provenance: provenanceOf(args) }),
  );
}
