import * as assert from 'assert';
import { FailuresView, JobUpdateMessage, isHostMessage, isPanelState, isWebviewMessage } from '../../../src/details/protocol';

function update(overrides: Partial<JobUpdateMessage> = {}): JobUpdateMessage {
  return {
    type: 'job',
    generation: 3,
    ref: { orgKey: 'me@example.com', jobId: '750R0000000zxcvIAA' },
    orgLabel: 'me@example.com',
    job: { id: '750R0000000zxcvIAA', flavour: '1.0', kind: 'classic', state: 'Open', other: {} },
    batches: [{ id: '751R0000001abcdIAA', jobId: '750R0000000zxcvIAA', state: 'Queued', other: {} }],
    progress: { status: 'open', done: false, summary: 'Open', recordsProcessed: 0, recordsFailed: 0 },
    fetchedAt: 1_700_000_000_000,
    refreshing: false,
    autoRefresh: { enabled: true, nextAt: 1_700_000_005_000 },
    tracked: false,
    ...overrides,
  };
}

describe('protocol: webview → host messages', () => {
  it('accepts every simple message type', () => {
    for (const type of ['ready', 'refresh', 'toggleAutoRefresh', 'close', 'abort', 'openInSetup', 'copyJson', 'track', 'untrack']) {
      assert.strictEqual(isWebviewMessage({ type }), true, type);
    }
  });

  it('accepts copyId only with a 15- or 18-character id', () => {
    assert.strictEqual(isWebviewMessage({ type: 'copyId', id: '750R0000000zxcv' }), true);
    assert.strictEqual(isWebviewMessage({ type: 'copyId', id: '750R0000000zxcvIAA' }), true);
    assert.strictEqual(isWebviewMessage({ type: 'copyId', id: '750R0000000zxcvI' }), false);
    assert.strictEqual(isWebviewMessage({ type: 'copyId', id: '750R0000000zxc<b>' }), false);
    assert.strictEqual(isWebviewMessage({ type: 'copyId' }), false);
  });

  it('rejects unknown types and non-objects', () => {
    for (const value of [null, undefined, 'refresh', 42, [], { type: 'eval' }, { type: 7 }, {}, { kind: 'refresh' }]) {
      assert.strictEqual(isWebviewMessage(value), false, JSON.stringify(value));
    }
  });
});

describe('protocol: host → webview messages', () => {
  it('accepts a full job update and a minimal one', () => {
    assert.strictEqual(isHostMessage(update()), true);
    assert.strictEqual(isHostMessage(update({ job: undefined, batches: undefined, progress: undefined, fetchedAt: undefined })), true);
    assert.strictEqual(isHostMessage(update({ error: { kind: 'sessionExpired', message: 'Sign in again.', at: 1 } })), true);
  });

  it('accepts init with and without a bundle', () => {
    assert.strictEqual(isHostMessage({ type: 'init' }), true);
    assert.strictEqual(isHostMessage({ type: 'init', l10n: { Refresh: 'Actualiser' }, locale: 'fr' }), true);
    assert.strictEqual(isHostMessage({ type: 'init', l10n: { Refresh: 5 } }), false);
  });

  it('rejects malformed updates field by field', () => {
    const bad: Array<Record<string, unknown>> = [
      { generation: '3' },
      { generation: Number.NaN },
      { ref: { orgKey: 'x' } },
      { orgLabel: undefined },
      { job: { id: '750', state: 'Open', flavour: '3.0', kind: 'classic', other: {} } },
      { job: { id: '750', state: 'Open', flavour: '1.0', kind: 'classic' } },
      { batches: [{ id: 1, state: 'Queued', other: {} }] },
      { batches: {} },
      { progress: { status: 'open', done: 'no', summary: '', recordsProcessed: 0, recordsFailed: 0 } },
      { refreshing: 'yes' },
      { error: { kind: 'notFound' } },
      { autoRefresh: true },
      { tracked: undefined },
    ];
    for (const overrides of bad) {
      const message = { ...update(), ...overrides };
      assert.strictEqual(isHostMessage(message), false, JSON.stringify(overrides));
    }
    assert.strictEqual(isHostMessage({ type: 'html', html: '<b>' }), false);
  });

  it('checks saved panel state', () => {
    assert.strictEqual(isPanelState({ orgKey: 'o', jobId: '750R0000000zxcvIAA' }), true);
    assert.strictEqual(isPanelState({ orgKey: '', jobId: '750R0000000zxcvIAA' }), false);
    assert.strictEqual(isPanelState({ jobId: '750R0000000zxcvIAA' }), false);
    assert.strictEqual(isPanelState(undefined), false);
  });
});

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
  }],
};

