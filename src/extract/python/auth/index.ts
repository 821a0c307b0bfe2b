// Authentication building blocks in Python code: project-defined guards (decorators, FastAPI
// dependencies, before-request hooks, DRF permission classes) judged by what their body does, so
// routes in other files that use them can be resolved in link; PyJWT decoding without verification.
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { guardDefinitions } from '../_lib/auth.js';
import { isPythonFile, isPythonTestFile, pyIndex } from '../_lib/index.js';
import { jwtFacts } from './jwt.js';

export const extractor: Extractor = {
  id: 'python/auth',
  title: 'Python auth: guard definitions judged by behaviour, PyJWT decode without verification',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['401', '403', 'abort', 'raise', 'redirect', 'jwt', 'HTTPException', 'BasePermission', 'PermissionDenied', 'flask_httpauth'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const facts: FactInput[] = [...guardDefinitions(index), ...jwtFacts(index)];
    return facts.length > 0 ? facts : null;
  },
};
