// chi routes: verbs, Method/Handle, Route and Group closures with their own Use, With chains, routers passed to registration functions.
import { goRouteExtractor } from '../_lib/route-extractor.js';

export const extractor = goRouteExtractor('go/chi', 'Go chi: routes, Route/Group closures, With and Use middleware', 'chi', ['go-chi/chi']);
