// The planner is pure: every decision from (threats, tickets, options) alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSync } from '../../src/trackers/planner.js';
import type { Ticket } from '../../src/trackers/types.js';
import { threat } from '../diff/model-factory.js';

const A = '00000000-0000-5000-8000-00000000000a';
const B = '00000000-0000-5000-8000-00000000000b';
const C = '00000000-0000-5000-8000-00000000000c';
const options = { product: 'shop', commit: 'f'.repeat(40), minSeverity: 'high' as const, reopen: true };

const ticket = (key: string, threatId: string | undefined, over: Partial<Ticket> = {}): Ticket => ({ key, url: `https://t/${key}`, ...(threatId ? { threatId } : {}), product: 'shop', title: `title ${key}`, state: 'open', status: 'open', severity: 'high', labels: [], assignees: [], fixNotVerified: false, ...over });

describe('planSync', () => {
  it('creates for open threats at or above the threshold only', () => {
    const plan = planSync([threat(A, { severity: 'critical' }), threat(B, { severity: 'medium' }), threat(C, { status: 'suppressed' })], [], options);
    assert.deepEqual(plan.actions.map((a) => [a.type, a.threatId]), [['create', A]]);
    assert.equal(plan.belowThreshold, 1);
    assert.equal(plan.notOpen, 1);
  });

  it('is empty when every ticket is in step', () => {
    const plan = planSync([threat(A)], [ticket('#1', A)], options);
    assert.deepEqual(plan.actions, []);
    assert.equal(plan.unchanged, 1);
  });

  it('closes open tickets whose threat is gone, quoting the commit', () => {
    const [action] = planSync([], [ticket('#1', A)], options).actions;
    assert.equal(action.type, 'close');
    assert.match(action.reason, /gone from the code at ffffffffffff: fix verified/);
  });

  it('closes when the model marks the threat resolved or mitigated', () => {
    const [action] = planSync([threat(A, { status: 'resolved', statusReason: 'WAF rule' })], [ticket('#1', A)], options).actions;
    assert.deepEqual([action.type, action.reason], ['close', 'the model marks the threat resolved (WAF rule)']);
  });

  it('reopens done tickets whose threat is present; comments instead when reopening is off', () => {
    const closed = ticket('#1', A, { state: 'closed', resolution: 'done' });
    assert.equal(planSync([threat(A)], [closed], options).actions[0].type, 'reopen');
    const comment = planSync([threat(A)], [closed], { ...options, reopen: false }).actions[0];
    assert.ok(comment.type === 'reopen' && comment.mode === 'comment');
    assert.deepEqual(planSync([threat(A)], [{ ...closed, fixNotVerified: true }], { ...options, reopen: false }).actions, [], 'said once');
  });

  it('leaves tickets closed as not planned alone and never recreates them', () => {
    const plan = planSync([threat(A)], [ticket('#1', A, { state: 'closed', resolution: 'not-planned' })], options);
    assert.deepEqual(plan.actions, []);
    assert.match(plan.notes[0], /closed as not planned/);
  });

  it('updates on a severity change, even below the threshold (the threat is still there)', () => {
    const [action] = planSync([threat(A, { severity: 'medium' })], [ticket('#1', A, { severity: 'high' })], options).actions;
    assert.ok(action.type === 'update' && action.from === 'high' && action.to === 'medium');
  });

  it('does not act on a ticket whose severity record a person removed', () => {
    assert.deepEqual(planSync([threat(A, { severity: 'critical' })], [ticket('#1', A, { severity: undefined })], options).actions, []);
  });

  it('keeps the open, oldest duplicate in step and notes the others', () => {
    const plan = planSync([threat(A)], [ticket('#9', A), ticket('#3', A, { state: 'closed', resolution: 'done' }), ticket('#5', A)], options);
    assert.deepEqual(plan.actions, []);
    assert.deepEqual(plan.notes, ['#3, #9 track the same threat as #5; only #5 is kept in step (close the others as duplicates)']);
  });

  it('ignores tickets of other products and notes tickets without a marker', () => {
    const plan = planSync([], [ticket('#1', A, { product: 'other' }), ticket('#2', undefined)], options);
    assert.deepEqual(plan.actions, []);
    assert.match(plan.notes[0], /#2 carries the threatcode label but no threat marker/);
  });

  it('orders closes, reopens, updates, creates; most severe first', () => {
    const plan = planSync(
      [threat(A, { severity: 'high' }), threat(B, { severity: 'critical' }), threat(C, { severity: 'critical' })],
      [ticket('#1', C, { state: 'closed', resolution: 'done' }), ticket('#2', '00000000-0000-5000-8000-0000000000ff')],
      options,
    );
    assert.deepEqual(plan.actions.map((a) => `${a.type}:${a.threatId.slice(-2)}`), ['close:ff', 'reopen:0c', 'create:0b', 'create:0a']);
  });
});
