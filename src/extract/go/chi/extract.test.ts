import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor } from './index.js';

test('chi: Route and Group closures, With chains, jwtauth', () => {
  const facts = runAll([extractor], {
    'router.go': `package api
import (
	"net/http"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/jwtauth/v5"
)
func requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAdmin(r.Context()) || r.Context().Value("role") != "admin" {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}
func Routes(tokenAuth *jwtauth.JWTAuth) http.Handler {
	r := chi.NewRouter()
	r.Get("/", index)
	r.Route("/accounts", func(r chi.Router) {
		r.Use(jwtauth.Verifier(tokenAuth))
		r.Use(jwtauth.Authenticator(tokenAuth))
		r.Get("/{accountID}", getAccount)
		r.With(requireAdmin).Delete("/{accountID}", deleteAccount)
	})
	r.Group(func(r chi.Router) {
		r.Post("/signup", signup)
	})
	return r
}
`,
  });
  assert.deepEqual(routeLines(facts), ['DELETE /accounts/:accountID admin', 'GET / none', 'GET /accounts/:accountID user', 'POST /signup none']);
});
