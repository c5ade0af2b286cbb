import * as assert from 'assert';
import type { BulkErrorKind } from '../../../src/salesforce/errors';
import type { ApiUsage } from '../../../src/salesforce/types';
import { formatMessage } from '../../../src/job/format';
import { DEFAULT_USAGE_THRESHOLDS, PAUSE_CHECK_MS } from '../../../src/schedule/pollRules';
import { SHOWN_GRACE_MS, UNFOCUSED_AFTER_MS, budgetEveryMs, watchNotice, watchPlan, type WatchInputs } from '../../../src/orgJobs/watchPlan';

const t = (m: string, ...args: Array<string | number>): string => formatMessage(m, args);
const MIN = 60_000;
const HOUR = 60 * MIN;
const usage = (used: number): ApiUsage => ({ used, max: 100, at: 0 });

function inputs(over: Partial<WatchInputs> = {}): WatchInputs {
  return {
    now: 0, watched: true, visible: false, notifications: true, leaseHere: true, lastFocusAnywhere: 0, checkWhileUnfocused: false,
    thresholds: DEFAULT_USAGE_THRESHOLDS, refreshMs: MIN, backgroundMs: 5 * MIN, random: 0.5, maxSharePerHourPercent: 1, ...over,
  };
}

/**
 * One simulated hour, a second at a time: refreshes whenever the plan says it is due; `fail` says
 * which refreshes fail (their error kind). Focus stays as given. Returns how many refreshes were sent.
 */
function simulateHour(over: Partial<WatchInputs>, fail: (n: number) => BulkErrorKind | undefined = () => undefined): number {
  let sent = 0;
  let last: number | undefined = over.lastReadHere;
  let errors: WatchInputs['errors'];
  for (let now = 0; now < HOUR; now += 1000) {
    const plan = watchPlan(inputs({ ...over, now, lastReadHere: last, lastRefreshAnywhere: last, errors }));
    if (plan.at === undefined || plan.at > now) {
      continue;
    }
    sent++;
    const kind = fail(sent);
    if (kind === undefined) {
      last = now;
      errors = undefined;
    } else {
      errors = { count: (errors?.count ?? 0) + 1, kind, at: now };
    }
  }
  return sent;
}

