// Issue trackers (Jira Cloud, GitHub Issues): pre-flight, plan, sync, fix verification. See docs/trackers.md.
export { catalogPreflight } from './hook.js';
export { createTracker } from './client.js';
export { configuredTrackers, resolveGithub, resolveJira, resolveTracker } from './config.js';
export type { GithubSettings, JiraSettings, TrackerSettings } from './config.js';
export { applyTicketState, summarizeTickets } from './feedback.js';
export { planSync } from './planner.js';
export { applyPlan, preflight, syncProduct } from './sync.js';
export type { PreflightReport, ProductInput, ProductSyncResult, SyncOptions } from './sync.js';
export { TrackerError } from './errors.js';
export type { AppliedAction, Plan, PlanAction, Ticket, TicketContent, TrackerClient, TrackerKind } from './types.js';
