import * as assert from 'assert';
import type { BulkBatch, BulkJob, JobProgress } from '../../../src/salesforce/types';
import { Translate, shortId, translator } from '../../../src/job/format';
import { batchRow, buildJobView, sortBatches } from '../../../src/details/jobView';
import { panelTitle } from '../../../src/job/format';

const t: Translate = translator(undefined);
const NOW = Date.parse('2026-01-10T12:03:30.000Z');

/** A 1.0 job carrying every field BulkJob knows, plus unknown ones. */
function fullJob(): BulkJob {
  return {
    id: '750R0000000zxcvIAA',
    flavour: '1.0',
    kind: 'classic',
    state: 'Closed',
    operation: 'insert',
    object: 'Account',
    createdById: '005R0000000abcdIAA',
    createdDate: '2026-01-10T12:00:00.000Z',
    systemModstamp: '2026-01-10T12:02:00.000Z',
    externalIdFieldName: 'Ext__c',
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: '64.0',
    jobType: 'Classic',
    assignmentRuleId: '01QR0000000abcdIAA',
    fastPathEnabled: false,
    numberBatchesQueued: 1,
    numberBatchesInProgress: 1,
    numberBatchesCompleted: 3,
    numberBatchesFailed: 1,
    numberBatchesTotal: 6,
    numberRecordsProcessed: 1204,
    numberRecordsFailed: 12,
    numberRetries: 2,
    totalProcessingTime: 184_000,
    apiActiveProcessingTime: 1234,
    apexProcessingTime: 850,
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
    contentUrl: 'services/data/v64.0/jobs/ingest/750R0000000zxcvIAA/batches',
    errorMessage: '',
    isPkChunkingSupported: true,
    other: { futureField: 'x', anotherOne: 3, nullish: null },
  };
}

const runningProgress: JobProgress = {
  status: 'running', done: false, summary: 'Closed · 2 batches still running', batchesDone: 4, batchesTotal: 6,
  recordsProcessed: 1204, recordsFailed: 12,
};

function allRowKeys(job: BulkJob, progress?: JobProgress): string[] {
  return buildJobView(job, undefined, progress, { t, now: NOW }).groups.flatMap((g) => g.rows.map((r) => r.key));
}

