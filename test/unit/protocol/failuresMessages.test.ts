/** The details panel's protocol additions for "Why records failed" (checked on receipt on both sides). */
import * as assert from 'assert';
import { FailuresView, JobUpdateMessage, isHostMessage, isWebviewMessage } from '../../../src/protocol/messages';

const FAILURES: FailuresView = {
  at: 1_700_000_000_000,
  folder: '/work/bulk-results',
  failedRows: 12,
  successRows: 1988,
  unprocessedRows: 2600,
  groupCount: 1,
  groups: [{
    key: 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]',
    statusCode: 'REQUIRED_FIELD_MISSING',
    message: 'Required fields are missing: [LastName]',
    fields: ['LastName'],
    count: 12,
    exampleId: '',
    example: [['FirstName', 'Zoë'], ['LastName', '']],
  }],
};

function update(failures?: unknown): JobUpdateMessage {
  return {
    type: 'job',
    generation: 1,
    ref: { orgKey: 'me@example.com', jobId: '750R0000000zxcvIAA' },
    orgLabel: 'me@example.com',
    refreshing: false,
    autoRefresh: { enabled: false },
    tracked: true,
    failures: failures as FailuresView,
  };
}

describe('results: panel protocol', () => {
  it('accepts downloadResults and showFailedRows with a key, nothing else of that shape', () => {
    assert.strictEqual(isWebviewMessage({ type: 'downloadResults' }), true);
    assert.strictEqual(isWebviewMessage({ type: 'showFailedRows', key: FAILURES.groups[0].key }), true);
    assert.strictEqual(isWebviewMessage({ type: 'showFailedRows' }), false);
    assert.strictEqual(isWebviewMessage({ type: 'showFailedRows', key: '' }), false);
    assert.strictEqual(isWebviewMessage({ type: 'showFailedRows', key: 'x'.repeat(2001) }), false);
    assert.strictEqual(isWebviewMessage({ type: 'showFailedRows', key: 42 }), false);
  });

  it('carries the failure summary in a job update, and refuses a malformed one', () => {
    assert.strictEqual(isHostMessage(update()), true, 'absent is fine');
    assert.strictEqual(isHostMessage(update(FAILURES)), true);
    assert.strictEqual(isHostMessage(update({ ...FAILURES, groups: [{ ...FAILURES.groups[0], count: 'many' }] })), false);
    assert.strictEqual(isHostMessage(update({ ...FAILURES, groups: [{ ...FAILURES.groups[0], example: [['a']] }] })), false);
    assert.strictEqual(isHostMessage(update({ ...FAILURES, folder: undefined })), false);
    assert.strictEqual(isHostMessage(update('12 failed')), false);
  });
});
