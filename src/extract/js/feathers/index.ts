// FeathersJS (v4 and v5 "dove"): services registered with `app.use(path, service)` served over
// REST (find GET /p, get GET /p/:id, create POST /p, update PUT /p/:id, patch PATCH /p/:id,
// remove DELETE /p/:id, v5 custom methods POST /p) and guarded by app and service hooks.
// Each file leaves a record (scan.ts); link.ts builds the entry points across files.
import type { FactInput } from '../../../model/types.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { linkFeathers, SETTING } from './link.js';
import { scanFile } from './scan.js';

/** Something a Feathers file does: registers or configures services, declares hooks, shares paths. */
const SHAPE = /\bcontext\b|\.use\(|\.configure\(|\.hooks\(|\b(?:before|around)\s*:|export\s+const\s+\w+(?:Path|Methods)\b|(?:extends|class)\s+\w+/;

/**
 * A module under `services/` that imports no Feathers package is read only when it is shaped like
 * a Feathers service module: a generated file name (`messages.class.js`, `.service.`, `.hooks.`)
 * a service method taking Feathers' arguments, or the services index that configures them. Microservice monorepos keep every file of every
 * service under `services/`, and reading them all costs a full scan each.
 */
const SERVICE_FILE = /\.(?:class|service|hooks)\.[cm]?[jt]s$/;
const SERVICE_METHOD = /^\s*(?:async\s+)?(?:find|get|create|update|patch|remove)\s*\(\s*(?:params|id|data)\b[^)]*\)\s*(?::[^{]*)?\{/m;

export const extractor: Extractor = {
  id: 'js/feathers',
  title: 'FeathersJS services (REST methods), app and service hooks',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['feathers', '.use(', 'hooks(', 'before:', 'around:', 'Methods', 'Path =', 'class ', 'configure('],
  extract(file, ctx) {
    if (!SHAPE.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    // Feathers code imports Feathers (or an adapter / hooks library); the generated v5 shared
    // files with service paths and hooks-only modules are read for link to look up.
    const feathers = [...index.modules].some((m) => m.includes('feathers'));
    const shared = /\.shared\.[cm]?[jt]s$/.test(file.path) || /\.hooks\.[cm]?[jt]s$/.test(file.path);
    if (!feathers && !shared && !(/(?:^|\/)services?\//.test(file.path) && (SERVICE_FILE.test(file.path) || SERVICE_METHOD.test(file.content) || file.content.includes('.configure(')))) return null;
    const found: FactInput[] = [];
    const rec = scanFile(index, found);
    rec.feathers = feathers;
    // Handler facts (record access) only from modules that are Feathers code for sure.
    const out = feathers ? found : [];
    const configures = /\.configure\(/.test(file.content) && rec.imports.length > 0;
    const empty = !configures && rec.services.length === 0 && rec.serviceHooks.length === 0 && rec.appHooks.length === 0 && Object.keys(rec.hookSets).length === 0 && Object.keys(rec.guards).length === 0 && rec.classes.length === 0 && Object.keys(rec.consts).length === 0;
    if (empty) return out.length > 0 ? out : null;
    // Exported constants alone matter only in Feathers files and shared modules.
    if (!configures && !feathers && !shared && rec.services.length === 0 && rec.classes.length === 0 && Object.keys(rec.hookSets).length === 0 && Object.keys(rec.guards).length === 0) return out.length > 0 ? out : null;
    out.push({ kind: 'config', setting: SETTING, values: { data: JSON.stringify(rec) }, evidence: { file: file.path, line: 1 }, key: `${file.path}#${SETTING}` });
    return out;
  },
  link: linkFeathers,
};
