import * as assert from 'assert';
import { FOCUS_FRESH_MS, FOCUS_NOTE_MS, anyWindowFocused, lastFocus, noteFocus } from '../../../src/schedule/focus';
import { FOCUS_KEY } from '../../../src/storage/keys';
import { PollPlan } from '../../../src/tracked/pollPlan';
import { FakeClock, FakeMemento } from '../storage/fakeMemento';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('schedule/focus: whether any VS Code window is focused', () => {
  it('counts another window focused while its last note is fresh (a note every 5 min and a minute of slack)', async () => {
    const memento = new FakeMemento();
    const now = 10 * HOUR;
    assert.strictEqual(anyWindowFocused(memento, true, now), true, 'this window is');
    assert.strictEqual(anyWindowFocused(memento, false, now), false, 'no note yet');
    await noteFocus(memento, now - FOCUS_NOTE_MS);
    assert.strictEqual(anyWindowFocused(memento, false, now), true);
    assert.strictEqual(anyWindowFocused(memento, false, now - FOCUS_NOTE_MS + FOCUS_FRESH_MS), false, 'no note since: nobody is focused');
  });

  it('a note written while a clock was 3 h ahead does not count, and the next one replaces it', async () => {
    const memento = new FakeMemento();
    const now = 10 * HOUR;
    await noteFocus(memento, now + 3 * HOUR);
    assert.strictEqual(anyWindowFocused(memento, false, now), false);
    await noteFocus(memento, now);
    assert.strictEqual(lastFocus(memento, now), now);
    assert.strictEqual(memento.get(FOCUS_KEY), now, 'one number');
  });

  /**
   * The poll-lease holder (window A, not focused) polls a long-running job; window B is focused and
   * notes it every 5 min, then the person leaves VS Code. A's pace follows B's focus: every
   * `pollIntervalMaxSeconds` while B is focused, 3× slower once no window is.
   */
  it("keeps the poll-lease holder at the focused pace while another window is focused, slower once none is", async () => {
    const memento = new FakeMemento();
    const clock = new FakeClock();
    const plan = new PollPlan(clock.now, () => ({ maxSeconds: 60, focused: anyWindowFocused(memento, false, clock.now()) }), () => 0.5);
    const key = 'org|750000000000001AAA';
    const polls = (from: number, to: number, bFocused: boolean): number => {
      let n = 0;
      for (let t = from; t < to; t += 1_000) {
        clock.t = t;
        if (bFocused && (t - from) % FOCUS_NOTE_MS === 0) {
          void noteFocus(memento, t);
        }
        if (plan.due().includes(key)) {
          plan.polled(key);
          plan.settle(key, { ok: true });
          n++;
        }
      }
      return n;
    };
    const t0 = clock.t;
    plan.watch(key);
    polls(t0, t0 + HOUR, true); // the first hour backs off to the 60 s ceiling
    const focusedHour = polls(t0 + HOUR, t0 + 2 * HOUR, true);
    polls(t0 + 2 * HOUR, t0 + 2 * HOUR + FOCUS_FRESH_MS, false); // B's last note goes stale
    const unfocusedHour = polls(t0 + 2 * HOUR + FOCUS_FRESH_MS, t0 + 3 * HOUR + FOCUS_FRESH_MS, false);
    assert.ok(focusedHour >= 59 && focusedHour <= 60, `another window focused: ${focusedHour} polls an hour`);
    assert.ok(unfocusedHour >= 19 && unfocusedHour <= 21, `no window focused: ${unfocusedHour} polls an hour`);
  });
});
