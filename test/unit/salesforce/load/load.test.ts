/**
 * Loading a CSV into the emulator over real HTTP (src/salesforce/load/): create → upload → close →
 * processing → results for both flavours, the record rules, the abort of created jobs when an
 * upload fails or is cancelled, writes never retried, and Salesforce's own words in the errors.
 */
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { BulkClient } from '../../../../src/salesforce/bulkClient';
import { BulkApiError } from '../../../../src/salesforce/errors';
import { LoadEndpoints } from '../../../../src/salesforce/load/endpoints';
import { loadCsv, PartialLoadError, unsentSlices, type LoadDeps } from '../../../../src/salesforce/load/load';
import { Session } from '../../../../src/salesforce/session';
import { Transport } from '../../../../src/salesforce/transport';
import type { BulkStream, LoadSpec } from '../../../../src/salesforce/types';
import { startEmulator, type Emulator } from '../../../emulator';
import { clientFor, tokenSource } from '../fixtures';

async function downloadText(stream: BulkStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream.body) {
    parts.push(Buffer.from(chunk as Buffer));
  }
  stream.close();
  return Buffer.concat(parts).toString('utf8');
}

const csv = (text: string) => (): Readable => Readable.from([Buffer.from(text, 'utf8')]);
const ACCOUNT_INSERT: LoadSpec = { flavour: '2.0', object: 'Account', operation: 'insert' };

