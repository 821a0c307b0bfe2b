import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import type { Extractor } from '../../types.js';
import { cookieFacts } from './cookies.js';
import { corsFacts } from './cors.js';
import { errorFacts } from './errors.js';
import { headerFacts } from './headers.js';
import { loggingFacts } from './logging.js';
import { protectionFacts } from './protections.js';
import { servingFacts } from './serving.js';
import { templateEngineFacts } from './templates.js';
import { isTestFile } from '../_lib/routes.js';

export const extractor: Extractor = {
  id: 'js/security-config',
  title: 'Security configuration in JS/TS services: CORS, headers, cookies and sessions, rate limits, CSRF, uploads, errors, static files, logging',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts = [
      ...corsFacts(index),
      ...headerFacts(index),
      ...cookieFacts(index),
      ...protectionFacts(index),
      ...errorFacts(index),
      ...servingFacts(index),
      ...loggingFacts(index),
      ...templateEngineFacts(index),
    ];
    return facts.length > 0 ? facts : null;
  },
};
