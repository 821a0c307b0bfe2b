// What the catalog adds to a freshly built model before publishing it: owners from CODEOWNERS next
// to the `.threatcode.yml` owners, and `blame` (commit, author, date) on every threat's evidence
// and on the import and manifest lines of reach.json, when the source is a git work tree.
// `threatcode model` can call the same function so both write identical model.json files.
import type { Blame, Evidence, ThreatModel } from '../model/types.js';
import { blameLines, type BlameOptions } from './blame.js';
import type { ReachIndex } from './reach-types.js';

export interface EnrichOptions extends BlameOptions {
  /** Skip git blame (tests, or sources that are not git work trees). */
  blame?: boolean;
}

export async function enrichModel(root: string, model: ThreatModel, reach: ReachIndex, options: EnrichOptions = {}): Promise<{ blamed: number }> {
  model.product.owners = [...new Set([...model.product.owners, ...reach.owners])];
  if (options.blame === false || !model.product.commit) return { blamed: 0 };
  const evidence: Evidence[] = [
    ...model.threats.flatMap((t) => t.evidence),
    ...model.killChains.flatMap((c) => c.evidence),
  ];
  const targets: { file: string; line: number; set(b: Blame): void }[] = [
    ...evidence.map((e) => ({ file: e.file, line: e.line, set: (b: Blame) => (e.blame = b) })),
    ...reach.imports.map((i) => ({ file: i.file, line: i.line, set: (b: Blame) => (i.blame = b) })),
    ...reach.declarations.map((d) => ({ file: d.file, line: d.line, set: (b: Blame) => (d.blame = b) })),
  ];
  const found = await blameLines(root, targets, options);
  let blamed = 0;
  for (const t of targets) {
    const b = found.get(t.file)?.get(t.line);
    if (b) {
      t.set(b);
      blamed++;
    }
  }
  return { blamed };
}
