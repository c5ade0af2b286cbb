import * as assert from 'assert';
import type { BulkBatch, BulkJob, JobProgress } from '../../../src/salesforce/types';
import { translator } from '../../../src/job/format';
import type { HistoryPoint } from '../../../src/job/history';
import { STALLED_MS, currentStretch, jobPace, leftText, paceLine, paceLines, steadyLeft } from '../../../src/job/pace';
import { SHAPES, estimateRun, replayRun, summarise } from '../../fixtures/paceRuns';

const t = translator(undefined);
const T0 = Date.parse('2026-01-10T12:00:00.000Z');
const MIN = 60_000;

function job(over: Partial<BulkJob> = {}): BulkJob {
  return { id: '750R0000000zxcvIAA', flavour: '1.0', kind: 'classic', state: 'Closed', createdDate: new Date(T0).toISOString(), other: {}, ...over };
}

function running(processed: number, failed = 0, extra: Partial<JobProgress> = {}): JobProgress {
  return { status: 'running', done: false, summary: '', recordsProcessed: processed, recordsFailed: failed, ...extra };
}

/** A batch of 1,000 records; one still running has processed `processed` of them (none by default). */
function batch(i: number, state: string, startMin: number, endMin: number, processingMs?: number, processed?: number): BulkBatch {
  const finished = state === 'Completed' || state === 'Failed';
  return {
    id: `751R00000${String(i).padStart(6, '0')}AAA`, jobId: '750R0000000zxcvIAA', state,
    createdDate: new Date(T0 + startMin * MIN).toISOString(), systemModstamp: new Date(T0 + endMin * MIN).toISOString(),
    numberRecordsProcessed: processed ?? (finished ? 1_000 : 0), numberRecordsFailed: 0, totalProcessingTime: processingMs, other: {},
  };
}

/** One point a minute at `perMin` records a minute. */
function steady(minutes: number, perMin: number, from = 0, base = 0): HistoryPoint[] {
  return Array.from({ length: minutes + 1 }, (_, i) => ({ at: T0 + (from + i) * MIN, processed: base + i * perMin, failed: 0 }));
}

