// Where the shared Threat Composer fixtures live: ../shared beside the repository (also in CI).
import { fileURLToPath } from 'node:url';

/** Absolute path of `../shared/fixtures/threat-composer/<relative>` seen from the repository root. */
export function tcFixture(relative = ''): string {
  return fileURLToPath(new URL(`../../../shared/fixtures/threat-composer/${relative}`, import.meta.url));
}
