import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Record<string, EntrypointFact> {
  const { facts } = runExtractor(extractor, files);
  return Object.fromEntries(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((f) => [`${f.method} ${f.path}`, f]));
}

test('routes, methods, path parameters and decorators decide auth by library', () => {
  const r = routes({
    'app.py': `from flask import Flask
from flask_login import login_required
from flask_jwt_extended import jwt_required
app = Flask(__name__)

@app.route("/")
def index():
    return "hi"

@app.route("/orders/<int:order_id>", methods=["GET", "DELETE"])
@login_required
def order(order_id):
    return "x"

@app.post("/api/items")
@jwt_required()
def create_item():
    return "x"

@app.route("/login", methods=["POST"])
def login():
    return "x"
`,
  });
  assert.deepEqual(Object.keys(r).sort(), ['DELETE /orders/:order_id', 'GET /', 'GET /orders/:order_id', 'POST /api/items', 'POST /login']);
  assert.equal(r['GET /'].auth, 'none');
  assert.equal(r['DELETE /orders/:order_id'].auth, 'user');
  assert.ok(r['DELETE /orders/:order_id'].tags?.includes('id-param') && r['DELETE /orders/:order_id'].tags?.includes('state-changing'));
  assert.equal(r['POST /api/items'].auth, 'user');
  assert.ok(r['POST /login'].tags?.includes('login'));
  assert.equal(r['GET /'].evidence.line, 6);
  assert.equal(r['GET /'].handler?.name, 'index');
});

test('project decorators count by what they do, not their name', () => {
  const r = routes({
    'app.py': `from functools import wraps
from flask import Flask, abort, session
app = Flask(__name__)

def admin_required(f):
    @wraps(f)
    def inner(*a, **kw):
        if not session.get("user") or not session.get("is_admin"):
            abort(403)
        return f(*a, **kw)
    return inner

def login_required(f):
    return f

@app.route("/admin/users", methods=["POST"])
@admin_required
def add_user():
    return "x"

@app.route("/profile", methods=["POST"])
@login_required
def profile():
    return "x"
`,
  });
  assert.equal(r['POST /admin/users'].auth, 'admin');
  assert.equal(r['POST /profile'].auth, 'none', 'a decorator named login_required that checks nothing is no guard');
});

test('blueprint prefixes, registration in another file, and guards imported from another module', () => {
  const files = {
    'shop/auth.py': `from functools import wraps
from flask import g, abort
def staff_only(f):
    @wraps(f)
    def inner(*a, **kw):
        if g.user is None or not g.user.is_staff:
            abort(403)
        return f(*a, **kw)
    return inner
`,
    'shop/admin.py': `from flask import Blueprint
from .auth import staff_only
bp = Blueprint("admin", __name__, url_prefix="/admin")

@bp.route("/reports")
@staff_only
def reports():
    return "x"
`,
    'shop/__init__.py': `from flask import Flask
from .admin import bp as admin_bp
app = Flask(__name__)
app.register_blueprint(admin_bp, url_prefix="/backoffice")
`,
  };
  const facts = Object.entries(files).flatMap(([path, content]) => extractFile({ path, content }, [extractor, auth]).facts);
  const linked = linkFacts(facts, [extractor, auth]);
  const route = linked.find((f): f is EntrypointFact => f.kind === 'entrypoint');
  assert.equal(route?.path, '/backoffice/reports');
  assert.equal(route?.auth, 'admin');
  assert.ok(!route?.tags?.some((t) => t.startsWith('~')), 'internal metadata removed');
  assert.ok(!linked.some((f) => f.kind === 'config' && f.setting.startsWith('py-')));
});

