import * as assert from 'assert';
import { deriveProgress } from '../../../src/job/jobRules';
import type { BulkBatch, BulkJob, JobProgress } from '../../../src/salesforce/types';
import { actionTokens, allowedActions, canAbort, canClose, canDownloadFailedRecords, isDone, isRunning, runningCount, waitingMark } from '../../../src/job/jobRules';

const classic = (state: string): BulkJob => ({ id: '750R0000000zxcvIAA', flavour: '1.0', kind: 'classic', state, other: {} });
const ingest = (state: string): BulkJob => ({ id: '750R0000000zxcvIAA', flavour: '2.0', kind: 'ingest', state, other: {} });
const query = (state: string): BulkJob => ({ id: '750R0000000zxcvIAA', flavour: '2.0', kind: 'query', state, other: {} });
const batch = (id: string, state: string): BulkBatch => ({ id, jobId: '750R0000000zxcvIAA', state, other: {} });

const runningProgress: JobProgress = {
  status: 'running', done: false, summary: 'Closed · 2 batches still running', batchesDone: 4, batchesTotal: 6,
  recordsProcessed: 1204, recordsFailed: 12,
};

/** What the store holds: the job and the progress derived from it (and its batches). */
function facts(job: BulkJob, batches?: BulkBatch[]): { job: BulkJob; progress: JobProgress } {
  return { job, progress: deriveProgress(job, batches) };
}

