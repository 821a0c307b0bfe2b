from html import escape

from flask import Flask, jsonify, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: reflected-xss
    return f"<h1>Hello {name}</h1>"


@app.route("/hello-safe")
def hello_safe():
    name = request.args.get("name", "world")
    # ok: reflected-xss
    return f"<h1>Hello {escape(name)}</h1>"


@app.route("/hello-json")
def hello_json():
    name = request.args.get("name", "world")
    # ok: reflected-xss
    return jsonify({"greeting": "Hello " + name})


@app.route("/banner")
def banner():
    text = request.args.get("text", "")
    # ruleid: reflected-xss
    return str(Markup("<marquee>" + text + "</marquee>"))
