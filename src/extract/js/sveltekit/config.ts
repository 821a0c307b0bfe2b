// svelte.config.js: SvelteKit checks the Origin header of form submissions (POST/PUT/PATCH/DELETE
// with a form content type) unless `kit.csrf.checkOrigin: false` (Kit 1-2) or
// `kit.csrf.trustedOrigins: ['*']` turns it off. With the check on, the app has CSRF protection
// (a `csrf` config fact, as a CSRF middleware gives an Express app).
import type { FactInput } from '../../../model/types.js';

export const KIT_CONFIG_FILE = /(^|\/)svelte\.config\.[cm]?[jt]s$/;

const ORIGIN_CHECK_OFF = /checkOrigin\s*:\s*false|trustedOrigins\s*:\s*\[[^\]]*['"`]\*['"`]/;

/** The built-in origin check of a SvelteKit app, unless its config turns it off. */
export function kitCsrfFact(path: string, content: string): FactInput | undefined {
  if (!/@sveltejs\/kit|kit\s*:/.test(content) || ORIGIN_CHECK_OFF.test(content)) return undefined;
  const lines = content.split('\n');
  const at = lines.findIndex((l) => /\bkit\s*:/.test(l));
  const line = at >= 0 ? at + 1 : 1;
  return {
    kind: 'config',
    setting: 'csrf',
    values: { library: 'sveltekit', mechanism: 'origin-check' },
    summary: 'SvelteKit checks the Origin of form submissions (kit.csrf.checkOrigin on)',
    evidence: { file: path, line, snippet: (lines[line - 1] ?? '').trim().slice(0, 200) },
    key: `${path}#config:csrf:sveltekit`,
  };
}
