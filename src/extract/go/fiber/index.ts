// fiber routes: app and group verbs, Add/All, groups with prefixes and middleware, Use with and without a path prefix.
import { goRouteExtractor } from '../_lib/route-extractor.js';

export const extractor = goRouteExtractor('go/fiber', 'Go fiber: routes, groups, middleware chains', 'fiber', ['gofiber/fiber']);
