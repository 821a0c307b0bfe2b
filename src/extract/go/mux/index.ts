// gorilla/mux routes: HandleFunc/Handle with .Methods(...), PathPrefix().Subrouter() prefixes, router-level Use.
import { goRouteExtractor } from '../_lib/route-extractor.js';

export const extractor = goRouteExtractor('go/mux', 'Go gorilla/mux: HandleFunc with Methods, PathPrefix subrouters, Use', 'mux', ['gorilla/mux']);
