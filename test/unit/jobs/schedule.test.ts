import * as assert from 'assert';
import { FIRST_DELAY_MS, PollPlan, ScheduleOptions, nextDelayMs } from '../../../src/jobs/schedule';

/** A fake clock and a loop that polls whatever is due, the way the poller does. */
function simulate(minutes: number, options: ScheduleOptions, doneAfterMs?: number): number[] {
  let now = 1_000_000;
  const start = now;
  const plan = new PollPlan(() => now, () => options);
  const polls: number[] = [];
  plan.watch('job');
  while (now - start <= minutes * 60_000) {
    const next = plan.nextDueAt();
    if (next === undefined) { break; }
    now = Math.max(now, next);
    if (now - start > minutes * 60_000) { break; }
    for (const key of plan.due()) {
      polls.push(now - start);
      if (doneAfterMs !== undefined && now - start >= doneAfterMs) {
        plan.unwatch(key);
      } else {
        plan.polled(key);
      }
    }
  }
  return polls;
}

describe('store: polling schedule', () => {
  it('first polls after about 5 s', () => {
    const polls = simulate(1, { maxSeconds: 60, focused: true });
    assert.strictEqual(polls[0], FIRST_DELAY_MS);
  });

  it('sends at most 25 requests for a running job over 10 minutes (fixed 5 s would be 120)', () => {
    const polls = simulate(10, { maxSeconds: 60, focused: true });
    assert.ok(polls.length <= 25, `polls: ${polls.length}`);
    assert.ok(polls.length >= 10, `still polls regularly: ${polls.length}`);
  });

  it('backs off to the maximum and never beyond', () => {
    const polls = simulate(30, { maxSeconds: 60, focused: true });
    const gaps = polls.slice(1).map((t, i) => t - polls[i]);
    assert.ok(gaps.every((g) => g <= 60_000), 'no gap above max');
    assert.strictEqual(gaps[gaps.length - 1], 60_000);
    for (let i = 1; i < gaps.length; i++) {
      assert.ok(gaps[i] >= gaps[i - 1], 'gaps never shrink');
    }
  });

  it('respects a smaller maximum', () => {
    const polls = simulate(5, { maxSeconds: 10, focused: true });
    const gaps = polls.slice(1).map((t, i) => t - polls[i]);
    assert.ok(gaps.every((g) => g <= 10_000));
  });

  it('polls more slowly while the window is unfocused', () => {
    const focused = simulate(10, { maxSeconds: 60, focused: true }).length;
    const unfocused = simulate(10, { maxSeconds: 60, focused: false }).length;
    assert.ok(unfocused < focused, `${unfocused} < ${focused}`);
    assert.strictEqual(nextDelayMs(10 * 60_000, { maxSeconds: 60, focused: false }), 180_000);
  });

  it('sends nothing once the job is done', () => {
    const polls = simulate(10, { maxSeconds: 60, focused: true }, 30_000);
    assert.ok(polls[polls.length - 1] <= 40_000, 'no poll long after done');
    const plan = new PollPlan(() => 0, () => ({ maxSeconds: 60, focused: true }));
    plan.watch('a');
    plan.unwatch('a');
    assert.strictEqual(plan.nextDueAt(), undefined);
  });

  it('brings polls forward when focus returns, never back', () => {
    let now = 0;
    let focused = false;
    const plan = new PollPlan(() => now, () => ({ maxSeconds: 60, focused }));
    plan.watch('a');
    assert.strictEqual(plan.nextDueAt(), 15_000);
    focused = true;
    plan.replan();
    assert.strictEqual(plan.nextDueAt(), 5_000);
    focused = false;
    plan.replan();
    assert.strictEqual(plan.nextDueAt(), 5_000);
    now = 5_000;
    assert.deepStrictEqual(plan.due(), ['a']);
  });

  it('watching twice keeps the plan', () => {
    let now = 0;
    const plan = new PollPlan(() => now, () => ({ maxSeconds: 60, focused: true }));
    plan.watch('a');
    now = 4_000;
    plan.watch('a');
    assert.strictEqual(plan.nextDueAt(), 5_000);
    assert.strictEqual(plan.size, 1);
  });

  it('says when each watched job is due next, nothing for one not watched', () => {
    const options: ScheduleOptions = { maxSeconds: 60, focused: true };
    const clock = { now: 0 };
    const plan = new PollPlan(() => clock.now, () => options);
    for (const [key, at] of [['a', 0], ['b', 2_000]] as const) {
      clock.now = at;
      plan.watch(key);
      assert.strictEqual(plan.dueAt(key), at + FIRST_DELAY_MS, key);
    }
    clock.now = 5_000;
    plan.polled('a');
    assert.strictEqual(plan.dueAt('a'), 5_000 + nextDelayMs(5_000, options));
    plan.unwatch('b');
    assert.strictEqual(plan.dueAt('b'), undefined);
    assert.strictEqual(plan.dueAt('c'), undefined);
  });
});
