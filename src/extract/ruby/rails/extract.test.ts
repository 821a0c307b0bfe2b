import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures', import.meta.url));
/** The app `guards/` (concerns, shorthand routes, Rack::Attack) is a repository of its own. */
const GUARDS = join(FIXTURE, 'guards');
/** The app `authz/` (CanCanCan, Pundit, Devise scopes) is another. */
const AUTHZ = join(FIXTURE, 'authz');
function files(dir: string, out: Record<string, string> = {}, base = FIXTURE): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if ((full === GUARDS || full === AUTHZ) && base === FIXTURE) continue;
    if (statSync(full).isDirectory()) files(full, out, base);
    else out[relative(base, full)] = readFileSync(full, 'utf8');
  }
  return out;
}
const routes = (facts: Fact[]) => facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((r) => `${r.method} ${r.path} ${r.auth}`).sort();

test('routes.rb resources, namespaces, members and mounts; before_action chains decide auth', () => {
  const { facts, diagnostics } = runExtractor(extractor, files(FIXTURE));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(routes(facts), [
    'ALL /sidekiq none',
    'DELETE /admin/users/:id admin',
    'DELETE /posts/:id user',
    // devise_for :users: sign-in, reset and sign-up are public; editing the registration needs the user.
    'DELETE /users user',
    'DELETE /users/sign_out none',
    'GET / none',
    'GET / none',
    'GET /admin/stats user',
    'GET /admin/users admin',
    'GET /admin/users/:id admin',
    'GET /posts none',
    'GET /posts/:id none',
    'GET /users/edit user',
    'GET /users/password/edit none',
    'GET /users/password/new none',
    'GET /users/sign_in none',
    'GET /users/sign_up none',
    'PATCH /admin/users/:id admin',
    'PATCH /users user',
    'PATCH /users/password none',
    'POST /admin/users admin',
    'POST /login none',
    'POST /posts user',
    'POST /posts/:id/publish user',
    'POST /posts/:post_id/comments user',
    'POST /upload user',
    'POST /users none',
    'POST /users/password none',
    'POST /users/sign_in none',
    'PUT /admin/users/:id admin',
    'PUT /users user',
    'PUT /users/password none',
  ]);
  const signIn = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/users/sign_in' && f.method === 'POST');
  assert.ok(signIn?.tags?.includes('login'));
  const reset = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/users/password' && f.method === 'POST');
  assert.ok(reset?.tags?.includes('password-reset'));
  const destroy = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/admin/users/:id' && f.method === 'DELETE');
  assert.deepEqual(destroy?.handler, { file: 'app/controllers/admin/users_controller.rb', line: 7, name: 'Admin::UsersController#destroy' });
  assert.deepEqual(destroy?.authEvidence, ['before_action :authenticate_user!', 'before_action :require_admin']);
  assert.equal(destroy?.evidence.line, 12);
  const configs = facts.filter((f): f is ConfigFact => f.kind === 'config').map((f) => `${f.setting} ${f.evidence.file}:${f.evidence.line}`);
  assert.deepEqual(configs, ['rails-csrf app/controllers/posts_controller.rb:3', 'rails-permit-all app/controllers/posts_controller.rb:9']);
});

test('callbacks from included concerns, optional loaders, guest-only filters, handler checks, shorthand routes', () => {
  const { facts, diagnostics } = runExtractor(extractor, files(GUARDS, {}, GUARDS));
  assert.deepEqual(diagnostics, []);
  const list = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((r) => `${r.method} ${r.path} ${r.auth} ${r.handler?.name ?? '-'}`);
  assert.deepEqual(list.sort(), [
    'DELETE /notes/:id user NotesController#destroy',
    'GET /admin/reports admin Admin::ReportsController#index',
    'GET /admin/reports/summary admin Admin::ReportsController#summary',
    'GET /notes none NotesController#index',
    'GET /notes/:id none NotesController#show',
    // The optional loader (load_current_user) and the guest-only filter leave sign-in public.
    'GET /sign_in none SessionsController#new',
    'PATCH /notes/:id user NotesController#update',
    'POST /notes user NotesController#create',
    // Excluded from require_user but refuses unless the record belongs to the user.
    'POST /notes/:id/archive user NotesController#archive',
    'POST /notes/:id/share none NotesController#share',
    'POST /notes/import user NotesController#import',
    'POST /notes/preview none NotesController#preview',
    'POST /sign_in none SessionsController#create',
    'PUT /notes/:id user NotesController#update',
  ]);
  const summary = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/admin/reports/summary');
  assert.deepEqual(summary?.authEvidence, ['before_action :require_staff']);
  const limits = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'rate-limit').map((f) => `${String(f.values.scope)} ${String(f.values.path ?? '*')} ${f.evidence.line}`);
  assert.deepEqual(limits, ['global * 2', 'path /sign_in 4']);
});

