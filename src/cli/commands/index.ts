import type { Command } from '../types.js';

/** Command table; each command module is loaded only when it runs, so start-up stays fast. */
export const commandLoaders: Record<string, { summary: string; load: () => Promise<Command> }> = {
  model: { summary: 'model a repository and write its threat model', load: async () => (await import('./model.js')).command },
  validate: { summary: 'validate Threat Composer .tc.json files as the app imports them', load: async () => (await import('./validate.js')).command },
  diff: { summary: 'threat and attack-surface delta between two commits (PR gate, comment, SARIF)', load: async () => (await import('./diff.js')).command },
  drift: { summary: 'what a stored model lacks or still claims compared with the code', load: async () => (await import('./drift.js')).command },
  catalog: { summary: 'publish many products into a catalog and read it (add, list, show, reindex)', load: async () => (await import('./catalog.js')).command },
  ir: { summary: 'incident response: which cataloged products an advisory affects, with evidence and fixes', load: async () => (await import('./ir.js')).command },
  'catalog-trend': { summary: "a product's threats and attack surface over its archived versions", load: async () => (await import('./catalog-trend.js')).command },
  killchain: { summary: 'kill chains: how findings combine into paths to crown jewels', load: async () => (await import('./killchain.js')).command },
  tickets: { summary: 'Jira / GitHub Issues: file open threats, keep tickets in step, verify fixes (sync, preflight)', load: async () => (await import('./tickets.js')).command },
  mcp: { summary: 'MCP server (stdio) for coding agents: model, explain, edit, validate, kill chains, diff, ir', load: async () => (await import('./mcp.js')).command },
  skill: { summary: 'install the agent skill (Claude Code, Cursor, Codex) that keeps the threat model current', load: async () => (await import('./skill.js')).command },
  hooks: { summary: 'install a git pre-commit hook that validates staged .tc.json files', load: async () => (await import('./hooks.js')).command },
};
