package main

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"
)

var db *sql.DB

func item(w http.ResponseWriter, r *http.Request) {
	sku := chi.URLParam(r, "sku")
	query := fmt.Sprintf("SELECT name FROM items WHERE sku = '%s'", sku)
	// ruleid: sql-injection
	row := db.QueryRow(query)
	_ = row
}

func search(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: sql-injection
	rows, _ := db.Query("SELECT id FROM items WHERE name = $1", name)
	defer rows.Close()
}

func main() {
	r := chi.NewRouter()
	r.Get("/items/{sku}", item)
	r.Get("/search", search)
	http.ListenAndServe(":8080", r)
}
