import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function sinks(content: string, path = 'app.py'): SinkFact[] {
  return runExtractor(extractor, { [path]: content }).facts.filter((f): f is SinkFact => f.kind === 'sink');
}

function lines(facts: SinkFact[]): string[] {
  return facts.map((f) => `${f.evidence.line} ${f.sink} ${f.api}`);
}

test('Flask: request data through assignments, f-strings and a helper into SQL, commands and files', () => {
  const facts = sinks(`import os, subprocess
from flask import Flask, request as req
app = Flask(__name__)

def run(cur, term):
    sql = "SELECT * FROM t WHERE name = '%s'" % term
    cur.execute(sql)

@app.route("/search/<name>")
def search(name):
    q = req.args.get("q", "").strip()
    run(db.cursor(), q)
    subprocess.call(f"grep {name} /var/log/app.log", shell=True)
    subprocess.call(["grep", name, "/var/log/app.log"])
    open(os.path.join("/data", req.form["file"])).read()
    return "ok"
`);
  assert.deepEqual(lines(facts), ['7 sql cursor.execute', '13 command subprocess (shell=True)', '15 path open']);
  const sql = facts[0];
  assert.equal(sql.route, 'GET /search/:name');
  assert.equal(sql.source, 'req.args.get("q", "").strip()');
  assert.deepEqual(sql.path?.map((p) => p.line), [11, 12, 6]);
  assert.equal(facts[1].source, 'path parameter name');
  assert.match(sql.key ?? '', /^app\.py#run#cursor\.execute#/);
});

test('sanitisers, allow-list guards and numeric converters stop taint', () => {
  const facts = sinks(`import shlex, subprocess
from flask import Flask, request, abort, redirect
from django.utils.http import url_has_allowed_host_and_scheme
app = Flask(__name__)
ALLOWED = {"a", "b"}

@app.route("/x/<int:n>")
def x(n):
    cmd = request.args["cmd"]
    if cmd not in ALLOWED:
        abort(400)
    subprocess.run("tool " + cmd, shell=True)
    subprocess.run("tool " + shlex.quote(request.args["other"]), shell=True)
    subprocess.run("tool %d" % n, shell=True)
    limit = int(request.args["limit"])
    db.execute(f"SELECT * FROM t LIMIT {limit}")
    nxt = request.args.get("next")
    if url_has_allowed_host_and_scheme(nxt, None):
        return redirect(nxt)
    return redirect("/home/" + nxt)
`);
  assert.deepEqual(lines(facts), []);
});

test('open-redirect host checks (urlsplit/urlparse netloc, safe-url validators) stop redirect taint', () => {
  const facts = sinks(`from urllib.parse import urlsplit, urlparse
import urllib.parse
from flask import Flask, request, redirect, url_for
from django.utils.http import url_has_allowed_host_and_scheme
app = Flask(__name__)

@app.route("/signin")
def signin():
    target = request.args.get("next")
    if not target or urlsplit(target).netloc != '':
        target = url_for("home")
    return redirect(target)

@app.route("/back")
def back():
    dest = request.args.get("to")
    if urllib.parse.urlparse(dest).netloc:
        return redirect("/")
    return redirect(dest)

@app.route("/inside")
def inside():
    dest = request.args.get("to")
    if not urlparse(dest).netloc:
        return redirect(dest)
    return "no"

@app.route("/kw")
def kw():
    dest = request.args.get("to")
    if not dest or not url_has_allowed_host_and_scheme(url=dest, allowed_hosts={request.host}):
        dest = "/"
    return redirect(dest)

@app.route("/open")
def still_open():
    dest = request.args.get("to")
    if urlsplit(dest).netloc:
        print("external")
    return redirect(dest)
`);
  assert.deepEqual(lines(facts), ['40 redirect redirect']);
});

test('Django, DRF, FastAPI and aiohttp request objects; SSRF only when the host is controlled', () => {
  const django = sinks(`import requests
from django.shortcuts import redirect
def view(request):
    u = request.GET["u"]
    requests.get(u)
    requests.get("https://api.example.com/x/" + u)
    requests.post(f"{BASE}/y/{u}")
    return redirect(request.POST.get("next"))
`);
  assert.deepEqual(lines(django), ['5 ssrf requests.get', '8 redirect redirect']);
  const fastapi = sinks(`from fastapi import FastAPI, Request
import yaml
app = FastAPI()

@app.post("/items/{item_id}")
async def create(item_id: int, name: str, request: Request):
    body = await request.body()
    yaml.load(body)
    eval(name)
    eval(str(item_id))
`);
  assert.deepEqual(lines(fastapi), ['8 deserialize yaml.load', '9 code-eval eval']);
  assert.equal(fastapi[1].source, 'query parameter name');
  const aiohttp = sinks(`from aiohttp import web
async def handler(request):
    name = request.match_info["name"]
    return web.FileResponse("/srv/" + name)
`);
  assert.deepEqual(lines(aiohttp), ['4 path FileResponse']);
});

test('Flask view return values are HTML; mass assignment needs the whole body', () => {
  const facts = sinks(`from flask import Flask, request, jsonify
app = Flask(__name__)

@app.route("/hi")
def hi():
    name = request.args["name"]
    if request.args.get("json"):
        return jsonify(name=name)
    return "<p>Hi " + name + "</p>"

@app.route("/users", methods=["POST"])
def create_user():
    User.objects.create(**request.json)
    User.objects.create(**{"name": request.json["name"]})
    return "ok"
`);
  assert.deepEqual(lines(facts), ['9 html Flask view return value', '13 mass-assignment Model.objects.create']);
});

test('files without request data give nothing', () => {
  assert.deepEqual(sinks('import os\ndef f(p):\n    os.system(p)\n'), []);
});
