// Path traversal from request data: reports tainted `path` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import type { Level, SinkFact } from '../../model/types.js';
import { defineRule } from '../types.js';

/**
 * The server-side path of an upload as the body parser reports it (`ctx.request.body.files.f.path`
 * with koa-body, `req.body.files.f.filepath`), sent by the client instead in a JSON or urlencoded
 * body, and handed to a move or copy: the client picks which file is moved to the server's own
 * destination. Nothing comes back to read and nothing chosen is written: the harm needs a file
 * whose loss matters, named by its absolute path, so the rating drops a step (high, not critical).
 */
function forgedUploadMove(fact: SinkFact): boolean {
  return /\.body\.files?\b.*\.(?:path|filepath|tempFilePath)$/.test(fact.source ?? '') && /(?:^|\.)(?:rename|move|copy|copyFile|cp)(?:Sync)?$/.test(fact.api);
}

export const rule = defineRule({
  meta: {
    id: 'path-traversal',
    pack: 'web',
    title: 'Path traversal from request data',
    description:
      'Request data is used in a file system path without reducing it to a file name or checking that the resolved path stays inside the intended folder, so a client can read, overwrite or delete other files.',
    stride: ['I', 'T'],
    cwe: ['CWE-22'],
    capec: ['CAPEC-126'],
    attack: ['T1190', 'T1005'],
    owasp: ['A01:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'use ../ sequences or absolute paths in {{source}} to reach files outside the intended folder through {{api}}',
      threatImpact: 'reading configuration and secrets, or overwriting and deleting files',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['server files', 'application secrets'],
    },
    mitigation: {
      title: 'Confine file access to a base folder',
      content:
        'Reduce request values to a file name (path.basename) or resolve the full path and check that it starts with the base folder before any file operation; for Express use res.sendFile(name, { root }).',
      controls: { cwe: ['CWE-22'], asvs: ['V12.3.1'], nist80053: ['AC-3', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, resolve the path against a base folder and reject it unless it stays inside: const p = path.resolve(base, name); if (!p.startsWith(base + path.sep)) return 400.',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, resolve the path under a base folder and reject it unless it stays inside: p = (BASE / name).resolve(); if not p.is_relative_to(BASE): abort(400) (or use werkzeug.utils.safe_join, or secure_filename for uploads).",
        go: "At {{file}}:{{line}}, confine the path: p := filepath.Join(base, filepath.Clean(\"/\"+name)) and reject it unless strings.HasPrefix(p, base+string(os.PathSeparator)) (or open it through os.Root or http.FS on a fixed folder).",
        java: "At {{file}}:{{line}}, resolve against a base folder and check it: Path p = base.resolve(name).normalize(); if (!p.startsWith(base)) reject the request.",
        csharp: "At {{file}}:{{line}}, combine with a base folder and check it: var p = Path.GetFullPath(Path.Combine(baseDir, name)); if (!p.StartsWith(baseDir + Path.DirectorySeparatorChar)) return BadRequest(); or keep only Path.GetFileName(name).",
        ruby: "At {{file}}:{{line}}, keep only the file name (File.basename(value)) or expand the path under a base folder and reject it unless File.expand_path(value, BASE).start_with?(BASE + '/').",
        php: "At {{file}}:{{line}}, keep only the file name (basename($value)) or check that realpath($base . '/' . $value) starts with realpath($base) . '/' before {{api}}.",
      },
    },
    references: [
      'https://owasp.org/www-community/attacks/Path_Traversal',
      'https://cwe.mitre.org/data/definitions/22.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'path',
      likelihood: (f): Level | undefined => (forgedUploadMove(f) ? 'medium' : undefined),
      remediation: (f) =>
        /sendFile|download/.test(f.api)
          ? `At ${at(f)}, pass the root option: ${f.api}(path.basename(name), { root: baseDir }) so ${f.source} cannot leave the folder.`
          : `At ${at(f)}, resolve the path first and reject it unless it stays in the base folder: const p = path.resolve(base, name); if (!p.startsWith(base + path.sep)) return; then call ${f.api}(p).`,
    });
  },
});
