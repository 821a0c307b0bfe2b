package main

import (
	"net/http"
	"os/exec"

	"github.com/labstack/echo/v4"
)

func convert(c echo.Context) error {
	file := c.QueryParam("file")
	// ruleid: command-injection
	out, err := exec.Command("sh", "-c", "convert "+file+" out.png").Output()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/png", out)
}

func resize(c echo.Context) error {
	file := c.QueryParam("file")
	// ok: command-injection
	out, err := exec.Command("convert", file, "-resize", "50%", "out.png").Output()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/png", out)
}

func main() {
	e := echo.New()
	e.GET("/convert", convert)
	e.GET("/resize", resize)
	e.Logger.Fatal(e.Start(":8080"))
}
