/**
 * The loopback Salesforce emulator over real HTTP (Node's `http`, not the project's client):
 * the seed page's jobs byte for byte, format by contentType, errors and status codes, auth,
 * job state over the manual clock, listings with paging, result files, gzip.
 */
import * as assert from 'node:assert/strict';
import { DEMO_IDS, Emulator, startEmulator } from '../../emulator';
import { rawRequest, RawResponse } from '../../emulator/http';

const SEED_XML = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<jobInfo',
  '    xmlns="http://www.force.com/2009/06/asyncapi/dataload">',
  '  <id>750D00000004SkLIAU</id>',
  '  <operation>insert</operation>',
  '  <object>Account</object>',
  '  <createdById>005D0000001b0fFIAQ</createdById>',
  '  <createdDate>2015-12-15T21:41:45.000Z</createdDate>',
  '  <systemModstamp>2015-12-15T21:41:45.000Z</systemModstamp>',
  '  <state>Open</state>',
  '  <concurrencyMode>Parallel</concurrencyMode>',
  '  <contentType>CSV</contentType>',
  '  <numberBatchesQueued>0</numberBatchesQueued>',
  '  <numberBatchesInProgress>0</numberBatchesInProgress>',
  '  <numberBatchesCompleted>0</numberBatchesCompleted>',
  '  <numberBatchesFailed>0</numberBatchesFailed>',
  '  <numberBatchesTotal>0</numberBatchesTotal>',
  '  <numberRecordsProcessed>0</numberRecordsProcessed>',
  '  <numberRetries>0</numberRetries>',
  '  <apiVersion>36.0</apiVersion>',
  '  <numberRecordsFailed>0</numberRecordsFailed>',
  '  <totalProcessingTime>0</totalProcessingTime>',
  '  <apiActiveProcessingTime>0</apiActiveProcessingTime>',
  '  <apexProcessingTime>0</apexProcessingTime>',
  '</jobInfo>',
  '',
].join('\n');

const SEED_JSON = [
  '{',
  '   "apexProcessingTime" : 0,',
  '   "apiActiveProcessingTime" : 0,',
  '   "apiVersion" : 36.0,',
  '   "concurrencyMode" : "Parallel",',
  '   "contentType" : "JSON",',
  '   "createdById" : "005D0000001b0fFIAQ",',
  '   "createdDate" : "2015-12-15T20:45:25.000+0000",',
  '   "id" : "750D00000004SkGIAU",',
  '   "numberBatchesCompleted" : 0,',
  '   "numberBatchesFailed" : 0,',
  '   "numberBatchesInProgress" : 0,',
  '   "numberBatchesQueued" : 0,',
  '   "numberBatchesTotal" : 0,',
  '   "numberRecordsFailed" : 0,',
  '   "numberRecordsProcessed" : 0,',
  '   "numberRetries" : 0,',
  '   "object" : "Account",',
  '   "operation" : "insert",',
  '   "state" : "Open",',
  '   "systemModstamp" : "2015-12-15T20:45:25.000+0000",',
  '   "totalProcessingTime" : 0',
  '}',
].join('\n');

const XML_CT = 'application/xml; charset=UTF-8';
const JSON_CT = 'application/json; charset=UTF-8';
const CSV_CT = 'text/csv; charset=UTF-8';

/** RFC 4180 parser for checking result files (quoted commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The text of one XML element (the emulator's own, simple layout). */
function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

