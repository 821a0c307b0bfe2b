from flask import Flask, render_template, render_template_string, request

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview():
    body = request.form["body"]
    # ruleid: server-side-template-injection
    return render_template_string("<div>" + body + "</div>")


@app.route("/page")
def page():
    title = request.args.get("title", "")
    # ok: server-side-template-injection
    return render_template_string("<h1>{{ title }}</h1>", title=title)


@app.route("/profile")
def profile():
    # ok: server-side-template-injection
    return render_template("profile.html", name=request.args.get("name"))
