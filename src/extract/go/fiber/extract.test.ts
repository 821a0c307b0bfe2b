import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor } from './index.js';

test('fiber: groups with middleware, Use with a prefix, library auth middleware', () => {
  const facts = runAll([extractor], {
    'main.go': `package main
import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/basicauth"
	jwtware "github.com/gofiber/contrib/jwt"
)
func main() {
	app := fiber.New()
	app.Get("/", index)
	app.Use("/metrics", basicauth.New(basicauth.Config{}))
	app.Get("/metrics", metrics)
	api := app.Group("/api", jwtware.New(jwtware.Config{}))
	api.Post("/orders", createOrder)
	app.Listen(":3000")
}
`,
  });
  assert.deepEqual(routeLines(facts), ['GET / none', 'GET /metrics user', 'POST /api/orders user']);
});
