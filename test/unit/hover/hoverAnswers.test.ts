/**
 * The hover's core against the emulator over real HTTP, counting what the emulator received: batch
 * ids answered from what is known or with "Find its job" (never a search), misses remembered, an
 * org's expired session said without a request, and the cap aborting its requests.
 */
import * as assert from 'assert';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { findBulkIds, type FoundId } from '../../../src/salesforce/ids';
import { BatchJobs } from '../../../src/job/batchJobs';
import { translator } from '../../../src/job/format';
import type { HoverContent } from '../../../src/hover/hoverMarkdown';
import { MissCache } from '../../../src/hover/missCache';
import { HoverAnswers, type HoverLimits } from '../../../src/hover/hoverAnswers';
import { OrgUserNames } from '../../../src/salesforce/org/userNames';
import { DEMO_IDS, startEmulator, type Emulator } from '../../emulator';
import { noneInFlight } from '../salesforce/fixtures';
import { MemoryStore, oneOrg } from './memoryStore';

const ORG = { key: 'demo@bulk-emulator.example', label: 'emu' };
const UNKNOWN_BATCH = '751D00000009ZZZ';
const UNKNOWN_JOB = '750D00000009ZZZ';

function id(text: string): FoundId {
  const [found] = findBulkIds(text);
  assert.ok(found, text);
  return found;
}