test('CanCanCan abilities and Pundit policies decide what authorised actions require', () => {
  const { facts, diagnostics } = runExtractor(extractor, files(AUTHZ, {}, AUTHZ));
  assert.deepEqual(diagnostics, []);
  const list = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((r) => `${r.method} ${r.path} ${r.auth}${r.tags?.includes('ownership-check') ? ' owner' : ''}`);
  assert.deepEqual(list.sort(), [
    // Pundit: destroy? tests a role only; update? lets the owner in (an object-level check).
    'DELETE /articles/:id user owner',
    'DELETE /comments/:id admin',
    'GET /articles none',
    'GET /articles/:id none',
    // authorize! :read in the action: guests may read.
    'GET /articles/:id/edit user owner',
    'GET /articles/new user',
    'GET /articles/stats none',
    'GET /comments none owner',
    'GET /reports admin',
    // A concern's class-method macro registers `before_action ..., unless: :signed_in?` for create only.
    'GET /tokens none',
    'PATCH /articles/:id user owner',
    'PATCH /comments/:id user owner',
    'POST /articles user',
    'POST /articles/:id/publish user',
    // verify_authorized without a visible authorize call: authorised somewhere unread.
    'POST /comments/:id/flag unknown',
    'POST /comments/:id/pin none',
    'POST /drafts user',
    // No ability rule grants bulk_export: assumed to need a user.
    'POST /exports user',
    'POST /feedbacks none',
    'POST /health/ping none',
    // check_authorization in ApplicationController, no authorisation visible.
    'POST /legacy/import unknown',
    // oidc/keys → OIDC::KeysController (an inflection acronym).
    'POST /oidc/keys user',
    'POST /reports admin',
    'POST /tokens user',
    'PUT /articles/:id user owner',
    'PUT /comments/:id user owner',
  ]);
  const update = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/articles/:id' && f.method === 'PATCH');
  assert.deepEqual(update?.authEvidence, ['authorize_resource article (app/models/ability.rb:11 grants update on article to user)']);
  assert.equal(update?.handler?.name, 'ArticlesController#update');
  assert.equal(facts.filter((f) => f.kind === 'config').length, 0);
  // `can :create, :feedback` outside the signed-in branch: granted to anyone on purpose.
  const feedback = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/feedbacks');
  assert.ok(feedback?.tags?.includes('declared-public'));
});

test('actions left out of an authentication filter by name (skip_before_action, except:) are declared public', () => {
  const declared = (facts: Fact[]) =>
    facts
      .filter((f): f is EntrypointFact => f.kind === 'entrypoint' && !!f.tags?.includes('declared-public'))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
  const main = declared(runExtractor(extractor, files(FIXTURE)).facts);
  const guards = declared(runExtractor(extractor, files(GUARDS, {}, GUARDS)).facts);
  assert.deepEqual(main, ['GET /', 'GET /posts', 'GET /posts/:id', 'POST /login']);
  // `archive` is excepted too, but checks the user in its body: not public.
  assert.deepEqual(guards, ['GET /notes', 'GET /notes/:id', 'POST /notes/:id/share', 'POST /notes/preview']);
});

