import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

/** Is `dir` the folder `root` or inside it? Folders are repository-relative (`''` is the root). */
function inside(dir: string, root: string): boolean {
  if (root === '') return !dir.startsWith('@cwd') && !dir.startsWith('abs:');
  return dir === root || dir.startsWith(`${root}/`);
}

/**
 * Static folders served without authentication. Only facts that carry a resolved `root` take part
 * (a raw `dir` such as express.static's `'public'` is relative to an unknown working directory).
 */
function publicRoots(facts: ConfigFact[]): ConfigFact[] {
  return facts.filter((f) => f.values.guarded === false && typeof f.values.root === 'string');
}

export const rule = defineRule({
  meta: {
    id: 'upload-served-publicly',
    pack: 'web',
    title: 'Uploaded files served without authentication from {{path}}',
    description:
      'Uploaded files are written to {{dir}} ({{file}}:{{line}}), which lies inside the folder {{root}} that {{library}} serves at {{path}} without authentication ({{staticAt}}). Anyone who learns or guesses a file name downloads it directly, bypassing whatever access checks the application routes apply to those files.',
    stride: ['I'],
    cwe: ['CWE-552', 'CWE-219'],
    capec: ['CAPEC-87'],
    attack: ['T1190', 'T1213'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who knows or guesses the name of an uploaded file',
      threatAction: 'download uploaded files straight from the public static route',
      threatImpact: 'disclosure of files other users uploaded, bypassing the access checks of the application routes',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['uploaded files under {{dir}}'],
    },
    mitigation: {
      title: 'Keep uploads outside publicly served folders',
      content: 'Store uploaded files outside every folder a static middleware serves (or in private object storage) and deliver them only through a route that checks the caller may read that file; if the static route must stay, put an authentication hook in front of it.',
      controls: { cwe: ['CWE-552'], asvs: ['V12.4.1', 'V12.5.1'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'Move the upload folder written at {{file}}:{{line}} out of {{root}}, or register the static plugin at {{staticAt}} inside a context with an authentication hook (or narrow its root so it no longer covers {{dir}}).',
    },
    references: ['https://cwe.mitre.org/data/definitions/552.html', 'https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html', 'https://github.com/fastify/fastify-static'],
  },
  check(ctx) {
    const roots = publicRoots(configs(ctx, 'static'));
    if (roots.length === 0) return;
    for (const up of configs(ctx, 'upload-destination')) {
      const dir = String(up.values.dir ?? '');
      // The narrowest served folder explains the exposure best; one finding per upload site.
      const served = roots.filter((s) => inside(dir, String(s.values.root))).sort((a, b) => String(b.values.root).length - String(a.values.root).length)[0];
      if (!served) continue;
      ctx.report({
        key: factKey(up, `served:${String(served.values.path)}`),
        evidence: [up.evidence, served.evidence],
        elements: elementsOf(ctx, up),
        data: { dir: dir || '.', root: String(served.values.root) || '.', path: String(served.values.path), library: String(served.values.library), staticAt: `${served.evidence.file}:${served.evidence.line}` },
      });
    }
  },
});
