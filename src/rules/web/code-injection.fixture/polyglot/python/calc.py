import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc", methods=["POST"])
def calc():
    expression = request.form["expr"]
    # ruleid: code-injection
    result = eval(expression)
    return {"result": result}


@app.route("/calc-safe", methods=["POST"])
def calc_safe():
    expression = request.form["expr"]
    # ok: code-injection
    result = ast.literal_eval(expression)
    return {"result": result}