describe('pace: rates and time left', () => {
  it('measures records per minute now (last 5 minutes) and on average', () => {
    const history = [...steady(10, 100), ...steady(5, 400, 11, 1400).slice(0)];
    const last = history[history.length - 1];
    const pace = jobPace({ job: job({ flavour: '2.0', kind: 'ingest', state: 'InProgress' }), progress: running(last.processed), history, now: last.at });
    assert.ok(Math.abs((pace.recentPerMinute ?? 0) - 400) < 1, String(pace.recentPerMinute));
    assert.ok(Math.abs((pace.averagePerMinute ?? 0) - 3400 / 16) < 1, String(pace.averagePerMinute));
  });

  it('tells no rate "now" from fetches only seconds apart', () => {
    const history = [{ at: T0, processed: 0, failed: 0 }, { at: T0 + 2_000, processed: 400, failed: 0 }];
    const pace = jobPace({ job: job({ flavour: '2.0', kind: 'ingest', state: 'InProgress' }), progress: running(400), history, now: T0 + 2_000 });
    assert.strictEqual(pace.recentPerMinute, undefined);
    assert.doesNotMatch(paceLine(pace, { t }), /records\/min now/);
  });

  it('Bulk 2.0 ingest without a known total says it cannot know', () => {
    const history = steady(5, 100);
    const pace = jobPace({ job: job({ flavour: '2.0', kind: 'ingest', state: 'InProgress' }), progress: running(500), history, now: T0 + 5 * MIN });
    assert.strictEqual(pace.left, undefined);
    assert.strictEqual(pace.noEstimate, 'noTotal');
    assert.match(paceLines(pace, { t })[1], /cannot be known/);
  });

  it('Bulk 2.0 ingest with a known total: records left at the recent and average rates', () => {
    const history = steady(5, 100);
    const pace = jobPace({ job: job({ flavour: '2.0', kind: 'ingest', state: 'InProgress' }), progress: running(500), history, now: T0 + 5 * MIN, totalRecords: 1500 });
    assert.deepStrictEqual(pace.left, { lowMs: 10 * MIN, highMs: 10 * MIN });
    assert.strictEqual(leftText(pace.left!, t), 'about 10 min');
  });

  it('Bulk 1.0: the batches left played out on the busy slots with the latest round\'s batch time, as a range', () => {
    // Three rounds of three: 4, 4, 4 min (started at 0), then 3, 3, 4 (at 4), then 3, 3, 2 (at 8), each ending as its time says.
    const times = [4, 4, 4, 3, 3, 4, 3, 3, 2];
    const batches = [
      ...times.map((ms, i) => batch(i, 'Completed', 0, 4 * Math.floor(i / 3) + ms, ms * MIN)),
      batch(9, 'InProgress', 0, 12), batch(10, 'InProgress', 0, 12),
      ...Array.from({ length: 4 }, (_, i) => batch(11 + i, 'Queued', 0, 0)),
    ];
    const pace = jobPace({ job: job(), batches, progress: running(9_000, 0, { batchesDone: 9, batchesTotal: 15 }), history: steady(13, 700), now: T0 + 13 * MIN });
    // The latest round (3 batches, as 2 run now): 2, 3, 3 min: median 3, quartiles 2½ and 3. The two running for
    // 1 min (no records in yet) end in 2 min (1½ and 2 at the quartiles); the 4 queued take the 2 slots: 2 + 2 × 3 = 8 min.
    assert.ok(pace.left, JSON.stringify(pace));
    assert.strictEqual(pace.left.midMs, 8 * MIN);
    assert.strictEqual(pace.left.lowMs, 6.5 * MIN);
    assert.strictEqual(pace.left.highMs, 8 * MIN);
    assert.strictEqual(pace.left.rough, false);
    assert.strictEqual(leftText(pace.left, t), 'about 8 min', 'a range this narrow reads as one figure');
  });

  it('Bulk 1.0: a running batch ends when its own records say (counted in chunks of 200)', () => {
    const batches = [
      ...Array.from({ length: 3 }, (_, i) => batch(i, 'Completed', 0, 2, 2 * MIN)),
      batch(3, 'InProgress', 0, 2, undefined, 400), batch(4, 'Queued', 0, 0),
    ];
    // 400 of 1,000 records in 2 min: 500 likely (a chunk may be part done), so 2 min more; 1⅓ to 3 min at either end of the chunk.
    const pace = jobPace({ job: job(), batches, progress: running(3_400, 0, { batchesDone: 3, batchesTotal: 5 }), history: steady(4, 850), now: T0 + 4 * MIN });
    assert.ok(pace.left, JSON.stringify(pace));
    // Then the queued one, on the one slot, at the latest round's time (2, 2, and this one's 4 min): 2 + 2 = 4 min.
    assert.strictEqual(pace.left.midMs, 4 * MIN);
    assert.ok(pace.left.lowMs < pace.left.midMs && pace.left.highMs > pace.left.midMs, JSON.stringify(pace.left));
  });

  it('Bulk 1.0: the latest round far from the usual batch time is a change under way: a rough guess spanning both', () => {
    // A slow first round (6 min), then a round going three times as fast (half their records in 1 min).
    const batches = [
      ...Array.from({ length: 3 }, (_, i) => batch(i, 'Completed', 0, 6, 6 * MIN)),
      ...Array.from({ length: 3 }, (_, i) => batch(3 + i, 'InProgress', 0, 6, undefined, 400)),
      ...Array.from({ length: 6 }, (_, i) => batch(6 + i, 'Queued', 0, 0)),
    ];
    const pace = jobPace({ job: job(), batches, progress: running(4_200, 0, { batchesDone: 3, batchesTotal: 12 }), history: steady(7, 600), now: T0 + 7 * MIN });
    assert.ok(pace.left?.rough, JSON.stringify(pace.left));
    assert.ok(pace.left.midMs! < 8 * MIN, 'the middle goes by the latest round');
    assert.ok(pace.left.highMs >= 12 * MIN, 'the high end by the usual time');
    assert.match(leftText(pace.left, t), /–.*\(a rough guess\)$/);
  });

  it('Bulk 1.0: none running while batches wait: waiting on Salesforce\'s queue, no time told', () => {
    const batches = [...Array.from({ length: 3 }, (_, i) => batch(i, 'Completed', 0, 2, 2 * MIN)), batch(3, 'Queued', 0, 0), batch(4, 'Queued', 0, 0)];
    const at = (now: number) => jobPace({ job: job(), batches, progress: running(3_000, 0, { batchesDone: 3, batchesTotal: 5 }), history: steady(2, 1_500), now });
    assert.ok(at(T0 + 2 * MIN + 10_000).left, 'a moment between one batch and the next: still an estimate');
    const waiting = at(T0 + 3 * MIN);
    assert.strictEqual(waiting.noEstimate, 'waiting');
    assert.strictEqual(waiting.left, undefined);
    assert.strictEqual(paceLines(waiting, { t })[1], 'time left: waiting for Salesforce to run the 2 queued batches (none running for 1 min)');
  });

  it('Bulk 1.0: batches running far longer than the finished ones lengthen the estimate', () => {
    const batches = [batch(0, 'Completed', 0, 1, 10_000), batch(1, 'Completed', 0, 1, 10_000), batch(2, 'InProgress', 1, 1), batch(3, 'InProgress', 1, 1), batch(4, 'Queued', 1, 1)];
    // Running 20 min with no records in, where finished ones took 10 s: as long again, and a rough guess.
    const pace = jobPace({ job: job(), batches, progress: running(200, 0, { batchesDone: 2, batchesTotal: 5 }), history: steady(20, 10), now: T0 + 21 * MIN });
    assert.ok(pace.left && pace.left.highMs >= 20 * MIN, JSON.stringify(pace.left));
  });

  it('Bulk 1.0 before any batch finished: too early to tell', () => {
    const batches = [batch(0, 'InProgress', 0, 1), batch(1, 'Queued', 0, 0)];
    const pace = jobPace({ job: job(), batches, progress: running(0, 0, { batchesDone: 0, batchesTotal: 2 }), history: steady(2, 0), now: T0 + 2 * MIN });
    assert.strictEqual(pace.noEstimate, 'tooEarly');
  });

  it('a job with no progress for a while is stalled: rate now 0, no estimate', () => {
    const history = [...steady(5, 100), { at: T0 + 6 * MIN, processed: 500, failed: 0 }, { at: T0 + 9 * MIN, processed: 500, failed: 0 }];
    const batches = [batch(0, 'Completed', 0, 2, MIN), batch(1, 'InProgress', 2, 5)];
    const now = T0 + 5 * MIN + STALLED_MS + MIN;
    const pace = jobPace({ job: job(), batches, progress: running(500, 0, { batchesDone: 1, batchesTotal: 2 }), history, now });
    assert.strictEqual(pace.noEstimate, 'stalled');
    assert.strictEqual(pace.recentPerMinute, 0);
    assert.strictEqual(pace.stalledMs, now - (T0 + 5 * MIN));
    assert.match(paceLine(pace, { t }), /stalled: no progress for 4 min/);
  });

  it('counts that go backwards (a restart) start a new stretch: no negative rate', () => {
    const history = [...steady(5, 100), ...steady(4, 50, 6, 0)];
    assert.strictEqual(currentStretch(history).length, 5);
    const last = history[history.length - 1];
    const pace = jobPace({ job: job({ flavour: '2.0', kind: 'ingest', state: 'InProgress' }), progress: running(last.processed), history, now: last.at });
    assert.ok(Math.abs((pace.recentPerMinute ?? -1) - 50) < 1e-9, String(pace.recentPerMinute));
    assert.ok(Math.abs((pace.averagePerMinute ?? -1) - 50) < 1e-9, String(pace.averagePerMinute));
  });

  it('retried batches (processed again, longer times) widen the range rather than break it', () => {
    const batches = [batch(0, 'Completed', 0, 1, MIN), batch(1, 'Completed', 0, 6, 6 * MIN), batch(2, 'Queued', 1, 1)];
    const pace = jobPace({ job: job({ numberRetries: 3 }), batches, progress: running(200, 0, { batchesDone: 2, batchesTotal: 3 }), history: steady(6, 30), now: T0 + 6 * MIN });
    assert.ok(pace.left && pace.left.highMs > pace.left.lowMs);
  });

  it('a done job has no estimate: total duration and average rate instead', () => {
    const done = job({ state: 'Closed', systemModstamp: new Date(T0 + 10 * MIN).toISOString() });
    const batches = [batch(0, 'Completed', 0, 12)];
    const pace = jobPace({ job: done, batches, progress: { status: 'completed', done: true, summary: '', recordsProcessed: 1200, recordsFailed: 0 }, history: [], now: T0 + 60 * MIN });
    assert.strictEqual(pace.left, undefined);
    assert.strictEqual(pace.totalMs, 12 * MIN);
    assert.strictEqual(pace.averagePerMinute, 100);
    assert.deepStrictEqual(paceLines(pace, { t }), ['Took 12 min · 100 records/min on average']);
  });

  it('an open or queued job has not started: no estimate', () => {
    const pace = jobPace({ job: job({ state: 'Open' }), progress: { status: 'open', done: false, summary: '', recordsProcessed: 0, recordsFailed: 0 }, history: [], now: T0 });
    assert.strictEqual(pace.noEstimate, 'notStarted');
  });

  it('writes "about" when low and high are close, a range otherwise', () => {
    assert.strictEqual(leftText({ lowMs: 4 * MIN, highMs: 4.5 * MIN }, t), 'about 4 min');
    assert.strictEqual(leftText({ lowMs: 3 * MIN, highMs: 6 * MIN }, t), '3 min–6 min');
    assert.strictEqual(leftText({ lowMs: 0, highMs: 20_000 }, t), 'less than a minute');
  });
});

