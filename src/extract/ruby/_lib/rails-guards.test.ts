import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionalGuard, handlerChecksUser, judgeCallbackBody } from './rails-guards.js';

const level = (name: string, body: string) => {
  const v = judgeCallbackBody(name, body);
  return typeof v === 'object' ? v.level : v;
};

test('callback bodies: guards, admin guards, optional loaders and guest-only filters', () => {
  assert.equal(level('authenticate!', 'def authenticate!\n  head :unauthorized unless current_user\nend'), 'user');
  assert.equal(level('require_login', 'def require_login\n  if current_user.nil?\n    redirect_to login_path\n  end\nend'), 'user');
  assert.equal(level('require_user_xhr', 'def require_user_xhr\n  return true if @user\n  render plain: "no", status: 400\nend'), 'user');
  assert.equal(level('require_admin', 'def require_admin\n  raise Forbidden unless current_user.admin?\nend'), 'admin');
  assert.equal(level('check_mod', 'def check_mod\n  if @user.is_moderator?\n    true\n  else\n    redirect_to "/"\n  end\nend'), 'admin');
  // The owner OR a moderator may pass: a user-level check.
  assert.equal(level('only_owner_or_moderator', 'def only_owner_or_moderator\n  if @doc.user == @user || @user.is_moderator?\n    true\n  else\n    redirect_to "/"\n  end\nend'), 'user');
  // A role test that only picks the query denies nobody for being a moderator.
  assert.equal(level('find_own_doc', 'def find_own_doc\n  @doc = if @user.is_moderator?\n    Doc.first\n  else\n    Doc.where(user_id: @user.id).first\n  end\n  redirect_to "/" unless @doc\nend'), 'user');
  assert.equal(level('load_user', 'def load_user\n  @current_user ||= User.find_by(id: session[:uid]) if session[:uid]\n  true\nend'), 'optional');
  // Denials only for a signed-in user (suspended, terms unseen): anonymous visitors pass.
  assert.equal(level('load_web_user', 'def load_web_user\n  if session[:uid]\n    self.current_user = User.find_by(id: session[:uid])\n    if current_user.suspended?\n      redirect_to "/suspended"\n    end\n  end\nrescue StandardError\n  reset_session\nend'), 'optional');
  assert.equal(level('load_then_require', 'def load_then_require\n  if session[:uid]\n    self.current_user = User.find_by(id: session[:uid])\n  end\n  head :forbidden unless current_user\nend'), 'user');
  assert.equal(level('redirect_if_signed_in', 'def redirect_if_signed_in\n  redirect_to "/" if current_user\nend'), undefined);
  // A record whose name ends in _role is not a role test.
  assert.equal(level('redirect_for_deleted', 'def redirect_for_deleted\n  redirect_to roles_path if @key_role.deleted_at? && current_user\nend'), 'user');
  assert.equal(level('set_locale', 'def set_locale\n  I18n.locale = params[:locale]\nend'), undefined);
});

test('actions that refuse unless a predicate on the current user holds', () => {
  assert.equal(handlerChecksUser('def update\n  return head :forbidden unless @post.editable_by?(current_user)\n  @post.update(x)\nend'), true);
  assert.equal(handlerChecksUser('def delete\n  if !((@c = find_c) && @c.deletable_by?(@user))\n    return render plain: "no", status: 400\n  end\nend'), true);
  assert.equal(handlerChecksUser('def create\n  authenticate_or_request_with_http_basic do |name, password|\n    Key.issue(User.authenticate(name, password))\n  end\nend'), true);
  assert.equal(handlerChecksUser('def show\n  @post = Post.find(params[:id])\nend'), false);
  assert.equal(handlerChecksUser('def create\n  if @user\n    @user.save\n  else\n    cookies[:x] = 1\n  end\n  redirect_to "/"\nend'), false);
});

test('callbacks that deny only when nobody is signed in (unless: :signed_in?)', () => {
  const body = 'def send_to_login\n  redirect_to login_path, alert: "sign in"\nend';
  assert.equal(conditionalGuard({ name: 'send_to_login', unless: ':signed_in?' }, body)?.level, 'user');
  assert.equal(conditionalGuard({ name: 'send_to_login', if: '-> { !user_signed_in? }' }, body)?.level, 'user');
  // Runs for signed-in users (a guest-only page) or denies nobody: not a guard.
  assert.equal(conditionalGuard({ name: 'send_to_login', if: ':signed_in?' }, body), undefined);
  assert.equal(conditionalGuard({ name: 'track_visit', unless: ':signed_in?' }, 'def track_visit\n  Visit.create\nend'), undefined);
});
