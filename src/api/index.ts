// The library API: every client (CLI, MCP server, dashboard) calls these, never the stages directly.
export { analyzeDirectory } from './pipeline.js';
export type { AnalyzeOptions, Progress } from './pipeline.js';
export { modelSource } from './model.js';
export type { ModelSourceOptions, ModelSourceResult } from './model.js';
export { renderOutputs, reporters, FORMATS } from '../emit/index.js';
export { VERSION } from './version.js';
export type * from '../model/types.js';
