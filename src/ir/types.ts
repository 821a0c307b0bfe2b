// The incident-response report: one verdict per cataloged product, with the reasons, the evidence
// (file:line), the kill chains the vulnerability enables, what already stands in the way, who owns
// it and how to fix it. `--json` prints exactly this.
import type { Blame, Exposure, Severity } from '../model/types.js';

export const VERDICTS = ['exploitable', 'affected', 'unknown', 'present-not-reachable', 'not-affected'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface IrEvidence {
  kind: 'dependency' | 'manifest' | 'import' | 'call' | 'entry-point' | 'deployment' | 'image' | 'package';
  file: string;
  line?: number;
  detail: string;
  blame?: Pick<Blame, 'commit' | 'author'> & { date?: string };
}

export interface IrEntryPoint {
  label: string;
  exposure: Exposure;
  auth: string;
  component: string;
  file?: string;
  line?: number;
}

export interface IrChain {
  /** `existing`: a kill chain of the model that the vulnerability strengthens; `enabled`: a new
   * path the vulnerability opens, built from the model's entry points, flows and data stores. */
  kind: 'existing' | 'enabled';
  severity: Severity;
  entry: string;
  target: string;
  narrative: string;
  id?: string;
}

export interface IrFix {
  ecosystem: string;
  package: string;
  current: string;
  /** First fixed version for the installed line of releases; absent when none is published. */
  fixed?: string;
  /** What to change, in one sentence. */
  action: string;
  /** The manifest (or lockfile / Dockerfile) line to change. */
  file?: string;
  line?: number;
}

export interface IrPackage {
  ecosystem: string;
  name: string;
  version: string;
  direct: boolean;
  scope: string;
  manifest: string;
  component?: string;
  status: 'affected' | 'unaffected' | 'unknown';
  reason: string;
  fixed?: string;
}

export interface ProductVerdict {
  product: string;
  slug: string;
  verdict: Verdict;
  reasons: string[];
  evidence: IrEvidence[];
  entryPoints: IrEntryPoint[];
  chains: IrChain[];
  mitigations: string[];
  owners: string[];
  fix: IrFix[];
  packages: IrPackage[];
  exposure: Exposure;
  /** Components (names) in scope. */
  components: string[];
  version: number;
  commit?: string;
  /** Lower is more urgent; the report is sorted by it. */
  priority: number;
}

export interface IrReport {
  schema: 'threatcode.ir/v1';
  advisory: {
    id: string;
    aliases: string[];
    title: string;
    severity?: Severity;
    score?: number;
    vector?: string;
    cwes: string[];
    kev?: { dateAdded: string };
    exploitation?: string;
    source: string;
    packages: string[];
    systems: string[];
    notes: string[];
    references: string[];
  };
  counts: Record<Verdict, number>;
  products: ProductVerdict[];
  catalog: { products: number; indexRebuilt: number; indexSeconds: number };
  seconds: number;
}
