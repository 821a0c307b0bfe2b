import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor } from './index.js';

test('gorilla/mux: Methods, PathPrefix subrouters and router-level Use', () => {
  const facts = runAll([extractor], {
    'main.go': `package main
import (
	"net/http"
	"github.com/gorilla/mux"
)
func authMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") != apiKey {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
func main() {
	r := mux.NewRouter()
	r.HandleFunc(baseUrl+"/", home).Methods(http.MethodGet, http.MethodHead)
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/products/{id}", product).Methods("GET")
	api.HandleFunc("/cart", addToCart).Methods(http.MethodPost)
	api.Use(authMiddleware)
	http.ListenAndServe(":8080", r)
}
`,
  });
  assert.deepEqual(routeLines(facts), ['GET / none', 'GET /api/products/:id user', 'POST /api/cart user']);
});

test('gorilla/mux: routes built along a chain (Methods().Path().HandlerFunc())', () => {
  const facts = runAll([extractor], {
    'router.go': `package cmd
import (
	"net/http"
	"github.com/gorilla/mux"
)
func registerAPIRouter(router *mux.Router) {
	api := router.PathPrefix("/minio").Subrouter()
	api.Methods(http.MethodGet).Path("/{bucket}/{object:.+}").HandlerFunc(getObject)
	api.Methods(http.MethodPut, http.MethodPost).Path("/{bucket}").HandlerFunc(putBucket)
	router.PathPrefix("/static/").Handler(http.FileServer(http.Dir("web")))
}
`,
  });
  assert.deepEqual(routeLines(facts), ['ALL /static none', 'GET /minio/:bucket/:object none', 'POST /minio/:bucket none', 'PUT /minio/:bucket none']);
});
