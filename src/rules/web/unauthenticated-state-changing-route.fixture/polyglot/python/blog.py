from flask import Blueprint, Flask, abort, request
from flask_login import current_user, login_required

app = Flask(__name__)
posts = Blueprint("posts", __name__, url_prefix="/posts")


@posts.route("/", methods=["POST"])
@login_required
def create_post():
    return {"ok": True}


# ruleid: unauthenticated-state-changing-route
@posts.route("/<int:post_id>", methods=["DELETE"])
def delete_post(post_id):
    return {"deleted": post_id}


# ok: unauthenticated-state-changing-route
@posts.route("/<int:post_id>/publish", methods=["POST"])
def publish_post(post_id):
    if not current_user.is_authenticated:
        abort(401)
    return {"published": post_id}


app.register_blueprint(posts)
