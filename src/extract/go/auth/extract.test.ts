import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuthFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('middleware that checks credentials and rejects is a guard definition; logging middleware is not', () => {
  const { facts } = runExtractor(extractor, {
    'middleware/auth.go': `package middleware
import ("net/http"; "strings")
func RequireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
func Logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r) })
}
`,
  });
  const guards = facts.filter((f): f is AuthFact => f.kind === 'auth').map((f) => `${f.name} ${String(f.details?.level)} ${String(f.details?.module)} ${f.mechanism}`);
  assert.deepEqual(guards, ['RequireToken user go:middleware jwt']);
});
