import * as assert from 'assert';
import type { BulkErrorKind } from '../../../src/salesforce/errors';
import { IDLE_AFTER_MS, IDLE_EVERY_MS, IDLE_STOP_MS } from '../../../src/schedule/pollRules';
import { FIRST_DELAY_MS, PollOutcome, PollPlan, ScheduleOptions, nextDelayMs } from '../../../src/tracked/pollPlan';

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

/** A plan on a manual clock with no jitter, and a helper that polls what is due with a given outcome. */
function manualPlan(options: ScheduleOptions = { maxSeconds: 60, focused: true }) {
  const clock = { now: 0 };
  const plan = new PollPlan(() => clock.now, () => options, () => 0.5);
  /** Advances to the next due poll (at most `untilMs`), polls every due key with `outcome(key)`; returns the keys polled. */
  const step = (outcome: (key: string) => PollOutcome, untilMs = Infinity): string[] => {
    const next = plan.nextDueAt();
    if (next === undefined || next > untilMs) {
      clock.now = untilMs;
      return [];
    }
    clock.now = Math.max(clock.now, next);
    const keys = plan.due();
    for (const key of keys) {
      plan.polled(key);
      plan.settle(key, outcome(key));
    }
    return keys;
  };
  /** All poll times of `key` up to `untilMs`. */
  const run = (outcome: (key: string) => PollOutcome, untilMs: number): number[] => {
    const times: number[] = [];
    while (clock.now < untilMs) {
      const keys = step(outcome, untilMs);
      if (keys.length === 0 && plan.nextDueAt() === undefined) { break; }
      times.push(...keys.map(() => clock.now));
    }
    return times;
  };
  return { clock, plan, step, run };
}

const ok: PollOutcome = { ok: true };
const fail = (kind: BulkErrorKind): PollOutcome => ({ ok: false, kind });
const usage = (percent: number) => ({ used: percent * 150, max: 15_000, at: 0 });

