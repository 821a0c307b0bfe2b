// Go net/http routes: http.HandleFunc / mux.Handle (with Go 1.22 "GET /x/{id}" patterns), handlers wrapped in middleware (`auth(h)`), inline credential checks.
import { goRouteExtractor } from '../_lib/route-extractor.js';

export const extractor = goRouteExtractor('go/nethttp', 'Go net/http: ServeMux and http.HandleFunc routes (Go 1.22 method patterns), wrapped handlers', 'net/http', ['http.Handle', 'HandleFunc', 'ServeMux']);
