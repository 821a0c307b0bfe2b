// Go middleware and interceptors judged by behaviour (they read a credential or session and abort
// with 401/403 or Unauthenticated): guard-definition AuthFacts, so routes in other packages that
// use them resolve in link.
import type { Extractor } from '../../types.js';
import { goGuardDefinitions } from '../_lib/auth.js';
import { goIndex, isGoFile } from '../_lib/index.js';

export const extractor: Extractor = {
  id: 'go/auth',
  title: 'Go auth: middleware and interceptors that check credentials and reject',
  matches: isGoFile,
  signals: ['StatusUnauthorized', 'StatusForbidden', 'Unauthenticated', 'PermissionDenied', 'ErrUnauthorized', '401', '403'],
  extract(file, ctx) {
    const facts = goGuardDefinitions(goIndex(file, ctx));
    return facts.length > 0 ? facts : null;
  },
};
