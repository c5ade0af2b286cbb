import * as assert from 'assert';
import { INTENT_MS, reconcile } from '../../../src/jobs/reconcile';
import type { JobRecord } from '../../../src/jobs/jobRecords';

const T = 1_000_000;
const SETTLE = 2_000;
const live = (addedAt: number): JobRecord => ({ summary: { orgKey: 'o', jobId: '750D00000004SkLIAU', addedAt } });
const removed = (at: number): JobRecord => ({ removedAt: at });

describe('store: tracked or not, when memory and globalState disagree', () => {
  it('agrees when both say the same', () => {
    assert.strictEqual(reconcile(live(1), true, undefined, undefined, T, SETTLE), 'agree');
    assert.strictEqual(reconcile(removed(1), false, undefined, undefined, T, SETTLE), 'agree');
    assert.strictEqual(reconcile(undefined, false, undefined, undefined, T, SETTLE), 'agree');
  });

  it('adopts what another window did only when it is still so a sync later (an older echo passes)', () => {
    assert.strictEqual(reconcile(live(1), false, undefined, undefined, T, SETTLE), 'wait');
    assert.strictEqual(reconcile(live(1), false, undefined, T - SETTLE + 1, T, SETTLE), 'wait');
    assert.strictEqual(reconcile(live(1), false, undefined, T - SETTLE, T, SETTLE), 'adopt');
    assert.strictEqual(reconcile(removed(1), true, undefined, T - SETTLE, T, SETTLE), 'adopt');
  });

  it('adopts at once at start-up', () => {
    assert.strictEqual(reconcile(live(1), false, undefined, undefined, T, 0), 'adopt');
  });

  it('writes this window\'s own recent untrack again when the stored job is older (the tombstone was lost)', () => {
    const untrack = { tracked: false, at: T - 10 };
    assert.strictEqual(reconcile(live(T - 100), false, untrack, undefined, T, SETTLE), 'rewrite');
    // Tracked again later by another window: that wins, after settling.
    assert.strictEqual(reconcile(live(T - 5), false, untrack, T - SETTLE, T, SETTLE), 'adopt');
  });

  it('writes this window\'s own recent track again when the key is gone or an older tombstone', () => {
    const track = { tracked: true, at: T - 10 };
    assert.strictEqual(reconcile(undefined, true, track, undefined, T, SETTLE), 'rewrite');
    assert.strictEqual(reconcile(removed(T - 100), true, track, undefined, T, SETTLE), 'rewrite');
    assert.strictEqual(reconcile(removed(T - 5), true, track, T - SETTLE, T, SETTLE), 'adopt', 'untracked later elsewhere');
  });

  it('forgets its intent after a minute', () => {
    assert.strictEqual(reconcile(undefined, true, { tracked: true, at: T - INTENT_MS }, T - SETTLE, T, SETTLE), 'adopt');
  });
});
