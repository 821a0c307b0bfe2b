import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor } from './index.js';

test('echo: router-level Use applies everywhere, per-route middleware follows the handler', () => {
  const facts = runAll([extractor], {
    'main.go': `package main
import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	echojwt "github.com/labstack/echo-jwt/v4"
)
func main() {
	e := echo.New()
	e.GET("/health", health)
	admin := e.Group("/admin", middleware.BasicAuth(check))
	admin.DELETE("/cache", purge)
	e.POST("/orders", create, echojwt.JWT([]byte("k")))
	api := e.Group("/api")
	api.GET("/items/:id", item)
	e.Use(middleware.Logger())
	e.Start(":8080")
}
`,
  });
  assert.deepEqual(routeLines(facts), ['DELETE /admin/cache user', 'GET /api/items/:id none', 'GET /health none', 'POST /orders user']);
});
