// `reach.json`: what incident response needs from a product beyond its model (imports and their
// reachability, manifest lines, deployments, code owners). Written beside model.json at publish
// time, from the same single pass over the repository, and versioned and archived with it.
import type { Blame } from '../model/types.js';

export const REACH_SCHEMA = 'threatcode.reach/v1';

export interface ReachUse {
  symbol: string;
  line: number;
}

export interface ReachImport {
  ecosystem: string;
  /** Package name (`lodash`, `@scope/pkg`). */
  package: string;
  /** Specifier as written (`lodash/fp`). */
  module: string;
  file: string;
  line: number;
  /** Names used from the import (`set`, `default` = the import itself called, `*` = escapes). */
  symbols: string[];
  uses: ReachUse[];
  /** Component (id) whose code the file is. */
  component?: string;
  /** Entry points (ids) whose request path loads this file. */
  reachedBy: string[];
  /** `handler`: in the code a route handler's file imports; `middleware`: used as middleware by the
   * code that mounts the route; `frontend`: bundled into a frontend that browsers load; `none`: no
   * entry point was found to reach it. */
  via: 'handler' | 'middleware' | 'frontend' | 'none';
  owners: string[];
  blame?: Blame;
}

/** A dependency as declared in a manifest (the line to change for a fix). */
export interface ReachDeclaration {
  ecosystem: string;
  name: string;
  file: string;
  line: number;
  /** Declared range (`^4.17.15`). */
  spec: string;
  scope?: string;
  blame?: Blame;
}

/** Where a resolved dependency sits in a lockfile. */
export interface ReachLockLine {
  ecosystem: string;
  name: string;
  version: string;
  file: string;
  line: number;
}

export interface ReachDeployment {
  workload: string;
  platform: string;
  resourceType?: string;
  image?: string;
  file: string;
  line: number;
  exposure?: 'internet' | 'internal' | 'none';
  privileged?: boolean;
  runsAsRoot?: boolean;
  hostAccess?: string[];
  ports?: number[];
  buildContext?: string;
  component?: string;
}

export interface ReachOwnerRule {
  pattern: string;
  owners: string[];
  section?: string;
}

export interface ReachIndex {
  schema: typeof REACH_SCHEMA;
  product: string;
  commit?: string;
  /** Ecosystems whose imports were analysed (`npm`); others cannot be judged "never imported". */
  importsAnalysed: string[];
  /** Source files whose imports were read. */
  filesAnalysed: number;
  imports: ReachImport[];
  declarations: ReachDeclaration[];
  lockLines: ReachLockLine[];
  deployments: ReachDeployment[];
  codeowners: { source: string; rules: ReachOwnerRule[] } | null;
  /** Product owners: `.threatcode.yml`, then the CODEOWNERS default owners. */
  owners: string[];
}

export function emptyReach(product: string): ReachIndex {
  return { schema: REACH_SCHEMA, product, importsAnalysed: [], filesAnalysed: 0, imports: [], declarations: [], lockLines: [], deployments: [], codeowners: null, owners: [] };
}
