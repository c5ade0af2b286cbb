/**
 * The emulator's additions for result files, over real HTTP with bare `http`: big generated jobs
 * (1.0 and 2.0), 1.0 query results in XML / JSON, 2.0 results paging and column delimiters.
 */
import * as assert from 'assert';
import { startEmulator, type Emulator } from '../../emulator';
import { CsvParser } from '../../../src/salesforce/csv';
import { rawRequest } from '../../emulator/http';

function records(text: string): string[][] {
  const parser = new CsvParser();
  const out: string[][] = [];
  parser.push(text, out);
  parser.end(out);
  return out;
}

describe('emulator: big jobs and result files', () => {
  let emu: Emulator;

  beforeEach(async () => {
    emu = await startEmulator({ seed: 'empty' });
  });

  afterEach(async () => {
    await emu.close();
  });

  const get1 = (path: string) => rawRequest(`${emu.url}/services/async/64.0/job/${path}`, { headers: { 'X-SFDC-Session': emu.token } });
  const get2 = (path: string) => rawRequest(`${emu.url}/services/data/v64.0/jobs/${path}`, { headers: { Authorization: `Bearer ${emu.token}` } });

  it('createBig1: Completed, Failed (with stateMessage) and NotProcessed batches of generated rows, counted right', async () => {
    const id = emu.jobs.createBig1({ batches: 3, rowsPerBatch: 1000, failureRate: 0.25, failedBatches: 1, notProcessedBatches: 2, processedOnFailure: 200 });
    const info = (await get1(id)).text;
    assert.match(info, /<state>Aborted<\/state>/);
    assert.match(info, /<numberBatchesCompleted>3<\/numberBatchesCompleted>/);
    assert.match(info, /<numberBatchesFailed>1<\/numberBatchesFailed>/);
    assert.match(info, /<numberBatchesTotal>6<\/numberBatchesTotal>/);
    assert.match(info, /<numberRecordsProcessed>3200<\/numberRecordsProcessed>/);
    assert.match(info, /<numberRecordsFailed>800<\/numberRecordsFailed>/); // 3 × 250 + 200 × 0.25
    const list = (await get1(`${id}/batch`)).text;
    assert.strictEqual((list.match(/<state>NotProcessed<\/state>/g) ?? []).length, 2);
    assert.match(list, /<stateMessage>InvalidBatch : Failed to process batch: Apex CPU time limit exceeded<\/stateMessage>/);
    const batchId = /<id>(751[^<]+)<\/id>/.exec(list)?.[1] as string;
    const request = (await get1(`${id}/batch/${batchId}/request`)).text;
    assert.strictEqual(records(request).length, 1001);
    const result = (await get1(`${id}/batch/${batchId}/result`)).text;
    assert.strictEqual((result.match(/"false","false"/g) ?? []).length, 250);
  });

  it('createBig2: an aborted 2.0 job with its processed, failed and unprocessed records', async () => {
    const id = emu.jobs.createBig2({ records: 5000, failureRate: 0.1, processed: 3000 });
    const info = JSON.parse((await get2(`ingest/${id}`)).text) as Record<string, unknown>;
    assert.strictEqual(info.state, 'Aborted');
    assert.strictEqual(info.numberRecordsProcessed, 3000);
    assert.strictEqual(info.numberRecordsFailed, 300);
    assert.strictEqual(records((await get2(`ingest/${id}/unprocessedrecords`)).text).length, 2001);
  });

  it('writes 2.0 results with the job\'s column delimiter', async () => {
    const id = emu.jobs.createBig2({ records: 10, failureRate: 0, columnDelimiter: 'PIPE', object: 'Account' });
    const text = (await get2(`ingest/${id}/successfulResults`)).text;
    assert.ok(text.startsWith('"sf__Id"|"sf__Created"|"Name"|'));
  });

  it('answers 1.0 query result sets in the job\'s format: XML records (Id twice, type) and JSON with attributes', async () => {
    const xml = emu.jobs.create1({ operation: 'query', contentType: 'XML', state: 'Closed', batches: [{ state: 'Completed', records: 3 }] });
    const xmlBatch = /<id>(751[^<]+)<\/id>/.exec((await get1(`${xml}/batch`)).text)?.[1] as string;
    const xmlResultId = /<result>([^<]+)<\/result>/.exec((await get1(`${xml}/batch/${xmlBatch}/result`)).text)?.[1] as string;
    const xmlBody = await get1(`${xml}/batch/${xmlBatch}/result/${xmlResultId}`);
    assert.match(String(xmlBody.headers['content-type']), /xml/);
    assert.match(xmlBody.text, /<queryResult [^>]*><records xsi:type="sObject"><type>Account<\/type><Id>(001\w+)<\/Id><Id>\1<\/Id><Name>/);

    const json = emu.jobs.create1({ operation: 'query', contentType: 'JSON', state: 'Closed', batches: [{ state: 'Completed', records: 3 }] });
    const jsonBatch = (JSON.parse((await get1(`${json}/batch`)).text) as { batchInfo: Array<{ id: string }> }).batchInfo[0].id;
    const ids = JSON.parse((await get1(`${json}/batch/${jsonBatch}/result`)).text) as string[];
    const records = JSON.parse((await get1(`${json}/batch/${jsonBatch}/result/${ids[0]}`)).text) as Array<Record<string, unknown>>;
    assert.strictEqual(records.length, 3);
    assert.deepStrictEqual(Object.keys(records[0]).slice(0, 3), ['attributes', 'Id', 'Name']);
  });

  it('pages 2.0 query results by resultsPageSize with Sforce-Locator, null on the last page', async () => {
    const id = emu.jobs.create2({ kind: 'query', state: 'JobComplete', records: 25, resultsPageSize: 10 });
    const first = await get2(`query/${id}/results`);
    assert.strictEqual(first.headers['sforce-locator'], '10');
    assert.strictEqual(first.headers['sforce-numberofrecords'], '10');
    const last = await get2(`query/${id}/results?locator=20`);
    assert.strictEqual(last.headers['sforce-locator'], 'null');
    assert.strictEqual(records(last.text).length, 6);
    const sized = await get2(`query/${id}/results?maxRecords=4`);
    assert.strictEqual(sized.headers['sforce-locator'], '4');
  });

  it('generates a 1,000,000-row job without storing its rows', () => {
    const before = process.memoryUsage().heapUsed;
    const id = emu.jobs.createBig1({ batches: 100, rowsPerBatch: 10_000 });
    const job = emu.jobs.get(id) as { batches: unknown[] };
    assert.strictEqual(job.batches.length, 100);
    assert.ok(process.memoryUsage().heapUsed - before < 5 * 1024 * 1024);
  });
});
