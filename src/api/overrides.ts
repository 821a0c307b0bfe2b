// The overrides file (manual and agent edits, `.threatcode/overrides.json`), applied after every
// analysis. Kept apart from the LLM enrichment so the pipeline does not load provider code.
import { computeKillChains } from '../analyze/graph/chains.js';
import type { OsvAdvisory } from '../analyze/graph/advisories.js';
import { applyOverlayFile } from '../mcp/patch/overlay.js';
import type { Diagnostic, Fact, ThreatModel } from '../model/types.js';

const diagnosticKey = (d: Diagnostic) => `${d.file ?? ''}\u0000${String(d.line ?? 0).padStart(8, '0')}\u0000${d.code}\u0000${d.message}`;

/** The same order and de-duplication as the pipeline's diagnostics. */
export function mergeDiagnostics(list: readonly Diagnostic[], extra: readonly Diagnostic[]): Diagnostic[] {
  if (extra.length === 0) return [...list];
  const seen = new Set<string>();
  return [...list, ...extra]
    .filter((d) => {
      const k = diagnosticKey(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (diagnosticKey(a) < diagnosticKey(b) ? -1 : diagnosticKey(a) > diagnosticKey(b) ? 1 : 0));
}

export function withChains(model: ThreatModel, options: { advisories?: readonly OsvAdvisory[]; facts?: readonly Fact[] }): ThreatModel {
  return { ...model, killChains: computeKillChains(model, options) };
}

/**
 * Applies `.threatcode/overrides.json` after analysis. Without that file the model comes back
 * unchanged (the same object), so output without overrides stays byte-identical.
 */
export async function applyOverrides(root: string, model: ThreatModel, options: { advisories?: readonly OsvAdvisory[]; facts?: readonly Fact[] } = {}): Promise<ThreatModel> {
  const outcome = await applyOverlayFile(root, model);
  if (outcome.applied === 0 && outcome.diagnostics.length === 0) return model;
  const patched = { ...outcome.model, diagnostics: mergeDiagnostics(outcome.model.diagnostics, outcome.diagnostics) };
  return outcome.applied > 0 ? withChains(patched, options) : patched;
}

