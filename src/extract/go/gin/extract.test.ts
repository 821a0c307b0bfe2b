import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntrypointFact } from '../../../model/types.js';
import { fixtureFiles, routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const API = fileURLToPath(new URL('./fixtures/api', import.meta.url));

test('groups carry prefixes and middleware; guards judged by what they do', () => {
  const facts = runAll([extractor, auth], fixtureFiles(API));
  assert.deepEqual(routeLines(facts), ['DELETE /api/admin/users/:id admin', 'GET /api/users/:id user', 'GET /health none', 'POST /api/ping user', 'POST /login none', 'POST /webhook none']);
  const del = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.method === 'DELETE');
  assert.deepEqual(del?.middleware, ['AuthRequired()', 'AdminOnly()']);
  assert.equal(del?.evidence.line, 52);
  assert.deepEqual(del?.handler, { file: "main.go", line: 79, name: "deleteUser" });
});

test('Use order, route-level middleware, and routers handed to functions in other files', () => {
  const facts = runAll([extractor, auth], {
    'cmd/server/main.go': `package main
import (
	"github.com/gin-gonic/gin"
	"example.com/app/internal/routes"
	mw "example.com/app/internal/middleware"
)
func main() {
	r := gin.New()
	r.GET("/public", h)
	r.Use(mw.Authenticate())
	r.GET("/private", h)
	v1 := r.Group("/api/v1")
	routes.Register(v1)
	r.POST("/limited", mw.RateLimiter(), h)
}
`,
    'internal/routes/routes.go': `package routes
import "github.com/gin-gonic/gin"
func Register(g *gin.RouterGroup) {
	g.GET("/orders/:id", getOrder)
	g.DELETE("/orders/:id", deleteOrder)
}
`,
    'internal/middleware/auth.go': `package middleware
import ("net/http"; "github.com/gin-gonic/gin")
func Authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" { c.AbortWithStatus(http.StatusUnauthorized); return }
		c.Next()
	}
}
`,
  });
  assert.deepEqual(routeLines(facts), ['DELETE /api/v1/orders/:id user', 'GET /api/v1/orders/:id user', 'GET /private user', 'GET /public none', 'POST /limited user']);
  const limited = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/limited');
  assert.ok(limited?.tags?.includes('rate-limited'));
  assert.ok(!facts.some((f) => f.kind === 'config' && f.setting === 'go-router-call'));
});
