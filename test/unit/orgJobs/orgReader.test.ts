/** One org's refreshes over real HTTP: baseline, details of newly finished jobs, names, events, a failed page. */
import * as assert from 'assert';
import { DETAILS_PER_REFRESH } from '../../../src/orgJobs/detailsPolicy';
import { OrgReader } from '../../../src/orgJobs/orgReader';
import { OrgUserNames } from '../../../src/salesforce/org/userNames';
import { SEED_USERS, startEmulator, type Emulator } from '../../emulator';
import { liveLoadId } from '../../emulator/seedOrg';
import { clientFor, tokenSource } from '../salesforce/fixtures';

const MIN = 60_000;

describe('orgJobs/orgReader', () => {
  let em: Emulator;
  const notTracked = { isTracked: () => false };

  beforeEach(async () => {
    em = await startEmulator({ seed: 'orgSized', orgSized: { count: 300, liveHours: 1 }, clock: 'manual', pageSize: 100 });
  });

  afterEach(async () => {
    await em.close();
  });

  it('reads a baseline with the session user and names, then tells a live load that completed with failed records, once', async () => {
    const client = clientFor(em, tokenSource(em));
    const reader = new OrgReader();
    const t0 = em.clock.now();
    em.clock.advance(19 * MIN); // live load 3 (20 → 22 min, 17 failed records) not created yet
    const first = await reader.read(client, em.clock.now(), notTracked, { backlog: true });
    assert.deepStrictEqual(first.events, []);
    assert.strictEqual(first.details, DETAILS_PER_REFRESH, 'the recent completed jobs (more than 25) caught up 25 at a time');
    assert.strictEqual(first.nameQueries, 1);
    assert.strictEqual(reader.myUserId, em.userId);
    assert.strictEqual(reader.nameOf(SEED_USERS.integration.id), 'MuleSoft Integration');

    em.clock.advance(t0 + 23 * MIN - em.clock.now());
    em.clearLog();
    const second = await reader.read(client, em.clock.now(), notTracked, { backlog: false });
    // Since the baseline: live load 3 (new to the list, already complete) and two seeded runs finished.
    const told = second.events.map((e) => [e.kind, e.job.id, e.job.numberRecordsFailed]);
    assert.deepStrictEqual(told.find((e) => e[1] === liveLoadId(3)), ['failedRecords', liveLoadId(3), 17]);
    assert.strictEqual(second.events.length, 3, JSON.stringify(told));
    assert.strictEqual(second.details, 3, 'only the newly finished jobs in a background check');
    assert.ok(em.log.every((e) => !e.path.includes('userinfo')), 'the session user is asked once');

    const third = await reader.read(client, em.clock.now(), notTracked, { backlog: false });
    assert.deepStrictEqual(third.events, []);
  });

  it('resolves its submitters through the window\'s names: the panel and the hover then ask nothing', async () => {
    const client = clientFor(em, tokenSource(em));
    let queries = 0;
    const window = new OrgUserNames({ query: (_org, soql, o) => { queries++; return client.querySoql(soql, o); } });
    const reader = new OrgReader(undefined, window.of('org-a'));
    const read = await reader.read(client, em.clock.now(), notTracked, { backlog: false });
    assert.strictEqual(read.nameQueries, 1);
    assert.strictEqual(window.nameOf('org-a', SEED_USERS.alice.id), 'Alice Martin');
    await window.want('org-a', [SEED_USERS.alice.id, SEED_USERS.integration.id]);
    assert.strictEqual(queries, 0, 'the reader asked through its own client; the window asks nothing again');
    assert.strictEqual(window.nameOf('org-b', SEED_USERS.alice.id), undefined, 'another org is another cache');
  });

  it('takes another window\'s list: shown at once with its names, and its next read tells only what moved since', async () => {
    const client = clientFor(em, tokenSource(em));
    const [a, b] = [new OrgReader(), new OrgReader()];
    const t0 = em.clock.now();
    em.clock.advance(19 * MIN);
    await a.read(client, em.clock.now(), notTracked, { backlog: true });
    const list = a.shareable();
    assert.ok(list);
    assert.strictEqual(list.detailed.length, DETAILS_PER_REFRESH);
    assert.strictEqual(b.adopt(list), true);
    assert.strictEqual(b.adopt(list), false, 'a list no newer than the one shown is not taken');
    assert.deepStrictEqual(b.current?.jobs.map((j) => j.id), a.current?.jobs.map((j) => j.id));
    assert.strictEqual(b.nameOf(SEED_USERS.integration.id), 'MuleSoft Integration');
    assert.strictEqual(b.myUserId, em.userId);

    em.clock.advance(t0 + 23 * MIN - em.clock.now());
    em.clearLog();
    const next = await b.read(client, em.clock.now(), notTracked, { backlog: true });
    assert.strictEqual(next.events.length, 3, 'what moved since the list taken, as the first window would tell it');
    assert.ok(next.events.some((e) => e.job.id === liveLoadId(3) && e.kind === 'failedRecords'));
    assert.strictEqual(next.nameQueries, 0);
    const asked = em.log.map((e) => e.path);
    assert.ok(asked.every((p) => !p.includes('userinfo')), 'the session user came with the list');
    assert.deepStrictEqual(list.detailed.filter((id) => asked.some((p) => p.includes(id))), [], 'details the first window read are not asked again');
  });

  it('after a reload, takes from an older list only what does not age: details and names, and tells nothing of it', async () => {
    const client = clientFor(em, tokenSource(em));
    const before = new OrgReader();
    em.clock.advance(19 * MIN);
    await before.read(client, em.clock.now(), notTracked, { backlog: true });
    const list = before.shareable();
    assert.ok(list);
    const after = new OrgReader();
    after.learn(list);
    assert.strictEqual(after.current, undefined, 'an old list is not shown as the current one');
    em.clearLog();
    const first = await after.read(client, em.clock.now(), notTracked, { backlog: true });
    assert.deepStrictEqual(first.events, [], 'its first read is the baseline still');
    assert.strictEqual(first.nameQueries, 0);
    const asked = em.log.map((e) => e.path);
    assert.deepStrictEqual(list.detailed.filter((id) => asked.some((p) => p.includes(id))), []);
    assert.ok(first.details > 0, 'the rest of the backlog instead');
  });

  it('keeps the last complete list when a page fails, and says so', async () => {
    const client = clientFor(em, tokenSource(em));
    const reader = new OrgReader();
    const first = await reader.read(client, em.clock.now(), notTracked, { backlog: false });
    em.fault({ path: 'queryLocator', error: { code: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' } });
    const second = await reader.read(client, em.clock.now(), notTracked, { backlog: false });
    assert.match(second.error?.message ?? '', /invalid query locator/i);
    assert.strictEqual(reader.current?.jobs.length, first.jobs);
  });
});