describe('pace: replayed runs (test/fixtures/paceRuns.ts, the bench\'s data)', () => {
  const runs = SHAPES.map((shape) => ({ shape, steps: estimateRun(replayRun(shape)) }));

  for (const { shape, steps } of runs) {
    it(`${shape.name}: never flips between two wordings from one poll to the next, never a range like "1 min–1 min"`, () => {
      const s = summarise(steps);
      assert.ok(s.foreseeable.estimates > 0, 'some polls have an estimate');
      assert.strictEqual(s.flips, 0, steps.map((x) => x.text).join(' | '));
      assert.strictEqual(s.degenerate, 0, steps.map((x) => x.text).join(' | '));
    });

    // The aims of issue 23, on what the words claim, from any change no poll could see coming on.
    it(`${shape.name}: what it shows is within 20 % (median) and 2× (after the first quarter), and not systematically low`, () => {
      const s = summarise(steps);
      const trace = steps.map((x) => `${Math.round(x.truthMs / 1000)} s: ${x.text}`).join(' | ');
      assert.ok(s.foreseeable.shownMedianPct <= 20, `median ${s.foreseeable.shownMedianPct} %: ${trace}`);
      assert.ok(s.foreseeable.worstShownFactorAfterQuarter <= 2, `worst ${s.foreseeable.worstShownFactorAfterQuarter}×: ${trace}`);
      assert.ok(s.foreseeable.medianBias >= 0.9, `bias ${s.foreseeable.medianBias}: ${trace}`);
    });
  }

  // Where the rest of the run looks like what was seen, the middle itself (shown as "about …") meets the aims too.
  for (const name of ['steady (12', 'steady, uneven', 'a retried batch', 'queue stalls', 'concurrency rises', 'concurrency falls']) {
    it(`${name}…: the middle of the estimate is within 25 % (median) and 1.6× after the first quarter`, () => {
      const s = summarise(runs.find((r) => r.shape.name.startsWith(name))!.steps);
      assert.ok(s.foreseeable.medianPct <= 25, `median ${s.foreseeable.medianPct} %`);
      assert.ok(s.foreseeable.worstMidFactorAfterQuarter <= 1.6, `worst ${s.foreseeable.worstMidFactorAfterQuarter}×`);
    });
  }

  it('a slow first round: once the next round shows its pace, a rough guess spanning both, then "about"', () => {
    const { steps } = runs.find((r) => r.shape.name.startsWith('slow start'))!;
    const estimated = steps.filter((x) => x.pace.left);
    assert.ok(estimated[0].pace.left?.rough, estimated[0].text);
    assert.match(estimated[0].text, /–.*a rough guess/);
    assert.ok(estimated.slice(-8).every((x) => !x.unsure && (x.ratio ?? 0) < 1.5), estimated.map((x) => x.text).join(' | '));
  });

  it('the queue stalls: waiting on Salesforce while none run, no figure; the time again once batches run', () => {
    const { shape, steps } = runs.find((r) => r.shape.name.startsWith('queue stalls'))!;
    const during = steps.filter((x) => x.at - steps[0].at + shape.pollMs >= shape.stall!.at + 60_000 && x.at - steps[0].at + shape.pollMs < shape.stall!.at + shape.stall!.ms);
    assert.ok(during.length > 5 && during.every((x) => x.pace.noEstimate === 'waiting'), steps.map((x) => x.text).join(' | '));
    const after = steps.filter((x) => x.at - steps[0].at + shape.pollMs > shape.stall!.at + shape.stall!.ms);
    assert.ok(after.length > 0 && after.every((x) => x.pace.left && (x.ratio ?? 0) >= 0.9 && (x.ratio ?? 9) <= 1.4), after.map((x) => x.text).join(' | '));
  });

  it('the org slows (running batches held): no one can know for how long, so a rough guess whose range holds the truth', () => {
    const { shape, steps } = runs.find((r) => r.shape.name.startsWith('org slows'))!;
    const during = steps.filter((x) => x.foreseeable && x.at - steps[0].at < shape.stall!.at + shape.stall!.ms);
    assert.ok(during.length > 5);
    for (const x of during) {
      assert.ok(x.pace.left?.rough && x.shownFactor === 1, `${x.text} with ${Math.round(x.truthMs / 1000)} s left`);
    }
  });

  it('polls before a change no one could see coming are measured, and reported apart, not dropped', () => {
    const { steps } = runs.find((r) => r.shape.name.startsWith('concurrency rises'))!;
    const s = summarise(steps);
    assert.ok(s.all.polls > s.foreseeable.polls);
    assert.ok(s.all.worstMidFactorAfterQuarter > 2, 'before it rises, 2 at once is all there is to go by');
  });

  it('the issue\'s job (12 batches, 3 at a time, 30 s): the wording at each poll', () => {
    const { steps } = runs[0];
    assert.deepStrictEqual(steps.map((x) => x.text).slice(2, 5), ['about 2 min', 'about 1 min', 'about 1 min']);
    assert.ok(steps.every((x) => !/–/.test(x.text)));
  });

  it('keeps the shown estimate, counted down, while a new one is close; takes a new one that differs enough', () => {
    const previous = { at: T0, lowMs: 4 * MIN, highMs: 6 * MIN, midMs: 5 * MIN };
    const kept = steadyLeft(previous, { lowMs: 3 * MIN, highMs: 4.5 * MIN, midMs: 3.8 * MIN }, T0 + MIN);
    assert.strictEqual(kept.midMs, 4 * MIN);
    assert.strictEqual(kept.lowMs, 3 * MIN);
    const held = steadyLeft(previous, { lowMs: 4 * MIN, highMs: 6 * MIN, midMs: 4.8 * MIN }, T0 + 0.5 * MIN);
    assert.strictEqual(held.midMs, 4.8 * MIN, 'a higher new estimate is shown no higher than the previous');
    const moved = steadyLeft(previous, { lowMs: 9 * MIN, highMs: 12 * MIN, midMs: 10 * MIN }, T0 + MIN);
    assert.strictEqual(moved.midMs, 10 * MIN);
  });

  it('a kept estimate\'s range only narrows (so its words cannot flip back), and is a rough guess only while both are', () => {
    const previous = { at: T0, lowMs: 3 * MIN, highMs: 9 * MIN, midMs: 5 * MIN, rough: true };
    const narrower = steadyLeft(previous, { lowMs: 3.6 * MIN, highMs: 4.4 * MIN, midMs: 4 * MIN, rough: false }, T0 + MIN);
    assert.deepStrictEqual(narrower, { lowMs: 3.6 * MIN, highMs: 4.4 * MIN, midMs: 4 * MIN, rough: false });
    assert.strictEqual(leftText(narrower, t), 'about 4 min');
    const wider = steadyLeft({ ...narrower, at: T0 + MIN }, { lowMs: 2 * MIN, highMs: 8 * MIN, midMs: 3.5 * MIN, rough: true }, T0 + 1.5 * MIN);
    assert.deepStrictEqual(wider, { lowMs: 3.1 * MIN, highMs: 3.9 * MIN, midMs: 3.5 * MIN, rough: false }, 'kept: counted down, no wider');
  });

  it('never reads as a degenerate range, rounds rather than cuts, and says when it is a rough guess', () => {
    assert.strictEqual(leftText({ lowMs: 60_000, highMs: 89_000 }, t), 'about 1 min');
    assert.strictEqual(leftText({ lowMs: 100_000, highMs: 119_000 }, t), 'about 2 min');
    assert.strictEqual(leftText({ lowMs: 3 * MIN, highMs: 9 * MIN, midMs: 5 * MIN, rough: true }, t), '3 min–9 min (a rough guess)');
  });
});