/** A job update carrying only "Why records failed" (what a download of the results adds). */
function failuresUpdate(failures?: unknown): JobUpdateMessage {
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

  it('opens a cause by group key and link index, and runs a cause\'s action or source by key; nothing else of that shape', () => {
    const key = FAILURES.groups[0].key;
    assert.strictEqual(isWebviewMessage({ type: 'openCause', key, index: 0 }), true);
    assert.strictEqual(isWebviewMessage({ type: 'openCause', key, index: -1 }), false);
    assert.strictEqual(isWebviewMessage({ type: 'openCause', key, index: 1.5 }), false);
    assert.strictEqual(isWebviewMessage({ type: 'openCause', key, index: '0' }), false);
    assert.strictEqual(isWebviewMessage({ type: 'openCause', key: '', index: 0 }), false);
    assert.strictEqual(isWebviewMessage({ type: 'openCause', index: 0 }), false);
    assert.strictEqual(isWebviewMessage({ type: 'causeAction', key }), true);
    assert.strictEqual(isWebviewMessage({ type: 'causeAction' }), false);
    assert.strictEqual(isWebviewMessage({ type: 'openCauseSource', key }), true);
    assert.strictEqual(isWebviewMessage({ type: 'openCauseSource', key: 7 }), false);
  });

  it('takes a failure group\'s cause only in its checked shape', () => {
    const cause = { statusCode: 'UNABLE_TO_LOCK_ROW', known: true, meaning: 'm', action: 'a', actionId: 'reloadSerial', source: 'https://x', links: [] };
    const withCause = (c: unknown): unknown => failuresUpdate({ ...FAILURES, groups: [{ ...FAILURES.groups[0], cause: c }] });
    assert.strictEqual(isHostMessage(withCause(cause)), true);
    assert.strictEqual(isHostMessage(withCause({ ...cause, links: [{ kind: 'apex', label: 'A.cls:1', apex: 'class', name: 'A', candidates: ['A'], line: 1, column: 1 }] })), true);
    assert.strictEqual(isHostMessage(withCause({ ...cause, links: [{ kind: 'script', label: 'x' }] })), false);
    assert.strictEqual(isHostMessage(withCause({ ...cause, meaning: 3 })), false);
  });

  it('asks for an example row by key and takes the answer only in its own message', () => {
    assert.strictEqual(isWebviewMessage({ type: 'showExample', key: FAILURES.groups[0].key }), true);
    assert.strictEqual(isWebviewMessage({ type: 'showExample', key: '' }), false);
    const answer = { type: 'exampleRow', key: FAILURES.groups[0].key, exampleId: '', values: [['FirstName', 'Zoë'], ['LastName', '']] };
    assert.strictEqual(isHostMessage(answer), true);
    assert.strictEqual(isHostMessage({ ...answer, problem: 'The failed file is gone.', values: [] }), true);
    assert.strictEqual(isHostMessage({ ...answer, values: [['a']] }), false);
    assert.strictEqual(isHostMessage({ ...answer, exampleId: 7 }), false);
  });

  it('carries the failure summary in a job update, and refuses a malformed one', () => {
    assert.strictEqual(isHostMessage(failuresUpdate()), true, 'absent is fine');
    assert.strictEqual(isHostMessage(failuresUpdate(FAILURES)), true);
    assert.strictEqual(isHostMessage(failuresUpdate({ ...FAILURES, groups: [{ ...FAILURES.groups[0], count: 'many' }] })), false);
    assert.strictEqual(isHostMessage(failuresUpdate({ ...FAILURES, groups: [{ ...FAILURES.groups[0], fields: [1] }] })), false);
    assert.strictEqual(isHostMessage(failuresUpdate({ ...FAILURES, folder: undefined })), false);
    assert.strictEqual(isHostMessage(failuresUpdate('12 failed')), false);
  });
  it('accepts reloadFailed, and openLinkedJob only with a job id', () => {
    assert.strictEqual(isWebviewMessage({ type: 'reloadFailed' }), true);
    assert.strictEqual(isWebviewMessage({ type: 'openLinkedJob', jobId: '750R0000000zxcvIAA' }), true);
    assert.strictEqual(isWebviewMessage({ type: 'openLinkedJob', jobId: '750R0000000zxcvIAA"><script>' }), false);
    assert.strictEqual(isWebviewMessage({ type: 'openLinkedJob' }), false);
  });

  it('carries the reload links in a job update, and refuses anything but ids', () => {
    assert.strictEqual(isHostMessage(update({ reloadOf: '750R0000000zxcvIAA', reloadedAs: ['750R0000000zxcwIAA'] })), true);
    assert.strictEqual(isHostMessage(update({ reloadOf: 'not an id' })), false);
    assert.strictEqual(isHostMessage(update({ reloadedAs: '750R0000000zxcwIAA' as unknown as string[] })), false);
    assert.strictEqual(isHostMessage(update({ reloadedAs: ['750R0000000zxcwIAA', 7 as unknown as string] })), false);
  });
});

describe('charts: panel protocol', () => {
  it('carries the job history in a job update, and refuses a malformed one', () => {
    const points = [{ at: 1_700_000_000_000, processed: 0, failed: 0 }, { at: 1_700_000_060_000, processed: 500, failed: 3, batchesDone: 2, batchesTotal: 40 }];
    assert.strictEqual(isHostMessage(update()), true, 'absent is fine');
    assert.strictEqual(isHostMessage(update({ history: points })), true);
    assert.strictEqual(isHostMessage(update({ history: [] })), true);
    const bad = (history: unknown): boolean => isHostMessage(update({ history: history as JobUpdateMessage['history'] }));
    assert.strictEqual(bad('lots'), false);
    assert.strictEqual(bad([{ ...points[0], processed: '500' }]), false);
    assert.strictEqual(bad([{ ...points[0], at: Number.NaN }]), false);
    assert.strictEqual(bad([{ ...points[0], failed: -1 }]), false);
    assert.strictEqual(bad([{ ...points[1], batchesTotal: 'x' }]), false);
    assert.strictEqual(bad([null]), false);
    assert.strictEqual(bad(new Array(10_000).fill(points[0])), false, 'no unbounded history');
  });
});
