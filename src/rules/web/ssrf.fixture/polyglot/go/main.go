package main

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
)

func fetch(c *fiber.Ctx) error {
	target := c.Query("target")
	// ruleid: ssrf
	resp, err := http.Get(target)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return c.SendStatus(resp.StatusCode)
}

func avatar(c *fiber.Ctx) error {
	id := c.Params("id")
	// ok: ssrf
	resp, err := http.Get("https://avatars.example.com/u/" + id)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return c.SendStatus(resp.StatusCode)
}

func main() {
	app := fiber.New()
	app.Get("/fetch", fetch)
	app.Get("/avatar/:id", avatar)
	app.Listen(":3000")
}
