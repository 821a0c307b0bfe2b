import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor as goAuth } from '../auth/index.js';
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

test('fiber: an inline Use middleware that lets a health path past and runs an imported guard for the rest', () => {
  const facts = runAll([extractor, goAuth], {
    'main.go': `package main
import (
	"strings"
	"github.com/gofiber/fiber/v2"
	"example.com/svc/middleware"
)
func main() {
	app := fiber.New()
	app.Get("/health", health)
	app.Get("/docs/index", docs)
	app.Use(func(c *fiber.Ctx) error {
		if c.Path() == "/health" || strings.HasPrefix(c.Path(), "/docs/") {
			return c.Next()
		}
		return middleware.RequireToken()(c)
	})
	app.Get("/metrics", metrics)
	app.Get("/docs/more", docs)
	app.Listen(":3000")
}
`,
    'middleware/auth.go': `package middleware
import "github.com/gofiber/fiber/v2"
func RequireToken() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Get("Authorization") != "Bearer "+expected() {
			return c.Status(401).JSON(fiber.Map{"error": "unauthorized"})
		}
		return c.Next()
	}
}
`,
    'other.go': `package main
import "github.com/gofiber/fiber/v2"
func routes(app *fiber.App) {
	app.Use(func(c *fiber.Ctx) error {
		if c.Get("X-Internal") == "1" {
			return c.Next()
		}
		if c.Get("Authorization") == "" {
			return c.SendStatus(401)
		}
		return c.Next()
	})
	app.Get("/internal/jobs", jobs)
}
`,
  });
  // A pass on a header the caller sets leaves the check conditional: not a guard.
  assert.deepEqual(routeLines(facts).sort(), ['GET /docs/index none', 'GET /docs/more none', 'GET /health none', 'GET /internal/jobs none', 'GET /metrics user']);
});
