// Medusa (v2) file-based API routes and the authentication the framework adds around them (see readme.md).
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { linkMedusa } from './link.js';
import { apiLocation, scanMiddlewares, scanRoute } from './scan.js';

/** The two file names the loader reads below its `api/` folder. */
const CANDIDATE = /(^|\/)api\/(.+\/)?(route|middlewares)\.[cm]?[jt]s$/;
/** A middlewares file declares entries by their `matcher`; the loader's own one may only spread others' arrays. */
const MIDDLEWARE_SIGNAL = /\bmatcher\b|defineMiddlewares|\.\.\.\s*\w/;

export const extractor: Extractor = {
  id: 'js/medusa',
  title: 'Medusa file-based API routes (src/api/**/route.ts), area default auth, AUTHENTICATE opt-out and middlewares.ts authenticate()',
  matches: (path) => CANDIDATE.test(path) && isJsFile(path) && !isTestFile(path),
  extract(file, ctx) {
    const at = apiLocation(file.path);
    if (!at) return null;
    const name = at.rel[at.rel.length - 1];
    if (name.startsWith('route.')) {
      // Route handlers of a Next.js app import next/server; the loader's routes never do.
      if (/from\s+['"]next(\/|['"])/.test(file.content)) return null;
      const out = scanRoute(jsIndex(file, ctx), at.api, at.rel.slice(0, -1));
      return out.length > 0 ? out : null;
    }
    if (!MIDDLEWARE_SIGNAL.test(file.content)) return null;
    const out = scanMiddlewares(jsIndex(file, ctx), at.api);
    return out.length > 0 ? out : null;
  },
  link: linkMedusa,
};
