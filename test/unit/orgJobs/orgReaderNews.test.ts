/**
 * "Every failure told exactly once, whatever happens in between" over real HTTP (the emulator, its
 * clock moved by the test): news by the org's `checkedThrough` shared between windows (a FakeMemento
 * as globalState), told through the per-job claims as the notifier tells them.
 */
import * as assert from 'assert';
import { NEWS_DETAILS_PER_REFRESH } from '../../../src/orgJobs/detailsPolicy';
import { NEWS_SLACK_MS, groupNotifications, type OrgJobEvent, type OrgJobEventKind } from '../../../src/orgJobs/newFailures';
import { OrgReader, type OrgJobsClient } from '../../../src/orgJobs/orgReader';
import { SharedOrgState } from '../../../src/orgJobs/sharedOrgState';
import { translator } from '../../../src/job/format';
import { startEmulator, type Emulator } from '../../emulator';
import { clientFor, tokenSource } from '../salesforce/fixtures';
import { FakeMemento } from '../storage/fakeMemento';

const MIN = 60_000;
const ORG = 'admin@acme.com';
const notTracked = { isTracked: () => false };
const enabled = new Set<OrgJobEventKind>(['failed', 'aborted', 'failedRecords']);

/** One window: its reader and its view of the shared globalState; `check` reads and tells as the service and notifier do. */
class Window {
  readonly reader = new OrgReader();
  readonly told: OrgJobEvent[] = [];
  readonly groups: number[] = [];
  constructor(readonly shared: SharedOrgState, private readonly client: OrgJobsClient, private readonly clockOffset = 0) {}

  async check(em: Emulator): Promise<{ pending: number; events: number }> {
    const read = await this.reader.read(this.client, em.clock.now() + this.clockOffset, notTracked, {
      backlog: false, checkedThrough: this.shared.checkedThrough(ORG),
    });
    if (read.checkedThrough !== undefined) {
      await this.shared.noteCheckedThrough(ORG, read.checkedThrough);
    }
    const options = { enabled, mutes: this.shared.mutes(ORG), orgLabel: 'acme', windowMs: 5 * MIN, t: translator(undefined) };
    const wanted = groupNotifications(read.events, options).flatMap((n) => n.events.map((e) => e.job.id));
    const mine = new Set(this.shared.claim(ORG, wanted));
    for (const n of groupNotifications(read.events.filter((e) => mine.has(e.job.id)), options)) {
      this.told.push(...n.events);
      this.groups.push(n.events.length);
    }
    return { pending: read.pending, events: read.events.length };
  }
}