test('Flask-HTTPAuth instances guard routes in their own file and when imported into a view module without a flask import', () => {
  const files = {
    'svc/api/__init__.py': `from flask import Blueprint
bp = Blueprint("api", __name__)
from svc.api import keys, people
`,
    'svc/api/guards.py': `from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth, MultiAuth
pw_auth = HTTPBasicAuth()
bearer = HTTPTokenAuth(scheme="Bearer")
either = MultiAuth(pw_auth, bearer)
`,
    'svc/api/keys.py': `from svc.api import bp
from svc.api.guards import pw_auth, bearer, either

@bp.route("/keys", methods=["POST"])
@pw_auth.login_required
def issue_key():
    return {"key": "k"}

@bp.route("/keys", methods=["DELETE"])
@bearer.login_required(role="admin")
def drop_key():
    return "", 204

@bp.route("/keys/peek")
@either.login_required(optional=True)
def peek_key():
    return "x"
`,
    'svc/api/people.py': `from flask import request
from flask_httpauth import HTTPTokenAuth
from svc.api import bp
local_auth = HTTPTokenAuth()

@bp.route("/people/<int:pid>", methods=["PUT"])
@local_auth.login_required
def edit_person(pid):
    return request.get_json()

@bp.route("/people/<int:pid>", methods=["DELETE"])
@local_auth.login_required(role=["admin", "owner"])
def remove_person(pid):
    return "", 204
`,
    'svc/__init__.py': `from flask import Flask
app = Flask(__name__)
from svc.api import bp as api_bp
app.register_blueprint(api_bp, url_prefix="/v1")
`,
  };
  const facts = Object.entries(files).flatMap(([path, content]) => extractFile({ path, content }, [extractor, auth]).facts);
  const linked = linkFacts(facts, [extractor, auth]);
  const eps = linked.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((f) => `${f.method} ${f.path} ${f.auth}`).sort();
  assert.deepEqual(eps, ['DELETE /v1/keys admin', 'DELETE /v1/people/:pid admin', 'GET /v1/keys/peek none', 'POST /v1/keys user', 'PUT /v1/people/:pid user']);
});

test('an "already logged in" redirect at the top of a login view is no login requirement', () => {
  const r = routes({
    'views.py': `from flask import Flask, redirect, url_for, request, abort
from flask_login import current_user, login_user
app = Flask(__name__)

@app.route("/signin", methods=["GET", "POST"])
def signin():
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    if not check(request.form):
        return redirect(url_for("signin_login_page"))
    login_user(find(request.form))
    return redirect(url_for("home"))

@app.route("/signup", methods=["POST"])
def signup():
    if current_user.is_authenticated: return redirect("/")
    return "form"

@app.route("/settings", methods=["POST"])
def settings():
    if not current_user.is_authenticated:
        return redirect(url_for("login"))
    return "x"

@app.route("/dashboard")
def dashboard():
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    else:
        abort(401)
`,
  });
  assert.equal(r['POST /signin'].auth, 'none');
  assert.equal(r['POST /signup'].auth, 'none');
  assert.equal(r['POST /settings'].auth, 'user');
  assert.equal(r['GET /dashboard'].auth, 'user', 'an else branch that rejects the others is a requirement');
});

test('class-based views, restful resources, before_request guards, debug mode', () => {
  const { facts } = runExtractor(extractor, {
    'api.py': `from flask import Flask, session, abort
from flask.views import MethodView
from flask_restful import Api, Resource
app = Flask(__name__)
api = Api(app)

@app.before_request
def guard():
    if "user_id" not in session and not session.get("user"):
        abort(401)

class ItemAPI(MethodView):
    def get(self, item_id):
        return "x"
    def put(self, item_id):
        return "x"

class Todo(Resource):
    def delete(self, todo_id):
        return "x"

app.add_url_rule("/items/<item_id>", view_func=ItemAPI.as_view("item"))
api.add_resource(Todo, "/todos/<todo_id>")
app.debug = True
`,
  });
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((f) => `${f.method} ${f.path} ${f.auth}`).sort();
  assert.deepEqual(eps, ['DELETE /todos/:todo_id none', 'GET /items/:item_id user', 'PUT /items/:item_id user']);
  assert.ok(facts.some((f) => f.kind === 'config' && f.setting === 'debug' && f.values.framework === 'flask'));
});

test('files that are not Flask give nothing', () => {
  assert.equal(runExtractor(extractor, { 'x.py': 'import flask_ish\n@app.route("/x")\ndef f(): pass\n' }).facts.length, 0);
});
