// Hono apps and sub-apps as HTTP entry points (see readme.md).
import type { FactInput } from '../../../model/types.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { HONO_SETTING, linkHono } from './link.js';
import { scanHono } from './scan.js';

export const extractor: Extractor = {
  id: 'js/hono',
  title: 'Hono apps, chained routes, sub-app mounts, path-scoped middleware and in-handler auth',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  // Every app is a `new Hono…()` and every middleware factory comes from `hono/factory`; a barrel
  // (`export * from './auth'`) may stand between a middleware and the app that imports it, and a
  // file calling a factory of Hono apps with their base path (factory.ts) may not name Hono.
  signals: ['Hono', 'hono', 'export *', 'basePath'],
  extract(file, ctx) {
    if (!/[hH]ono|export \*|basePath/.test(file.content)) return null;
    const record = scanHono(jsIndex(file, ctx));
    if (!record) return null;
    const fact: FactInput = {
      kind: 'config',
      setting: HONO_SETTING,
      values: { data: JSON.stringify(record) },
      evidence: { file: file.path, line: 1 },
      key: `${file.path}#${HONO_SETTING}`,
    };
    return [fact];
  },
  link: linkHono,
};