test('HTTP Basic macro, a loader handing over to a credential helper, signature callbacks, retired actions and auth-flow controllers', () => {
  const app = {
    'config/routes.rb': `Rails.application.routes.draw do
  resources :deliveries, only: :create
  resources :pairings, only: :create
  post 'hooks/partner', to: 'partner_reports#create'
  resource :session, only: %i[create destroy] do
    post 'passkey_create', to: 'sessions#passkey_create'
  end
  resource :password, only: %i[create update]
  resources :email_confirmations, only: :create
  put 'v0/uploads', to: 'retired#index'
  resources :notes, only: :create
end
`,
    'app/controllers/application_controller.rb': `class ApplicationController < ActionController::Base
  before_action :require_user, only: []

  def require_user
    redirect_to root_path unless current_user
  end
end
`,
    'app/controllers/deliveries_controller.rb': `class DeliveriesController < ApplicationController
  http_basic_authenticate_with name: ENV["HOOK_USER"], password: ENV["HOOK_PASSWORD"]

  def create
    Delivery.create!(params.permit(:id))
    head :ok
  end
end
`,
    'app/controllers/pairings_controller.rb': `class PairingsController < ApplicationController
  before_action :load_caller

  def create
    Pairing.create!(user: @user)
  end

  private

  def load_caller
    @user = key_owner(request.headers["Authorization"])
  end

  def key_owner(key)
    return Key.find_by(value: key).user if key
    authenticate_or_request_with_http_basic { |u, p| User.authenticate(u, p) }
  end
end
`,
    'app/controllers/partner_reports_controller.rb': `class PartnerReportsController < ApplicationController
  before_action :check_partner_signature

  def create
    Report.create!(params.permit(:status))
  end

  private

  def check_partner_signature
    return if Partner.valid_signature?(request.headers["X-Signature"], request.body.read)
    render plain: "bad signature", status: :unauthorized
  end
end
`,
    'app/controllers/retired_controller.rb': `class RetiredController < ApplicationController
  def index
    render status: :gone, plain: "This client is no longer supported. " \\
                                 "Please upgrade."
  end
end
`,
    'app/controllers/sessions_controller.rb': `class SessionsController < ApplicationController
  def create; end
  def passkey_create; end
  def destroy; end
end
`,
    'app/controllers/passwords_controller.rb': `class PasswordsController < ApplicationController
  def create; end
  def update; end
end
`,
    'app/controllers/email_confirmations_controller.rb': `class EmailConfirmationsController < ApplicationController
  def create; end
end
`,
    'app/controllers/notes_controller.rb': `class NotesController < ApplicationController
  def create
    Note.create!(params.permit(:body))
  end
end
`,
  };
  const { facts } = runExtractor(extractor, app);
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const view = (path: string, method = 'POST') => {
    const r = eps.find((e) => e.path === path && e.method === method);
    return `${r?.auth} ${(r?.tags ?? []).filter((t) => ['webhook-signature', 'no-state-change', 'login', 'password-reset', 'email-verification'].includes(t)).join(',')}`;
  };
  assert.equal(view('/deliveries'), 'user ');
  assert.equal(view('/pairings'), 'user ');
  assert.equal(view('/hooks/partner'), 'none webhook-signature');
  assert.equal(view('/v0/uploads', 'PUT'), 'none no-state-change');
  assert.equal(view('/session'), 'none login');
  assert.equal(view('/session/passkey_create'), 'none login');
  assert.equal(view('/password'), 'none password-reset');
  assert.equal(view('/password', 'PATCH'), 'none password-reset');
  assert.equal(view('/email_confirmations'), 'none email-verification');
  // an ordinary unauthenticated write keeps no such tag
  assert.equal(view('/notes'), 'none ');
});

test('a constraint object gating a routing block decides before the controller chain', () => {
  const { facts } = runExtractor(extractor, {
    'config/routes.rb': `Rails.application.routes.draw do
  constraints(AdminConstraint) do
    resources :imports, only: [:create]
    mount Dashboards::Engine, at: '/dashboards'
  end
  resources :imports, only: [:index]
end
`,
    'app/controllers/imports_controller.rb': `class ImportsController < ApplicationController
  def index
    render json: []
  end

  def create
    head :created
  end
end
`,
  });
  assert.deepEqual(routes(facts), ['ALL /dashboards admin', 'GET /imports none', 'POST /imports admin']);
});

test('Rack::Attack throttles that recognise the route and compare controller and action limit those actions', () => {
  const { facts } = runExtractor(extractor, {
    'config/routes.rb': `Rails.application.routes.draw do
  resource :session, only: [:create]
  post 'session/code' => 'sessions#verify_code'
  resources :passwords, only: [:create]
end
`,
    'app/controllers/sessions_controller.rb': `class SessionsController < ApplicationController
  def create
    head :ok
  end

  def verify_code
    head :ok
  end
end
`,
    'app/controllers/passwords_controller.rb': `class PasswordsController < ApplicationController
  def create
    head :ok
  end
end
`,
    'config/initializers/rack_attack.rb': `class Rack::Attack
  sign_in_actions = [
    { controller: "sessions", action: "create" }
  ]
  code_action = { controller: "sessions", action: "verify_code" }

  def self.matches_action?(actions, req)
    route = Rails.application.routes.recognize_path(req.path, method: req.request_method)
    actions.any? { |a| a[:controller] == route[:controller] && a[:action] == route[:action] }
  end

  throttle("sign-in/ip", limit: 5, period: 60) do |req|
    req.ip if matches_action?(sign_in_actions, req)
  end

  throttle("code/ip", limit: 5, period: 60) do |req|
    req.ip if matches_action?([code_action], req)
  end
end
`,
  });
  const limited = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.tags?.includes('rate-limited') === true).map((r) => `${r.method} ${r.path}`).sort();
  assert.deepEqual(limited, ['POST /session', 'POST /session/code']);
});
