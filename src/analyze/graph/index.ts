// Attack graph, kill chains and cuts (DESIGN §3.5). See readme.md for the edge table.
export { analyzeKillChains, chainSeverity, computeKillChains, impactLevel, likelihoodLevel } from './chains.js';
export type { KillChainAnalysis, KillChainOptions } from './chains.js';
export { buildAttackGraph } from './build.js';
export { advisoryImpact, matchAdvisories, parseOsv } from './advisories.js';
export type { AdvisoryImpact, AdvisoryMatch, OsvAdvisory } from './advisories.js';
export { readAdvisoryDir } from './advisories-fs.js';
export { classifyWeakness } from './semantics.js';
export type { WeaknessClass } from './semantics.js';
export type { AttackEdge, AttackGraph, AttackState, GraphInput, StateKind } from './types.js';
