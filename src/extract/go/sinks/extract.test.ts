import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function sinks(content: string): string[] {
  return runExtractor(extractor, { 'h.go': content }).facts.flatMap((f) => (f.kind === 'sink' ? [`${f.evidence.line} ${f.sink} ${f.api} ${f.route ?? '-'}`] : f.kind === 'config' ? [`${f.evidence.line} config ${f.setting}`] : []));
}

test('net/http, mux.Vars and helpers: SQL, commands, files, redirects, SSRF, HTML', () => {
  assert.deepEqual(
    sinks(`package h
import (
	"database/sql"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"github.com/gorilla/mux"
)
var db *sql.DB
func find(name string) {
	db.Query("SELECT * FROM u WHERE name = '" + name + "'")
}
func handler(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	find(q)
	id := mux.Vars(r)["id"]
	exec.Command(id).Run()
	exec.Command("ls", id).Run()
	os.Open(filepath.Join("/data", r.FormValue("file")))
	http.Redirect(w, r, r.FormValue("next"), http.StatusFound)
	http.Redirect(w, r, "/items/"+id, http.StatusFound)
	http.Get("http://" + r.Header.Get("X-Host") + "/x")
	n, _ := strconv.Atoi(q)
	db.Query(fmt.Sprintf("SELECT * FROM t LIMIT %d", n))
	fmt.Fprintf(w, "<p>%s</p>", q)
	_ = template.HTML(q)
}
func main() { r := mux.NewRouter(); r.HandleFunc("/items/{id}", handler).Methods("GET") }
`),
    [
      '15 sql db.Query GET /items/:id',
      '21 command exec.Command GET /items/:id',
      '23 path os.Open GET /items/:id',
      '24 redirect http.Redirect GET /items/:id',
      '26 ssrf http.Get GET /items/:id',
      '29 html fmt.Fprintf(w) GET /items/:id',
      '30 html template.HTML GET /items/:id',
      '30 config go-template-unescaped',
    ],
  );
});

test('gin, echo and fiber contexts, bound bodies and guards', () => {
  assert.deepEqual(
    sinks(`package h
import (
	"database/sql"
	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"github.com/gofiber/fiber/v2"
)
var db *sql.DB
var allowed = map[string]bool{"name": true}
func g(c *gin.Context) {
	var in struct{ Sort string }
	if err := c.ShouldBindJSON(&in); err != nil { return }
	db.Exec("UPDATE t SET x = 1 ORDER BY " + in.Sort)
	col := c.Query("col")
	if !allowed[col] { return }
	db.Query("SELECT " + col + " FROM t")
	c.Redirect(302, c.Query("to"))
}
func e(c echo.Context) error { return c.HTML(200, "<b>"+c.QueryParam("x")+"</b>") }
func f(c *fiber.Ctx) error { return c.SendFile("/srv/" + c.Params("file")) }
`),
    ['13 sql db.Query -', '17 redirect c.Redirect -', '19 html c.HTML -', '20 path c.File -'],
  );
});

test('files without request objects give nothing', () => {
  assert.deepEqual(sinks('package x\nimport "os/exec"\nfunc run(c string) { exec.Command(c).Run() }\n'), []);
});