describe('store: polling schedule on errors', () => {
  it('backs off per job on 5xx, timeouts and network errors: 30 s doubling to 15 min', () => {
    for (const kind of ['server', 'timeout', 'network'] as const) {
      const { clock, plan, step } = manualPlan();
      plan.watch('org|a');
      const gaps: number[] = [];
      let last = 0;
      for (let i = 0; i < 8; i++) {
        step(() => fail(kind));
        gaps.push(clock.now - last);
        last = clock.now;
      }
      assert.deepStrictEqual(gaps.slice(1), [30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000], kind);
      assert.deepStrictEqual(plan.status('org|a'), { kind: 'retrying', error: kind, at: clock.now + 900_000 });
    }
  });

  it('holds the whole org on an exceeded allocation: 5 min doubling to 1 h, one job looking first', () => {
    const { clock, plan, step } = manualPlan();
    plan.watch('org|a');
    plan.watch('org|b');
    plan.watch('other|c');
    assert.deepStrictEqual(step((k) => (k.startsWith('org|') ? fail('quotaExceeded') : ok)).sort(), ['org|a', 'org|b', 'other|c']);
    assert.deepStrictEqual(plan.status('org|b'), { kind: 'retrying', error: 'quotaExceeded', at: 305_000 });
    assert.deepStrictEqual(plan.status('other|c'), { kind: 'normal' }, 'another org is not held');
    plan.unwatch('other|c');
    const at: number[] = [];
    for (let i = 0; i < 6; i++) {
      assert.strictEqual(step(() => fail('quotaExceeded')).length, 1, 'one job of the org looks');
      at.push(clock.now);
    }
    const gaps = at.map((t, i) => t - (i === 0 ? 5_000 : at[i - 1]));
    assert.deepStrictEqual(gaps, [300_000, 600_000, 1_200_000, 2_400_000, 3_600_000, 3_600_000]);
  });

  it('resets the backoff on a success, and the org lets every job through again', () => {
    const { clock, plan, step } = manualPlan();
    plan.watch('org|a');
    plan.watch('org|b');
    step(() => fail('quotaExceeded'));
    step(() => fail('quotaExceeded'));
    const t = clock.now;
    const first = step(() => ok);
    assert.strictEqual(first.length, 1, 'one looks');
    assert.ok(clock.now - t >= 600_000);
    assert.deepStrictEqual(plan.status(first[0]), { kind: 'normal' });
    const keys = step(() => ok);
    assert.deepStrictEqual(keys, ['org|a', 'org|b'].filter((k) => k !== first[0]), 'the other follows at once');
    assert.strictEqual(clock.now, t + 600_000);
    const { plan: p2, step: s2, clock: c2 } = manualPlan();
    p2.watch('org|a');
    s2(() => fail('server'));
    s2(() => fail('server'));
    const before = c2.now;
    s2(() => ok);
    s2(() => ok);
    assert.ok(c2.now - before - 60_000 <= 60_000, 'back to the usual pace');
    assert.deepStrictEqual(p2.status('org|a'), { kind: 'normal' });
  });

  it('applies jitter from the injected random source', () => {
    const clock = { now: 0 };
    const plan = new PollPlan(() => clock.now, () => ({ maxSeconds: 60, focused: true }), () => 1);
    plan.watch('org|a');
    clock.now = 5_000;
    plan.due();
    plan.polled('org|a');
    plan.settle('org|a', fail('server'));
    assert.strictEqual(plan.dueAt('org|a'), 5_000 + 33_000);
  });

  it('stops a job on a session error until the org session comes back', () => {
    const { clock, plan, step } = manualPlan();
    plan.watch('org|a');
    plan.watch('other|b');
    step((k) => (k === 'org|a' ? fail('sessionExpired') : ok));
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'signedOut' });
    assert.strictEqual(plan.dueAt('org|a'), undefined);
    clock.now = 3_600_000;
    assert.deepStrictEqual(plan.due(), ['other|b']);
    plan.sessionBack('other');
    assert.strictEqual(plan.dueAt('org|a'), undefined, 'another org coming back changes nothing');
    plan.sessionBack('org');
    assert.strictEqual(plan.dueAt('org|a'), 3_600_000, 'due at once');
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'normal' });
    plan.settle('org|a', fail('sessionExpired'));
    plan.sessionBack();
    assert.strictEqual(plan.dueAt('org|a'), 3_600_000, 'any org');
  });

  it('stops a job on an error that asking again will not mend; a cancelled poll changes nothing', () => {
    const { plan, step } = manualPlan();
    plan.watch('org|a');
    plan.watch('org|b');
    step((k) => (k === 'org|a' ? fail('notFound') : fail('cancelled')));
    assert.strictEqual(plan.dueAt('org|a'), undefined);
    assert.deepStrictEqual(plan.status('org|b'), { kind: 'normal' });
    assert.ok(plan.dueAt('org|b') !== undefined);
  });
});

