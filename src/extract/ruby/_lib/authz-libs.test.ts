import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abilityFor, readAbilities } from './cancan.js';
import { judgePredicate, readPolicies } from './pundit.js';

const ABILITY = `class Ability
  include CanCan::Ability

  def initialize(user)
    can :read, [Page, :site]
    can :create, Ticket unless user
    if user&.active?
      can [:create, :vote], Ticket
      can :update, Ticket, owner: user
      can :manage, :all if user.admin?
      if user.moderator?
        can :hide, Ticket
      end
    end
  end
end
`;

test('CanCanCan abilities: the level of the branch a rule sits in, aliases, ownership', () => {
  const [ability] = readAbilities(ABILITY);
  assert.equal(ability.name, 'Ability');
  const level = (action: string, subject: string) => abilityFor(ability, action, subject)?.level;
  assert.equal(level('index', 'page'), 'none');
  assert.equal(level('show', 'site'), 'none');
  // Guests may create, and so may users: the least requirement wins.
  assert.equal(level('create', 'ticket'), 'none');
  assert.equal(level('vote', 'ticket'), 'user');
  assert.equal(level('hide', 'ticket'), 'admin');
  assert.equal(level('destroy', 'ticket'), 'admin');
  assert.equal(abilityFor(ability, 'edit', 'ticket')?.owner, true);
  assert.equal(abilityFor(ability, 'archive', 'invoice')?.level, 'admin');
});

test('a guest object (user ||= User.new) makes `if user` a branch for everybody', () => {
  const [ability] = readAbilities('class Ability\n  def initialize(user)\n    user ||= User.new\n    if user\n      can :create, Comment\n    end\n    if user.persisted?\n      can :destroy, Comment\n    end\n  end\nend\n');
  assert.equal(abilityFor(ability, 'create', 'comment')?.level, 'none');
  assert.equal(abilityFor(ability, 'destroy', 'comment')?.level, 'user');
});

test('Pundit predicates: role-only, ownership, open, and methods read per policy class', () => {
  assert.deepEqual(judgePredicate('def destroy?\n  user.admin?\nend'), { level: 'admin', owner: false });
  assert.deepEqual(judgePredicate('def update?\n  user.admin? || record.author == user\nend'), { level: 'user', owner: true });
  assert.deepEqual(judgePredicate('def transfer?\n  gem_owned_by?(user)\nend'), { level: 'user', owner: true });
  assert.deepEqual(judgePredicate('def show?\n  true\nend'), { level: 'none', owner: false });
  const [policy] = readPolicies('class Shop::OrderPolicy < ApplicationPolicy\n  def cancel?\n    record.user_id == user.id\n  end\n\n  class Scope < Scope\n    def resolve?\n      true\n    end\n  end\nend\n');
  assert.equal(policy.subject, 'shop/order');
  assert.equal(policy.superclass, 'ApplicationPolicy');
  assert.equal(policy.methods['cancel?'].owner, true);
  assert.deepEqual(Object.keys(policy.methods), ['cancel?']);
});