describe('pace: the estimate recorded on the history', () => {
  it('a view given the history words the time left as the last poll did, counted down, while the new estimate is close', () => {
    const batches = [
      ...Array.from({ length: 6 }, (_, i) => batch(i, 'Completed', 0, 1, MIN)),
      batch(6, 'InProgress', 1, 1), batch(7, 'InProgress', 1, 1), ...Array.from({ length: 6 }, (_, i) => batch(8 + i, 'Queued', 0, 0)),
    ];
    const at = (recorded?: number): number | undefined => {
      const history = [...steady(1, 600), { at: T0 + 1.5 * MIN, processed: 700, failed: 0, ...(recorded ? { left: { lowMs: recorded * MIN, highMs: recorded * MIN } } : {}) }];
      const pace = jobPace({ job: job(), batches, progress: running(700, 0, { batchesDone: 6, batchesTotal: 14 }), history, now: T0 + 2 * MIN });
      return pace.left?.midMs === undefined ? undefined : Math.round(pace.left.midMs / 6_000) / 10;
    };
    // New estimate: the two running batches are due (a little left, 6 s), then 6 queued on 2 slots of 1 min: 3.1 min.
    assert.strictEqual(at(), 3.1);
    assert.strictEqual(at(4.2), 3.7, 'the recorded 4.2 min, counted down 30 s, is close: kept');
    assert.strictEqual(at(9), 3.1, 'far from the new one: replaced');
    assert.strictEqual(at(4.8), 3.1, '4.3 min counted down is more than a quarter off: replaced');
    assert.strictEqual(at(3), 3, 'a higher new estimate is held at the recorded one, never raised within the band');
  });
});