describe('store: polling schedule and API usage', () => {
  it('polls an org ×4 slower above the slow threshold', () => {
    const normal = manualPlan();
    normal.plan.watch('org|a');
    const slow = manualPlan();
    slow.plan.watch('org|a');
    slow.plan.usageSeen('org', usage(85));
    const normalPolls = normal.run(() => ok, 3_600_000).length;
    const slowPolls = slow.run(() => ok, 3_600_000).length;
    assert.ok(normalPolls >= 60 && slowPolls <= normalPolls / 3, `${slowPolls} vs ${normalPolls}`);
    assert.deepStrictEqual(slow.plan.status('org|a'), { kind: 'slowed', usage: usage(85) });
  });

  it('pauses automatic polling above the pause threshold until a lower usage is seen', () => {
    const { clock, plan } = manualPlan();
    plan.watch('org|a');
    plan.watch('other|b');
    plan.usageSeen('org', usage(96));
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'usagePaused', usage: usage(96), checkAt: 3_600_000 });
    clock.now = 60_000;
    assert.deepStrictEqual(plan.due(), ['other|b']);
    plan.usageSeen('org', usage(50)); // e.g. a manual refresh
    assert.deepStrictEqual(plan.due(), ['org|a', 'other|b']);
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'normal' });
  });

  it('looks again an hour later with one job; still high: another hour', () => {
    const { clock, plan, step } = manualPlan();
    plan.watch('org|a');
    plan.watch('org|b');
    plan.usageSeen('org', usage(99));
    const polled = step((k) => { plan.usageSeen(k.split('|')[0], usage(99)); return ok; });
    assert.strictEqual(clock.now, 3_600_000);
    assert.strictEqual(polled.length, 1);
    step(() => ok);
    assert.strictEqual(clock.now, 7_200_000);
  });

  it('follows the thresholds of the settings', () => {
    const options: ScheduleOptions = { maxSeconds: 60, focused: true, usage: { slowAbovePercent: 50, pauseAbovePercent: 60 } };
    const { plan } = manualPlan(options);
    plan.watch('org|a');
    plan.usageSeen('org', usage(55));
    assert.strictEqual(plan.status('org|a')?.kind, 'slowed');
    plan.usageSeen('org', usage(70));
    assert.strictEqual(plan.status('org|a')?.kind, 'usagePaused');
    options.usage = { slowAbovePercent: 80, pauseAbovePercent: 95 };
    assert.strictEqual(plan.status('org|a')?.kind, 'normal');
    assert.strictEqual(plan.usageOf('org')?.used, usage(70).used);
  });
});

describe('store: polling Open jobs waiting for data', () => {
  const waiting = (mark = '0/0/0/0/0'): PollOutcome => ({ ok: true, waiting: mark });

  it('polls as usual for 5 minutes, then every 30 minutes, then not at all after a day', () => {
    const { plan, run } = manualPlan();
    plan.watch('org|a');
    const times = run(() => waiting(), 3 * 86_400_000);
    const firstFive = times.filter((t) => t <= IDLE_AFTER_MS + 5_000);
    assert.ok(firstFive.length >= 10 && firstFive.length <= 20, `${firstFive.length}`);
    const later = times.filter((t) => t > IDLE_AFTER_MS + 60_000);
    assert.ok(later.every((t, i) => i === 0 || t - later[i - 1] === IDLE_EVERY_MS));
    assert.ok(times[times.length - 1] <= IDLE_STOP_MS + IDLE_EVERY_MS + IDLE_AFTER_MS, 'nothing after a day');
    assert.ok(times.length <= 70, `${times.length} polls`);
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'idleStopped' });
    assert.strictEqual(plan.nextDueAt(), undefined);
  });

  it('says it is waiting for data, and counts moving reset the idle time', () => {
    const { clock, plan, run } = manualPlan();
    plan.watch('org|a');
    run(() => waiting(), 10 * 60_000);
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'waiting', everyMs: IDLE_EVERY_MS });
    const before = clock.now;
    run(() => waiting('1/0/0/0/0'), before + IDLE_EVERY_MS);
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'normal' }, 'a batch came: not idle');
  });

  it('Resume Polling puts a stopped job back on the normal schedule', () => {
    const { clock, plan, run } = manualPlan();
    plan.watch('org|a');
    run(() => waiting(), 2 * 86_400_000);
    assert.strictEqual(plan.status('org|a')?.kind, 'idleStopped');
    plan.resume('org|a');
    assert.strictEqual(plan.dueAt('org|a'), clock.now);
    assert.deepStrictEqual(plan.status('org|a'), { kind: 'normal' });
    const t = clock.now;
    const times = run(() => waiting(), t + 5 * 60_000);
    assert.ok(times.length >= 10, `polled at the usual pace again: ${times.length}`);
  });
});
