import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { guardDefinitions } from './guards.js';
import { fromRequest, inRequestPath, jwtFacts, verifiedNearby } from './jwt.js';
import { decodeHelperFacts, linkDecodeHelpers } from './decode-helpers.js';
import { SIGNALS } from './signals.js';
import { strategyFacts } from './strategies.js';

export const extractor: Extractor = {
  id: 'js/auth',
  title: 'Authentication in JS/TS: guard definitions, JWT sign/verify/decode, passport strategies, sessions',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: SIGNALS,
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts = [...guardDefinitions(index), ...jwtFacts(index), ...strategyFacts(index), ...decodeHelperFacts(index, { fromRequest: (c, i) => c.type === 'CallExpression' && fromRequest(c, i), inRequestPath, verifiedNearby })];
    return facts.length > 0 ? facts : null;
  },
  link: linkDecodeHelpers,
};
