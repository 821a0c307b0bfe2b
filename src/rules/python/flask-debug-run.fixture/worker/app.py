import os

from flask import Flask

app = Flask(__name__)
# ruleid: flask-debug-run
app.config["DEBUG"] = True


@app.route("/jobs")
def jobs():
    return "[]"


if __name__ == "__main__":
    # ok: flask-debug-run
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
