// The library API: every client (CLI, MCP server, dashboard) calls these, never the stages directly.
export { analyzeDirectory } from './pipeline.js';
export type { AnalyzeOptions, Progress } from './pipeline.js';
export { modelSource } from './model.js';
export type { ModelSourceOptions, ModelSourceResult } from './model.js';
export { renderOutputs, reporters, FORMATS } from '../emit/index.js';
export { VERSION } from './version.js';
export type * from '../model/types.js';
export { diffSource, diffModels, evaluateGate } from '../diff/index.js';
export type { DiffSourceOptions, DiffSourceResult } from '../diff/index.js';
export { driftSource } from '../drift/index.js';
export type { DriftSourceOptions, DriftSourceResult } from '../drift/index.js';
export { renderSarif } from '../emit/sarif.js';
export { renderPrComment } from '../emit/pr-comment.js';
export { productTrend } from '../catalog/trend.js';
export { FactCache } from '../cache/index.js';
export { computeKillChains } from '../analyze/graph/index.js';
export { validateThreatComposer } from '../tc/validate.js';
