import os

from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/files/raw")
def raw():
    name = request.args.get("name")
    # ruleid: path-traversal
    with open(os.path.join(UPLOADS, name)) as fh:
        return fh.read()


@app.route("/files/download")
def download():
    name = request.args.get("name")
    # ruleid: path-traversal
    return send_file(UPLOADS + "/" + name)


@app.route("/files/safe")
def safe():
    name = secure_filename(request.args.get("name", ""))
    # ok: path-traversal
    with open(os.path.join(UPLOADS, name)) as fh:
        return fh.read()


@app.route("/files/static/<path:name>")
def static_file(name):
    # ok: path-traversal
    return send_from_directory(UPLOADS, name)