describe('providers/hoverAnswers against the emulator', () => {
  let em: Emulator;
  let client: BulkClient;
  let store: MemoryStore;
  let batches: BatchJobs;
  let misses: MissCache<HoverContent>;
  const answers = (limits?: HoverLimits): HoverAnswers =>
    new HoverAnswers({ store, orgs: oneOrg(ORG), batches, misses, t: translator(undefined) }, limits);

  beforeEach(async () => {
    em = await startEmulator({ seed: 'demo' });
    client = new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token, maxRetries: 0 });
    store = new MemoryStore(client);
    batches = new BatchJobs();
    misses = new MissCache();
  });
  afterEach(async () => {
    await em.close();
  });

  describe('who created the job', () => {
    const nameQueries = () => em.log.filter((e) => e.path.includes('/query?q=')).length;
    const named = (names: OrgUserNames): HoverAnswers =>
      new HoverAnswers({ store, orgs: oneOrg(ORG), batches, misses, t: translator(undefined), names });

    it('names the creator: one query for the org, none at the next hovers', async () => {
      const names = new OrgUserNames({ query: (_org, soql, o) => client.querySoql(soql, o) });
      const first = await named(names).answer(id(DEMO_IDS.classicFailed));
      assert.strictEqual(first?.kind, 'jobs');
      assert.strictEqual(first.jobs[0].createdByName, 'Emulator Demo User');
      assert.strictEqual(nameQueries(), 1);
      em.clearLog();
      const again = await named(names).answer(id(DEMO_IDS.classicFailed));
      const other = await named(names).answer(id(DEMO_IDS.classicAborted));
      assert.strictEqual(again?.kind === 'jobs' && again.jobs[0].createdByName, 'Emulator Demo User');
      assert.strictEqual(other?.kind === 'jobs' && other.jobs[0].createdByName, 'Emulator Demo User');
      assert.strictEqual(nameQueries(), 0);
    });

    it('a names query that fails: the id is said, quietly, and the next hover does not ask again', async () => {
      const warnings: string[] = [];
      const names = new OrgUserNames({ query: (_org, soql, o) => client.querySoql(soql, o), warn: (m) => warnings.push(m) });
      em.fault({ path: '/query?q=', error: { code: 'INSUFFICIENT_ACCESS', message: 'no access to User' } });
      const first = await named(names).answer(id(DEMO_IDS.classicFailed));
      assert.strictEqual(first?.kind, 'jobs');
      assert.strictEqual(first.jobs[0].createdByName, undefined);
      assert.ok(first.jobs[0].job?.createdById);
      await named(names).answer(id(DEMO_IDS.classicFailed));
      assert.strictEqual(nameQueries(), 1);
      assert.strictEqual(warnings.length, 1);
    });
  });

  it('answers an unknown batch id with "Find its job" and sends nothing', async () => {
    const content = await answers().answer(id(UNKNOWN_BATCH));
    assert.deepStrictEqual(content, { kind: 'batchUnknown', id: id(UNKNOWN_BATCH).id18, idKind: 'batch', orgKey: ORG.key, orgLabel: ORG.label });
    assert.strictEqual(em.log.length, 0);
  });

  it('answers a batch from the batch cache: from the store with no request, else with its job only', async () => {
    const listed = await client.listBatches(DEMO_IDS.classicFailed);
    batches.remember(ORG.key, listed);
    em.clearLog();
    const first = await answers().answer(id(listed[0].id));
    assert.strictEqual(first?.kind, 'jobs');
    assert.strictEqual(first.jobs[0].ref.jobId, DEMO_IDS.classicFailed);
    assert.ok(em.log.length >= 1 && em.log.every((e) => !e.path.includes('/batch') && !e.path.includes('jobType')), 'the job only, no search');
    em.clearLog();
    const again = await answers().answer(id(listed[1].id));
    assert.strictEqual(again?.kind, 'jobs');
    assert.strictEqual(em.log.length, 0, 'the store knows the job now');
  });

  it('treats a batch remembered in an org that has since been removed as unknown, and sends nothing', async () => {
    const listed = await client.listBatches(DEMO_IDS.classicFailed);
    batches.remember('removed@example.com', listed);
    em.clearLog();
    const content = await answers().answer(id(listed[0].id));
    assert.deepStrictEqual(content, { kind: 'batchUnknown', id: listed[0].id, idKind: 'batch', orgKey: ORG.key, orgLabel: ORG.label });
    assert.strictEqual(em.log.length, 0);
  });

  it('remembers an unknown job id: the next hover sends nothing', async () => {
    const first = await answers().answer(id(UNKNOWN_JOB));
    assert.strictEqual(first?.kind, 'unknown');
    assert.ok(em.log.length > 0);
    em.clearLog();
    const again = await answers().answer(id(UNKNOWN_JOB));
    assert.deepStrictEqual(again, first);
    assert.strictEqual(em.log.length, 0);
  });

  it("says the org's session expired for every id of that org without asking again", async () => {
    em.expireToken();
    const first = await answers().answer(id(DEMO_IDS.classicAborted));
    assert.strictEqual(first?.kind, 'unknown');
    assert.match(first.message, /session of emu has expired/);
    em.clearLog();
    const other = await answers().answer(id(DEMO_IDS.v2Query));
    assert.strictEqual(other?.kind, 'unknown');
    assert.match(other.message, /session of emu has expired/);
    assert.strictEqual(em.log.length, 0);
    misses.clear(); // the orgs changed (signed in again)
    em.issueToken();
    assert.strictEqual((await answers().answer(id(DEMO_IDS.v2Query)))?.kind, 'jobs');
  });

  it('at the cap, aborts the request it waits for (the emulator sees it closed) and remembers nothing', async () => {
    em.fault({ path: DEMO_IDS.classicAborted, hang: true });
    const content = await answers({ requestMs: 60_000, totalMs: 150 }).answer(id(DEMO_IDS.classicAborted));
    assert.strictEqual(content, undefined);
    assert.strictEqual(em.log.length, 1);
    assert.ok(await noneInFlight(em), 'the request is still open on the emulator');
    assert.strictEqual(em.log[0].status, 0);
    assert.strictEqual(misses.get(id(DEMO_IDS.classicAborted).id18), undefined);
    assert.strictEqual(misses.orgProblem(ORG.key), undefined, 'the cap is not an org error');
  });

  it('closes a request past its own timeout (a slow org), and does not ask that org again for a while', async () => {
    em.fault({ path: DEMO_IDS.classicAborted, latencyMs: 30_000, times: 1 });
    const content = await answers({ requestMs: 150, totalMs: 60_000 }).answer(id(DEMO_IDS.classicAborted));
    assert.strictEqual(content?.kind, 'unknown');
    assert.match(content.message, /emu answered an error a moment ago/);
    assert.strictEqual(misses.orgProblem(ORG.key)?.kind, 'timeout');
    assert.strictEqual(em.log.length, 1);
    assert.ok(await noneInFlight(em), 'the slow request is still open on the emulator');
    em.clearLog();
    const other = await answers().answer(id(DEMO_IDS.v2Query));
    assert.strictEqual(other?.kind, 'unknown');
    assert.strictEqual(em.log.length, 0, 'the org is not asked again yet');
  });

  it("learns from the store's refreshes: batches listed anywhere, and an org's error until newer data comes", async () => {
    const core = answers();
    const entry = await store.refresh({ orgKey: ORG.key, jobId: DEMO_IDS.classicFailed }, { withBatches: true });
    core.note(entry);
    em.clearLog();
    const batch = entry.batches?.[0];
    assert.ok(batch);
    assert.strictEqual((await core.answer(id(batch.id)))?.kind, 'jobs');
    assert.strictEqual(em.log.length, 0);

    const failedAt = (entry.fetchedAt ?? 0) + 1;
    core.note({ ...entry, lastError: { kind: 'sessionExpired', message: 'expired', at: failedAt } });
    assert.strictEqual(misses.orgProblem(ORG.key)?.kind, 'sessionExpired');
    core.note({ ...entry, key: 'other', lastError: undefined }); // an older success elsewhere in the org
    assert.strictEqual(misses.orgProblem(ORG.key)?.kind, 'sessionExpired');
    core.note({ ...entry, lastError: undefined, fetchedAt: failedAt + 1 });
    assert.strictEqual(misses.orgProblem(ORG.key), undefined);
  });
});
