from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app)


# ruleid: missing-rate-limit-auth-routes
@app.route("/login", methods=["POST"])
def login():
    return {"token": "..."}


# ok: missing-rate-limit-auth-routes
@app.route("/password-reset", methods=["POST"])
@limiter.limit("5 per hour")
def password_reset():
    return {"sent": True}
