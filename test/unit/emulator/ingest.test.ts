/**
 * The emulator creates jobs and takes their data (ingest.ts, upload.ts, describe.ts) the way the
 * Salesforce docs describe, over real HTTP with a bare client: 1.0 jobs and batches, 2.0 ingest
 * jobs and their one upload, processing over the clock, the record rules and their messages,
 * describe, and the org's sandbox / production identity.
 */
import * as assert from 'node:assert/strict';
import { Emulator, startEmulator } from '../../emulator';
import { rawRequest, RawResponse } from '../../emulator/http';

describe('emulator: creating jobs and uploading data', function () {
  let emu: Emulator;
  const v1 = '/services/async/64.0';
  const v2 = '/services/data/v64.0';
  const s1 = (): Record<string, string> => ({ 'X-SFDC-Session': emu.token });
  const b2 = (): Record<string, string> => ({ Authorization: `Bearer ${emu.token}` });
  const send1 = (p: string, body: string, contentType = 'application/xml'): Promise<RawResponse> =>
    rawRequest(emu.url + v1 + p, { method: 'POST', headers: { ...s1(), 'Content-Type': contentType }, body });
  const send2 = (method: string, p: string, body: string, contentType = 'application/json'): Promise<RawResponse> =>
    rawRequest(emu.url + v2 + p, { method, headers: { ...b2(), 'Content-Type': contentType }, body });
  const get2 = async (p: string): Promise<RawResponse> => rawRequest(emu.url + v2 + p, { headers: b2() });
  const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  const jobXml = (fields: Record<string, string>): string =>
    `<?xml version="1.0" encoding="UTF-8"?><jobInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload">${Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</jobInfo>`;

  beforeEach(async () => {
    emu = await startEmulator({ seed: 'empty' });
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('Bulk 1.0', () => {
    it('creates a job, takes a CSV batch, runs it over the clock and fails rows by the object\'s rules', async () => {
      const created = await send1('/job', jobXml({ operation: 'insert', object: 'Account', contentType: 'CSV' }));
      assert.equal(created.status, 201);
      assert.equal(tag(created.text, 'state'), 'Open');
      const jobId = tag(created.text, 'id') as string;
      const csv = [
        'Name,Tier__c,AccountNumber,External_Id__c',
        'Acme,Gold,1,A-1',
        ',Gold,2,A-2',
        `Long,Silver,${'9'.repeat(41)},A-3`,
        'Bad,Platinum,4,A-4',
        'Twice,Bronze,5,A-1',
        '"Multi\nline, quoted",Gold,6,A-6',
      ].join('\n');
      const batch = await send1(`/job/${jobId}/batch`, csv, 'text/csv; charset=UTF-8');
      assert.equal(batch.status, 201, batch.text);
      assert.equal(tag(batch.text, 'state'), 'Queued');
      const batchId = tag(batch.text, 'id') as string;
      emu.clock.advance(60_000);
      const info = await rawRequest(`${emu.url}${v1}/job/${jobId}/batch/${batchId}`, { headers: s1() });
      assert.equal(tag(info.text, 'state'), 'Completed');
      assert.equal(tag(info.text, 'numberRecordsProcessed'), '6');
      assert.equal(tag(info.text, 'numberRecordsFailed'), '4');
      const result = await rawRequest(`${emu.url}${v1}/job/${jobId}/batch/${batchId}/result`, { headers: s1() });
      const lines = result.text.trim().split('\n');
      assert.equal(lines[0], '"Id","Success","Created","Error"');
      assert.match(lines[1], /^"001\w+","true","true",""$/);
      assert.match(lines[2], /REQUIRED_FIELD_MISSING:Required fields are missing: \[Name\]:Name --/);
      assert.match(lines[3], /STRING_TOO_LONG:AccountNumber: data value too large/);
      assert.match(lines[4], /INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Tier__c: bad value for restricted picklist field: Platinum/);
      assert.match(lines[5], /DUPLICATE_VALUE:duplicate value found: External_Id__c/);
      assert.match(lines[6], /"true"/);
      assert.equal(lines.length, 7);
    });

    it('an unknown column fails the batch with InvalidBatch : Field name not found', async () => {
      const jobId = tag((await send1('/job', jobXml({ operation: 'insert', object: 'Contact', contentType: 'CSV' }))).text, 'id') as string;
      const batchId = tag((await send1(`/job/${jobId}/batch`, 'LastName,Foo__c\nX,1\n', 'text/csv')).text, 'id') as string;
      emu.clock.advance(5_000);
      const info = await rawRequest(`${emu.url}${v1}/job/${jobId}/batch/${batchId}`, { headers: s1() });
      assert.equal(tag(info.text, 'state'), 'Failed');
      assert.equal(tag(info.text, 'stateMessage'), 'InvalidBatch : Field name not found : Foo__c');
    });

    it('refuses an unknown object and an upsert without an external id with InvalidJob and Salesforce\'s words; JSON in, JSON out', async () => {
      const unknown = await send1('/job', JSON.stringify({ operation: 'insert', object: 'Video__c', contentType: 'CSV' }), 'application/json');
      assert.equal(unknown.status, 400);
      assert.deepEqual(JSON.parse(unknown.text), { exceptionCode: 'InvalidJob', exceptionMessage: 'Unable to find object: Video__c' });
      const blank = await send1('/job', jobXml({ operation: 'upsert', object: 'Account', contentType: 'CSV' }));
      assert.equal(tag(blank.text, 'exceptionCode'), 'InvalidJob');
      assert.match(tag(blank.text, 'exceptionMessage') ?? '', /^External ID was blank for Account/);
    });

    it('update: a row without an Id and a read-only column fail with Salesforce\'s codes', async () => {
      const jobId = tag((await send1('/job', jobXml({ operation: 'update', object: 'Account', contentType: 'CSV' }))).text, 'id') as string;
      const a = tag((await send1(`/job/${jobId}/batch`, 'Id,Name\n,Acme\n001000000000001AAA,Beta\n', 'text/csv')).text, 'id') as string;
      const b = tag((await send1(`/job/${jobId}/batch`, 'Id,CreatedDate\n001000000000001AAA,2020-01-01\n', 'text/csv')).text, 'id') as string;
      emu.clock.advance(60_000);
      const lines = async (id: string): Promise<string[]> => (await rawRequest(`${emu.url}${v1}/job/${jobId}/batch/${id}/result`, { headers: s1() })).text.trim().split('\n');
      const ra = await lines(a);
      assert.match(ra[1], /"MISSING_ARGUMENT:Id not specified in an update call:--"/);
      assert.match(ra[2], /"true","false",""$/);
      assert.match((await lines(b))[1], /"INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create\/update fields: CreatedDate\./);
    });

    it('a batch over 10,000 records is refused with InvalidBatch; Serial batches run one after another', async () => {
      const jobId = tag((await send1('/job', jobXml({ operation: 'insert', object: 'Account', concurrencyMode: 'Serial', contentType: 'CSV' }))).text, 'id') as string;
      const big = await send1(`/job/${jobId}/batch`, `Name\n${'x\n'.repeat(10_001)}`, 'text/csv');
      assert.equal(big.status, 400);
      assert.equal(tag(big.text, 'exceptionCode'), 'InvalidBatch');
      assert.match(tag(big.text, 'exceptionMessage') ?? '', /10001.*10000/);
      const a = tag((await send1(`/job/${jobId}/batch`, `Name\n${'a\n'.repeat(5_000)}`, 'text/csv')).text, 'id') as string;
      const b = tag((await send1(`/job/${jobId}/batch`, 'Name\nb\n', 'text/csv')).text, 'id') as string;
      emu.clock.advance(2_000);
      const state = async (id: string): Promise<string | undefined> => tag((await rawRequest(`${emu.url}${v1}/job/${jobId}/batch/${id}`, { headers: s1() })).text, 'state');
      assert.equal(await state(a), 'InProgress');
      assert.equal(await state(b), 'Queued', 'Serial: the second waits for the first');
    });
  });

  describe('Bulk 2.0 ingest', () => {
    it('create → one upload → UploadComplete → JobComplete, results from what was uploaded', async () => {
      const created = await send2('POST', '/jobs/ingest', JSON.stringify({ object: 'Shipment__c', operation: 'upsert', externalIdFieldName: 'Tracking_Number__c', contentType: 'CSV', lineEnding: 'LF' }));
      assert.equal(created.status, 200, created.text);
      const job = JSON.parse(created.text) as { id: string; state: string; contentUrl: string };
      assert.equal(job.state, 'Open');
      const put = await send2('PUT', `/jobs/ingest/${job.id}/batches`, 'Tracking_Number__c,Status__c\nT1,Planned\nT2,Lost\nT1,Shipped\n', 'text/csv');
      assert.equal(put.status, 201);
      const again = await send2('PUT', `/jobs/ingest/${job.id}/batches`, 'Tracking_Number__c\nT9\n', 'text/csv');
      assert.equal(again.status, 400, 'one upload per job');
      assert.match(again.text, /Found multiple contents for job/);
      await send2('PATCH', `/jobs/ingest/${job.id}`, JSON.stringify({ state: 'UploadComplete' }));
      emu.clock.advance(60_000);
      const done = JSON.parse((await get2(`/jobs/ingest/${job.id}`)).text) as Record<string, unknown>;
      assert.equal(done.state, 'JobComplete');
      assert.equal(done.numberRecordsProcessed, 3);
      assert.equal(done.numberRecordsFailed, 2);
      const ok = (await get2(`/jobs/ingest/${job.id}/successfulResults`)).text.trim().split('\n');
      assert.deepEqual(ok.slice(0, 1), ['"sf__Id","sf__Created","Tracking_Number__c","Status__c"']);
      assert.match(ok[1], /^"a01\w+","false","T1","Planned"$/);
      const failed = (await get2(`/jobs/ingest/${job.id}/failedResults`)).text.trim().split('\n');
      assert.equal(failed.length, 3);
      assert.match(failed[1], /INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Status__c: bad value for restricted picklist field: Lost/);
      assert.match(failed[2], /DUPLICATE_EXTERNAL_ID:Duplicate external id specified: T1:Tracking_Number__c --","T1","Shipped"$/);
    });

    it('an unknown column fails the job with its errorMessage; an unknown object is refused at creation', async () => {
      const job = JSON.parse((await send2('POST', '/jobs/ingest', JSON.stringify({ object: 'Contact', operation: 'insert' }))).text) as { id: string };
      await send2('PUT', `/jobs/ingest/${job.id}/batches`, 'LastName,Foo__c\nX,1\n', 'text/csv');
      await send2('PATCH', `/jobs/ingest/${job.id}`, JSON.stringify({ state: 'UploadComplete' }));
      emu.clock.advance(60_000);
      const done = JSON.parse((await get2(`/jobs/ingest/${job.id}`)).text) as Record<string, unknown>;
      assert.equal(done.state, 'Failed');
      assert.equal(done.errorMessage, 'InvalidBatch : Field name not found : Foo__c');
      const unknown = await send2('POST', '/jobs/ingest', JSON.stringify({ object: 'Video__c', operation: 'insert' }));
      assert.equal(unknown.status, 400);
      assert.deepEqual(JSON.parse(unknown.text), [{ errorCode: 'INVALIDJOB', message: 'Unable to find object: Video__c' }]);
    });
  });

  it('describe answers the seeded objects with the fields the rules use; unknown objects are 404', async () => {
    const d = JSON.parse((await get2('/sobjects/Account/describe')).text) as { name: string; fields: Array<Record<string, unknown>> };
    assert.equal(d.name, 'Account');
    const name = d.fields.find((f) => f.name === 'Name') as Record<string, unknown>;
    assert.deepEqual([name.nillable, name.defaultedOnCreate, name.createable, name.length], [false, false, true, 255]);
    const ext = d.fields.find((f) => f.name === 'External_Id__c') as Record<string, unknown>;
    assert.deepEqual([ext.externalId, ext.idLookup, ext.unique], [true, true, true]);
    const tier = d.fields.find((f) => f.name === 'Tier__c') as Record<string, unknown>;
    assert.equal(tier.restrictedPicklist, true);
    assert.deepEqual((tier.picklistValues as Array<{ value: string }>).map((p) => p.value), ['Gold', 'Silver', 'Bronze']);
    assert.equal((await get2('/sobjects/Video__c/describe')).status, 404);
  });

  it('Organization says sandbox by default and production when started with sandbox: false', async () => {
    const q = `/query?q=${encodeURIComponent('SELECT Name, IsSandbox, OrganizationType, InstanceName FROM Organization')}`;
    assert.equal((JSON.parse((await get2(q)).text) as { records: Array<{ IsSandbox: boolean }> }).records[0].IsSandbox, true);
    const prod = await startEmulator({ seed: 'empty', sandbox: false });
    try {
      const r = await rawRequest(`${prod.url}${v2}${q}`, { headers: { Authorization: `Bearer ${prod.token}` } });
      assert.equal((JSON.parse(r.text) as { records: Array<{ IsSandbox: boolean }> }).records[0].IsSandbox, false);
    } finally {
      await prod.close();
    }
  });
});
