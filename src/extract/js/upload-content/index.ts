// js/upload-content: uploads kept under their client-chosen extension, the types let through, and
// the static folders that serve them. An `.svg` or `.html` upload served from the app's own origin
// is a page the attacker wrote: its script runs with the session of whoever opens the file link.
// Read by the upload-served-inline rule; link resolves working-directory paths to the package folder.
import type { Fact, FactInput } from '../../../model/types.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { CWD, resolveCwd } from '../fastify/paths.js';
import { servedFacts } from './served.js';
import { uploadFacts } from './uploads.js';

const SETTINGS = new Set(['upload-write', 'served-folder']);

/** Folders holding a package.json, deepest first. */
function packageDirs(facts: Fact[]): string[] {
  const dirs = new Set<string>();
  for (const f of facts) if (f.kind === 'project' && f.ecosystem === 'npm') dirs.add(f.root === '.' ? '' : f.root);
  return [...dirs].sort((a, b) => b.length - a.length);
}

export const extractor: Extractor = {
  id: 'js/upload-content',
  title: 'Uploads kept with their client-chosen type and the static folders serving them',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['.mv(', 'diskStorage', 'static', 'sendFile'],
  extract(file, ctx) {
    const uploads = file.content.includes('.mv(') || file.content.includes('diskStorage');
    const served = /\b(?:express\.static|serve-static|koa-static)\b|\bstatic\s*\(/.test(file.content) || file.content.includes('sendFile');
    if (!uploads && !served) return null;
    const index = jsIndex(file, ctx);
    const facts: FactInput[] = [...(uploads ? uploadFacts(index, file.content) : []), ...(served ? servedFacts(index, file.content) : [])];
    return facts.length > 0 ? facts : null;
  },
  link(facts) {
    if (!facts.some((f) => f.kind === 'config' && SETTINGS.has(f.setting) && String(f.values.dir).startsWith(CWD))) return facts;
    const pkgs = packageDirs(facts);
    return facts.map((f) => {
      if (f.kind !== 'config' || !SETTINGS.has(f.setting)) return f;
      const dir = String(f.values.dir);
      const resolved = resolveCwd(dir, f.evidence.file, pkgs);
      return resolved === dir ? f : { ...f, values: { ...f.values, dir: resolved } };
    });
  },
};
