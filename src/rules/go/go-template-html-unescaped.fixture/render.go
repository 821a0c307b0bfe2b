package render

import (
	"html/template"
	"net/http"
)

var page = template.Must(template.New("p").Parse(`<div>{{.}}</div>`))

func Bio(w http.ResponseWriter, bio string) {
	// ruleid: go-template-html-unescaped
	page.Execute(w, template.HTML(bio))
}

func Banner(w http.ResponseWriter) {
	// ok: go-template-html-unescaped
	page.Execute(w, template.HTML("<b>Welcome</b>"))
}

func Plain(w http.ResponseWriter, bio string) {
	// ok: go-template-html-unescaped
	page.Execute(w, bio)
}
