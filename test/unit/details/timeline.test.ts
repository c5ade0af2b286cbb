import * as assert from 'assert';
import type { BulkBatch, BulkJob } from '../../../src/salesforce/types';
import { BAR_LIMIT, BINS, TimelineCache, batchNumbers, batchTimeline, progressChart, timeSplit } from '../../../src/details/timeline';

const T0 = Date.parse('2026-01-10T12:00:00.000Z');
const SEC = 1000;

function batch(i: number, state: string, startS: number, endS: number): BulkBatch {
  return {
    id: `751R0000${String(i).padStart(7, '0')}AAA`, jobId: '750R0000000zxcvIAA', state,
    createdDate: new Date(T0 + startS * SEC).toISOString(), systemModstamp: new Date(T0 + endS * SEC).toISOString(),
    numberRecordsProcessed: 10, numberRecordsFailed: state === 'Failed' ? 10 : 0, other: {},
  };
}

/** `n` batches created 1 s apart, each taking 10 s: 10 running at once once it is under way. */
function staggered(n: number, failedAt = -1): BulkBatch[] {
  return Array.from({ length: n }, (_, i) => batch(i, i === failedAt ? 'Failed' : 'Completed', i, i + 10));
}

describe('chart layouts', () => {
  it('one batch: one bar across the whole timeline', () => {
    const tl = batchTimeline([batch(0, 'Completed', 0, 30)], T0 + 60 * SEC)!;
    assert.strictEqual(tl.mode, 'bars');
    assert.strictEqual(tl.bars.length, 1);
    assert.deepStrictEqual([tl.bars[0].x0, tl.bars[0].x1, tl.bars[0].n, tl.bars[0].tone], [0, 1, 1, 'passed']);
    assert.strictEqual(tl.maxConcurrent, 1);
  });

  it('40 batches with one failed: bars in created order, the failed one marked, concurrency read from them', () => {
    const batches = staggered(40, 17).reverse(); // input order does not matter
    const tl = batchTimeline(batches, T0)!;
    assert.strictEqual(tl.mode, 'bars');
    assert.deepStrictEqual(tl.bars.map((b) => b.n), Array.from({ length: 40 }, (_, i) => i + 1));
    assert.deepStrictEqual(tl.bars.filter((b) => b.tone === 'failed').map((b) => b.n), [18]);
    for (let i = 1; i < tl.bars.length; i++) {
      assert.ok(tl.bars[i].x0 >= tl.bars[i - 1].x0);
    }
    assert.strictEqual(tl.maxConcurrent, 10);
    assert.ok(tl.concurrency.every((c) => c.n >= 1 && c.n <= 10));
    assert.strictEqual(tl.concurrency.length, BINS);
    assert.strictEqual(tl.bars[0].x0, 0);
    assert.strictEqual(tl.bars[39].x1, 1);
  });

  it('5,000 batches: a density strip whose columns add up to the batches live in them', () => {
    const batches = staggered(5000, 2500);
    const tl = batchTimeline(batches, T0)!;
    assert.strictEqual(tl.mode, 'density');
    assert.strictEqual(tl.bars.length, 0);
    assert.strictEqual(tl.bins.length, BINS);
    assert.ok(tl.bins.some((b) => b.counts.failed === 1));
    assert.ok(tl.bins.every((b) => b.total === Object.values(b.counts).reduce((s, n) => s + n, 0)));
    // 10 live at any instant; a column spans ~42 s, so it sees about 52 distinct batches.
    assert.ok(tl.maxBin >= 50 && tl.maxBin <= 55, String(tl.maxBin));
    assert.strictEqual(tl.maxConcurrent, 10);
    assert.ok(BAR_LIMIT < 5000);
  });

  it('5,000 batches: a click on a column leads to its failed batch, else to its first batch', () => {
    const batches = staggered(5000, 2500);
    const tl = batchTimeline(batches.slice().reverse(), T0)!;
    const withFailed = tl.bins.filter((b) => b.counts.failed > 0);
    assert.ok(withFailed.length >= 1);
    for (const bin of withFailed) {
      assert.deepStrictEqual(bin.pick, { id: batches[2500].id, n: 2501 }, 'the failed batch, not the 50 completed ones beside it');
    }
    const [first] = tl.bins;
    assert.deepStrictEqual(first.pick, { id: batches[0].id, n: 1 }, 'no failure: the first batch live in the column');
    assert.ok(tl.bins.every((b) => (b.total > 0) === (b.pick !== undefined)));
    // A batch with failed records beats completed ones, a failed batch beats both.
    const mixed = staggered(300);
    mixed[1] = { ...mixed[1], numberRecordsFailed: 2 };
    assert.strictEqual(batchTimeline(mixed, T0)!.bins[0].pick?.n, 2);
    mixed[2] = { ...mixed[2], state: 'Failed' };
    assert.strictEqual(batchTimeline(mixed, T0)!.bins[0].pick?.n, 3);
  });

  it('batches still queued or running end now', () => {
    const tl = batchTimeline([batch(0, 'Completed', 0, 10), batch(1, 'InProgress', 5, 6)], T0 + 20 * SEC)!;
    assert.strictEqual(tl.end, T0 + 20 * SEC);
    assert.strictEqual(tl.bars[1].x1, 1);
    assert.strictEqual(tl.bars[1].tone, 'running');
  });

  it('no dated batches: no timeline', () => {
    assert.strictEqual(batchTimeline([], T0), undefined);
    assert.strictEqual(batchTimeline([{ id: 'x', jobId: 'y', state: 'Queued', other: {} }], T0), undefined);
  });

  it('numbers batches in created order', () => {
    const numbers = batchNumbers([batch(2, 'Completed', 5, 6), batch(1, 'Completed', 1, 2)]);
    assert.deepStrictEqual([...numbers.values()], [1, 2]);
    assert.strictEqual(numbers.get(batch(2, 'Completed', 5, 6).id), 2);
  });

  it('progress over time in fractions of the chart', () => {
    const chart = progressChart([{ at: T0, processed: 0, failed: 0 }, { at: T0 + 10 * SEC, processed: 50, failed: 5 }, { at: T0 + 20 * SEC, processed: 100, failed: 10 }])!;
    assert.deepStrictEqual(chart.processed, [{ x: 0, y: 0 }, { x: 0.5, y: 0.5 }, { x: 1, y: 1 }]);
    assert.deepStrictEqual(chart.failed.map((p) => p.y), [0, 0.05, 0.1]);
    assert.strictEqual(progressChart([{ at: T0, processed: 0, failed: 0 }]), undefined);
  });

  it('where the time went: Apex, other API-active time and the rest add up to the total', () => {
    const job = { totalProcessingTime: 10_000, apiActiveProcessingTime: 6_000, apexProcessingTime: 2_500 } as BulkJob;
    const split = timeSplit(job)!;
    assert.deepStrictEqual(split.parts.map((p) => [p.key, p.ms]), [['apex', 2500], ['api', 3500], ['rest', 4000]]);
    assert.strictEqual(split.parts[2].x1, 1);
    // Inconsistent numbers from the API are clamped, never negative.
    const odd = timeSplit({ totalProcessingTime: 1000, apiActiveProcessingTime: 500, apexProcessingTime: 900 } as BulkJob)!;
    assert.ok(odd.parts.every((p) => p.ms >= 0));
    assert.strictEqual(odd.parts.reduce((s, p) => s + p.ms, 0), 1000);
    assert.strictEqual(timeSplit({ totalProcessingTime: 0 } as BulkJob), undefined);
  });
});

