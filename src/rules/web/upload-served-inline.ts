// Stored XSS through uploads: a file kept under the extension its uploader chose, with SVG or HTML
// allowed (or no type check at all), inside a folder a static middleware serves from the app's own
// origin. The static server sends `.svg`/`.html` as image/svg+xml / text/html, so opening the file
// link runs the uploader's script with the victim's session. upload-served-publicly covers the
// disclosure side of the same layout (Fastify); this rule is about the content type.
import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey, scopeOf } from './_web-routes.js';

function inside(dir: string, root: string): boolean {
  if (root === '') return !dir.startsWith('@cwd') && !dir.startsWith('abs:');
  return dir === root || dir.startsWith(`${root}/`);
}

export const rule = defineRule({
  meta: {
    id: 'upload-served-inline',
    pack: 'web',
    title: 'Uploaded {{types}} files served inline from the application origin',
    description:
      'Uploaded files keep the name their uploader chose and are written to {{dir}} ({{file}}:{{line}}), {{typeNote}}; the folder is {{servedBy}} ({{staticAt}}), which picks the content type from the extension. An uploaded .svg or .html file is then a page of the application origin, and its script runs with the session of anyone who opens the file link.',
    stride: ['T', 'I', 'S'],
    cwe: ['CWE-79', 'CWE-434'],
    capec: ['CAPEC-592'],
    attack: ['T1189'],
    owasp: ['A03:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'user who can upload files',
      prerequisites: 'who can get another user to open a link to an uploaded file',
      threatAction: 'upload an SVG or HTML file with script that the application serves from its own origin',
      threatImpact: 'script running in the sessions of the users who open the file, administrators included',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user sessions', 'uploaded files under {{dir}}'],
    },
    mitigation: {
      title: 'Serve uploads as downloads, or from another origin',
      content:
        'Allow only passive types (PNG, JPEG, PDF...) checked by content, store files under server-chosen names with a fixed extension, and serve uploads with Content-Disposition: attachment, X-Content-Type-Options: nosniff and a sandboxing Content-Security-Policy, or from a separate cookie-less domain.',
      controls: { cwe: ['CWE-79', 'CWE-434'], asvs: ['V12.2.1', 'V12.5.2', 'V12.5.1'], nist80053: ['SI-10', 'SC-18'] },
      remediation: 'At {{file}}:{{line}}, drop svg/html from the allowed types and save the file under a generated name with the extension of its checked type; serve {{dir}} with setHeaders sending Content-Disposition: attachment (or move it out of the folder served at {{staticAt}}).',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html', 'https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload'],
  },
  check(ctx) {
    const served = configs(ctx, 'served-folder').filter((f) => f.values.defused !== true);
    if (served.length === 0) return;
    const csp = new Set(configs(ctx, 'headers').filter((f) => f.values.csp === true).map((f) => scopeOf(ctx, f.evidence.file)));
    for (const up of configs(ctx, 'upload-write')) {
      const types = String(up.values.types);
      if (types !== 'any' && types !== 'active') continue;
      const dir = String(up.values.dir);
      const scope = scopeOf(ctx, up.evidence.file);
      const by = served.filter((s) => scopeOf(ctx, s.evidence.file) === scope && inside(dir, String(s.values.dir)));
      const at: ConfigFact | undefined = by.sort((a, b) => String(b.values.dir).length - String(a.values.dir).length)[0];
      if (!at) continue;
      ctx.report({
        key: factKey(up, 'inline'),
        evidence: [up.evidence, at.evidence],
        elements: elementsOf(ctx, up),
        data: {
          dir: dir || '.',
          types: types === 'active' ? 'SVG/HTML' : 'any-type',
          typeNote: types === 'active' ? 'and the allowed types include SVG or HTML' : 'and no file type is checked',
          servedBy: at.values.path === 'route' ? 'sent back by res.sendFile' : `served by a static middleware at ${String(at.values.path)}`,
          staticAt: `${at.evidence.file}:${at.evidence.line}`,
        },
        // Helmet's default Content-Security-Policy (script-src 'self') stops inline script in an SVG.
        likelihood: csp.has(scope) ? 'low' : 'medium',
      });
    }
  },
});