describe('panel view model', () => {
  it('shows every key of the job exactly once (known, unknown top-level, and other.*)', () => {
    const job = fullJob() as BulkJob & Record<string, unknown>;
    job.brandNewTopLevel = 'surprise';
    const keys = allRowKeys(job, runningProgress).filter((k) => !k.startsWith('~'));
    const expected = [
      ...Object.keys(job).filter((k) => k !== 'other'),
      ...Object.keys(job.other).map((k) => `other.${k}`),
    ];
    assert.deepStrictEqual([...keys].sort(), [...expected].sort());
    assert.strictEqual(new Set(keys).size, keys.length, 'no key twice');
  });

  it('puts unknown fields in the Other group under their own names', () => {
    const job = fullJob() as BulkJob & Record<string, unknown>;
    job.brandNewTopLevel = 'surprise';
    const view = buildJobView(job, undefined, runningProgress, { t, now: NOW });
    const other = view.groups.find((g) => g.key === 'other');
    assert.ok(other);
    assert.deepStrictEqual(other.rows.map((r) => [r.label, r.value]), [
      ['brandNewTopLevel', 'surprise'], ['futureField', 'x'], ['anotherOne', '3'], ['nullish', '—'],
    ]);
  });

  it('groups fields the way a person reads them', () => {
    const view = buildJobView(fullJob(), undefined, runningProgress, { t, now: NOW });
    const groupOf = (key: string) => view.groups.find((g) => g.rows.some((r) => r.key === key))?.key;
    assert.strictEqual(groupOf('state'), 'status');
    assert.strictEqual(groupOf('numberRecordsFailed'), 'status');
    assert.strictEqual(groupOf('object'), 'what');
    assert.strictEqual(groupOf('flavour'), 'what');
    assert.strictEqual(groupOf('createdById'), 'when');
    assert.strictEqual(groupOf('systemModstamp'), 'when');
    assert.strictEqual(groupOf('apexProcessingTime'), 'processing');
    assert.strictEqual(groupOf('numberRetries'), 'retries');
    assert.deepStrictEqual(view.groups.map((g) => g.key), ['status', 'what', 'when', 'processing', 'retries', 'other']);
  });

  it('derives the status text, badge tone, and allowed actions', () => {
    const view = buildJobView(fullJob(), undefined, runningProgress, { t, now: NOW });
    assert.strictEqual(view.statusText, 'Closed · 2 batches still running');
    assert.strictEqual(view.tone, 'running');
    assert.strictEqual(view.done, false);
    assert.deepStrictEqual(view.actions, { close: false, abort: true });
    assert.strictEqual(view.title, 'Account · insert · …00zxcv');
    assert.strictEqual(shortId('750R0000000zxcvIAA'), '…00zxcv');
  });

  it('flags failed records in the error colour and builds both progress bars', () => {
    const view = buildJobView(fullJob(), undefined, runningProgress, { t, now: NOW });
    const rows = view.groups.flatMap((g) => g.rows);
    assert.strictEqual(rows.find((r) => r.key === 'numberRecordsFailed')?.error, true);
    assert.strictEqual(rows.find((r) => r.key === 'numberRecordsProcessed')?.error, undefined);
    assert.deepStrictEqual(view.progress.map((p) => [p.key, p.value, p.max, p.failed]), [['batches', 4, 6, 1], ['records', 1192, 1204, 12]]);
    assert.match(view.progress[0].text, /^4 of 6 batches done$/);
    assert.match(view.progress[1].text, /1,204 processed · 1,192 succeeded · 12 failed/);
  });

  it('shows times in human units with the exact value in the tooltip', () => {
    const rows = buildJobView(fullJob(), undefined, runningProgress, { t, now: NOW }).groups.flatMap((g) => g.rows);
    const row = (key: string) => rows.find((r) => r.key === key);
    assert.strictEqual(row('totalProcessingTime')?.value, '3 min 4 s');
    assert.strictEqual(row('apiActiveProcessingTime')?.value, '1.2 s');
    assert.strictEqual(row('apexProcessingTime')?.value, '850 ms');
    assert.strictEqual(row('apexProcessingTime')?.title, '850 ms');
    assert.strictEqual(row('createdDate')?.title, '2026-01-10 12:00:00 UTC');
    assert.strictEqual(row('~duration')?.value, 'running for 3 min');
    assert.strictEqual(row('id')?.copy, '750R0000000zxcvIAA');
    assert.strictEqual(row('createdById')?.copy, '005R0000000abcdIAA');
    assert.strictEqual(row('flavour')?.value, 'Bulk API 1.0');
    assert.strictEqual(row('fastPathEnabled')?.value, 'No');
  });

  it('names the creator when the name is known, the id always beside it and behind Copy', () => {
    const creator = (createdByName?: string) => buildJobView(fullJob(), undefined, runningProgress, { t, now: NOW, createdByName })
      .groups.flatMap((g) => g.rows).find((r) => r.key === 'createdById');
    assert.deepStrictEqual([creator()?.label, creator()?.value, creator()?.copy], ['Created by', '005R0000000abcdIAA', '005R0000000abcdIAA']);
    assert.deepStrictEqual([creator('Ada Lovelace')?.value, creator('Ada Lovelace')?.copy], ['Ada Lovelace (005R0000000abcdIAA)', '005R0000000abcdIAA']);
    // Another org user chose the name: it is text (the webview sets textContent), kept as written.
    assert.strictEqual(creator('[x](command:workbench.action.terminal.new) $(alert)')?.value, '[x](command:workbench.action.terminal.new) $(alert) (005R0000000abcdIAA)');
  });

  it('says how long a finished job took', () => {
    const job = { ...fullJob(), state: 'Closed', numberBatchesQueued: 0, numberBatchesInProgress: 0 };
    const done: JobProgress = { ...runningProgress, status: 'completedWithFailures', done: true, batchesDone: 6 };
    const view = buildJobView(job, undefined, done, { t, now: NOW });
    assert.strictEqual(view.groups.flatMap((g) => g.rows).find((r) => r.key === '~duration')?.value, 'took 2 min');
    assert.strictEqual(view.statusText, 'Closed · 12 records failed');
    assert.strictEqual(view.tone, 'warning');
    assert.deepStrictEqual(view.actions, { close: false, abort: false });
  });

  it('keeps markup in field values as plain text', () => {
    const job = { ...fullJob(), object: '<img src=x onerror=alert(1)>', other: { '<b>k</b>': '<script>x</script>' } };
    const view = buildJobView(job, undefined, runningProgress, { t, now: NOW });
    const rows = view.groups.flatMap((g) => g.rows);
    assert.strictEqual(rows.find((r) => r.key === 'object')?.value, '<img src=x onerror=alert(1)>');
    assert.strictEqual(rows.find((r) => r.key === 'other.<b>k</b>')?.value, '<script>x</script>');
    assert.strictEqual(view.title.startsWith('<img src=x onerror=alert(1)> · insert'), true);
  });

  it('sorts batches failures first, then by creation', () => {
    const batch = (id: string, state: string, failed: number, created: string): BulkBatch =>
      ({ id, jobId: 'j', state, numberRecordsFailed: failed, numberRecordsProcessed: 10, createdDate: created, other: {} });
    const sorted = sortBatches([
      batch('751A', 'Completed', 0, '2026-01-01T00:00:01.000Z'),
      batch('751B', 'Completed', 2, '2026-01-01T00:00:03.000Z'),
      batch('751C', 'Failed', 0, '2026-01-01T00:00:04.000Z'),
      batch('751D', 'InProgress', 0, '2026-01-01T00:00:00.000Z'),
      batch('751E', 'Completed', 1, '2026-01-01T00:00:02.000Z'),
    ]);
    assert.deepStrictEqual(sorted.map((b) => b.id), ['751C', '751E', '751B', '751D', '751A']);
    const view = buildJobView(fullJob(), sorted, runningProgress, { t, now: NOW });
    assert.deepStrictEqual(view.batches?.map((b) => batchRow(b, { t, now: NOW })).map((b) => [b.id, b.tone, b.hasFailures]), [
      ['751C', 'failed', true], ['751E', 'warning', true], ['751B', 'warning', true], ['751D', 'running', false], ['751A', 'passed', false],
    ]);
  });

  it('sorts thousands of batches as a full sort would, listed in created order or not, ties by id', () => {
    const states = ['Completed', 'Failed', 'InProgress', 'Queued', 'NotProcessed'];
    const batches = Array.from({ length: 3_000 }, (_, i): BulkBatch => ({
      id: `751R${String((i * 7919) % 3_000).padStart(7, '0')}`, jobId: 'j', state: states[(i * 31) % 5], numberRecordsFailed: i % 13 === 0 ? 1 : 0,
      createdDate: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 1000).toISOString(), other: {},
    }));
    const rank = (b: BulkBatch): number => (b.state === 'Failed' ? 0 : (b.numberRecordsFailed ?? 0) > 0 ? 1 : 2);
    const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
    const expected = [...batches].sort((a, b) => rank(a) - rank(b) || cmp(a.createdDate ?? '', b.createdDate ?? '') || cmp(a.id, b.id)).map((b) => b.id);
    assert.deepStrictEqual(sortBatches(batches).map((b) => b.id), expected, 'as listed');
    assert.deepStrictEqual(sortBatches([...batches].reverse()).map((b) => b.id), expected, 'reversed');
    const ordered = [...batches].sort((a, b) => cmp(a.createdDate ?? '', b.createdDate ?? '') || cmp(a.id, b.id));
    assert.deepStrictEqual(sortBatches(ordered).map((b) => b.id), expected, 'in created order');
  });


  it('titles a panel before and after the job is known', () => {
    assert.strictEqual(panelTitle('750R0000000zxcvIAA', undefined, t), `Job ${shortId('750R0000000zxcvIAA')}`);
    assert.strictEqual(panelTitle('750R0000000zxcvIAA', { ...fullJob(), object: undefined }, t), `insert · ${shortId('750R0000000zxcvIAA')}`);
  });
});
