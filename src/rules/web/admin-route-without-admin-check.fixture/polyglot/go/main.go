package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func requireUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.Next()
	}
}

func requireAdmin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetString("role") != "admin" {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}

func stats(c *gin.Context)     { c.JSON(200, gin.H{}) }
func purge(c *gin.Context)     { c.Status(204) }
func listUsers(c *gin.Context) { c.JSON(200, []string{}) }

func main() {
	r := gin.New()
	users := r.Group("/", requireUser())
	// ruleid: admin-route-without-admin-check
	users.GET("/admin/stats", stats)
	admin := users.Group("/admin", requireAdmin())
	// ok: admin-route-without-admin-check
	admin.POST("/purge", purge)
	// ok: admin-route-without-admin-check
	admin.GET("/users", listUsers)
	r.Run()
}
