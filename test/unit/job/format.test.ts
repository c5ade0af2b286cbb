import * as assert from 'assert';
import type { BulkJob } from '../../../src/salesforce/types';
import { Translate, formatAgo, formatDate, formatDuration, formatMessage, statusText, translator } from '../../../src/job/format';

const t: Translate = translator(undefined);

describe('formatting helpers', () => {
  it('formats durations in human units', () => {
    assert.strictEqual(formatDuration(0), '0 ms');
    assert.strictEqual(formatDuration(999), '999 ms');
    assert.strictEqual(formatDuration(1234), '1.2 s');
    assert.strictEqual(formatDuration(42_000), '42 s');
    assert.strictEqual(formatDuration(184_000), '3 min 4 s');
    assert.strictEqual(formatDuration(184_000, { coarse: true }), '3 min');
    assert.strictEqual(formatDuration(2 * 3600_000 + 5 * 60_000), '2 h 5 min');
    assert.strictEqual(formatDuration(3 * 86400_000 + 4 * 3600_000), '3 d 4 h');
    assert.strictEqual(formatDuration(-5), '0 ms');
  });

  it('says how long ago, with "just now" for the last seconds', () => {
    assert.strictEqual(formatAgo(1_200, t), 'just now');
    assert.strictEqual(formatAgo(42_000, t), '42 s ago');
    assert.strictEqual(formatAgo(184_000, t), '3 min ago');
  });

  it('formats dates as local text with the exact UTC value', () => {
    const d = formatDate('2015-12-15T21:41:45.000Z', 'en-US');
    assert.strictEqual(d.title, '2015-12-15 21:41:45 UTC');
    assert.match(d.text, /2015/);
    assert.deepStrictEqual(formatDate('not a date'), { text: 'not a date', title: 'not a date' });
  });
});

describe('protocol: translation helpers', () => {
  it('replaces numbered placeholders and keeps unknown ones', () => {
    assert.strictEqual(formatMessage('{0} of {1} done {2}', [3, 'ten']), '3 of ten done {2}');
  });

  it('uses the bundle when it has the message, English otherwise', () => {
    const t = translator({ 'Refresh {0}': 'Actualiser {0}' });
    assert.strictEqual(t('Refresh {0}', 'x'), 'Actualiser x');
    assert.strictEqual(t('Close {0}', 'x'), 'Close x');
  });
});

describe('job status text', () => {
  it('says what a job is doing in one line', () => {
    const job: BulkJob = { id: '750R0000000zxcvIAA', flavour: '2.0', kind: 'ingest', state: 'JobComplete', other: {} };
    const done = { status: 'completedWithFailures' as const, done: true, summary: '', recordsProcessed: 10, recordsFailed: 1 };
    assert.strictEqual(statusText(job, done, { t }), 'JobComplete · 1 record failed');
    assert.strictEqual(statusText({ ...job, state: 'Failed', errorMessage: 'no access' }, { ...done, status: 'failed' }, { t }), 'Failed: no access');
    assert.strictEqual(statusText({ ...job, state: 'Open' }, { ...done, status: 'open', done: false }, { t }), 'Open · waiting for the data upload');
  });
});
