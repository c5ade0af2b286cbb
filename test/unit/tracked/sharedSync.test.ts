import * as assert from 'assert';
import { BulkJob } from '../../../src/salesforce/types';
import { JobRecord, JobRecords, readRecord, recordKey } from '../../../src/tracked/jobRecords';
import { INTENT_MS, SYNC_INTERVAL_MS, SharedEntry, SharedSync, reconcile } from '../../../src/tracked/sharedSync';
import { JobRef, jobKey } from '../../../src/job/jobRef';
import { FakeClock, FakeMemento } from '../storage/fakeMemento';

const T = 1_000_000;
const SETTLE = 2_000;
const live = (addedAt: number): JobRecord => ({ summary: { orgKey: 'o', jobId: '750D00000004SkLIAU', addedAt } });
const removed = (at: number): JobRecord => ({ removedAt: at });

describe('store: tracked or not, when memory and globalState disagree', () => {
  it('agrees when both say the same', () => {
    assert.strictEqual(reconcile(live(1), true, undefined, undefined, T, SETTLE), 'agree');
    assert.strictEqual(reconcile(removed(1), false, undefined, undefined, T, SETTLE), 'agree');
    assert.strictEqual(reconcile(undefined, false, undefined, undefined, T, SETTLE), 'agree');
  });

  it('adopts what another window did only when it is still so a sync later (an older echo passes)', () => {
    assert.strictEqual(reconcile(live(1), false, undefined, undefined, T, SETTLE), 'wait');
    assert.strictEqual(reconcile(live(1), false, undefined, T - SETTLE + 1, T, SETTLE), 'wait');
    assert.strictEqual(reconcile(live(1), false, undefined, T - SETTLE, T, SETTLE), 'adopt');
    assert.strictEqual(reconcile(removed(1), true, undefined, T - SETTLE, T, SETTLE), 'adopt');
  });

  it('adopts at once at start-up', () => {
    assert.strictEqual(reconcile(live(1), false, undefined, undefined, T, 0), 'adopt');
  });

  it('writes this window\'s own recent untrack again when the stored job is older (the tombstone was lost)', () => {
    const untrack = { tracked: false, at: T - 10 };
    assert.strictEqual(reconcile(live(T - 100), false, untrack, undefined, T, SETTLE), 'rewrite');
    // Tracked again later by another window: that wins, after settling.
    assert.strictEqual(reconcile(live(T - 5), false, untrack, T - SETTLE, T, SETTLE), 'adopt');
  });

  it('writes this window\'s own recent track again when the key is gone or an older tombstone', () => {
    const track = { tracked: true, at: T - 10 };
    assert.strictEqual(reconcile(undefined, true, track, undefined, T, SETTLE), 'rewrite');
    assert.strictEqual(reconcile(removed(T - 100), true, track, undefined, T, SETTLE), 'rewrite');
    assert.strictEqual(reconcile(removed(T - 5), true, track, T - SETTLE, T, SETTLE), 'adopt', 'untracked later elsewhere');
  });

  it('forgets its intent after a minute', () => {
    assert.strictEqual(reconcile(undefined, true, { tracked: true, at: T - INTENT_MS }, T - SETTLE, T, SETTLE), 'adopt');
  });
});

describe('store: what a window reads of the others (two windows, one globalState)', () => {
  /** One window: its entries, its records, its sync, over the shared memento and clock. */
  function window(memento: FakeMemento, clock: FakeClock, id: string) {
    const entries = new Map<string, SharedEntry>();
    const records = new JobRecords(memento, clock.now, id);
    const ensure = (ref: JobRef): SharedEntry => {
      const key = jobKey(ref);
      let e = entries.get(key);
      if (!e) {
        e = { ...ref, key, tracked: false, addedAt: clock.now(), refreshing: false };
        entries.set(key, e);
      }
      return e;
    };
    const sync = new SharedSync(records, { entries, ensure, writing: () => false, keep: () => undefined, log: () => undefined }, clock.now);
    return {
      entries, records, sync,
      track(ref: JobRef) {
        const e = ensure(ref);
        records.add({ ...ref, addedAt: clock.now() });
        e.tracked = true;
        sync.intend(e.key, true);
      },
      untrack(ref: JobRef) {
        ensure(ref).tracked = false;
        void records.remove(ref);
        sync.intend(jobKey(ref), false);
      },
      tracked: () => [...entries.values()].filter((e) => e.tracked).map((e) => e.jobId),
    };
  }

  const REF = { orgKey: 'o', jobId: '750D00000004SkLIAU' };
  const job = (state: string): BulkJob => ({ id: REF.jobId, flavour: '2.0', kind: 'ingest', state, other: {} });
  let memento: FakeMemento;
  let clock: FakeClock;

  beforeEach(() => {
    memento = new FakeMemento();
    clock = new FakeClock();
  });

  it('a job tracked in one window shows in the other a sync later; an untrack the same way', () => {
    const a = window(memento, clock, 'A');
    const b = window(memento, clock, 'B');
    a.track(REF);
    assert.strictEqual(b.sync.sync(), false, 'first seen: wait a sync');
    clock.advance(SYNC_INTERVAL_MS);
    assert.strictEqual(b.sync.sync(), true);
    assert.deepStrictEqual(b.tracked(), [REF.jobId]);
    b.untrack(REF);
    a.sync.sync();
    clock.advance(SYNC_INTERVAL_MS);
    a.sync.sync();
    assert.deepStrictEqual(a.tracked(), []);
    assert.deepStrictEqual(b.tracked(), []);
  });

  it('an older value read for a moment (another writer\'s echo) changes nothing', () => {
    const a = window(memento, clock, 'A');
    const b = window(memento, clock, 'B');
    a.track(REF);
    clock.advance(SYNC_INTERVAL_MS);
    b.sync.sync(0);
    const now = memento.get(recordKey(REF));
    void memento.update(recordKey(REF), { removed: true, at: 1 }); // the passing echo
    b.sync.sync();
    void memento.update(recordKey(REF), now);
    clock.advance(SYNC_INTERVAL_MS);
    b.sync.sync();
    assert.deepStrictEqual(b.tracked(), [REF.jobId]);
  });

  it('writes its own untrack again when it was lost under another write', () => {
    const a = window(memento, clock, 'A');
    a.track(REF);
    clock.advance(1_000);
    const before = memento.get(recordKey(REF));
    a.untrack(REF);
    void memento.update(recordKey(REF), before); // the tombstone lost
    a.sync.sync();
    assert.deepStrictEqual(readRecord(memento.get(recordKey(REF)), clock.t), { removedAt: clock.t });
    assert.deepStrictEqual(a.tracked(), []);
  });

  it('takes the newer job state the polling window wrote, and keeps its own when newer', async () => {
    const a = window(memento, clock, 'A');
    const b = window(memento, clock, 'B');
    a.track(REF);
    b.sync.sync(0);
    clock.advance(5_000);
    await a.records.update({ ...REF, addedAt: 0, job: job('InProgress'), fetchedAt: clock.now() });
    assert.strictEqual(b.sync.sync(), true);
    assert.strictEqual(b.entries.get(jobKey(REF))?.job?.state, 'InProgress');
    b.entries.get(jobKey(REF))!.fetchedAt = clock.now() + 1;
    b.entries.get(jobKey(REF))!.job = job('JobComplete');
    await a.records.update({ ...REF, addedAt: 0, job: job('UploadComplete'), fetchedAt: clock.now() });
    b.sync.sync();
    assert.strictEqual(b.entries.get(jobKey(REF))?.job?.state, 'JobComplete');
  });
});
