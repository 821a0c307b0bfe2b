// Moleculer microservices behind a moleculer-web API gateway (see readme.md): service schemas and
// gateway routes are read per file (scan.ts) and joined into entry points across files (link.ts).
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { EXTRACTOR, linkMoleculer } from './link.js';
import { scanMoleculer } from './scan.js';

/** A service schema (`actions:` / `mixins:` / `parseServiceSchema`), a broker middleware hook, or a database mixin. */
const SCHEMA_TEXT = /\b(actions|mixins)\s*:|parseServiceSchema|localAction|@Action|@moleculer\/database/;
/** Where moleculer-runner and the project templates keep services, mixins and broker middleware. */
const CONVENTIONAL_PATH = /\.(service|mixin|middleware)\.[cm]?[jt]s$|(^|\/)(services|mixins|middlewares)\//;

export const extractor: Extractor = {
  id: EXTRACTOR,
  title: 'Moleculer services and moleculer-web API gateway routes (aliases, autoAliases, authentication hooks)',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['actions', 'mixins', 'localAction', 'moleculer'],
  extract(file, ctx) {
    // Outside the conventional places a file must name Moleculer itself (Vuex stores and plugin configs also hold `actions:`).
    if (!CONVENTIONAL_PATH.test(file.path) && !file.content.includes('moleculer')) return null;
    if (!SCHEMA_TEXT.test(file.content)) return null;
    const out = scanMoleculer(jsIndex(file, ctx));
    return out.length > 0 ? out : null;
  },
  link: linkMoleculer,
};
