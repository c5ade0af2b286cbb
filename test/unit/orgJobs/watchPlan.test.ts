import * as assert from 'assert';
import type { BulkErrorKind } from '../../../src/salesforce/errors';
import type { ApiUsage } from '../../../src/salesforce/types';
import { formatMessage } from '../../../src/job/format';
import { DEFAULT_USAGE_THRESHOLDS, PAUSE_CHECK_MS } from '../../../src/schedule/pollRules';
import { SHOWN_GRACE_MS, UNFOCUSED_AFTER_MS, watchNotice, watchPlan, type WatchInputs } from '../../../src/orgJobs/watchPlan';

const t = (m: string, ...args: Array<string | number>): string => formatMessage(m, args);
const MIN = 60_000;
const HOUR = 60 * MIN;
const usage = (used: number): ApiUsage => ({ used, max: 100, at: 0 });

function inputs(over: Partial<WatchInputs> = {}): WatchInputs {
  return {
    now: 0, watched: true, visible: false, notifications: true, leaseHere: true, lastFocusAnywhere: 0, checkWhileUnfocused: false,
    thresholds: DEFAULT_USAGE_THRESHOLDS, refreshMs: MIN, backgroundMs: 5 * MIN, random: 0.5, ...over,
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
