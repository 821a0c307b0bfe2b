import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRoutes } from './routes-dsl.js';

const list = (text: string) => readRoutes(text).map((r) => `${r.method} ${r.path} ${r.target}`);

test('hash-rocket options, namespace path and module, symbol scopes, singular resources', () => {
  const routes = list(`Shop::Application.routes.draw do
  namespace :api, :path => "api/v2" do
    resource :status, :only => :show
    resources :carts, :only => [:create] do
      resource :lock, :module => :carts, :only => [:destroy]
    end
    post "cart/:cart_id/clear" => "carts/items#destroy_all", :as => nil
  end
  namespace :settings, :module => :preferences do
    resource :privacy, :only => :update
  end
  resources :orders, :only => [] do
    scope :module => :orders do
      resource :receipt, :only => :create
    end
  end
  resources :gems,
    only: %i[index],
    path: "g" do
    post :yank
  end
  scope :help, :module => :docs do
    resource :faq_entry, :path => "faq", :only => :show
  end
end
`);
  assert.deepEqual(routes, [
    'GET /api/v2/status api/statuses#show',
    'POST /api/v2/carts api/carts#create',
    'DELETE /api/v2/carts/:cart_id/lock api/carts/locks#destroy',
    'POST /api/v2/cart/:cart_id/clear api/carts/items#destroy_all',
    'PATCH /settings/privacy preferences/privacies#update',
    'PUT /settings/privacy preferences/privacies#update',
    'POST /orders/:order_id/receipt orders/receipts#create',
    'GET /g gems#index',
    'POST /g/:id/yank gems#yank',
    'GET /help/faq docs/faq_entries#show',
  ]);
});

test('devise_for adds its public entry points and the authenticated registration routes', () => {
  const routes = readRoutes('Rails.application.routes.draw do\n  devise_for :members, skip: [:registrations]\nend\n');
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.fixed?.auth} ${r.fixed?.tags.join(',')}`), [
    'GET /members/sign_in none login,devise',
    'POST /members/sign_in none login,devise',
    'DELETE /members/sign_out none devise',
    'GET /members/password/new none password-reset,devise',
    'GET /members/password/edit none password-reset,devise',
    'POST /members/password none password-reset,devise',
    'PATCH /members/password none password-reset,devise',
    'PUT /members/password none password-reset,devise',
  ]);
});

test('scope controller: and action: give their routes a target', () => {
  assert.deepEqual(
    list(`Rails.application.routes.draw do
  scope controller: 'legacy/uploads', action: 'retired' do
    put 'v0/uploads'
    scope path: 'v0/items/:id' do
      post 'move'
    end
  end
  scope controller: :pages do
    get 'about', action: :about
  end
end
`),
    ['PUT /v0/uploads legacy/uploads#retired', 'POST /v0/items/:id/move legacy/uploads#retired', 'GET /about pages#about'],
  );
});

test('constraint objects, constraint lambdas and Devise authenticate blocks gate the routes inside', () => {
  const routes = readRoutes(`Rails.application.routes.draw do
  constraints(StaffOnlyConstraint) do
    namespace :ops do
      mount JobsDashboard::Engine, at: 'jobs'
      resources :reports, only: [:index]
    end
  end
  constraints lambda { |req| req.session[:user_id].present? } do
    get 'inbox' => 'messages#index'
  end
  authenticate :user, ->(u) { u.admin? } do
    mount QueueWeb => '/queue'
  end
  authenticated :user do
    root to: 'dashboard#show'
  end
  constraints(subdomain: 'api') do
    get 'status' => 'status#show'
  end
  constraints(FormatConstraint.new(:json)) do
    get 'feed' => 'feeds#show'
  end
  get 'about' => 'pages#about'
end
`);
  assert.deepEqual(
    routes.map((r) => `${r.method} ${r.path} ${r.gate?.level ?? 'open'}`),
    ['ALL /ops/jobs admin', 'GET /ops/reports admin', 'GET /inbox user', 'ALL /queue admin', 'GET / user', 'GET /status open', 'GET /feed open', 'GET /about open'],
  );
});
