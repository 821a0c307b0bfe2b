// Signs that a Compose file or service is for development or tests, not for running the product:
// what the file calls itself (`name: shop-development`), what its header comment says ("DO NOT USE
// IN PRODUCTION", "internal testing deployments", "the services required to develop and test X locally") and the profiles a service is started under
// (`profiles: ["deprecated"]`, `["test"]`). Rules cap the severity of what they find there.

import { isDevelopmentOnly } from '../../../util/development-paths.js';

/** `name: documenso-development`, `shop-test`, `dev`: the Compose project of a developer's machine or a test run. */
const DEV_PROJECT = /(?:^|[-_.])(?:dev|development|develop|test|tests|testing|e2e|ci|local)$/i;

/** Profiles whose services nobody runs in production. */
const DEV_PROFILE = /^(?:dev|development|develop|test|tests|testing|e2e|ci|debug|local|deprecated|legacy|old|obsolete)$/i;

/**
 * Header comments that say the file is not the production deployment. Only the comment block
 * before the first key is read: comments further down describe single services or profiles. A
 * mere mention ("just-backend: … for local development" in a list of profiles) is not enough.
 */
const DEV_HEADER =
  /\bnot\s+(?:to\s+be\s+used|meant|intended|suitable|ready|for)\b[^\n]{0,40}\b(?:production|deployments?|prod)\b|\bdo\s+not\s+use\b[^\n]{0,30}\b(?:production|prod|deployments?)\b|\bnot\s+to\s+be\s+used\b|\b(?:dev|development|testing|test)\s+(?:only|docker-compose|compose|stack)\b|\b(?:to|for)\s+develop(?:ing)?\b[\s\S]{0,40}?\blocally\b/i;

function headerComment(content: string): string {
  const lines: string[] = [];
  for (const line of content.split('\n', 60)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed === '---') continue;
    if (!trimmed.startsWith('#')) break;
    lines.push(trimmed.replace(/^#+\s*/, ''));
  }
  return lines.join('\n');
}

/** Why the whole file is for development or tests, or undefined. */
export function fileDevReason(root: Record<string, unknown>, content: string, path = ''): string | undefined {
  if (path && isDevelopmentOnly(path)) return 'a development or test file by its name or folder';
  const name = typeof root.name === 'string' ? root.name.trim() : '';
  if (name && DEV_PROJECT.test(name)) return `Compose project ${name}`;
  const header = headerComment(content).match(DEV_HEADER);
  if (header) return `the file's header says "${header[0].replace(/\s+/g, ' ').trim()}"`;
  return undefined;
}

/** Why the service is only started for development, tests or as a deprecated variant, or undefined. */
export function profileDevReason(profiles: string[]): string | undefined {
  if (profiles.length === 0 || !profiles.every((p) => DEV_PROFILE.test(p.trim()))) return undefined;
  return `only in the Compose profile${profiles.length > 1 ? 's' : ''} ${profiles.join(', ')}`;
}
