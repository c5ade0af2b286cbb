/** What workspaceState keeps of a download: a summary, no row values; only its summary fields are read back. */
import * as assert from 'assert';
import { keptStamps, MAX_KEPT_STAMPS, mergeGroups, readStoredDownload } from '../../../src/downloads/storedDownload';

/** A record with more than the summary (an example row per group): only the summary is read back. */
const OLD_RECORD = {
  jobId: '750R0000000zxcvIAA',
  dir: '/ws/bulk-results',
  files: { failed: '/ws/bulk-results/750R0000000zxcvIAA-failed.csv', success: '/ws/bulk-results/750R0000000zxcvIAA-success.csv' },
  rows: { failed: 3, success: 7, unprocessed: 0, query: 0 },
  errors: [
    {
      key: 'INVALID_EMAIL_ADDRESS:Email: invalid email address: ann@@acme', statusCode: 'INVALID_EMAIL_ADDRESS',
      message: 'Email: invalid email address: ann@@acme', fields: ['Email'], count: 2,
      example: { sfId: '', error: 'INVALID_EMAIL_ADDRESS:Email: invalid email address: ann@@acme:Email --', values: [['LastName', 'Secret-Surname'], ['Email', 'ann@@acme']] },
    },
    {
      key: 'INVALID_EMAIL_ADDRESS:Email: invalid email address: bo@@acme', statusCode: 'INVALID_EMAIL_ADDRESS',
      message: 'Email: invalid email address: bo@@acme', fields: ['Email'], count: 1,
      example: { sfId: '', error: 'x', values: [['LastName', 'Other-Surname'], ['Email', 'bo@@acme']] },
    },
  ],
  groupCount: 2,
  at: 1_700_000_000_000,
};

describe('downloads/storedDownload', () => {
  it('reads back only the summary fields: an example row or any other field is never read', () => {
    const read = readStoredDownload(OLD_RECORD);
    assert.ok(read);
    const text = JSON.stringify(read);
    for (const value of ['Secret-Surname', 'Other-Surname', 'example']) {
      assert.ok(!text.includes(value), `${value} is gone`);
    }
    assert.deepStrictEqual(read.errors.map((g) => Object.keys(g).sort()), [['count', 'fields', 'key', 'message', 'statusCode'], ['count', 'fields', 'key', 'message', 'statusCode']]);
    assert.deepStrictEqual(read.files, OLD_RECORD.files);
    assert.deepStrictEqual(read.rows, OLD_RECORD.rows);
    assert.deepStrictEqual(read.written, []);
  });

  it('reads back what this version stores unchanged', () => {
    const current = { ...readStoredDownload(OLD_RECORD), written: [{ path: '/ws/a.csv', size: 3, mtimeMs: 5 }] };
    assert.deepStrictEqual(readStoredDownload(JSON.parse(JSON.stringify(current))), current);
  });

  it('refuses what is not a record', () => {
    for (const value of [undefined, null, 'x', [], { dir: '/a' }, { dir: 1, errors: [], files: {} }, { dir: '/a', errors: {}, files: {} }]) {
      assert.strictEqual(readStoredDownload(value), undefined, JSON.stringify(value));
    }
  });

  it('merges groups of one key, largest first', () => {
    const g = (key: string, count: number) => ({ key, statusCode: 'C', message: key, fields: [], count });
    assert.deepStrictEqual(mergeGroups([g('a', 1), g('b', 3), g('a', 5)]).map((x) => [x.key, x.count]), [['a', 6], ['b', 3]]);
  });

  it('keeps the new stamps first, then the earlier ones of other paths, bounded', () => {
    const s = (p: string, size = 1) => ({ path: p, size, mtimeMs: 1 });
    assert.deepStrictEqual(keptStamps([s('/a', 2)], [s('/a'), s('/b')]), [s('/a', 2), s('/b')]);
    const many = Array.from({ length: 40 }, (_, k) => s(`/f${k}`));
    assert.strictEqual(keptStamps([s('/new')], many).length, MAX_KEPT_STAMPS);
  });
});
