// echo routes: verbs and Add/Any, groups with prefixes and middleware, router-level Use (applies to every route), per-route middleware after the handler.
import { goRouteExtractor } from '../_lib/route-extractor.js';

export const extractor = goRouteExtractor('go/echo', 'Go echo: routes, groups, middleware (router-level and per-route)', 'echo', ['labstack/echo']);