describe('job rules', () => {
  it('takes done from the progress when it is known, else from a final state', () => {
    for (const state of ['Aborted', 'Failed', 'JobComplete']) {
      assert.strictEqual(isDone({ job: ingest(state) }), true, `${state} without progress`);
      assert.strictEqual(isDone(facts(ingest(state))), true, `${state} with progress`);
    }
    for (const state of ['Open', 'UploadComplete', 'InProgress']) {
      assert.strictEqual(isDone({ job: ingest(state) }), false, state);
      assert.strictEqual(isDone(facts(ingest(state))), false, state);
    }
    assert.strictEqual(isDone({}), false, 'nothing known yet');
  });

  it('counts a 1.0 Closed job as done only once all its batches have finished', () => {
    assert.strictEqual(isDone({ job: classic('Closed') }), false, 'the state alone does not say');
    assert.strictEqual(isDone(facts(classic('Closed'), [batch('751A', 'Completed'), batch('751B', 'InProgress')])), false);
    assert.strictEqual(isDone(facts(classic('Closed'), [batch('751A', 'Completed'), batch('751B', 'Failed')])), true);
    assert.strictEqual(canAbort(facts(classic('Closed'), [batch('751A', 'Completed'), batch('751B', 'Failed')])), false);
    assert.strictEqual(canAbort(facts(classic('Closed'), [batch('751A', 'Queued')])), true);
  });

  it('lets an Open job be closed, except a query', () => {
    assert.strictEqual(canClose({ job: classic('Open') }), true);
    assert.strictEqual(canClose({ job: ingest('Open') }), true);
    assert.strictEqual(canClose({ job: query('Open') }), false);
    assert.strictEqual(canClose({ job: classic('Closed') }), false);
    assert.strictEqual(canClose({ job: ingest('UploadComplete') }), false);
    assert.strictEqual(canClose({}), false);
  });

  it('never offers to abort a JobComplete job, with or without its progress', () => {
    assert.strictEqual(canAbort({ job: ingest('JobComplete') }), false);
    assert.strictEqual(canAbort(facts(ingest('JobComplete'))), false);
    // A progress that (wrongly) still says running does not make a final state abortable.
    assert.strictEqual(canAbort({ job: ingest('JobComplete'), progress: runningProgress }), false);
    assert.deepStrictEqual(allowedActions({ job: ingest('JobComplete') }), { close: false, abort: false });
  });

  it('lets anything not done and not final be aborted', () => {
    assert.strictEqual(canAbort(facts(ingest('Open'))), true);
    assert.strictEqual(canAbort(facts(ingest('UploadComplete'))), true);
    assert.strictEqual(canAbort(facts(ingest('InProgress'))), true);
    assert.strictEqual(canAbort(facts(query('InProgress'))), true);
    assert.strictEqual(canAbort(facts(ingest('Aborted'))), false);
    assert.strictEqual(canAbort(facts(ingest('Failed'))), false);
    assert.strictEqual(canAbort({}), false, 'nothing known yet');
  });

  it('allows close only for open 1.0 and 2.0 ingest jobs', () => {
    const open = { ...classic('Open'), operation: 'insert', object: 'Account' };
    const openProgress: JobProgress = { ...runningProgress, status: 'open' };
    assert.deepStrictEqual(allowedActions({ job: open, progress: openProgress }), { close: true, abort: true });
    assert.deepStrictEqual(allowedActions({ job: { ...open, flavour: '2.0', kind: 'query' }, progress: openProgress }), { close: false, abort: true });
    assert.deepStrictEqual(allowedActions({ job: { ...open, flavour: '2.0', kind: 'ingest', state: 'JobComplete' }, progress: undefined }), { close: false, abort: false });
  });

  it('gives the menu tokens in order: closable, abortable, done, hasFailures', () => {
    assert.deepStrictEqual(actionTokens(facts(ingest('Open'))), ['closable', 'abortable']);
    assert.deepStrictEqual(actionTokens(facts(query('InProgress'))), ['abortable']);
    assert.deepStrictEqual(actionTokens(facts({ ...ingest('JobComplete'), numberRecordsFailed: 2 })), ['done', 'hasFailures']);
    assert.deepStrictEqual(actionTokens({ job: classic('Closed'), progress: runningProgress }), ['abortable', 'hasFailures']);
    assert.deepStrictEqual(actionTokens({ progress: { ...runningProgress, done: true } }), ['hasFailures'], 'no job: nothing but the failures');
  });

  it('counts as running what is queued or processing, not open, done or unknown', () => {
    const jobs = [
      facts(ingest('Open')),
      facts(ingest('UploadComplete')),
      facts(ingest('InProgress')),
      facts(ingest('JobComplete')),
      facts(classic('Closed'), [batch('751A', 'InProgress')]),
      facts(classic('Closed'), [batch('751A', 'Completed')]),
      { job: ingest('InProgress') },
      {},
    ];
    assert.deepStrictEqual(jobs.map(isRunning), [false, true, true, false, true, false, false, false]);
    assert.strictEqual(runningCount(jobs), 3);
    assert.strictEqual(runningCount([]), 0);
  });

  it('tells an Open job waiting for data, with its counters, from one that is working', () => {
    const idle = { ...classic('Open'), numberBatchesTotal: 2, numberBatchesCompleted: 2, numberBatchesQueued: 0, numberBatchesInProgress: 0, numberRecordsProcessed: 10 };
    assert.strictEqual(waitingMark({ job: idle }), '2/2/-/10/-');
    assert.strictEqual(waitingMark({ job: classic('Open') }), '-/-/-/-/-');
    assert.notStrictEqual(waitingMark({ job: { ...idle, numberBatchesTotal: 3, numberBatchesCompleted: 3 } }), waitingMark({ job: idle }), 'counts moved');
    assert.strictEqual(waitingMark({ job: { ...idle, numberBatchesQueued: 1 } }), undefined, 'a batch queued');
    assert.strictEqual(waitingMark({ job: { ...idle, numberBatchesInProgress: 1 } }), undefined, 'a batch in progress');
    assert.strictEqual(waitingMark({ job: ingest('Open') }), '-/-/-/-/-');
    for (const job of [classic('Closed'), ingest('UploadComplete'), ingest('InProgress'), query('Open'), query('InProgress')]) {
      assert.strictEqual(waitingMark({ job }), undefined, `${job.kind} ${job.state}`);
    }
    assert.strictEqual(waitingMark({}), undefined);
  });

  it('offers Download Failed Records for an ingest job with failed records: the progress counts first, else the job', () => {
    const done = { ...runningProgress, status: 'completedWithFailures' as const, done: true };
    assert.strictEqual(canDownloadFailedRecords({ job: ingest('JobComplete'), progress: done }), true);
    assert.strictEqual(canDownloadFailedRecords({ job: classic('Closed'), progress: done }), true);
    assert.strictEqual(canDownloadFailedRecords({ job: query('JobComplete'), progress: done }), false, 'a query has no failed rows');
    assert.strictEqual(canDownloadFailedRecords({ job: ingest('JobComplete'), progress: { ...done, recordsFailed: 0 } }), false);
    // The Org Jobs list has the job's counter only.
    assert.strictEqual(canDownloadFailedRecords({ job: { ...ingest('JobComplete'), numberRecordsFailed: 3 } }), true);
    assert.strictEqual(canDownloadFailedRecords({ job: { ...ingest('JobComplete'), numberRecordsFailed: 0 } }), false);
    // The progress (counted from the batches) wins over the job's counter.
    assert.strictEqual(canDownloadFailedRecords({ job: { ...classic('Closed'), numberRecordsFailed: 3 }, progress: { ...done, recordsFailed: 0 } }), false);
  });
});

function classicJob(fields: Partial<BulkJob>): BulkJob {
  return { id: '750D00000004SkLIAU', flavour: '1.0', kind: 'classic', state: 'Closed', other: {}, ...fields };
}

function v2Job(fields: Partial<BulkJob>): BulkJob {
  return { id: '750D00000004SkLIAU', flavour: '2.0', kind: 'ingest', state: 'InProgress', other: {}, ...fields };
}

