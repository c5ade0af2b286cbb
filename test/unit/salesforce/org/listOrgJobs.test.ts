/** Listing a whole org over real HTTP: both endpoints, every page, each job once, the 7-day window, a failing page. */
import * as assert from 'assert';
import { ORG_JOBS_WINDOW_MS, lastMoved, splitIngestPays } from '../../../../src/salesforce/org/listOrgJobs';
import { MAX_LIST_PAGES } from '../../../../src/salesforce/bulk2';
import { liveLoadId, startEmulator, type Emulator } from '../../../emulator';
import { clientFor, tokenSource } from '../fixtures';

const MIN = 60_000;

describe('salesforce/org/listOrgJobs', () => {
  let em: Emulator;

  afterEach(async () => {
    await em?.close();
  });

  async function start(ingestListsClassic: boolean, pageSize = 50): Promise<ReturnType<typeof clientFor>> {
    em = await startEmulator({ seed: 'orgSized', orgSized: { count: 400, liveHours: 1 }, pageSize, ingestListsClassic });
    return clientFor(em, tokenSource(em));
  }

  /** The job-list pages the emulator was asked for. */
  function listPaths(): string[] {
    return em.log.filter((e) => /\/jobs\/(ingest|query)(\?|$)/.test(e.path)).map((e) => e.path);
  }

  for (const ingestListsClassic of [false, true]) {
    it(`lists each job once across pages and both endpoints (jobs/ingest ${ingestListsClassic ? 'with' : 'without'} Classic jobs)`, async () => {
      const client = await start(ingestListsClassic);
      const list = await client.listOrgJobs({ now: em.clock.now() });
      assert.strictEqual(list.partial, false);
      const ids = list.jobs.map((j) => j.id);
      assert.strictEqual(new Set(ids).size, ids.length, 'no job twice');
      // 400 jobs, 2 of them 8 days old; the live loads are not created yet.
      assert.strictEqual(ids.length, 398);
      assert.ok(list.jobs.some((j) => j.kind === 'classic') && list.jobs.some((j) => j.kind === 'ingest') && list.jobs.some((j) => j.kind === 'query'));
      const paths = listPaths();
      assert.strictEqual(list.pages, paths.length);
      assert.ok(paths.some((p) => p.startsWith('/services/data/v64.0/jobs/ingest?queryLocator=')));
      assert.ok(paths.some((p) => p.startsWith('/services/data/v64.0/jobs/query?queryLocator=')));
      for (let i = 1; i < list.jobs.length; i++) {
        assert.ok((list.jobs[i - 1].createdDate ?? '') >= (list.jobs[i].createdDate ?? ''), 'newest first');
      }
    });
  }

  it('keeps only the jobs that moved in the last 7 days, and sees new jobs as the clock runs', async () => {
    const client = await start(true);
    const now = em.clock.now();
    const list = await client.listOrgJobs({ now });
    assert.ok(list.jobs.every((j) => lastMoved(j) >= now - ORG_JOBS_WINDOW_MS));
    const all = await client.listJobs({ limit: 10_000 });
    assert.strictEqual(all.length - list.jobs.length, 2, 'the two 8-day-old jobs are left out');
    const short = await client.listOrgJobs({ now, windowMs: 60 * MIN });
    assert.ok(short.jobs.length > 0 && short.jobs.length < 10, `got ${short.jobs.length}`);

    const running = list.jobs.filter((j) => j.state === 'InProgress').map((j) => j.id);
    assert.ok(running.length >= 10, `got ${running.length} running`);

    em.clock.advance(31 * MIN);
    const later = await client.listOrgJobs({ now: em.clock.now() });
    assert.ok(later.jobs.filter((j) => running.includes(j.id)).every((j) => j.state === 'JobComplete'), 'the running jobs completed');
    // A load every 5 minutes: six created by t0 + 31 min, the sixth (k = 5) still running, none after.
    assert.ok(later.jobs.some((j) => j.id === liveLoadId(0) && j.state === 'JobComplete'));
    assert.ok(later.jobs.some((j) => j.id === liveLoadId(5) && j.state === 'InProgress'));
    assert.ok(!later.jobs.some((j) => j.id === liveLoadId(6)));
  });

  it('a page that fails gives a partial list with the error; the other endpoint is still read', async () => {
    const client = await start(false);
    em.fault({ path: /jobs\/ingest\?queryLocator=/, times: 1, error: { code: 'REQUEST_LIMIT_EXCEEDED', status: 403, message: 'TotalRequests Limit exceeded.' } });
    const list = await client.listOrgJobs({ now: em.clock.now() });
    assert.strictEqual(list.partial, true);
    assert.strictEqual(list.error?.kind, 'quotaExceeded');
    assert.ok(list.jobs.some((j) => j.kind === 'query'), 'jobs/query was read');
    assert.ok(list.jobs.filter((j) => j.kind === 'ingest').length <= 50, 'only the first ingest page');
    assert.ok(!listPaths().some((p) => /jobs\/ingest\?queryLocator=01gEM0000000Loc-100/.test(p)), 'no page after the failed one');
  });

  it('reads jobs/ingest by type when it lists Classic jobs that jobs/query lists too: the same jobs, fewer pages', async () => {
    const client = await start(true);
    const whole = await client.listOrgJobs({ now: em.clock.now() });
    assert.ok(whole.classic.ingest > 50 && whole.classic.query === whole.classic.ingest && whole.classic.ingestOnly === 0, JSON.stringify(whole.classic));
    em.log.length = 0;
    const split = await client.listOrgJobs({ now: em.clock.now(), splitIngest: true });
    assert.deepStrictEqual(split.jobs.map((j) => j.id).sort(), whole.jobs.map((j) => j.id).sort());
    assert.ok(split.pages < whole.pages, `${split.pages} pages split, ${whole.pages} whole`);
    const firsts = listPaths().filter((p) => !p.includes('queryLocator'));
    assert.deepStrictEqual(firsts.sort(), ['/services/data/v64.0/jobs/ingest?jobType=BigObjectIngest', '/services/data/v64.0/jobs/ingest?jobType=V2Ingest', '/services/data/v64.0/jobs/query']);
    assert.strictEqual(split.classic.ingest, 0);
    assert.strictEqual(split.classic.query, whole.classic.query);
  });

  it('without Classic jobs in jobs/ingest (the emulator\'s default) there is nothing to split', async () => {
    const client = await start(false);
    const whole = await client.listOrgJobs({ now: em.clock.now() });
    assert.deepStrictEqual({ ingest: whole.classic.ingest, ingestOnly: whole.classic.ingestOnly }, { ingest: 0, ingestOnly: 0 });
    assert.ok(whole.classic.query > 0);
    assert.strictEqual(splitIngestPays(whole, false), false);
  });

  it('splits only where it pays and is correct: a page of Classic jobs in jobs/ingest, every one listed by jobs/query too', () => {
    const list = (ingest: number, query: number, ingestOnly = 0, partial = false, truncated: Array<'ingest' | 'query'> = []) => ({ classic: { ingest, query, ingestOnly }, partial, truncated });
    assert.strictEqual(splitIngestPays(list(1_000, 1_000), false), true);
    assert.strictEqual(splitIngestPays(list(999, 999), false), false, 'less than a page: one more request would not pay');
    assert.strictEqual(splitIngestPays(list(5_000, 4_999, 1), false), false, 'one Classic job jobs/query did not list: both are read');
    assert.strictEqual(splitIngestPays(list(5_000, 0, 5_000), false), false, 'jobs/query does not list them here');
    assert.strictEqual(splitIngestPays(list(0, 3), true), true, 'a split read keeps splitting while jobs/query lists Classic jobs');
    assert.strictEqual(splitIngestPays(list(0, 0), true), false);
    assert.strictEqual(splitIngestPays(list(0, 0, 0, true), true), true, 'a partial read changes nothing');
    assert.strictEqual(splitIngestPays(list(2_000, 2_000, 0, true), false), false);
    assert.strictEqual(splitIngestPays(list(2_000, 2_000, 0, false, ['query']), false), false, 'jobs/query cut at the page cap may lack some');
    assert.strictEqual(splitIngestPays(list(0, 5, 0, false, ['query']), true), false);
  });

  it(`says which endpoint was cut at ${MAX_LIST_PAGES} pages`, async () => {
    const client = await start(false, 2);
    const list = await client.listOrgJobs({ now: em.clock.now() });
    assert.strictEqual(list.partial, false);
    // 2 rows a page: jobs/query (2.0 query and Classic jobs, 240 of 400) has more than 100 pages, jobs/ingest (160) fewer.
    assert.deepStrictEqual(list.truncated, ['query']);
    assert.strictEqual(listPaths().filter((p) => p.includes('/jobs/query')).length, MAX_LIST_PAGES);
    await em.close();
    const small = await (await start(false)).listOrgJobs({ now: em.clock.now() });
    assert.deepStrictEqual(small.truncated, []);
  });

  it('a cancelled listing rejects (not a partial list)', async () => {
    const client = await start(false);
    em.setLatency(200);
    const controller = new AbortController();
    const pending = client.listOrgJobs({ now: em.clock.now(), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: { kind?: string }) => e.kind === 'cancelled');
  });
});
