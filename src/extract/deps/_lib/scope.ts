import type { DependencyFact } from '../../../model/types.js';

export type DependencyScope = NonNullable<DependencyFact['scope']>;

/** Strongest first: a package needed at run time by anyone is a run-time package. */
const RANK: Record<DependencyScope, number> = { prod: 4, peer: 3, optional: 2, dev: 1 };

/** The stronger of two scopes; undefined (not known) loses to any known scope. */
export function strongerScope(a: DependencyScope | undefined, b: DependencyScope | undefined): DependencyScope | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** package.json sections and the scope each gives its dependencies. */
export const MANIFEST_SECTIONS: readonly (readonly [string, DependencyScope])[] = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];
