package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func list(c echo.Context) error   { return c.JSON(http.StatusOK, []string{}) }
func create(c echo.Context) error { return c.NoContent(http.StatusCreated) }
func remove(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

func main() {
	e := echo.New()
	api := e.Group("/api", middleware.JWT([]byte("k")))
	// ok: unauthenticated-state-changing-route
	api.POST("/notes", create)
	e.GET("/notes", list)
	// ruleid: unauthenticated-state-changing-route
	e.DELETE("/notes/:id", remove)
	e.Logger.Fatal(e.Start(":8080"))
}
