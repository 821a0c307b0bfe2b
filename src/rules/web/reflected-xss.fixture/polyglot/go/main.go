package main

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
)

var page = template.Must(template.New("page").Parse(`<main>{{.}}</main>`))

func search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	// ruleid: reflected-xss
	fmt.Fprintf(w, "<p>No results for %s</p>", q)
}

func searchSafe(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	// ok: reflected-xss
	fmt.Fprintf(w, "<p>No results for %s</p>", html.EscapeString(q))
}

func bio(w http.ResponseWriter, r *http.Request) {
	// ruleid: reflected-xss
	page.Execute(w, template.HTML(r.FormValue("bio")))
}

func main() {
	http.HandleFunc("/search", search)
	http.HandleFunc("/search-safe", searchSafe)
	http.HandleFunc("/bio", bio)
	http.ListenAndServe(":8080", nil)
}
