// The model delta (pure: delta, gate, renderers) and the runner that models two commits (I/O).
export { diffModels, architectureDelta, isEmptyDelta } from './delta.js';
export { evaluateGate, isGateLevel, GATE_LEVELS } from './gate.js';
export { renderDeltaText } from './render-text.js';
export { diffSource } from './run.js';
export type { DiffSourceOptions, DiffSourceResult } from './run.js';
export { checkoutSnapshot, repositoryOf, resolveCommit } from './snapshot.js';
export type { RepositoryInfo, Snapshot } from './snapshot.js';
export * from './types.js';
