import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"


if __name__ == "__main__":
    # ruleid: flask-debug-run
    app.run(host="0.0.0.0", debug=True)
