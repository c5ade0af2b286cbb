import * as assert from 'assert';
import { HistoryPoint, MAX_POINTS, addPoint, isHistory, mergeHistories, thinHistory } from '../../../src/job/history';

const T0 = Date.parse('2026-01-10T12:00:00.000Z');

function point(i: number, processed: number, failed = 0): HistoryPoint {
  return { at: T0 + i * 10_000, processed, failed };
}

/** A job whose rate changes every few points (no three points on one line). */
function wobbly(n: number): HistoryPoint[] {
  let processed = 0;
  return Array.from({ length: n }, (_, i) => {
    processed += 100 + ((i * 37) % 11) * 50;
    return point(i, processed, Math.floor(processed / 1000));
  });
}

describe('job history', () => {
  it('keeps the first and last points and drops points on a straight stretch', () => {
    const steady = Array.from({ length: 50 }, (_, i) => point(i, i * 100));
    assert.deepStrictEqual(thinHistory(steady), [steady[0], steady[49]]);
  });

  it('keeps the points where the slope changes', () => {
    const bent = [point(0, 0), point(1, 100), point(2, 200), point(3, 200), point(4, 200), point(5, 500)];
    assert.deepStrictEqual(thinHistory(bent).map((p) => p.processed), [0, 200, 200, 500]);
  });

  it('bounds a long history to MAX_POINTS with an even spread, first and last kept', () => {
    const long = wobbly(3000);
    const thin = thinHistory(long);
    assert.ok(thin.length <= MAX_POINTS, `${thin.length} points`);
    assert.ok(thin.length >= MAX_POINTS * 0.9, `${thin.length} points: too few kept`);
    assert.deepStrictEqual(thin[0], long[0]);
    assert.deepStrictEqual(thin[thin.length - 1], long[long.length - 1]);
    // Even spread: no gap much wider than an equal share of the span.
    const span = long[long.length - 1].at - long[0].at;
    for (let i = 1; i < thin.length; i++) {
      assert.ok(thin[i].at - thin[i - 1].at <= (3 * span) / (MAX_POINTS - 2), `gap at ${i}`);
    }
  });

  it('adds points in order and collapses a plateau to its two ends', () => {
    let h: HistoryPoint[] = [];
    for (const [i, p] of [[0, 0], [1, 100], [2, 100], [3, 100], [4, 100]] as const) {
      h = addPoint(h, point(i, p));
    }
    assert.deepStrictEqual(h.map((p) => p.at - T0), [0, 10_000, 40_000]);
  });

  it('stays bounded however many points are added', () => {
    let h: HistoryPoint[] = [];
    for (const p of wobbly(1000)) {
      h = addPoint(h, p);
    }
    assert.ok(h.length <= MAX_POINTS);
    assert.strictEqual(h[h.length - 1].at, T0 + 999 * 10_000);
  });

  it('merges what two windows wrote: union by time, sorted, one point per instant', () => {
    const a = [point(0, 0), point(2, 300), point(4, 350)];
    const b = [point(1, 100), point(2, 300), point(3, 310)];
    const merged = mergeHistories(a, b);
    assert.deepStrictEqual(merged.map((p) => p.at - T0), [0, 10_000, 20_000, 30_000, 40_000]);
    assert.deepStrictEqual(mergeHistories(merged, merged), merged);
  });

  it('drops invalid points when merging and checks stored shapes', () => {
    const bad = [point(0, 0), { at: 'x', processed: 1, failed: 0 } as unknown as HistoryPoint, point(1, -5)];
    assert.deepStrictEqual(mergeHistories(bad, []), [point(0, 0)]);
    assert.strictEqual(isHistory([point(0, 1), { ...point(1, 2), batchesDone: 1, batchesTotal: 4 }]), true);
    assert.strictEqual(isHistory([{ at: 1, processed: Infinity, failed: 0 }]), false);
    assert.strictEqual(isHistory({}), false);
    assert.strictEqual(isHistory(new Array(5000).fill(point(0, 0))), false);
  });
});
