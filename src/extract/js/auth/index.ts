import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { guardDefinitions } from './guards.js';
import { jwtFacts } from './jwt.js';
import { strategyFacts } from './strategies.js';

export const extractor: Extractor = {
  id: 'js/auth',
  title: 'Authentication in JS/TS: guard definitions, JWT sign/verify/decode, passport strategies, sessions',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts = [...guardDefinitions(index), ...jwtFacts(index), ...strategyFacts(index)];
    return facts.length > 0 ? facts : null;
  },
};
