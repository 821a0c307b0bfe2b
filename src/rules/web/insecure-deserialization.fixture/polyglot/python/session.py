import base64
import json
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    blob = base64.b64decode(request.form["state"])
    # ruleid: insecure-deserialization
    state = pickle.loads(blob)
    return {"keys": list(state)}


@app.route("/import", methods=["POST"])
def import_config():
    # ruleid: insecure-deserialization
    config = yaml.load(request.data, Loader=yaml.Loader)
    # ok: insecure-deserialization
    safe = yaml.load(request.data, Loader=yaml.SafeLoader)
    # ok: insecure-deserialization
    parsed = json.loads(request.data)
    return {"config": str(config), "safe": str(safe), "parsed": parsed}