describe('orgJobs/watchPlan', () => {
  describe('inside a budget: a share of the daily allocation an hour', () => {
    const daily = (max: number): ApiUsage => ({ used: 0, max, at: 0 });

    it("stretches a big org's interval so that an hour of reads stays within the share", () => {
      // 100,000 a day, 1 % an hour: 1,000 requests an hour; 44 pages a read: every 2.64 min.
      assert.strictEqual(budgetEveryMs(44, daily(100_000), 1), Math.ceil((44 / 1_000) * HOUR));
      for (const [n, max, share] of [[44, 100_000, 1], [100, 15_000, 1], [200, 1_000_000, 0.5], [2, 15_000, 1], [70, 100_000, 1]] as const) {
        for (const visible of [true, false]) {
          const sent = simulateHour({ visible, notifications: !visible, lastFocusAnywhere: HOUR, pagesPerRead: n, usage: daily(max), maxSharePerHourPercent: share });
          assert.ok(sent * n <= (max * share) / 100 + n, `${n} pages, ${max} a day, ${share} %, ${visible ? 'shown' : 'hidden'}: ${sent} reads, ${sent * n} requests`);
          assert.ok(sent <= (visible ? 60 : 12), 'never faster than refreshSeconds or backgroundMinutes');
        }
      }
    });

    it('leaves a small org at refreshSeconds and says nothing', () => {
      assert.strictEqual(simulateHour({ visible: true, notifications: false, lastFocusAnywhere: HOUR, pagesPerRead: 2, usage: daily(15_000) }), 60);
      const plan = watchPlan(inputs({ visible: true, lastReadHere: 0, pagesPerRead: 2, usage: daily(15_000) }));
      assert.deepStrictEqual(plan.status, { kind: 'normal' });
      assert.strictEqual(watchNotice(plan.status, 0, t), undefined);
    });

    it('stretches the background checks too, and says so on the message line', () => {
      // 50,000 jobs: 100 pages a read; 15,000 a day at 1 %: 150 an hour, a read every 40 min.
      const plan = watchPlan(inputs({ lastReadHere: 0, pagesPerRead: 100, usage: daily(15_000) }));
      assert.strictEqual(plan.at, 40 * MIN);
      assert.deepStrictEqual(plan.status, { kind: 'budget', everyMs: 40 * MIN, pages: 100 });
      assert.strictEqual(watchNotice(plan.status, 0, t), 'refreshed every 40 min: 100 pages a read');
      assert.strictEqual(simulateHour({ lastFocusAnywhere: HOUR, pagesPerRead: 100, usage: daily(15_000) }), 2);
    });

    it('counts the list pages a read takes: 44 pages, 100,000 a day at 1 %: every 2.64 min (2 min, as durations are said)', () => {
      const plan = watchPlan(inputs({ visible: true, lastReadHere: 0, pagesPerRead: 44, usage: daily(100_000) }));
      assert.deepStrictEqual(plan.status, { kind: 'budget', everyMs: Math.ceil((44 / 1_000) * HOUR), pages: 44 });
      assert.strictEqual(watchNotice(plan.status, 0, t), 'refreshed every 2 min: 44 pages a read');
    });

    it('a window showing the org without the lease waits the stretched interval too (and its grace)', () => {
      const plan = watchPlan(inputs({ visible: true, leaseHere: false, lastRefreshAnywhere: 0, pagesPerRead: 100, usage: daily(15_000) }));
      assert.strictEqual(plan.at, 40 * MIN + SHOWN_GRACE_MS);
    });

    it('does not stretch while the cost or the allocation is unknown', () => {
      assert.strictEqual(budgetEveryMs(undefined, daily(15_000), 1), undefined);
      assert.strictEqual(budgetEveryMs(10, undefined, 1), undefined);
      assert.strictEqual(simulateHour({ visible: true, notifications: false, lastFocusAnywhere: HOUR, pagesPerRead: 100 }), 60);
    });

    it('slows a stretched interval further above the slow threshold', () => {
      const plan = watchPlan(inputs({ lastReadHere: 0, pagesPerRead: 100, usage: { used: 12_500, max: 15_000, at: 0 } }));
      assert.strictEqual(plan.status.kind, 'slowed');
      assert.ok((plan.at ?? 0) > 40 * MIN, String(plan.at));
    });
  });

  describe('a simulated hour', () => {
    it('refreshes a visible watched org every refreshSeconds: 60 times (in the lease holder; 15 s later in another window)', () => {
      assert.strictEqual(simulateHour({ visible: true, notifications: false, lastFocusAnywhere: HOUR }), 60);
      assert.strictEqual(simulateHour({ visible: true, leaseHere: false, notifications: false, lastFocusAnywhere: HOUR }), 48);
    });

    it('checks a hidden one in the lease holder every backgroundMinutes: 12 times', () => {
      assert.strictEqual(simulateHour({ lastFocusAnywhere: HOUR }), 12);
    });

    it('sends nothing when no window was focused for an hour, unless checkWhileUnfocused', () => {
      assert.strictEqual(simulateHour({ lastFocusAnywhere: -HOUR }), 0);
      assert.strictEqual(simulateHour({ visible: true, lastFocusAnywhere: undefined }), 0);
      assert.strictEqual(simulateHour({ lastFocusAnywhere: -HOUR, checkWhileUnfocused: true }), 12);
    });

    it('is 4× slower above the slow threshold, and looks once an hour above the pause threshold', () => {
      const focused = { lastFocusAnywhere: HOUR };
      assert.strictEqual(simulateHour({ ...focused, usage: usage(85) }), 3);
      assert.strictEqual(simulateHour({ ...focused, visible: true, usage: usage(85) }), 15);
      assert.strictEqual(simulateHour({ ...focused, usage: usage(99), lastReadHere: -1 }), 0);
      assert.strictEqual(simulateHour({ ...focused, usage: usage(99), lastReadHere: -HOUR + 10 * MIN }), 1);
    });

    it('backs off transient errors (30 s doubling) and quota errors (5 min doubling)', () => {
      const focused = { visible: true, lastFocusAnywhere: HOUR };
      // Always failing: at 0 s, 30 s, 1.5 min, 3.5, 7.5, 15.5, 30.5, 45.5 → 8 in the hour (60 without errors).
      assert.strictEqual(simulateHour(focused, () => 'network'), 8);
      // 0, 5, 15, 35 min → 4 in the hour.
      assert.strictEqual(simulateHour(focused, () => 'quotaExceeded'), 4);
    });

    it('stops after a lost session or an error asking again will not mend', () => {
      const focused = { visible: true, lastFocusAnywhere: HOUR };
      assert.strictEqual(simulateHour(focused, () => 'sessionExpired'), 1);
      assert.strictEqual(simulateHour(focused, () => 'noPermission'), 1);
    });
  });

  it('never refreshes an org that is not watched, nor a hidden one without the lease or without notifications', () => {
    assert.strictEqual(watchPlan(inputs({ watched: false, visible: true })).at, undefined);
    assert.strictEqual(watchPlan(inputs({ leaseHere: false })).at, undefined);
    assert.strictEqual(watchPlan(inputs({ notifications: false })).at, undefined);
    assert.strictEqual(watchPlan(inputs({ visible: true, leaseHere: false, notifications: false })).at, 0);
  });

  it('skips a background check when any window refreshed the org within backgroundMinutes', () => {
    const plan = watchPlan(inputs({ now: 3 * MIN, lastRefreshAnywhere: 2 * MIN, lastReadHere: undefined }));
    assert.strictEqual(plan.at, 7 * MIN);
  });

  it('counts another window\'s refresh for a visible one too (that window\'s list is taken), the lease holder first', () => {
    const holder = watchPlan(inputs({ visible: true, now: 30_000, lastRefreshAnywhere: 20_000, lastReadHere: 0 }));
    assert.strictEqual(holder.at, 20_000 + MIN);
    const other = watchPlan(inputs({ visible: true, leaseHere: false, now: 30_000, lastRefreshAnywhere: 20_000, lastReadHere: 0 }));
    assert.strictEqual(other.at, 20_000 + MIN + SHOWN_GRACE_MS);
  });

  it('two windows showing one watched org refresh it 60 times an hour between them, not 120', () => {
    let last: number | undefined;
    const sent = { holder: 0, other: 0 };
    for (let now = 0; now < HOUR; now += 1000) {
      for (const who of ['holder', 'other'] as const) {
        const plan = watchPlan(inputs({ now, visible: true, leaseHere: who === 'holder', lastFocusAnywhere: HOUR, lastRefreshAnywhere: last }));
        if (plan.at !== undefined && plan.at <= now) {
          sent[who]++;
          last = now;
        }
      }
    }
    assert.deepStrictEqual(sent, { holder: 60, other: 0 });
  });

  it('says on screen why the list is not refreshed at the usual pace', () => {
    const now = 0;
    const say = (over: Partial<WatchInputs>): string | undefined => watchNotice(watchPlan(inputs({ visible: true, lastReadHere: 0, ...over })).status, now, t);
    assert.strictEqual(say({}), undefined);
    assert.strictEqual(say({ usage: usage(86) }), 'polling slowed: API usage 86% of 100');
    assert.strictEqual(say({ usage: usage(97) }), 'polling paused: API usage 97% of 100');
    assert.strictEqual(say({ lastFocusAnywhere: -UNFOCUSED_AFTER_MS }), 'not refreshed while no VS Code window is focused');
    assert.strictEqual(say({ errors: { count: 3, kind: 'server', at: 0 } }), 'retrying in 2 min: Salesforce answered with a server error');
    assert.strictEqual(say({ errors: { count: 1, kind: 'sessionExpired', at: 0 } }), 'not polled: sign in to the org again');
    assert.strictEqual(watchPlan(inputs({ usage: usage(97), lastReadHere: 0 })).at, PAUSE_CHECK_MS);
  });
});