describe('chart layouts: the cache kept between updates', () => {
  /** A job of `n` batches, the last `open` still queued or running, after `k` updates (one batch finished each, a second later). */
  function moving(n: number, open: number, k: number): BulkBatch[] {
    const batches = staggered(n, 3).map((b, i) => (i >= n - open ? { ...b, state: i % 2 ? 'Queued' : 'InProgress' } : b));
    for (let u = 0; u < k; u++) {
      const i = n - open + u;
      batches[i] = { ...batches[i], state: u % 3 === 1 ? 'Failed' : 'Completed', numberRecordsFailed: u % 3 === 2 ? 4 : 0, systemModstamp: new Date(T0 + (n + u) * SEC).toISOString() };
    }
    return batches;
  }

  for (const n of [40, 5_000]) {
    it(`${n} batches: the same timeline as one built afresh, and only the changed batches are read again`, () => {
      const cache = new TimelineCache();
      for (let k = 0; k < 5; k++) {
        const batches = moving(n, 20, k).map((b) => ({ ...b })); // new objects, as each message brings
        const now = T0 + (n + 30 + k) * SEC;
        assert.deepStrictEqual(batchTimeline(batches, now, cache), batchTimeline(batches, now), `update ${k}`);
        assert.strictEqual(cache.fresh, k === 0 ? n : 1, `update ${k}: batches read afresh`);
      }
    });
  }

  it('a batch that is no longer listed is forgotten; one listed again is read again', () => {
    const cache = new TimelineCache();
    const batches = staggered(10);
    batchTimeline(batches, T0, cache);
    batchTimeline(batches.slice(1), T0, cache);
    assert.strictEqual(cache.fresh, 0);
    batchTimeline(batches, T0, cache);
    assert.strictEqual(cache.fresh, 1);
  });

  it('a state this version does not know is drawn as unknown, never as queued', () => {
    const tl = batchTimeline([batch(0, 'Completed', 0, 10), batch(1, 'Paused', 2, 8)], T0 + 20 * SEC)!;
    assert.deepStrictEqual(tl.bars.map((b) => b.tone), ['passed', 'unknown']);
    const dense = batchTimeline(staggered(300).map((b, i) => (i === 5 ? { ...b, state: 'Paused' } : b)), T0)!;
    assert.strictEqual(dense.bins.reduce((sum, bin) => sum + bin.counts.unknown, 0) > 0, true);
  });
});

describe('chart layouts: queued and running', () => {
  it('a finished batch ran for its processing time before its last modification; only that counts as running', () => {
    // 6 batches created at once, each running 10 s one after the other (a serial job): 1 at a time.
    const serial = Array.from({ length: 6 }, (_, i) => ({ ...batch(i, 'Completed', 0, 10 * (i + 1)), totalProcessingTime: 10 * SEC }));
    const tl = batchTimeline(serial, T0)!;
    assert.strictEqual(tl.maxConcurrent, 1);
    assert.strictEqual(tl.bars[5].x0, 0);
    assert.ok(Math.abs(tl.bars[5].xRun - 50 / 60) < 1e-9, String(tl.bars[5].xRun));
    // Queued batches never ran; one in progress runs since its last modification.
    const mixed = batchTimeline([batch(0, 'Queued', 0, 0), { ...batch(1, 'InProgress', 0, 30) }], T0 + 60 * SEC)!;
    assert.deepStrictEqual(mixed.bars.map((b) => b.xRun), [1, 0.5]);
    assert.strictEqual(mixed.maxConcurrent, 1);
  });
});
