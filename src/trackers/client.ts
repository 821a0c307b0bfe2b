import type { TrackerSettings } from './config.js';
import { GithubTracker } from './github.js';
import { JiraTracker } from './jira.js';
import type { ClientOptions } from './retry.js';
import type { TrackerClient } from './types.js';

export function createTracker(settings: TrackerSettings, options: ClientOptions = {}): TrackerClient {
  return settings.kind === 'jira' ? new JiraTracker(settings, options) : new GithubTracker(settings, options);
}
