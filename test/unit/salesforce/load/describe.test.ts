/**
 * The object's describe and the org's identity through the client (src/salesforce/load/describe.ts,
 * endpoints.ts), over real HTTP to the emulator; their normalisers on odd shapes; Salesforce's words
 * in errors of creating a job (failures.ts `creating`), from the emulator's real error bodies.
 */
import * as assert from 'node:assert/strict';
import { BulkApiError } from '../../../../src/salesforce/errors';
import { fromServerError, type FailureContext } from '../../../../src/salesforce/requestFailures';
import { normalizeDescribe, normalizeOrgIdentity } from '../../../../src/salesforce/load/describe';
import { startEmulator, type Emulator } from '../../../emulator';
import { clientFor, tokenSource } from '../fixtures';

describe('salesforce/load: describe and org identity', function () {
  let em: Emulator;
  afterEach(async () => {
    await em?.close();
  });

  it('describe: the fields a preflight needs, normalised; asked once per object for the client\'s life', async () => {
    em = await startEmulator({ seed: 'empty' });
    const client = clientFor(em, tokenSource(em));
    const d = await client.describe('Account');
    assert.equal(d.name, 'Account');
    assert.equal(d.keyPrefix, '001');
    const name = d.fields.find((f) => f.name === 'Name');
    assert.deepEqual(name && [name.type, name.length, name.nillable, name.defaultedOnCreate, name.createable, name.updateable], ['string', 255, false, false, true, true]);
    const tier = d.fields.find((f) => f.name === 'Tier__c');
    assert.deepEqual(tier?.picklistValues.map((p) => p.value), ['Gold', 'Silver', 'Bronze']);
    assert.equal(tier?.restrictedPicklist, true);
    const parent = d.fields.find((f) => f.name === 'ParentId');
    assert.deepEqual([parent?.relationshipName, parent?.referenceTo], ['Parent', ['Account']]);
    const id = d.fields.find((f) => f.name === 'Id');
    assert.deepEqual([id?.createable, id?.idLookup], [false, true]);
    await client.describe('account');
    assert.equal(em.log.filter((e) => e.path.includes('/describe')).length, 1);
  });

  it('describe of an unknown object is notFound naming it, and is asked again next time', async () => {
    em = await startEmulator({ seed: 'empty' });
    const client = clientFor(em, tokenSource(em));
    await assert.rejects(client.describe('Video__c'), (e: unknown) => e instanceof BulkApiError && e.kind === 'notFound' && /Video__c/.test(e.message));
    await assert.rejects(client.describe('Video__c'));
    assert.equal(em.log.filter((e) => e.path.includes('/describe')).length, 2);
    await assert.rejects(client.describe('Bad Name/..'), (e: unknown) => e instanceof BulkApiError && e.kind === 'invalidRequest');
  });

  it('orgIdentity reads sandbox or production from the Organization record', async () => {
    em = await startEmulator({ seed: 'empty' });
    assert.deepEqual(await clientFor(em, tokenSource(em)).orgIdentity(), { name: 'Bulk Emulator Org', isSandbox: true, organizationType: 'Enterprise Edition', instanceName: 'EMU1' });
    await em.close();
    em = await startEmulator({ seed: 'empty', sandbox: false });
    assert.equal((await clientFor(em, tokenSource(em)).orgIdentity()).isSandbox, false);
  });

  it('normalisers: string booleans and numbers are read; a body of another shape is refused', () => {
    const d = normalizeDescribe({ name: 'X__c', custom: 'true', fields: [{ name: 'A__c', type: 'string', length: '40', nillable: 'false', picklistValues: [{ value: 'v', active: 'false' }] }] });
    assert.deepEqual([d.custom, d.fields[0].length, d.fields[0].nillable, d.fields[0].picklistValues], [true, 40, false, [{ value: 'v', active: false }]]);
    assert.throws(() => normalizeDescribe({ name: 'X' }), /unexpected shape/);
    assert.throws(() => normalizeDescribe({ name: 'X', fields: [{ type: 'string' }] }), /unexpected shape/);
    assert.throws(() => normalizeOrgIdentity({ records: [] }), /unexpected shape/);
    assert.equal(normalizeOrgIdentity({ records: [{ IsSandbox: 'false', Name: 'Acme' }] }).isSandbox, false);
  });

  it('an InvalidJob while creating a job is a refusal in Salesforce\'s words; while looking one up it stays "not found"', () => {
    const ctx: FailureContext = { orgLabel: 'acme', instanceUrl: 'https://acme.my.salesforce.com', action: 'creating a job', subject: 'The job 750…', timeoutMs: 30_000 };
    const error = { code: 'InvalidJob', message: 'External ID was blank for Account. An External ID must be specified for upsert.' };
    const created = fromServerError(400, error, { ...ctx, creating: true });
    assert.equal(created.kind, 'invalidRequest');
    assert.equal(created.serverMessage, error.message);
    assert.match(created.message, /Salesforce refused creating a job in acme \(HTTP 400\)\. \(Salesforce: InvalidJob: External ID was blank/);
    const looked = fromServerError(400, error, ctx);
    assert.equal(looked.kind, 'notFound');
    assert.match(looked.message, /was not found/);
  });
});
