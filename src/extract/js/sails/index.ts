// Sails.js: routes of config/routes.js authorised by the policies of config/policies.js (see readme.md).
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { linkSails } from './link.js';
import { sailsPath, scanSails } from './scan.js';

export const extractor: Extractor = {
  id: 'js/sails',
  title: 'Sails.js routes (config/routes.js), policies (config/policies.js, api/policies) and actions (api/controllers)',
  matches: (path) => isJsFile(path) && !isTestFile(path) && sailsPath(path),
  signals: ['module.exports'],
  extract(file, ctx) {
    const out = scanSails(jsIndex(file, ctx));
    return out.length > 0 ? out : null;
  },
  link: linkSails,
};
