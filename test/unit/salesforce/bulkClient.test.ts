/**
 * BulkClient against the loopback emulator over real HTTP: normalisation end to end, flavour
 * detection, close/abort, job lists, and the request counts behind them.
 */
import * as assert from 'assert';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { BulkApiError } from '../../../src/salesforce/errors';
import { DEMO_IDS, type Emulator } from '../../emulator';
import { clientFor, demoClientPerTest, rejectsWith, requestPaths, SEED_JSON_EXPECTED, SEED_XML_EXPECTED, type TokenSource } from './fixtures';

const UNKNOWN_JOB = '750D00000009ZZZ'; // valid shape, not in the seed

describe('salesforce/bulkClient against the emulator', () => {
  let em: Emulator;
  let tokens: TokenSource;
  let client: BulkClient;

  demoClientPerTest((demo) => ({ em, tokens, client } = demo));

  const paths = (): string[] => requestPaths(em);

  describe('getJob', () => {
    it('normalises the seed page XML job exactly', async () => {
      assert.deepStrictEqual(await client.getJob(DEMO_IDS.seedPageXml), SEED_XML_EXPECTED);
      assert.deepStrictEqual(paths(), [`GET /services/async/64.0/job/${DEMO_IDS.seedPageXml}`]);
    });

    it('normalises the seed page JSON job exactly (the emulator answers in JSON)', async () => {
      assert.deepStrictEqual(await client.getJob(DEMO_IDS.seedPageJson), SEED_JSON_EXPECTED);
    });

    it('accepts a 15-character id and asks for the 18-character one', async () => {
      const job = await client.getJob(DEMO_IDS.seedPageXml.slice(0, 15));
      assert.strictEqual(job.id, DEMO_IDS.seedPageXml);
      assert.deepStrictEqual(paths(), [`GET /services/async/64.0/job/${DEMO_IDS.seedPageXml}`]);
    });

    it('detects a 2.0 ingest job by probing, then remembers it (one request next time)', async () => {
      const job = await client.getJob(DEMO_IDS.v2IngestMoving);
      assert.strictEqual(job.flavour, '2.0');
      assert.strictEqual(job.kind, 'ingest');
      assert.deepStrictEqual(paths(), [
        `GET /services/async/64.0/job/${DEMO_IDS.v2IngestMoving}`,
        `GET /services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestMoving}`,
      ]);
      em.clearLog();
      await client.getJob(DEMO_IDS.v2IngestMoving);
      assert.deepStrictEqual(paths(), [`GET /services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestMoving}`]);
    });

    it('detects a 2.0 query job after two probes, then remembers it', async () => {
      const job = await client.getJob(DEMO_IDS.v2Query);
      assert.strictEqual(job.kind, 'query');
      assert.strictEqual(em.log.length, 3);
      em.clearLog();
      await client.getJob(DEMO_IDS.v2Query);
      assert.deepStrictEqual(paths(), [`GET /services/data/v64.0/jobs/query/${DEMO_IDS.v2Query}`]);
    });

    it('a kind hint (known before a reload) goes straight to the right endpoint', async () => {
      const job = await client.getJob(DEMO_IDS.v2Query, { kind: 'query' });
      assert.strictEqual(job.kind, 'query');
      assert.deepStrictEqual(paths(), [`GET /services/data/v64.0/jobs/query/${DEMO_IDS.v2Query}`]);
    });

    it('a wrong kind hint falls back to probing the other endpoints', async () => {
      const job = await client.getJob(DEMO_IDS.v2IngestMoving, { kind: 'query' });
      assert.strictEqual(job.kind, 'ingest');
      assert.deepStrictEqual(paths(), [
        `GET /services/data/v64.0/jobs/query/${DEMO_IDS.v2IngestMoving}`,
        `GET /services/async/64.0/job/${DEMO_IDS.v2IngestMoving}`,
        `GET /services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestMoving}`,
      ]);
    });

    it('a 1.0 job is found by the first probe and stays one request', async () => {
      await client.getJob(DEMO_IDS.classicJson);
      await client.getJob(DEMO_IDS.classicJson);
      assert.strictEqual(em.log.length, 2);
    });

    it('an unknown job is notFound after three probes, naming the job and the org', async () => {
      const e = await rejectsWith(client.getJob(UNKNOWN_JOB), (err) => {
        assert.strictEqual(err.kind, 'notFound');
        assert.strictEqual(err.exceptionCode, 'InvalidJob');
      });
      assert.match(e.message, new RegExp(`^The job ${UNKNOWN_JOB}[A-Z0-5]{3} was not found in demo@bulk-emulator\\.example\\. Check the id and the org\\.$`));
      assert.strictEqual(em.log.length, 3);
    });

    it('a bad id is refused without any request, saying which rule fails', async () => {
      await rejectsWith(client.getJob('750D00000004SkLIAA'), (e) => {
        assert.strictEqual(e.kind, 'invalidRequest');
        assert.match(e.message, /IAU/);
      });
      await rejectsWith(client.getJob('751D00000004SkL'), (e) => assert.match(e.message, /starts with 750/));
      await rejectsWith(client.getJob('750-oops'), (e) => assert.strictEqual(e.kind, 'invalidRequest'));
      assert.strictEqual(em.log.length, 0);
    });

    it('a job moves with the emulator clock (fresh data, no caching of bodies)', async () => {
      const before = await client.getJob(DEMO_IDS.v2IngestMoving);
      assert.strictEqual(before.state, 'UploadComplete');
      em.clock.advance(200_000);
      const after = await client.getJob(DEMO_IDS.v2IngestMoving);
      assert.strictEqual(after.state, 'JobComplete');
      assert.strictEqual(after.numberRecordsFailed, 123);
    });

    it('an error other than not-found stops the probing (InvalidVersion → invalidRequest)', async () => {
      const old = clientFor(em, tokens, { apiVersion: '16.0' });
      await rejectsWith(old.getJob(DEMO_IDS.v2Query), (e) => {
        assert.strictEqual(e.kind, 'invalidRequest');
        assert.strictEqual(e.exceptionCode, 'InvalidVersion');
        assert.strictEqual(e.status, 400);
      });
      assert.strictEqual(em.log.length, 1);
    });
  });

  describe('batches', () => {
    it('lists a 1.0 job\'s batches (XML) and gets one', async () => {
      const batches = await client.listBatches(DEMO_IDS.classicAborted);
      assert.deepStrictEqual(
        batches.map((b) => b.state),
        ['Completed', 'Completed', 'NotProcessed', 'NotProcessed', 'NotProcessed'],
      );
      assert.ok(batches.every((b) => b.jobId === DEMO_IDS.classicAborted && typeof b.numberRecordsProcessed === 'number'));
      const one = await client.getBatch(DEMO_IDS.classicAborted, batches[0].id);
      assert.deepStrictEqual(one, batches[0]);
    });

    it('lists a JSON job\'s batches', async () => {
      const batches = await client.listBatches(DEMO_IDS.classicJson);
      assert.strictEqual(batches.length, 3);
      assert.deepStrictEqual(batches.map((b) => b.numberRecordsFailed), [25, 0, 3]);
    });

    it('reads a failed batch\'s stateMessage', async () => {
      const [b] = await client.listBatches(DEMO_IDS.classicFailed);
      assert.strictEqual(b.state, 'Failed');
      assert.strictEqual(b.stateMessage, 'InvalidBatch : Field name not found : Birthdate__c');
    });

    it('an unknown batch is notFound (InvalidBatch) naming the batch, the job and the org', async () => {
      const batchId = '751D00000004SkL';
      await rejectsWith(client.getBatch(DEMO_IDS.classicAborted, batchId), (e) => {
        assert.strictEqual(e.kind, 'notFound');
        assert.strictEqual(e.exceptionCode, 'InvalidBatch');
        assert.strictEqual(e.status, 400);
        assert.ok(e.message.includes(DEMO_IDS.classicAborted) && e.message.includes(em.username) && e.message.includes('751D00000004SkL'));
      });
    });

    it('refuses to list batches of a known 2.0 job without a request', async () => {
      await client.getJob(DEMO_IDS.v2Query);
      em.clearLog();
      await rejectsWith(client.listBatches(DEMO_IDS.v2Query), (e) => assert.strictEqual(e.kind, 'invalidRequest'));
      assert.strictEqual(em.log.length, 0);
    });

    it('finds the job of a batch among recent Classic jobs', async () => {
      const [b] = await new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token }).listBatches(DEMO_IDS.classicXml);
      em.clearLog();
      const found = await client.findJobOfBatch(b.id);
      assert.strictEqual(found.jobId, DEMO_IDS.classicXml);
      assert.ok(em.log.some((e) => e.path.startsWith('/services/data/v64.0/jobs/query?jobType=Classic')));
      assert.ok(em.log.every((e) => e.method === 'GET'));
      assert.strictEqual(em.log.filter((e) => e.path.endsWith('/batch')).length, found.searched, 'stops at the first match');
      em.clearLog();
      assert.deepStrictEqual(await client.findJobOfBatch(b.id.slice(0, 15)), { jobId: DEMO_IDS.classicXml, searched: 0, gaveUp: false }, 'remembered');
      assert.strictEqual(em.log.length, 0);
      const missing = await client.findJobOfBatch('751D00000004SkL');
      assert.strictEqual(missing.jobId, undefined);
      assert.ok(missing.searched > 1 && !missing.gaveUp, JSON.stringify(missing));
    });

    it('lists the batches of at most maxJobs jobs, newest first, and says it gave up', async () => {
      em.clearLog();
      const result = await client.findJobOfBatch('751D00000004SkL', { maxJobs: 2 });
      assert.deepStrictEqual(result, { searched: 2, gaveUp: true });
      const listed = em.log.filter((e) => e.path.endsWith('/batch')).map((e) => e.jobId);
      assert.strictEqual(listed.length, 2);
      const created = await Promise.all(listed.map(async (id) => (await client.getJob(id as string)).createdDate ?? ''));
      assert.ok(created[0] >= created[1], `newest first: ${created.join(' then ')}`);
    });
  });

  describe('close and abort', () => {
    it('closes an XML/CSV 1.0 job with an XML body', async () => {
      const job = await client.closeJob(DEMO_IDS.seedPageXml);
      assert.strictEqual(job.state, 'Closed');
      assert.deepStrictEqual(paths(), [`GET /services/async/64.0/job/${DEMO_IDS.seedPageXml}`, `POST /services/async/64.0/job/${DEMO_IDS.seedPageXml}`]);
    });

    it('aborts a JSON 1.0 job with a JSON body', async () => {
      const job = await client.abortJob(DEMO_IDS.seedPageJson);
      assert.strictEqual(job.state, 'Aborted');
      assert.strictEqual(job.contentType, 'JSON');
    });

    it('closing an aborted 1.0 job is InvalidJobState → invalidRequest', async () => {
      await rejectsWith(client.closeJob(DEMO_IDS.classicAborted), (e) => {
        assert.strictEqual(e.kind, 'invalidRequest');
        assert.strictEqual(e.exceptionCode, 'InvalidJobState');
        assert.ok(e.serverMessage !== undefined && e.serverMessage.length > 0);
        assert.ok(e.message.includes(em.username));
      });
    });

    it('closes a 2.0 ingest job with PATCH UploadComplete and aborts with PATCH Aborted', async () => {
      const closed = await client.closeJob(DEMO_IDS.v2IngestOpen);
      assert.strictEqual(closed.state, 'UploadComplete');
      const aborted = await client.abortJob(DEMO_IDS.v2IngestOpen);
      assert.strictEqual(aborted.state, 'Aborted');
      assert.deepStrictEqual(
        paths().filter((p) => p.startsWith('PATCH')),
        [`PATCH /services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestOpen}`, `PATCH /services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestOpen}`],
      );
    });

    it('2.0 INVALIDJOBSTATE is invalidRequest', async () => {
      await rejectsWith(client.abortJob(DEMO_IDS.v2IngestFailed), (e) => {
        assert.strictEqual(e.kind, 'invalidRequest');
        assert.strictEqual(e.exceptionCode, 'INVALIDJOBSTATE');
        assert.strictEqual(e.status, 400);
      });
    });

    it('a 2.0 query job can be aborted but not closed (refused without a request)', async () => {
      await client.getJob(DEMO_IDS.v2QueryRunning);
      em.clearLog();
      await rejectsWith(client.closeJob(DEMO_IDS.v2QueryRunning), (e) => assert.strictEqual(e.kind, 'invalidRequest'));
      assert.strictEqual(em.log.length, 0);
      const aborted = await client.abortJob(DEMO_IDS.v2QueryRunning);
      assert.strictEqual(aborted.state, 'Aborted');
      assert.deepStrictEqual(paths(), [`PATCH /services/data/v64.0/jobs/query/${DEMO_IDS.v2QueryRunning}`]);
    });
  });

  describe('listJobs', () => {
    it('follows nextRecordsUrl on both lists, dedupes, and sorts newest first', async () => {
      const jobs = await client.listJobs();
      const expected = new Set(em.jobs.ids());
      // Every visible job once (jobs/query lists 1.0 jobs as Classic; jobs/ingest the 2.0 ingest jobs).
      assert.strictEqual(new Set(jobs.map((j) => j.id)).size, jobs.length);
      assert.ok(jobs.length >= 40, `got ${jobs.length}`);
      assert.ok(jobs.every((j) => expected.has(j.id)));
      for (let i = 1; i < jobs.length; i++) {
        assert.ok((jobs[i - 1].createdDate ?? '') >= (jobs[i].createdDate ?? ''));
      }
      const pages = em.log.filter((e) => /jobs\/(ingest|query)/.test(e.path));
      assert.ok(pages.some((e) => e.path.includes('queryLocator=')), 'more than one page was read');
      const seedXml = jobs.find((j) => j.id === DEMO_IDS.seedPageXml);
      assert.ok(seedXml && seedXml.flavour === '1.0' && seedXml.kind === 'classic');
      const ingest = jobs.find((j) => j.id === DEMO_IDS.v2IngestMoving);
      assert.ok(ingest && ingest.kind === 'ingest');
    });

    it('remembers kinds from the list: getJob then needs one request', async () => {
      await client.listJobs();
      em.clearLog();
      await client.getJob(DEMO_IDS.v2Query);
      assert.deepStrictEqual(paths(), [`GET /services/data/v64.0/jobs/query/${DEMO_IDS.v2Query}`]);
    });

    it('filters by since and stops at limit', async () => {
      const since = em.clock.now() - 60 * 60_000;
      const recent = await client.listJobs({ since });
      assert.ok(recent.length > 0);
      assert.ok(recent.every((j) => Date.parse(j.createdDate ?? '') >= since));
      assert.ok(!recent.some((j) => j.id === DEMO_IDS.oldClassic));
      const few = await client.listJobs({ limit: 5 });
      assert.strictEqual(few.length, 5);
    });
  });

  it('refuses an API version that is not a number', () => {
    assert.throws(() => new BulkClient({ instanceUrl: 'https://a.example', apiVersion: 'v64', getAccessToken: async () => 't' }), BulkApiError);
    assert.doesNotThrow(() => new BulkClient({ instanceUrl: 'https://a.example', apiVersion: '64', getAccessToken: async () => 't' }));
  });
});
