import * as assert from 'assert';
import { recoverEntry } from '../../../src/tracked/storedState';

const ID18 = '750D00000004SkLIAU';
const ID2 = '750D00000004SkGIAU';

describe('store: persisted state', () => {
  it('round-trips the current shape unchanged', () => {
    const entry = {
      orgKey: 'demo@example.com', jobId: ID18, flavour: '1.0', addedAt: 5, fetchedAt: 7,
      job: { id: ID18, flavour: '1.0', kind: 'classic', state: 'Open', object: 'Account', other: {} },
      lastError: { kind: 'network', message: 'unreachable', at: 9 },
    };
    assert.deepStrictEqual(recoverEntry(JSON.parse(JSON.stringify(entry)), 100), entry);
  });

  it('keeps what is usable of a damaged entry, and nothing without an org and a job id', () => {
    for (const raw of [null, 7, 'nonsense', `y|${ID18}`, { orgKey: 'x' }, { orgKey: 'x', jobId: '001000000000001' }]) {
      assert.strictEqual(recoverEntry(raw, 3), undefined, JSON.stringify(raw));
    }
    const entry = recoverEntry({ orgKey: 'x', jobId: ID2, job: 'garbage', lastError: { kind: 'weird', message: 'm' } }, 3);
    assert.strictEqual(entry?.job, undefined);
    assert.deepStrictEqual(entry?.lastError, { kind: 'unexpectedResponse', message: 'm', at: 0 });
    assert.strictEqual(entry?.addedAt, 3);
  });

  it('never throws on garbage', () => {
    for (const raw of ['x', 12, true, { jobs: 'no' }, [[[]]], { orgKey: 'o', jobId: ID18, batches: 'x', job: { state: 1 } }]) {
      assert.doesNotThrow(() => recoverEntry(raw, 0));
    }
  });
});