describe('emulator: Bulk API over HTTP', function () {
  let emu: Emulator;
  let t0: number;

  const v1 = (path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> =>
    rawRequest(`${emu.url}/services/async/64.0/${path}`, { ...opts, headers: { 'X-SFDC-Session': emu.token, ...opts.headers } });
  const v2 = (path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> =>
    rawRequest(`${emu.url}/services/data/v64.0/jobs/${path}`, { ...opts, headers: { Authorization: `Bearer ${emu.token}`, ...opts.headers } });
  const v2json = async (path: string): Promise<Record<string, unknown>> => {
    const r = await v2(path);
    assert.equal(r.status, 200, r.text);
    return JSON.parse(r.text) as Record<string, unknown>;
  };

  beforeEach(async () => {
    emu = await startEmulator({ startTime: Date.UTC(2026, 0, 15, 10, 0, 0) });
    t0 = emu.clock.now();
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('the seed page', () => {
    it('answers the XML example byte for byte', async () => {
      const r = await rawRequest(`${emu.url}/services/async/36.0/job/${DEMO_IDS.seedPageXml}`, { headers: { 'X-SFDC-Session': emu.token } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], XML_CT);
      assert.equal(r.text, SEED_XML);
    });

    it('answers the JSON example byte for byte (apiVersion the number 36.0, dates +0000)', async () => {
      const r = await rawRequest(`${emu.url}/services/async/36.0/job/${DEMO_IDS.seedPageJson}`, { headers: { 'X-SFDC-Session': emu.token } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], JSON_CT);
      assert.equal(r.text, SEED_JSON);
    });

    it('keeps the seed jobs static while the clock moves', async () => {
      emu.clock.advance(3_600_000);
      const r = await v1(`job/${DEMO_IDS.seedPageXml}`);
      assert.equal(r.text, SEED_XML);
    });

    it('accepts the 15-character form of an id', async () => {
      const r = await v1('job/750D00000004SkL');
      assert.equal(r.status, 200);
      assert.equal(xmlField(r.text, 'id'), '750D00000004SkLIAU');
    });
  });

  describe('format by the job, not the request', () => {
    it('a JSON job answers JSON even when XML is asked for', async () => {
      const r = await v1(`job/${DEMO_IDS.classicJson}`, { headers: { Accept: 'application/xml', 'Content-Type': 'application/xml' } });
      assert.equal(r.headers['content-type'], JSON_CT);
      assert.equal((JSON.parse(r.text) as { id: string }).id, DEMO_IDS.classicJson);
    });

    it('a CSV or XML job answers XML even when JSON is asked for', async () => {
      for (const id of [DEMO_IDS.classicMoving, DEMO_IDS.classicXml]) {
        const r = await v1(`job/${id}`, { headers: { Accept: 'application/json', 'Content-Type': 'application/json' } });
        assert.equal(r.headers['content-type'], XML_CT);
        assert.equal(xmlField(r.text, 'id'), id);
      }
    });

    it('an unknown job follows Accept / Content-Type, defaulting to XML', async () => {
      const unknown = 'job/750000000000001AAA';
      const plain = await v1(unknown);
      assert.equal(plain.status, 400);
      assert.equal(plain.headers['content-type'], XML_CT);
      assert.equal(xmlField(plain.text, 'exceptionCode'), 'InvalidJob');
      const byAccept = await v1(unknown, { headers: { Accept: 'application/json' } });
      assert.equal(byAccept.headers['content-type'], JSON_CT);
      assert.equal((JSON.parse(byAccept.text) as { exceptionCode: string }).exceptionCode, 'InvalidJob');
      const byContentType = await v1(unknown, { headers: { 'Content-Type': 'application/json; charset=UTF-8' } });
      assert.equal(byContentType.headers['content-type'], JSON_CT);
    });

    it('escapes an XSS object name in XML and keeps it intact in JSON', async () => {
      const xml = await v1(`job/${DEMO_IDS.xss}`);
      assert.ok(xml.text.includes('<object>&lt;img src=x onerror=alert(1)&gt;</object>'));
      const json = await v2json(`ingest/${DEMO_IDS.xss2}`);
      assert.equal(json.object, '<img src=x onerror=alert(1)>');
    });
  });

  describe('errors and status codes', () => {
    const cases: Array<[string, string, Record<string, string> | undefined, string]> = [
      ['missing session', `job/${DEMO_IDS.seedPageXml}`, {}, 'InvalidSessionId'],
      ['wrong session', `job/${DEMO_IDS.seedPageXml}`, { 'X-SFDC-Session': '00D000000000001!WRONG' }, 'InvalidSessionId'],
      ['unknown job', 'job/750000000000001AAA', undefined, 'InvalidJob'],
      ['garbage job id', 'job/not-an-id', undefined, 'InvalidJob'],
      ['a Bulk 2.0 job id', `job/${DEMO_IDS.v2Query}`, undefined, 'InvalidJob'],
      ['unknown batch', `job/${DEMO_IDS.classicAborted}/batch/751000000000001AAA`, undefined, 'InvalidBatch'],
      ['malformed path', 'jobs/whatever', undefined, 'InvalidUrl'],
      ['unknown sub-resource', `job/${DEMO_IDS.classicAborted}/batches`, undefined, 'InvalidUrl'],
    ];
    for (const [name, path, headers, code] of cases) {
      it(`1.0 ${name} → 400 ${code}`, async () => {
        const url = `${emu.url}/services/async/64.0/${path}`;
        const r = await rawRequest(url, { headers: headers ?? { 'X-SFDC-Session': emu.token } });
        assert.equal(r.status, 400);
        assert.equal(r.headers['content-type'], XML_CT);
        assert.ok(r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<error\n    xmlns="http://www.force.com/2009/06/asyncapi/dataload">\n'), r.text);
        assert.equal(xmlField(r.text, 'exceptionCode'), code);
        assert.ok((xmlField(r.text, 'exceptionMessage') ?? '').length > 0);
      });
    }

    it('1.0 InvalidSessionId has the documented body', async () => {
      const r = await rawRequest(`${emu.url}/services/async/64.0/job/${DEMO_IDS.seedPageXml}`);
      assert.equal(xmlField(r.text, 'exceptionMessage'), 'Invalid session id');
    });

    it('1.0 unsupported version → InvalidVersion', async () => {
      for (const version of ['99.0', '16.0', 'abc']) {
        const r = await rawRequest(`${emu.url}/services/async/${version}/job/${DEMO_IDS.seedPageXml}`, { headers: { 'X-SFDC-Session': emu.token } });
        assert.equal(r.status, 400);
        assert.equal(xmlField(r.text, 'exceptionCode'), 'InvalidVersion');
      }
    });

    it('1.0 wrong method → 405', async () => {
      const r = await v1(`job/${DEMO_IDS.seedPageXml}`, { method: 'DELETE' });
      assert.equal(r.status, 405);
    });

    it('1.0 results of a batch still running → InvalidBatch "Batch not completed"', async () => {
      const batches = await v1(`job/${DEMO_IDS.classicMoving}/batch`);
      const batchId = xmlField(batches.text, 'id') ?? '';
      const r = await v1(`job/${DEMO_IDS.classicMoving}/batch/${batchId}/result`);
      assert.equal(r.status, 400);
      assert.equal(xmlField(r.text, 'exceptionCode'), 'InvalidBatch');
      assert.equal(xmlField(r.text, 'exceptionMessage'), 'Batch not completed');
    });

    it('2.0 bad or missing bearer → 401 INVALID_SESSION_ID', async () => {
      for (const headers of [{}, { Authorization: 'Bearer nope' }, { Authorization: emu.token }] as Array<Record<string, string>>) {
        const r = await rawRequest(`${emu.url}/services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestOpen}`, { headers });
        assert.equal(r.status, 401);
        assert.equal(r.headers['content-type'], JSON_CT);
        assert.equal(r.text, '[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]');
      }
    });

    it('2.0 unknown job, Classic id or the other kind → 404 NOT_FOUND', async () => {
      for (const path of ['ingest/750000000000001AAA', `ingest/${DEMO_IDS.classicMoving}`, `query/${DEMO_IDS.classicQuery}`, `ingest/${DEMO_IDS.v2Query}`, `query/${DEMO_IDS.v2IngestOpen}`]) {
        const r = await v2(path);
        assert.equal(r.status, 404, path);
        assert.equal(r.text, '[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
      }
    });

    it('2.0 unknown API version → 404', async () => {
      const r = await rawRequest(`${emu.url}/services/data/v99.0/jobs/ingest`, { headers: { Authorization: `Bearer ${emu.token}` } });
      assert.equal(r.status, 404);
    });
  });

  describe('Sforce-Limit-Info', () => {
    it('counts every API request, errors included', async () => {
      const a = await v1(`job/${DEMO_IDS.seedPageXml}`);
      const b = await v1('job/750000000000001AAA');
      const c = await v2(`ingest/${DEMO_IDS.v2IngestOpen}`);
      assert.equal(a.headers['sforce-limit-info'], 'api-usage=1/15000');
      assert.equal(b.headers['sforce-limit-info'], 'api-usage=2/15000');
      assert.equal(c.headers['sforce-limit-info'], 'api-usage=3/15000');
      assert.equal(emu.apiUsage, 3);
    });

    it('reports a usage set by the test, counting on from there, and the limit once reached', async () => {
      emu.setApiUsage(14_400);
      const r = await v1(`job/${DEMO_IDS.seedPageXml}`);
      assert.equal(r.headers['sforce-limit-info'], 'api-usage=14401/15000');
      emu.setApiUsage(15_000);
      const over = await v1(`job/${DEMO_IDS.seedPageXml}`);
      assert.equal(over.status, 400);
      assert.match(over.text, /<exceptionCode>ExceededQuota<\/exceptionCode>/);
      assert.equal(over.headers['sforce-limit-info'], 'api-usage=15000/15000');
    });

    it('uses apiUsageMax', async () => {
      const other = await startEmulator({ apiUsageMax: 5000, seed: 'empty' });
      try {
        const r = await rawRequest(`${other.url}/services/async/64.0/job/750000000000001AAA`, { headers: { 'X-SFDC-Session': other.token } });
        assert.equal(r.headers['sforce-limit-info'], 'api-usage=1/5000');
      } finally {
        await other.close();
      }
    });
  });

  describe('Bulk 1.0 jobs over the manual clock', () => {
    const job = async (id: string) => (await v1(`job/${id}`)).text;

    it('the moving job goes Open → Closed → batches Queued → InProgress → Completed', async () => {
      let xml = await job(DEMO_IDS.classicMoving);
      assert.equal(xmlField(xml, 'state'), 'Open');
      assert.equal(xmlField(xml, 'numberBatchesTotal'), '4');
      assert.equal(xmlField(xml, 'numberBatchesQueued'), '4');
      assert.equal(xmlField(xml, 'systemModstamp'), new Date(t0 - 3_000).toISOString());

      emu.clock.advance(20_000);
      xml = await job(DEMO_IDS.classicMoving);
      assert.equal(xmlField(xml, 'state'), 'Open');
      assert.equal(xmlField(xml, 'numberBatchesInProgress'), '1');

      emu.clock.advance(15_000);
      xml = await job(DEMO_IDS.classicMoving);
      assert.equal(xmlField(xml, 'state'), 'Closed');
      assert.equal(xmlField(xml, 'numberBatchesTotal'), '10');

      emu.clock.advance(10 * 60_000);
      xml = await job(DEMO_IDS.classicMoving);
      assert.equal(xmlField(xml, 'state'), 'Closed');
      assert.equal(xmlField(xml, 'numberBatchesCompleted'), '10');
      assert.equal(xmlField(xml, 'numberBatchesQueued'), '0');
      assert.equal(xmlField(xml, 'numberBatchesInProgress'), '0');
      assert.equal(xmlField(xml, 'numberRecordsProcessed'), '20000');
      assert.equal(xmlField(xml, 'numberRecordsFailed'), '157');
      assert.ok(Number(xmlField(xml, 'totalProcessingTime')) > 0);
    });

    it('the same instant always gives the same answer', async () => {
      emu.clock.advance(77_777);
      const a = await v1(`job/${DEMO_IDS.classicMoving}/batch`);
      const b = await v1(`job/${DEMO_IDS.classicMoving}/batch`);
      assert.equal(a.text, b.text);
      const other = await startEmulator({ startTime: t0 });
      try {
        other.clock.advance(77_777);
        const c = await rawRequest(`${other.url}/services/async/64.0/job/${DEMO_IDS.classicMoving}/batch`, { headers: { 'X-SFDC-Session': other.token } });
        assert.equal(c.text, a.text);
      } finally {
        await other.close();
      }
    });

    it('the Failed job shows stateMessage on its batches; the Aborted one has NotProcessed batches', async () => {
      assert.equal(xmlField(await job(DEMO_IDS.classicFailed), 'state'), 'Failed');
      const failedBatches = (await v1(`job/${DEMO_IDS.classicFailed}/batch`)).text;
      assert.equal(xmlField(failedBatches, 'stateMessage'), 'InvalidBatch : Field name not found : Birthdate__c');
      assert.ok(failedBatches.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<batchInfoList\n'));
      const aborted = await job(DEMO_IDS.classicAborted);
      assert.equal(xmlField(aborted, 'state'), 'Aborted');
      assert.equal(xmlField(aborted, 'numberBatchesCompleted'), '2');
      assert.equal(xmlField(aborted, 'numberBatchesTotal'), '5');
      const batches = (await v1(`job/${DEMO_IDS.classicAborted}/batch`)).text;
      assert.equal(batches.match(/<state>NotProcessed<\/state>/g)?.length, 3);
    });

    it('the Closed job still has batches queued and in progress', async () => {
      const xml = await job(DEMO_IDS.classicClosedRunning);
      assert.equal(xmlField(xml, 'state'), 'Closed');
      assert.equal(xmlField(xml, 'numberBatchesInProgress'), '2');
      assert.equal(xmlField(xml, 'numberBatchesQueued'), '3');
      assert.equal(xmlField(xml, 'externalIdFieldName'), 'Legacy_Id__c');
    });

    it('closes an Open job (XML body) and refuses to close it twice', async () => {
      const id = emu.jobs.create1({ state: 'Open', batches: [{ state: 'Queued' }] });
      const body = '<?xml version="1.0" encoding="UTF-8"?><jobInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload"><state>Closed</state></jobInfo>';
      const headers = { 'Content-Type': 'application/xml; charset=UTF-8' };
      const closed = await v1(`job/${id}`, { method: 'POST', body, headers });
      assert.equal(closed.status, 200);
      assert.equal(xmlField(closed.text, 'state'), 'Closed');
      assert.equal(xmlField(closed.text, 'systemModstamp'), new Date(t0).toISOString());
      const again = await v1(`job/${id}`, { method: 'POST', body, headers });
      assert.equal(again.status, 400);
      assert.equal(xmlField(again.text, 'exceptionCode'), 'InvalidJobState');
    });

    it('aborts a JSON job with a JSON body; queued batches become NotProcessed; no way back', async () => {
      const id = emu.jobs.create1({ contentType: 'JSON', state: 'Closed', batches: [{ state: 'Completed' }, { state: 'Queued' }] });
      const aborted = await v1(`job/${id}`, { method: 'POST', body: '{"state":"Aborted"}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(aborted.status, 200);
      assert.equal(aborted.headers['content-type'], JSON_CT);
      const info = JSON.parse(aborted.text) as Record<string, unknown>;
      assert.equal(info.state, 'Aborted');
      assert.equal(info.numberBatchesCompleted, 1);
      const list = JSON.parse((await v1(`job/${id}/batch`)).text) as { batchInfo: Array<{ state: string }> };
      assert.deepEqual(list.batchInfo.map((b) => b.state), ['Completed', 'NotProcessed']);
      const reopen = await v1(`job/${id}`, { method: 'POST', body: '{"state":"Closed"}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(reopen.status, 400);
      assert.equal((JSON.parse(reopen.text) as { exceptionCode: string }).exceptionCode, 'InvalidJobState');
    });

    it('rejects a body it cannot read', async () => {
      const id = emu.jobs.create1({});
      const r = await v1(`job/${id}`, { method: 'POST', body: '<jobInfo><state>Closed', headers: { 'Content-Type': 'application/xml' } });
      assert.equal(r.status, 400);
      assert.equal(xmlField(r.text, 'exceptionCode'), 'InvalidXml');
    });

    it('one batch, by id, in the job format', async () => {
      const listed = JSON.parse((await v1(`job/${DEMO_IDS.classicJson}/batch`)).text) as { batchInfo: Array<Record<string, unknown>> };
      assert.equal(listed.batchInfo.length, 3);
      const one = await v1(`job/${DEMO_IDS.classicJson}/batch/${String(listed.batchInfo[0].id)}`);
      assert.equal(one.headers['content-type'], JSON_CT);
      const batch = JSON.parse(one.text) as Record<string, unknown>;
      assert.equal(batch.state, 'Completed');
      assert.equal(batch.numberRecordsFailed, 25);
      assert.equal(batch.jobId, DEMO_IDS.classicJson);
    });
  });

  describe('Bulk 1.0 request and result files', () => {
    it('CSV results: one row per record, failures with realistic errors, matching the batch counters', async () => {
      const batchList = (await v1(`job/${DEMO_IDS.classicJson}/batch`)).text;
      const first = (JSON.parse(batchList) as { batchInfo: Array<{ id: string }> }).batchInfo[0].id;
      const jsonResults = JSON.parse((await v1(`job/${DEMO_IDS.classicJson}/batch/${first}/result`)).text) as Array<{ success: boolean; errors: unknown[] }>;
      assert.equal(jsonResults.length, 1000);
      assert.equal(jsonResults.filter((r) => !r.success).length, 25);

      const aborted = (await v1(`job/${DEMO_IDS.classicAborted}/batch`)).text;
      const batchId = xmlField(aborted, 'id') ?? '';
      const r = await v1(`job/${DEMO_IDS.classicAborted}/batch/${batchId}/result`);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], CSV_CT);
      const rows = parseCsv(r.text);
      assert.deepEqual(rows[0], ['Id', 'Success', 'Created', 'Error']);
      assert.ok(r.text.startsWith('"Id","Success","Created","Error"\n'));
      assert.equal(rows.length - 1, 1000);
      const failed = rows.slice(1).filter((row) => row[1] === 'false');
      assert.equal(failed.length, 12);
      for (const row of failed) {
        assert.match(row[3], /^[A-Z_]+:.*:[A-Za-z,]* --$/s);
      }
    });

    it('the request file is the uploaded CSV, with quoted commas, newlines and unicode', async () => {
      const batchId = xmlField((await v1(`job/${DEMO_IDS.classicAborted}/batch`)).text, 'id') ?? '';
      const r = await v1(`job/${DEMO_IDS.classicAborted}/batch/${batchId}/request`);
      assert.equal(r.headers['content-type'], CSV_CT);
      const rows = parseCsv(r.text);
      assert.deepEqual(rows[0], ['Id', 'FirstName', 'LastName', 'Company', 'Email']);
      assert.equal(rows.length - 1, 1000);
      const big = (await v1(`job/${DEMO_IDS.bigClassic}/batch`)).text;
      const bigBatch = xmlField(big, 'id') ?? '';
      const req = await v1(`job/${DEMO_IDS.bigClassic}/batch/${bigBatch}/request`);
      const bigRows = parseCsv(req.text);
      assert.equal(bigRows.length - 1, 10_000);
      assert.ok(bigRows.some((row) => row.some((f) => f.includes('\n'))));
      assert.ok(bigRows.some((row) => row.some((f) => f.includes(','))));
      assert.ok(bigRows.some((row) => row.some((f) => [...f].some((ch) => ch.charCodeAt(0) > 127))));
      assert.equal(req.headers['content-length'], undefined, 'large files are streamed');
    });

    it('a query batch lists its result ids; each result is CSV', async () => {
      const batchId = xmlField((await v1(`job/${DEMO_IDS.classicQuery}/batch`)).text, 'id') ?? '';
      const list = await v1(`job/${DEMO_IDS.classicQuery}/batch/${batchId}/result`);
      assert.equal(list.headers['content-type'], XML_CT);
      const ids = [...list.text.matchAll(/<result>([^<]+)<\/result>/g)].map((m) => m[1]);
      assert.equal(ids.length, 2);
      assert.ok(list.text.includes('<result-list'));
      let total = 0;
      for (const rid of ids) {
        const part = await v1(`job/${DEMO_IDS.classicQuery}/batch/${batchId}/result/${rid}`);
        assert.equal(part.headers['content-type'], CSV_CT);
        total += parseCsv(part.text).length - 1;
      }
      assert.equal(total, 5000);
      const soql = await v1(`job/${DEMO_IDS.classicQuery}/batch/${batchId}/request`);
      assert.match(soql.text, /^SELECT /);
    });
  });

  describe('Bulk 2.0 jobs', () => {
    it('the moving ingest job goes UploadComplete → InProgress → JobComplete with failures', async () => {
      let job = await v2json(`ingest/${DEMO_IDS.v2IngestMoving}`);
      assert.equal(job.state, 'UploadComplete');
      assert.equal(job.jobType, 'V2Ingest');
      emu.clock.advance(60_000);
      job = await v2json(`ingest/${DEMO_IDS.v2IngestMoving}`);
      assert.equal(job.state, 'InProgress');
      assert.ok((job.numberRecordsProcessed as number) > 0 && (job.numberRecordsProcessed as number) < 5000);
      emu.clock.advance(120_000);
      job = await v2json(`ingest/${DEMO_IDS.v2IngestMoving}`);
      assert.equal(job.state, 'JobComplete');
      assert.equal(job.numberRecordsProcessed, 5000);
      assert.equal(job.numberRecordsFailed, 123);
    });

    it('writes apiVersion as a number with one decimal and dates with +0000', async () => {
      const r = await v2(`ingest/${DEMO_IDS.v2IngestFailed}`);
      assert.ok(r.text.includes('"apiVersion":64.0,'));
      assert.match(r.text, /"createdDate":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000"/);
      const job = JSON.parse(r.text) as Record<string, unknown>;
      assert.equal(job.state, 'Failed');
      assert.equal(job.errorMessage, 'InvalidBatch : Field name not found : Rating__x');
    });

    it('the query job is JobComplete with its results', async () => {
      const job = await v2json(`query/${DEMO_IDS.v2Query}`);
      assert.equal(job.state, 'JobComplete');
      assert.equal(job.jobType, 'V2Query');
      assert.equal(job.numberRecordsProcessed, 25000);
      const r = await v2(`query/${DEMO_IDS.v2Query}/results?maxRecords=100`);
      assert.equal(r.headers['sforce-locator'], '100');
      assert.equal(parseCsv(r.text).length, 101);
    });

    it('PATCH UploadComplete on an Open job, then it runs to JobComplete', async () => {
      const patched = await v2(`ingest/${DEMO_IDS.v2IngestOpen}`, { method: 'PATCH', body: '{"state":"UploadComplete"}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal((JSON.parse(patched.text) as { state: string }).state, 'UploadComplete');
      emu.clock.advance(60 * 60_000);
      const job = await v2json(`ingest/${DEMO_IDS.v2IngestOpen}`);
      assert.equal(job.state, 'JobComplete');
      assert.equal(job.numberRecordsProcessed, 750);
    });

    it('PATCH Aborted stops a running job; finished jobs refuse with INVALIDJOBSTATE', async () => {
      emu.clock.advance(60_000);
      const aborted = await v2(`ingest/${DEMO_IDS.v2IngestMoving}`, { method: 'PATCH', body: '{"state":"Aborted"}' });
      assert.equal((JSON.parse(aborted.text) as { state: string }).state, 'Aborted');
      emu.clock.advance(60 * 60_000);
      const job = await v2json(`ingest/${DEMO_IDS.v2IngestMoving}`);
      assert.equal(job.state, 'Aborted');
      assert.ok((job.numberRecordsProcessed as number) < 5000);
      for (const [path, body] of [[`ingest/${DEMO_IDS.v2IngestFailed}`, '{"state":"Aborted"}'], [`ingest/${DEMO_IDS.v2IngestMoving}`, '{"state":"UploadComplete"}'], [`query/${DEMO_IDS.v2Query}`, '{"state":"Aborted"}'], [`query/${DEMO_IDS.v2QueryRunning}`, '{"state":"UploadComplete"}']]) {
        const r = await v2(path, { method: 'PATCH', body });
        assert.equal(r.status, 400, path);
        assert.equal((JSON.parse(r.text) as Array<{ errorCode: string }>)[0].errorCode, 'INVALIDJOBSTATE');
      }
      const unreadable = await v2(`ingest/${DEMO_IDS.v2IngestOpen}`, { method: 'PATCH', body: 'state=Aborted' });
      assert.equal(unreadable.status, 400);
    });

    it('result files: successful + failed = processed; unprocessed = the rest', async () => {
      const job = await v2json(`ingest/${DEMO_IDS.v2IngestAborted}`);
      const processed = job.numberRecordsProcessed as number;
      const failedCount = job.numberRecordsFailed as number;
      const ok = parseCsv((await v2(`ingest/${DEMO_IDS.v2IngestAborted}/successfulResults`)).text);
      const failed = await v2(`ingest/${DEMO_IDS.v2IngestAborted}/failedResults`);
      assert.equal(failed.headers['content-type'], CSV_CT);
      const failedRows = parseCsv(failed.text);
      const rest = parseCsv((await v2(`ingest/${DEMO_IDS.v2IngestAborted}/unprocessedrecords`)).text);
      assert.deepEqual(ok[0].slice(0, 2), ['sf__Id', 'sf__Created']);
      assert.deepEqual(failedRows[0].slice(0, 2), ['sf__Id', 'sf__Error']);
      assert.deepEqual(failedRows[0].slice(2), rest[0]);
      assert.equal(failedRows.length - 1, failedCount);
      assert.equal(ok.length - 1 + failedRows.length - 1, processed);
      assert.equal(rest.length - 1, 3000 - processed);
      assert.ok(failedCount > 0);
    });
  });

  describe('Bulk 2.0 listings', () => {
    async function all(first: string): Promise<{ records: Array<Record<string, unknown>>; pages: number; urls: string[] }> {
      const records: Array<Record<string, unknown>> = [];
      const urls: string[] = [];
      let url: string | null = `/services/data/v64.0/jobs/${first}`;
      let pages = 0;
      while (url) {
        const r = await rawRequest(emu.url + url, { headers: { Authorization: `Bearer ${emu.token}` } });
        assert.equal(r.status, 200, r.text);
        const page = JSON.parse(r.text) as { done: boolean; records: Array<Record<string, unknown>>; nextRecordsUrl: string | null };
        assert.ok(page.records.length <= 25);
        assert.equal(page.done, page.nextRecordsUrl === null);
        records.push(...page.records);
        url = page.nextRecordsUrl;
        if (url) {
          urls.push(url);
        }
        pages++;
      }
      return { records, pages, urls };
    }

    it('jobs/ingest pages through every 2.0 ingest job', async () => {
      const { records, pages } = await all('ingest');
      const expected = emu.jobs.ids().filter((id) => {
        const j = emu.jobs.get(id) as { flavour: string; kind?: string };
        return j.flavour === '2.0' && j.kind === 'ingest';
      });
      assert.ok(pages >= 2, 'several pages');
      assert.equal(records.length, expected.length);
      assert.equal(new Set(records.map((r) => r.id)).size, records.length);
      assert.ok(records.every((r) => r.jobType === 'V2Ingest'));
    });

    it('jobs/query lists 2.0 query jobs and every Classic job; jobType filters and survives paging', async () => {
      const { records } = await all('query');
      const types = new Set(records.map((r) => r.jobType));
      assert.deepEqual([...types].sort(), ['Classic', 'V2Query']);
      const classic = records.filter((r) => r.jobType === 'Classic');
      assert.ok(classic.some((r) => r.id === DEMO_IDS.seedPageXml));
      const filtered = await all('query?jobType=Classic');
      assert.equal(filtered.records.length, classic.length);
      assert.ok(filtered.records.every((r) => r.jobType === 'Classic'));
      assert.ok(filtered.urls.length > 0 && filtered.urls.every((u) => u.includes('jobType=Classic')));
    });

    it('a bad queryLocator → 400', async () => {
      const r = await v2('ingest?queryLocator=nonsense');
      assert.equal(r.status, 400);
    });

    it('the page size is configurable', async () => {
      const other = await startEmulator({ pageSize: 3 });
      try {
        const r = await rawRequest(`${other.url}/services/data/v64.0/jobs/ingest`, { headers: { Authorization: `Bearer ${other.token}` } });
        const page = JSON.parse(r.text) as { records: unknown[]; nextRecordsUrl: string };
        assert.equal(page.records.length, 3);
        assert.match(page.nextRecordsUrl, /^\/services\/data\/v64\.0\/jobs\/ingest\?queryLocator=/);
      } finally {
        await other.close();
      }
    });
  });

  describe('gzip', () => {
    it('compresses when asked, for small answers and streamed files', async () => {
      const plain = await v1(`job/${DEMO_IDS.seedPageXml}`);
      const zipped = await v1(`job/${DEMO_IDS.seedPageXml}`, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(zipped.raw[0], 0x1f);
      assert.equal(zipped.text, plain.text);
      const file = await v2(`ingest/${DEMO_IDS.bigIngest}/failedResults`, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
      assert.equal(file.headers['content-encoding'], 'gzip');
      assert.equal(parseCsv(file.text).length - 1, 1234);
      assert.ok(file.raw.length < file.text.length);
    });
  });

  describe('the Setup page stand-in', () => {
    it('shows a job with every value escaped', async () => {
      const r = await rawRequest(`${emu.url}/lightning/setup/AsyncApiJobStatus/page?address=${encodeURIComponent('/' + DEMO_IDS.xss)}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/html; charset=UTF-8');
      assert.ok(r.text.includes('&lt;img src=x onerror=alert(1)&gt;'));
      assert.ok(!r.text.includes('<img'));
      const missing = await rawRequest(`${emu.url}/lightning/setup/AsyncApiJobStatus/page?address=%2F750000000000001AAA`);
      assert.equal(missing.status, 404);
    });
  });

  describe('direct access to jobs', () => {
    it('create1 / create2 / get / ids', async () => {
      const before = emu.jobs.ids().length;
      const a = emu.jobs.create1({ object: 'Contact', state: 'Closed', batches: [{ state: 'Completed', records: 10, failed: 2 }] });
      const b = emu.jobs.create2({ kind: 'query', state: 'JobComplete' });
      assert.match(a, /^750[0-9A-Za-z]{15}$/);
      assert.equal(emu.jobs.ids().length, before + 2);
      assert.equal((emu.jobs.get(a) as { object: string }).object, 'Contact');
      const info = (await v1(`job/${a}`)).text;
      assert.equal(xmlField(info, 'numberRecordsFailed'), '2');
      assert.equal((await v2json(`query/${b}`)).state, 'JobComplete');
      assert.equal(emu.jobs.get('750000000000001AAA'), undefined);
    });

    it('an empty seed has no jobs', async () => {
      const other = await startEmulator({ seed: 'empty' });
      try {
        assert.deepEqual(other.jobs.ids(), []);
      } finally {
        await other.close();
      }
    });
  });
});