describe('orgJobs/orgReader: every failure told exactly once', () => {
  let em: Emulator;
  let memento: FakeMemento;
  let shared: SharedOrgState;
  let client: OrgJobsClient;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'orgSized', orgSized: { count: 200, liveHours: 0 }, clock: 'manual', pageSize: 100 });
    memento = new FakeMemento();
    shared = new SharedOrgState(memento, () => em.clock.now());
    client = clientFor(em, tokenSource(em));
    em.clock.advance(40 * MIN); // the seed's running jobs are done
  });

  afterEach(async () => {
    await em.close();
  });

  /** A 2.0 load created now that ends `afterMs` from now: with `failed` failed records, or Failed. */
  function load(afterMs: number, outcome: { failed?: number; state?: 'Failed' | 'Aborted' } = {}): string {
    const now = em.clock.now();
    return em.jobs.create2({
      operation: 'insert', object: 'Account', createdAt: now, uploadCompleteAt: now + 1_000, startAt: now + 2_000, endAt: now + afterMs,
      ...(outcome.state === 'Aborted' ? { abortedAt: now + afterMs } : {}),
      state: outcome.state ?? 'JobComplete', records: 100, failed: outcome.failed ?? 0,
    });
  }

  const ids = (w: Window): string[] => w.told.map((e) => e.job.id).sort();

  it('a details read that fails is read again at the next refresh, and its failed records are told then, once', async () => {
    const w = new Window(shared, client);
    await w.check(em);
    const job = load(2 * MIN, { failed: 5 });
    const endedAt = em.clock.now() + 2 * MIN;
    em.clock.advance(3 * MIN);
    const remove = em.fault({ path: job, status: 500 });
    assert.deepStrictEqual(await w.check(em), { pending: 1, events: 0 });
    em.clock.advance(60 * MIN);
    load(MIN);
    em.clock.advance(2 * MIN);
    assert.strictEqual((await w.check(em)).pending, 1, 'an hour later, still asked');
    assert.strictEqual(w.told.length, 0);
    assert.ok((shared.checkedThrough(ORG) ?? Infinity) - NEWS_SLACK_MS < endedAt, 'held back while a finished job\'s details are unread');
    remove();
    em.clock.advance(5 * MIN);
    assert.deepStrictEqual((await w.check(em)).pending, 0);
    assert.deepStrictEqual(w.told.map((e) => [e.kind, e.job.id, e.job.numberRecordsFailed]), [['failedRecords', job, 5]]);
    em.clock.advance(5 * MIN);
    await w.check(em);
    assert.strictEqual(w.told.length, 1);
  });

  it('30 jobs finishing between two checks: 30 told, in one notification', async () => {
    const w = new Window(shared, client);
    await w.check(em);
    const jobs = Array.from({ length: 30 }, (_, k) => load(MIN + k * 5_000, k % 3 === 0 ? { state: 'Failed' } : { failed: 1 + k }));
    em.clock.advance(5 * MIN);
    await w.check(em);
    assert.deepStrictEqual(ids(w), [...jobs].sort());
    assert.deepStrictEqual(w.groups, [30]);
  });

  it('more news than a refresh reads: a queue, not a cut (the rest at the next refresh, in order)', async () => {
    const w = new Window(shared, client);
    await w.check(em);
    const jobs = Array.from({ length: NEWS_DETAILS_PER_REFRESH + 20 }, (_, k) => load(MIN + k * 1_000, { failed: 1 }));
    em.clock.advance(5 * MIN);
    assert.strictEqual((await w.check(em)).pending, 20);
    assert.strictEqual(w.told.length, NEWS_DETAILS_PER_REFRESH);
    assert.deepStrictEqual(ids(w), jobs.slice(0, NEWS_DETAILS_PER_REFRESH).sort(), 'the oldest first');
    em.clock.advance(5 * MIN);
    assert.strictEqual((await w.check(em)).pending, 0);
    assert.deepStrictEqual(ids(w), [...jobs].sort());
  });

  it('a restart between a failure and the next check: the new window tells it, once; a second restart tells nothing', async () => {
    await new Window(shared, client).check(em);
    const failed = load(MIN, { state: 'Failed' });
    const records = load(2 * MIN, { failed: 3 });
    em.clock.advance(3 * MIN);
    const after = new Window(shared, client);
    await after.check(em);
    assert.deepStrictEqual(ids(after), [failed, records].sort());
    const again = new Window(shared, client);
    await again.check(em);
    em.clock.advance(5 * MIN);
    await again.check(em);
    assert.deepStrictEqual(again.told, []);
  });

  it('a handover to a window whose clock is 3 h ahead, then back: each failure told once, none missed', async () => {
    const a = new Window(shared, client);
    const b = new Window(shared, client, 3 * 60 * MIN);
    await a.check(em);
    const first = load(MIN, { state: 'Failed' });
    em.clock.advance(2 * MIN);
    await a.check(em);
    const second = load(MIN, { failed: 2 });
    const third = load(90_000, { state: 'Aborted' });
    em.clock.advance(2 * MIN);
    await b.check(em); // A closed; B (its clock 3 h ahead) holds the lease now
    const fourth = load(MIN, { state: 'Failed' });
    em.clock.advance(2 * MIN);
    await b.check(em);
    const fifth = load(MIN, { failed: 9 });
    em.clock.advance(2 * MIN);
    await a.check(em); // and back to A
    await b.check(em);
    assert.deepStrictEqual(ids(a), [first, fifth].sort());
    assert.deepStrictEqual(ids(b), [second, third, fourth].sort());
  });

  it('two windows checking at the same moment tell each failure once between them', async () => {
    const [a, b] = [new Window(shared, client), new Window(shared, client)];
    await a.check(em);
    const jobs = [load(MIN, { state: 'Failed' }), load(MIN, { failed: 4 })];
    em.clock.advance(2 * MIN);
    await Promise.all([a.check(em), b.check(em)]);
    assert.deepStrictEqual([...ids(a), ...ids(b)].sort(), [...jobs].sort());
  });

  it('switching Watch on starts afresh: what failed while unwatched is no news to a window starting then', async () => {
    await new Window(shared, client).check(em);
    load(MIN, { state: 'Failed' });
    em.clock.advance(2 * MIN);
    await shared.setWatched(ORG, true);
    const w = new Window(shared, client);
    await w.check(em);
    const later = load(MIN, { state: 'Failed' });
    em.clock.advance(2 * MIN);
    await w.check(em);
    assert.deepStrictEqual(ids(w), [later]);
  });
});
