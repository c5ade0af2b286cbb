import * as assert from 'assert';
import { STATE_VERSION, recoverState } from '../../../src/tracked/storedState';
import { jobKey } from '../../../src/job/jobRef';

const ID18 = '750D00000004SkLIAU';
const ID15 = '750D00000004SkL';
const ID2 = '750D00000004SkGIAU';

describe('store: persisted state', () => {
  it('round-trips the current shape unchanged', () => {
    const state = {
      version: STATE_VERSION,
      jobs: [{
        orgKey: 'demo@example.com', jobId: ID18, flavour: '1.0', addedAt: 5, fetchedAt: 7,
        job: { id: ID18, flavour: '1.0', kind: 'classic', state: 'Open', object: 'Account', other: {} },
        lastError: { kind: 'network', message: 'unreachable', at: 9 },
      }],
    };
    const r = recoverState(JSON.parse(JSON.stringify(state)), 100);
    assert.deepStrictEqual(r.state, state);
    assert.strictEqual(r.migrated, false);
    assert.strictEqual(r.dropped, 0);
  });

  it('starts empty from nothing', () => {
    const r = recoverState(undefined, 1);
    assert.deepStrictEqual(r.state.jobs, []);
    assert.strictEqual(r.migrated, false);
  });

  it('recovers the older version-1 shape (org/id/info/updated) and 15-char ids', () => {
    const r = recoverState({ version: 1, jobs: [{ org: 'a@b.c', id: ID15, info: { state: 'Closed', flavour: '1.0' }, updated: 42 }] }, 100);
    assert.strictEqual(r.migrated, true);
    assert.strictEqual(r.state.jobs.length, 1);
    const j = r.state.jobs[0];
    assert.strictEqual(j.orgKey, 'a@b.c');
    assert.strictEqual(j.jobId, ID18);
    assert.strictEqual(j.job?.state, 'Closed');
    assert.strictEqual(j.job?.id, ID18);
    assert.strictEqual(j.job?.kind, 'classic');
    assert.deepStrictEqual(j.job?.other, {});
    assert.strictEqual(j.fetchedAt, 42);
    assert.strictEqual(j.addedAt, 100);
  });

  it('keeps the good entries of a damaged list and counts the rest', () => {
    const r = recoverState({ version: STATE_VERSION, jobs: [
      null, 7, 'nonsense', { orgKey: 'x' }, { orgKey: 'x', jobId: '001000000000001' },
      { orgKey: 'x', jobId: ID2, job: 'garbage', lastError: { kind: 'weird', message: 'm' } },
      `y|${ID18}`,
      { orgKey: 'x', jobId: ID2 }, // duplicate
    ] }, 3);
    assert.deepStrictEqual(r.state.jobs.map(jobKey), [`x|${ID2}`, `y|${ID18}`]);
    assert.strictEqual(r.state.jobs[0].job, undefined);
    assert.deepStrictEqual(r.state.jobs[0].lastError, { kind: 'unexpectedResponse', message: 'm', at: 0 });
    assert.strictEqual(r.dropped, 6);
    assert.strictEqual(r.migrated, true);
  });

  it('accepts a bare array and a map keyed by job', () => {
    assert.strictEqual(recoverState([{ orgKey: 'o', jobId: ID18 }], 0).state.jobs.length, 1);
    assert.strictEqual(recoverState({ jobs: { k: { orgKey: 'o', jobId: ID18 } } }, 0).state.jobs.length, 1);
  });

  it('never throws on garbage', () => {
    for (const raw of ['x', 12, true, { jobs: 'no' }, [[[]]], { jobs: [{ orgKey: 'o', jobId: ID18, batches: 'x', job: { state: 1 } }] }]) {
      const r = recoverState(raw, 0);
      assert.strictEqual(r.state.version, STATE_VERSION);
    }
  });
});
