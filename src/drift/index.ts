// Drift: what a stored model (model.json or .tc.json) lacks or still claims compared with the code.
export { computeDrift } from './drift.js';
export type { LineCounter } from './drift.js';
export { loadStoredModel } from './load.js';
export { renderDriftText } from './render.js';
export { driftSource } from './run.js';
export type { DriftSourceOptions, DriftSourceResult } from './run.js';
export * from './types.js';
