import * as assert from 'assert';
import type { BulkBatch, BulkJob, JobProgress } from '../../../src/salesforce/types';
import { buildChartsView } from '../../../src/details/chartsView';
import { translator } from '../../../src/job/format';

const t = translator(undefined);
const T0 = Date.parse('2026-01-10T12:00:00.000Z');
const MIN = 60_000;

function job(over: Partial<BulkJob> = {}): BulkJob {
  return {
    id: '750R0000000zxcvIAA', flavour: '1.0', kind: 'classic', state: 'Closed', createdDate: new Date(T0).toISOString(),
    totalProcessingTime: 60_000, apiActiveProcessingTime: 30_000, apexProcessingTime: 12_000, other: {}, ...over,
  };
}

function batches(n: number, failedAt: number): BulkBatch[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `751R0000${String(i).padStart(7, '0')}AAA`, jobId: '750R0000000zxcvIAA', state: i === failedAt ? 'Failed' : i < n - 4 ? 'Completed' : i < n - 2 ? 'InProgress' : 'Queued',
    stateMessage: i === failedAt ? 'InvalidBatch : Field name not found : Birthdate__c' : undefined,
    createdDate: new Date(T0 + i * 1000).toISOString(), systemModstamp: new Date(T0 + i * 1000 + 30_000).toISOString(),
    numberRecordsProcessed: 100, numberRecordsFailed: i === failedAt ? 100 : 0, totalProcessingTime: 30_000, other: {},
  }));
}

const progress: JobProgress = { status: 'running', done: false, summary: '', batchesDone: 36, batchesTotal: 40, recordsProcessed: 3600, recordsFailed: 100 };
const history = Array.from({ length: 6 }, (_, i) => ({ at: T0 + i * MIN, processed: i * 700, failed: i * 20, batchesDone: i * 7, batchesTotal: 40 }));

describe('charts view', () => {
  it('a running 1.0 job: pace with an estimate, progress, timeline and time split, each with a summary and a table', () => {
    const view = buildChartsView({ job: job(), batches: batches(40, 17), progress, history, now: T0 + 5 * MIN }, { t, locale: 'en-US' });
    assert.strictEqual(view.pace.length, 2);
    assert.match(view.pace[0], /records\/min now/);
    assert.match(view.pace[1], /^Time left: /);
    assert.strictEqual(view.progress?.table.rows.length, 6);
    assert.match(view.progress!.summary, /went from 0 .* to 3,500 .*; 100 failed/);
    const tl = view.timeline!;
    assert.strictEqual(tl.timeline.mode, 'bars');
    assert.strictEqual(tl.table.rows.length, 40);
    assert.match(tl.summary, /^40 batches over .*at most \d+ running at once\. 1 failed\./);
    const failed = tl.timeline.bars.find((b) => b.tone === 'failed')!;
    assert.match(tl.barTitle(failed), /^Batch #18 · Failed\n.*\n100 processed · 100 failed\nInvalidBatch/);
    assert.deepStrictEqual(view.time!.table.rows.map((r) => r[2]), ['20 %', '30 %', '50 %']);
    assert.match(view.time!.summary, /^1 min of processing time: 12 s \(20 %\) Apex, 18 s \(30 %\) API active/);
  });

  it('5,000 batches: the timeline is a density strip with a table per column, not per batch', () => {
    const view = buildChartsView({ job: job(), batches: batches(5000, 2500), progress, history, now: T0 + 90 * MIN }, { t });
    assert.strictEqual(view.timeline?.timeline.mode, 'density');
    assert.ok(view.timeline.table.rows.length <= 120);
    assert.match(view.timeline.summary, /density strip/);
  });

  it('a 2.0 job: no timeline, and the time left it cannot know is said', () => {
    const view = buildChartsView({ job: job({ flavour: '2.0', kind: 'ingest', state: 'InProgress' }), progress: { ...progress, batchesDone: undefined, batchesTotal: undefined }, history, now: T0 + 5 * MIN }, { t });
    assert.strictEqual(view.timeline, undefined);
    assert.match(view.pace.join(' '), /cannot be known/);
  });

  it('a done job: duration and average rate, no estimate; no history: no progress chart', () => {
    const done = job({ systemModstamp: new Date(T0 + 10 * MIN).toISOString() });
    const view = buildChartsView({ job: done, progress: { ...progress, status: 'completed', done: true }, history: [], now: T0 + 60 * MIN }, { t });
    assert.deepStrictEqual(view.pace, ['Took 10 min · 360 records/min on average']);
    assert.strictEqual(view.progress, undefined);
  });
});
