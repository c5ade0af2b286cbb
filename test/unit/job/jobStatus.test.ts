import * as assert from 'assert';
import type { DerivedStatus } from '../../../src/salesforce/types';
import { Translate, translator } from '../../../src/job/format';
import { TONE_CODICONS, batchTone, stateLabel, statusCodicon, statusLabel, toneOf } from '../../../src/job/jobStatus';

const t: Translate = translator(undefined);
const all: DerivedStatus[] = ['open', 'queued', 'running', 'completed', 'completedWithFailures', 'failed', 'aborted'];

describe('job status text', () => {
  it('names every derived status in a word or two', () => {
    const all: DerivedStatus[] = ['open', 'queued', 'running', 'completed', 'completedWithFailures', 'failed', 'aborted'];
    assert.deepStrictEqual(all.map((s) => statusLabel(s, t)),
      ['open', 'queued', 'running', 'completed', 'completed with failures', 'failed', 'aborted']);
  });

  it('writes a Bulk 2.0 state in words, other states as Salesforce names them', () => {
    assert.deepStrictEqual(['UploadComplete', 'InProgress', 'JobComplete', 'Closed', 'Aborted'].map((s) => stateLabel(s, t)),
      ['Upload complete', 'In progress', 'Completed', 'Closed', 'Aborted']);
  });
});

describe('job status icons', () => {
  it('one icon per status, the same in the tree and the hover', () => {
    assert.deepStrictEqual(all.map((s) => statusCodicon(s).id),
      ['circle-large-outline', 'clock', 'sync~spin', 'pass', 'warning', 'error', 'circle-slash']);
    assert.strictEqual(statusCodicon(undefined).id, 'question');
    assert.strictEqual(toneOf('completedWithFailures'), 'warning');
    assert.strictEqual(TONE_CODICONS.failed.color, 'testing.iconFailed');
  });
});

describe('batch tone', () => {
  it('one tone per Bulk 1.0 batch state, for the batches table and the timeline alike; unknown for a state not known', () => {
    const states = ['Completed', 'Failed', 'InProgress', 'Queued', 'NotProcessed', 'Paused'];
    assert.deepStrictEqual(states.map((state) => batchTone({ state })), ['passed', 'failed', 'running', 'queued', 'aborted', 'unknown']);
    assert.strictEqual(batchTone({ state: 'Completed', numberRecordsFailed: 2 }), 'warning');
    assert.strictEqual(batchTone({ state: 'Completed', numberRecordsFailed: 0 }), 'passed');
  });
});
