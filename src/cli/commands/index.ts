import type { Command } from '../types.js';

/** Command table; each command module is loaded only when it runs, so start-up stays fast. */
export const commandLoaders: Record<string, { summary: string; load: () => Promise<Command> }> = {
  model: { summary: 'model a repository and write its threat model', load: async () => (await import('./model.js')).command },
  validate: { summary: 'validate Threat Composer .tc.json files as the app imports them', load: async () => (await import('./validate.js')).command },
  hooks: { summary: 'install a git pre-commit hook that validates staged .tc.json files', load: async () => (await import('./hooks.js')).command },
};
