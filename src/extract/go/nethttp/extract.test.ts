import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor } from './index.js';

test('net/http: ServeMux with Go 1.22 patterns, wrapped handlers and inline checks', () => {
  const facts = runAll([extractor], {
    'main.go': `package main
import "net/http"
func requireAuth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("session"); err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next(w, r)
	}
}
func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	mux.HandleFunc("POST /items", requireAuth(createItem))
	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("public"))))
	http.HandleFunc("/admin/reset", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusForbidden)
			return
		}
	})
	http.ListenAndServe(":8080", mux)
}
`,
  });
  assert.deepEqual(routeLines(facts), ['ALL /admin/reset user', 'ALL /static none', 'GET /items/:id none', 'POST /items user']);
});

test('net/http: routes registered inside a closure run on the spot (go func() { ... }())', () => {
  const facts = runAll([extractor], {
    'main.go': `package main
import "net/http"
func main() {
	go func() {
		http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
		mux := http.NewServeMux()
		mux.HandleFunc("GET /ready", ready)
		http.ListenAndServe(":8081", mux)
	}()
}
`,
  });
  assert.deepEqual(routeLines(facts), ['ALL /healthz none', 'GET /ready none']);
});
