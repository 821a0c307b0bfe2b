// gin routes: engine and group verbs, Handle/Any, groups with prefixes and middleware, Use order, routers passed to registration functions (finished in link).
import { goRouteExtractor } from '../_lib/route-extractor.js';

export const extractor = goRouteExtractor('go/gin', 'Go gin: routes, groups, middleware chains', 'gin', ['gin-gonic/gin']);
