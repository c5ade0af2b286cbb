import * as assert from 'assert';
import { BulkJob } from '../../../src/salesforce/types';
import {
  JobRecords, JobSummary, MAX_TRACKED, TOMBSTONE_TTL_MS, readRecord, recordKey,
} from '../../../src/tracked/jobRecords';
import { JOB_KEY_PREFIX, REV_KEY } from '../../../src/storage/keys';
import { FakeClock, FakeMemento } from '../storage/fakeMemento';

const ID1 = '750D00000004SkLIAU';
const ID2 = '750D00000004SkGIAU';
const ORG = 'demo@example.com';

function job(state: string, processed = 0): BulkJob {
  return { id: ID1, flavour: '1.0', kind: 'classic', state, object: 'Account', numberRecordsProcessed: processed, numberRecordsFailed: 0, other: {} };
}

function summary(jobId: string, extra: Partial<JobSummary> = {}): JobSummary {
  return { orgKey: ORG, jobId, addedAt: 5, ...extra };
}

describe('store: one key per tracked job in globalState', () => {
  let memento: FakeMemento;
  let clock: FakeClock;
  let a: JobRecords;
  let b: JobRecords;

  beforeEach(() => {
    memento = new FakeMemento();
    clock = new FakeClock();
    a = new JobRecords(memento, clock.now, 'A');
    b = new JobRecords(memento, clock.now, 'B');
  });

  describe('merge, never overwrite', () => {
    it('jobs tracked in two windows are both kept, and an untrack in one is not undone by a late write of the other', async () => {
      assert.strictEqual(a.add(summary(ID1)).result, 'added');
      assert.strictEqual(b.add(summary(ID2, { addedAt: 6 })).result, 'added');
      assert.deepStrictEqual(a.live().map((s) => s.jobId), [ID1, ID2]);
      assert.deepStrictEqual(b.live().map((s) => s.jobId), [ID1, ID2]);

      await a.remove({ orgKey: ORG, jobId: ID2 });
      // B had not heard of the untrack and writes what its poll found:
      assert.strictEqual(b.update(summary(ID2, { job: job('Closed') })), undefined);
      assert.deepStrictEqual(b.live().map((s) => s.jobId), [ID1]);
      assert.deepStrictEqual(readRecord(memento.get(recordKey({ orgKey: ORG, jobId: ID2 })), clock.t), { removedAt: clock.t });
    });

    it('an untracked job can be tracked again (over its tombstone)', async () => {
      a.add(summary(ID1));
      await b.remove({ orgKey: ORG, jobId: ID1 });
      assert.strictEqual(a.add(summary(ID1)).result, 'added');
      assert.deepStrictEqual(b.live().map((s) => s.jobId), [ID1]);
    });

    it('an update keeps when it was tracked and another window\'s notified marker', async () => {
      a.add(summary(ID1, { addedAt: 5 }));
      assert.strictEqual(b.claimNotification({ orgKey: ORG, jobId: ID1 }), true);
      await a.update(summary(ID1, { addedAt: 99, job: job('Closed') }));
      const s = a.live()[0];
      assert.strictEqual(s.addedAt, 5);
      assert.strictEqual(s.notifiedAt, clock.t);
      assert.strictEqual(s.job?.state, 'Closed');
    });

    it('every write bumps the revision, with a value no other window writes', async () => {
      a.add(summary(ID1));
      const r1 = a.revision();
      b.add(summary(ID2));
      const r2 = a.revision();
      await a.remove({ orgKey: ORG, jobId: ID1 });
      assert.notStrictEqual(r1, undefined);
      assert.strictEqual(new Set([r1, r2, a.revision()]).size, 3);
    });
  });

  describe('written only when something changed', () => {
    it('a poll that returns the same job (only fetchedAt differs) writes nothing', async () => {
      a.add(summary(ID1));
      await a.update(summary(ID1, { job: job('Open', 3), fetchedAt: 10 }));
      const writes = memento.writes;
      assert.strictEqual(a.update(summary(ID1, { job: job('Open', 3), fetchedAt: 20 })), undefined);
      assert.strictEqual(memento.writes, writes);
      await a.update(summary(ID1, { job: job('Open', 4), fetchedAt: 30 }));
      assert.strictEqual(memento.writes, writes + 2, 'the job key and the revision');
    });
  });

  describe('bounds', () => {
    it(`refuses the ${MAX_TRACKED + 1}st job, and takes one again after an untrack`, async () => {
      for (let i = 0; i < MAX_TRACKED; i++) {
        assert.strictEqual(a.add(summary(ID1, { orgKey: `org${i}` })).result, 'added');
      }
      assert.strictEqual(b.add(summary(ID2)).result, 'full');
      await a.remove({ orgKey: 'org0', jobId: ID1 });
      assert.strictEqual(b.add(summary(ID2)).result, 'added');
    });

    it('over the limit when asked (a load\'s jobs); the oldest finished job is the one to make room', async () => {
      for (let i = 0; i < MAX_TRACKED; i++) {
        const state = i === 3 || i === 7 ? 'Aborted' : 'InProgress';
        assert.strictEqual(a.add(summary(ID1, { orgKey: `org${i}`, addedAt: i, job: job(state) })).result, 'added');
      }
      assert.deepStrictEqual([a.oldestFinished()?.orgKey, a.oldestFinished()?.addedAt], ['org3', 3]);
      assert.strictEqual(b.add(summary(ID2), true).result, 'added');
      assert.strictEqual(a.live().length, MAX_TRACKED + 1);
    });

    it('no finished job: none to make room', () => {
      a.add(summary(ID1, { job: job('InProgress') }));
      a.add(summary(ID2, { job: job('Open') }));
      assert.strictEqual(a.oldestFinished(), undefined);
    });

    it('deletes tombstones after a day and damaged values, keeping live jobs', async () => {
      a.add(summary(ID1));
      await a.remove({ orgKey: ORG, jobId: ID2 });
      await memento.update(`${JOB_KEY_PREFIX}junk`, 12);
      await a.collectGarbage();
      assert.ok(memento.get(recordKey({ orgKey: ORG, jobId: ID2 })), 'a fresh tombstone stays');
      assert.strictEqual(memento.get(`${JOB_KEY_PREFIX}junk`), undefined);
      clock.advance(TOMBSTONE_TTL_MS + 1);
      await a.collectGarbage();
      assert.deepStrictEqual(memento.keys().filter((k) => k.startsWith(JOB_KEY_PREFIX)), [recordKey({ orgKey: ORG, jobId: ID1 })]);
      assert.ok(memento.get(REV_KEY));
    });
  });

  describe('one notification in all windows', () => {
    it('the first window to claim it gets it; an untracked job gets none', async () => {
      a.add(summary(ID1));
      assert.strictEqual(a.claimNotification({ orgKey: ORG, jobId: ID1 }), true);
      assert.strictEqual(b.claimNotification({ orgKey: ORG, jobId: ID1 }), false);
      assert.strictEqual(a.claimNotification({ orgKey: ORG, jobId: ID1 }), false);
      assert.strictEqual(b.claimNotification({ orgKey: ORG, jobId: ID2 }), false);
    });
  });

  describe('damaged values', () => {
    it('reads a summary with a broken progress by deriving it from the job, and garbage as nothing', () => {
      const r = readRecord({ orgKey: ORG, jobId: ID1, addedAt: 1, job: job('Closed', 2), progress: 'x' }, 0);
      assert.ok(r && 'summary' in r);
      assert.strictEqual(r.summary.progress?.recordsProcessed, 2);
      for (const raw of [null, 3, 'x', { removed: 'yes' }, { orgKey: ORG }]) {
        assert.strictEqual(readRecord(raw, 0), undefined);
      }
    });
  });
});