function batchOf(state: string, processed = 0, failed = 0): BulkBatch {
  return { id: '751D00000004SkLIAU', jobId: '750D00000004SkLIAU', state, numberRecordsProcessed: processed, numberRecordsFailed: failed, other: {} };
}

describe('job/jobRules: deriveProgress', () => {
  it('1.0 Closed with queued or in-progress batches is running, not done', () => {
    const p = deriveProgress(classicJob({ numberBatchesQueued: 1, numberBatchesInProgress: 1, numberBatchesCompleted: 3, numberBatchesTotal: 5, numberRecordsProcessed: 6000 }));
    assert.deepStrictEqual(p, {
      status: 'running',
      done: false,
      summary: 'Closed · 2 batches still running',
      batchesDone: 3,
      batchesTotal: 5,
      recordsProcessed: 6000,
      recordsFailed: 0,
    });
  });

  it('1.0 counts from the batch list when given (it is fresher than the job counters)', () => {
    const p = deriveProgress(classicJob({ numberBatchesQueued: 2, numberBatchesTotal: 2 }), [batchOf('Completed', 10), batchOf('InProgress', 5)]);
    assert.strictEqual(p.status, 'running');
    assert.strictEqual(p.summary, 'Closed · 1 batch still running');
    assert.strictEqual(p.batchesDone, 1);
    assert.strictEqual(p.batchesTotal, 2);
    assert.strictEqual(p.recordsProcessed, 15);
  });

  it('1.0 Closed and finished with failed records is completedWithFailures', () => {
    const p = deriveProgress(
      classicJob({ numberBatchesCompleted: 38, numberBatchesFailed: 2, numberBatchesTotal: 40, numberRecordsProcessed: 80_000, numberRecordsFailed: 1204 }),
    );
    assert.deepStrictEqual(p, {
      status: 'completedWithFailures',
      done: true,
      summary: 'Completed · 38/40 batches · 1,204 failed',
      batchesDone: 40,
      batchesTotal: 40,
      recordsProcessed: 80_000,
      recordsFailed: 1204,
    });
    const clean = deriveProgress(classicJob({ numberBatchesCompleted: 2, numberBatchesTotal: 2, numberRecordsProcessed: 10, numberRecordsFailed: 0 }));
    assert.strictEqual(clean.status, 'completed');
    assert.strictEqual(clean.summary, 'Completed · 2/2 batches');
  });

  it('1.0 Closed where every batch failed is failed', () => {
    const p = deriveProgress(classicJob({ numberBatchesFailed: 2, numberBatchesTotal: 2 }));
    assert.strictEqual(p.status, 'failed');
    assert.ok(p.done);
  });

  it('1.0 Open, Aborted and Failed', () => {
    assert.deepStrictEqual(
      [deriveProgress(classicJob({ state: 'Open', numberBatchesTotal: 0 })), deriveProgress(classicJob({ state: 'Aborted' })), deriveProgress(classicJob({ state: 'Failed' }))].map(
        (p) => [p.status, p.done, p.summary],
      ),
      [
        ['open', false, 'Open · 0 batches'],
        ['aborted', true, 'Aborted · 0/0 batches done'],
        ['failed', true, 'Failed'],
      ],
    );
    const aborted = deriveProgress(classicJob({ state: 'Aborted' }), [batchOf('Completed', 1000, 12), batchOf('NotProcessed'), batchOf('NotProcessed')]);
    assert.strictEqual(aborted.batchesDone, 3);
    assert.strictEqual(aborted.recordsFailed, 12);
  });

  it('2.0 states', () => {
    const rows = [
      v2Job({ state: 'Open' }),
      v2Job({ state: 'UploadComplete' }),
      v2Job({ state: 'InProgress', numberRecordsProcessed: 1500 }),
      v2Job({ state: 'JobComplete', numberRecordsProcessed: 5000, numberRecordsFailed: 123 }),
      v2Job({ state: 'JobComplete', kind: 'query', numberRecordsProcessed: 25000 }),
      v2Job({ state: 'Failed' }),
      v2Job({ state: 'Aborted', numberRecordsProcessed: 1 }),
    ].map((j) => {
      const p = deriveProgress(j);
      return [p.status, p.done, p.summary, p.batchesTotal];
    });
    assert.deepStrictEqual(rows, [
      ['open', false, 'Open · waiting for data', undefined],
      ['queued', false, 'Upload complete · queued', undefined],
      ['running', false, 'In progress · 1,500 records', undefined],
      ['completedWithFailures', true, 'Completed · 5,000 records · 123 failed', undefined],
      ['completed', true, 'Completed · 25,000 records', undefined],
      ['failed', true, 'Failed · 0 records', undefined],
      ['aborted', true, 'Aborted · 1 record', undefined],
    ]);
  });
});