describe('salesforce/load: loading a CSV into the emulator', function () {
  let em: Emulator;
  let client: BulkClient;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'empty' });
    client = clientFor(em, tokenSource(em));
  });
  afterEach(async () => {
    await em.close();
  });

  it('2.0: creates the job, streams the upload, closes it; it completes with the rows that break a rule failed', async () => {
    const progress: number[] = [];
    const result = await client.load(ACCOUNT_INSERT, csv('sf__Id,sf__Error,Name,Tier__c\n,old error,Acme,Gold\n,old,,Gold\n,old,Beta,Iron\n'), {
      onProgress: (rows) => progress.push(rows),
    });
    assert.equal(result.rows, 3);
    assert.equal(result.jobs.length, 1);
    assert.equal(result.jobs[0].state, 'UploadComplete');
    assert.deepEqual(progress, [3]);
    em.clock.advance(60_000);
    const job = await client.getJob(result.jobs[0].id);
    assert.equal(job.state, 'JobComplete');
    assert.equal(job.numberRecordsProcessed, 3);
    assert.equal(job.numberRecordsFailed, 2);
    const failed = await downloadText(await client.openIngestResults(job.id, 'failedResults'));
    assert.match(failed, /"REQUIRED_FIELD_MISSING:Required fields are missing: \[Name\]:Name --"/);
    assert.match(failed, /"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Tier__c: bad value for restricted picklist field: Iron:Tier__c --","Beta","Iron"/);
    assert.doesNotMatch(failed, /old error/, 'the sf__ columns were not sent');
    const put = em.log.filter((e) => e.method === 'PUT');
    assert.equal(put.length, 1);
  });

  it('1.0: one job, 25,000 rows in 3 batches of ≤ 10,000, closed; Serial batches finish one after another', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => `Acme ${i},${i % 1000 === 0 ? 'Iron' : 'Gold'}`).join('\n');
    const result = await client.load({ flavour: '1.0', object: 'Account', operation: 'insert', concurrencyMode: 'Serial' }, csv(`Name,Tier__c\n${rows}\n`));
    assert.deepEqual([result.rows, result.batches, result.jobs.length], [25_000, 3, 1]);
    const [job] = result.jobs;
    assert.equal(job.state, 'Closed');
    assert.equal(job.concurrencyMode, 'Serial');
    em.clock.advance(200_000);
    const batches = await client.listBatches(job.id);
    assert.deepEqual(batches.map((b) => [b.state, b.numberRecordsProcessed]), [['Completed', 10_000], ['Completed', 10_000], ['Completed', 5_000]]);
    assert.equal((await client.getJob(job.id)).numberRecordsFailed, 25);
    const result1 = await downloadText(await client.openBatchResult(job.id, batches[0].id));
    assert.match(result1.split('\n')[1], /^"","false","false","INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Tier__c/);
    assert.equal(result1.trim().split('\n').length, 10_001);
  });

  it('2.0: data over the part limit goes as one job per part, all closed only when every part is up', async () => {
    const tokens = tokenSource(em);
    const session = new Session({ getAccessToken: (r) => tokens.get(r) });
    const transport = new Transport(em.url, session, { orgLabel: 'emu' });
    const endpoints = new LoadEndpoints(transport, '64.0');
    const spec: LoadSpec = { flavour: '2.0', object: 'Contact', operation: 'insert' };
    const result = await loadCsv(
      {
        endpoints,
        create: (o) => endpoints.createJob(spec, o),
        close: (id, o) => client.closeJob(id, o),
        abort: (id, o) => client.abortJob(id, o),
        orgLabel: 'emu',
        log: () => undefined,
      },
      spec,
      csv(`LastName\n${Array.from({ length: 30 }, (_, i) => `Smith${i}`).join('\n')}\n`),
      {},
      { maxRows: Infinity, maxBytes: 100 },
    );
    assert.ok(result.jobs.length >= 3);
    assert.equal(result.rows, 30);
    assert.ok(result.jobs.every((j) => j.state === 'UploadComplete'));
    const order = em.log.filter((e) => e.method !== 'GET').map((e) => e.method);
    const firstClose = order.indexOf('PATCH');
    assert.ok(order.lastIndexOf('PUT') < firstClose, `uploads before any close: ${order.join(' ')}`);
  });

  it('an upload that fails (a 503 page) aborts the job it created, and the error says so; the PUT is not retried', async () => {
    em.fault({ method: 'PUT', path: '/batches', status: 503 });
    const error = await client.load(ACCOUNT_INSERT, csv('Name\nAcme\n')).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof BulkApiError);
    assert.match(error.message, /was aborted before processing: none of its rows are loaded\. Nothing was loaded, so nothing half-sent is left open\.$/);
    const jobId = /(750\w{15})/.exec(error.message)?.[1] as string;
    assert.equal((await client.getJob(jobId)).state, 'Aborted');
    assert.equal(em.log.filter((e) => e.method === 'PUT').length, 1, 'a write is never retried');
  });

  it('a token that expires during the upload: the stream is not sent twice, and the abort (with a fresh token) still happens', async () => {
    em.fault({ method: 'PUT', path: '/batches', expireToken: true, times: 1 });
    const error = await client.load(ACCOUNT_INSERT, csv('Name\nAcme\n')).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof BulkApiError);
    assert.equal(error.kind, 'sessionExpired');
    assert.match(error.message, /was aborted/);
    assert.equal(em.log.filter((e) => e.method === 'PUT').length, 1);
    const jobId = /(750\w{15})/.exec(error.message)?.[1] as string;
    assert.equal((await client.getJob(jobId)).state, 'Aborted');
  });

  it('a create whose connection is reset is not sent again (a write may have been applied); nothing is left to abort', async () => {
    em.fault({ method: 'POST', path: '/jobs/ingest', reset: true, times: 1 });
    const error = await client.load(ACCOUNT_INSERT, csv('Name\nAcme\n')).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof BulkApiError);
    assert.equal(error.kind, 'network');
    assert.equal(em.log.filter((e) => e.method === 'POST').length, 1);
    assert.equal(em.log.filter((e) => e.method === 'PUT' || e.method === 'PATCH').length, 0);
  });

  it('1.0: a batch refused part-way aborts the job (queued batches are not processed)', async () => {
    em.fault({ method: 'POST', path: /\/batch$/, error: { code: 'InvalidBatch', message: 'Exceeded max size limit of 10000000' }, times: 1 });
    const error = await client.load({ flavour: '1.0', object: 'Account', operation: 'insert' }, csv('Name\nAcme\n')).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof BulkApiError);
    assert.equal(error.serverMessage, 'Exceeded max size limit of 10000000');
    assert.match(error.message, /Exceeded max size limit of 10000000.*was aborted/);
    const jobId = /(750\w{15})/.exec(error.message)?.[1] as string;
    assert.equal((await client.getJob(jobId)).state, 'Aborted');
  });

  it('cancelled while uploading: the job is aborted and the error is "cancelled"', async () => {
    const controller = new AbortController();
    const block = Buffer.from('Acme\n'.repeat(300_000));
    const big = (): Readable => Readable.from([Buffer.from('Name\n'), block, block, block]);
    const error = await client.load(ACCOUNT_INSERT, big, { signal: controller.signal, onProgress: () => controller.abort() }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof BulkApiError);
    assert.equal(error.kind, 'cancelled');
    assert.match(error.message, /was aborted/);
    const jobId = /(750\w{15})/.exec(error.message)?.[1] as string;
    assert.equal((await client.getJob(jobId)).state, 'Aborted');
    assert.equal(em.log.filter((e) => e.method === 'PATCH').length, 1, 'one PATCH: the abort, no close');
  });

  it('creating a job for an unknown object shows Salesforce\'s words, not "job not found" (both flavours)', async () => {
    for (const flavour of ['1.0', '2.0'] as const) {
      const error = await client.load({ flavour, object: 'Video__c', operation: 'insert' }, csv('Name\nx\n')).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof BulkApiError, flavour);
      assert.equal(error.kind, 'invalidRequest');
      assert.equal(error.serverMessage, 'Unable to find object: Video__c');
      assert.match(error.message, /Unable to find object: Video__c/);
      assert.doesNotMatch(error.message, /was not found|aborted/);
    }
    const blank = await client.load({ flavour: '1.0', object: 'Account', operation: 'upsert' }, csv('Name\nx\n')).then(() => undefined, (e: unknown) => e);
    assert.ok(blank instanceof BulkApiError);
    assert.match(blank.message, /External ID was blank for Account/);
    assert.equal(em.log.filter((e) => e.method === 'POST').length, 3, 'nothing sent after a refused create');
  });

  it('an unknown column: the 1.0 batch fails and the 2.0 job fails, each with Salesforce\'s message', async () => {
    const r1 = await client.load({ flavour: '1.0', object: 'Contact', operation: 'insert' }, csv('LastName,Foo__c\nX,1\n'));
    const r2 = await client.load({ flavour: '2.0', object: 'Contact', operation: 'insert' }, csv('LastName,Foo__c\nX,1\n'));
    em.clock.advance(60_000);
    const [batch] = await client.listBatches(r1.jobs[0].id);
    assert.deepEqual([batch.state, batch.stateMessage], ['Failed', 'InvalidBatch : Field name not found : Foo__c']);
    const job = await client.getJob(r2.jobs[0].id);
    assert.deepEqual([job.state, job.errorMessage], ['Failed', 'InvalidBatch : Field name not found : Foo__c']);
  });

  it('upsert by external id: a repeated id fails with DUPLICATE_EXTERNAL_ID', async () => {
    const r = await client.load({ flavour: '2.0', object: 'Shipment__c', operation: 'upsert', externalIdFieldName: 'Tracking_Number__c' }, csv('Tracking_Number__c,Status__c\nT1,Planned\nT1,Shipped\n'));
    em.clock.advance(60_000);
    const failed = await downloadText(await client.openIngestResults(r.jobs[0].id, 'failedResults'));
    assert.match(failed, /DUPLICATE_EXTERNAL_ID:Duplicate external id specified: T1:Tracking_Number__c --/);
  });

  it('a file that is only a header sends nothing and says so', async () => {
    await assert.rejects(client.load(ACCOUNT_INSERT, csv('Name\n')), (e: unknown) => e instanceof BulkApiError && /no rows to load/.test(e.message));
    assert.equal(em.log.length, 0);
  });

  describe('a load that stops part-way is told as it is', () => {
    /** 30 rows of 8 bytes and a 9-byte header: parts (2.0) of exactly 10 rows with `maxBytes: 89`. */
    const ROWS = Array.from({ length: 30 }, (_, i) => `Smith${String(i).padStart(2, '0')}`);
    const FILE = `LastName\n${ROWS.join('\n')}\n`;

    function depsFor(spec: LoadSpec): LoadDeps {
      const tokens = tokenSource(em);
      const session = new Session({ getAccessToken: (r) => tokens.get(r) });
      const endpoints = new LoadEndpoints(new Transport(em.url, session, { orgLabel: 'emu' }), '64.0');
      return {
        endpoints,
        create: (o) => endpoints.createJob(spec, o),
        close: (id, o) => client.closeJob(id, o),
        abort: (id, o) => client.abortJob(id, o),
        get: (id, o) => client.getJob(id, o),
        batches: (id, o) => client.listBatches(id, o),
        orgLabel: 'emu',
        log: () => undefined,
      };
    }

    async function unsentText(flavour: '1.0' | '2.0', fromPart: number, limits: { maxRows: number; maxBytes: number }): Promise<string> {
      const parts: Buffer[] = [];
      let rows = 0;
      for await (const piece of unsentSlices(csv(FILE)(), flavour, fromPart, {}, limits)) {
        parts.push(piece.data);
        rows += piece.rows;
      }
      const text = Buffer.concat(parts).toString('utf8');
      assert.equal(rows, text.split('\n').length - 2, 'rows counted as written');
      return text;
    }

    it('2.0 in three parts, the third part\'s close refused: parts 1 and 2 processing, part 3 aborted, the rest exactly part 3', async () => {
      const spec: LoadSpec = { flavour: '2.0', object: 'Contact', operation: 'insert' };
      const limits = { maxRows: Infinity, maxBytes: 89 };
      em.fault({ method: 'PATCH', after: 2, times: 1, error: { code: 'INVALIDJOBSTATE', message: 'Job is being processed' } });
      const error = await loadCsv(depsFor(spec), spec, csv(FILE), {}, limits).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof PartialLoadError, String(error));
      const ids = error.sent.map((j) => j.id);
      assert.deepEqual(error.sent, [
        { id: ids[0], state: 'closed', rows: 10 }, { id: ids[1], state: 'closed', rows: 10 }, { id: ids[2], state: 'aborted', rows: 10 },
      ]);
      assert.deepEqual([error.rowsAccepted, error.unsentFromPart], [20, 2]);
      assert.equal(error.message, `Salesforce refused closing the job ${ids[2]} in demo@bulk-emulator.example (HTTP 400). (Salesforce: INVALIDJOBSTATE: Job is being processed) `
        + `The job ${ids[0]} (part 1, 10 rows) was closed and is processing: its rows are loaded. `
        + `The job ${ids[1]} (part 2, 10 rows) was closed and is processing: its rows are loaded. `
        + `The job ${ids[2]} (part 3, 10 rows) was aborted before processing: none of its rows are loaded.`);
      assert.deepEqual(await Promise.all(ids.map(async (id) => (await client.getJob(id)).state)), ['UploadComplete', 'UploadComplete', 'Aborted']);
      assert.equal(await unsentText('2.0', error.unsentFromPart, limits), `LastName\n${ROWS.slice(20).join('\n')}\n`);
    });

    it('2.0 in three parts, the third upload failing: all three aborted before processing, nothing loaded', async () => {
      const spec: LoadSpec = { flavour: '2.0', object: 'Contact', operation: 'insert' };
      em.fault({ method: 'PUT', after: 2, times: 1, status: 503 });
      const error = await loadCsv(depsFor(spec), spec, csv(FILE), {}, { maxRows: Infinity, maxBytes: 89 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof PartialLoadError, String(error));
      assert.deepEqual(error.sent.map((j) => [j.state, j.rows]), [['aborted', 10], ['aborted', 10], ['aborted', 10]]);
      assert.deepEqual([error.rowsAccepted, error.unsentFromPart], [0, 0]);
      assert.match(error.message, /\(part 3, 10 rows\) was aborted before processing: none of its rows are loaded\. Nothing was loaded, so nothing half-sent is left open\.$/);
      assert.equal(em.log.filter((e) => e.method === 'PATCH').length, 3, 'three aborts, no close');
    });

    it('2.0: a job that could not be aborted is said to be open (as Salesforce has it), with what to do', async () => {
      const spec: LoadSpec = { flavour: '2.0', object: 'Contact', operation: 'insert' };
      em.fault({ method: 'PUT', after: 2, times: 1, status: 503 });
      em.fault({ method: 'PATCH', after: 2, times: 1, status: 503 });
      const error = await loadCsv(depsFor(spec), spec, csv(FILE), {}, { maxRows: Infinity, maxBytes: 89 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof PartialLoadError, String(error));
      assert.deepEqual(error.sent.map((j) => j.state), ['aborted', 'aborted', 'open']);
      assert.equal(error.rowsAccepted, 0);
      assert.match(error.message, new RegExp(`The job ${error.sent[2].id} \\(part 3, 10 rows\\) could not be aborted: it is open and loads nothing unless closed; abort it in the Bulk Jobs view\\.$`));
      assert.equal((await client.getJob(error.sent[2].id)).state, 'Open');
    });

    it('1.0 failing at batch 5: batches 1–4 processed and the job closed; the rest is exactly the rows after batch 4', async () => {
      const spec: LoadSpec = { flavour: '1.0', object: 'Contact', operation: 'insert' };
      const limits = { maxRows: 5, maxBytes: 10_000_000 };
      em.fault({ method: 'POST', path: /\/batch$/, after: 4, times: 1, error: { code: 'InvalidBatch', message: 'Records not processed' } });
      const error = await loadCsv(depsFor(spec), spec, csv(FILE), {}, limits).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof PartialLoadError, String(error));
      const [job] = error.sent;
      assert.equal(error.sent.length, 1);
      assert.deepEqual([job.state, job.rows, job.batches?.map((b) => b.rows)], ['closed', 20, [5, 5, 5, 5]]);
      assert.deepEqual([error.rowsAccepted, error.unsentFromPart], [20, 4]);
      assert.equal(error.message, `Salesforce refused adding a batch to the job ${job.id} in emu (HTTP 400). (Salesforce: InvalidBatch: Records not processed) The job ${job.id}: batches 1–4 (20 rows) reached Salesforce and are processed (an abort would not undo them); the job was closed, so nothing more is added.`);
      em.clock.advance(60_000);
      const batches = await client.listBatches(job.id);
      assert.deepEqual(batches.map((b) => b.id), job.batches?.map((b) => b.id));
      assert.equal((await client.getJob(job.id)).state, 'Closed');
      assert.equal(await unsentText('1.0', error.unsentFromPart, limits), `LastName\n${ROWS.slice(20).join('\n')}\n`);
    });

    it('1.0: a batch whose answer never came but which reached the job counts as sent (its batch list says)', async () => {
      const spec: LoadSpec = { flavour: '1.0', object: 'Contact', operation: 'insert' };
      const controller = new AbortController();
      let calls = 0;
      const deps = depsFor(spec);
      const endpoints = deps.endpoints;
      // The second batch is accepted by Salesforce, then the person cancels before its answer is read.
      const addBatch = endpoints.addBatch.bind(endpoints);
      endpoints.addBatch = async (jobId, data, o) => {
        const info = await addBatch(jobId, data, o);
        if (++calls === 2) {
          controller.abort();
          throw new BulkApiError({ kind: 'cancelled', message: 'Cancelled the load.' });
        }
        return info;
      };
      const error = await loadCsv(deps, spec, csv(FILE), { signal: controller.signal }, { maxRows: 10, maxBytes: 10_000_000 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof PartialLoadError, String(error));
      assert.equal(error.kind, 'cancelled');
      assert.deepEqual([error.sent[0].state, error.sent[0].batches?.length, error.rowsAccepted, error.unsentFromPart], ['closed', 2, 20, 2]);
    });
  });
});
