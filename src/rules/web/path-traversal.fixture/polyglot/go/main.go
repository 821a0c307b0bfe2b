package main

import (
	"os"
	"path/filepath"

	"github.com/gin-gonic/gin"
)

const root = "/srv/docs"

func doc(c *gin.Context) {
	name := c.Query("name")
	// ruleid: path-traversal
	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		c.AbortWithStatus(404)
		return
	}
	c.Data(200, "text/plain", data)
}

func docByBase(c *gin.Context) {
	name := filepath.Base(c.Query("name"))
	// ok: path-traversal
	data, _ := os.ReadFile(filepath.Join(root, name))
	c.Data(200, "text/plain", data)
}

func attachment(c *gin.Context) {
	// ruleid: path-traversal
	c.File(filepath.Join(root, c.Param("file")))
}

func main() {
	r := gin.Default()
	r.GET("/doc", doc)
	r.GET("/doc-base", docByBase)
	r.GET("/attachment/:file", attachment)
	r.Run()
}
