/**
 * The emulator's org metadata over raw HTTP: Tooling API query answers in Salesforce's shapes, the
 * session check, refusals; the `causes` scenario's failed records; and the sample SFDX workspace
 * agreeing with both (the lines the failures name).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvParser } from '../../../src/salesforce/csv';
import { CAUSE_ERRORS, CAUSE_IDS, DEMO_IDS, SFDX_WORKSPACE_FIXTURE, startEmulator, TOOLING_IDS, type Emulator } from '../../emulator';
import { rawRequest } from '../../emulator/http';

function csv(text: string): string[][] {
  const out: string[][] = [];
  const parser = new CsvParser(',');
  parser.push(text, out);
  parser.end(out);
  return out;
}

describe('emulator: org metadata (Tooling API) and the causes scenario', () => {
  let emu: Emulator;

  afterEach(async () => {
    await emu.close();
  });

  const query = (soql: string, api: 'tooling/query' | 'query' = 'tooling/query', token = emu.token) =>
    rawRequest(`${emu.url}/services/data/v64.0/${api}?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${token}` } });

  describe('queries', () => {
    beforeEach(async () => {
      emu = await startEmulator({ seed: 'empty' });
    });

    it("answers a Tooling API QueryResult: size, entityTypeName, records with attributes and the relationship's own", async () => {
      const r = await query("select Id, ValidationName, EntityDefinition.QualifiedApiName, Active from ValidationRule where ValidationName = 'require_industry' and Active = true");
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.text), {
        size: 1, totalSize: 1, done: true, queryLocator: null, entityTypeName: 'ValidationRule',
        records: [{
          attributes: { type: 'ValidationRule', url: `/services/data/v64.0/tooling/sobjects/ValidationRule/${TOOLING_IDS.requireIndustry}` },
          Id: TOOLING_IDS.requireIndustry,
          ValidationName: 'Require_Industry',
          EntityDefinition: { attributes: { type: 'EntityDefinition', url: '/services/data/v64.0/tooling/sobjects/EntityDefinition/Account' }, QualifiedApiName: 'Account' },
          Active: true,
        }],
      });
      const inactive = JSON.parse((await query("SELECT Id FROM ValidationRule WHERE EntityDefinitionId = 'Account' AND Active = false")).text) as { records: Array<{ Id: string }> };
      assert.deepEqual(inactive.records.map((x) => x.Id), [TOOLING_IDS.legacyPhoneFormat]);
      const managed = JSON.parse((await query("SELECT Name FROM ApexClass WHERE NamespacePrefix = null")).text) as { records: Array<{ Name: string }> };
      assert.deepEqual(managed.records.map((x) => x.Name), ['AccountService']);
    });

    it('reads escaped literals as SOQL does', async () => {
      const r = await query("SELECT Id FROM ApexClass WHERE Name = 'Account\\'Service\\\\'");
      assert.equal(r.status, 200);
      assert.equal((JSON.parse(r.text) as { size: number }).size, 0);
    });

    it('FlowDefinitionView is a REST API object; the Tooling API objects are not on the REST API', async () => {
      const rest = await query("SELECT DurableId, Label FROM FlowDefinitionView WHERE Label = 'Account After Save'", 'query');
      const body = JSON.parse(rest.text) as { totalSize: number; records: Array<{ attributes: { url: string }; Label: string }> };
      assert.equal(body.totalSize, 2);
      assert.equal(body.records[0].attributes.url, `/services/data/v64.0/sobjects/FlowDefinitionView/${TOOLING_IDS.accountAfterSave}`);
      const onRest = await query('SELECT Id FROM ApexClass', 'query');
      assert.equal(onRest.status, 400);
      assert.equal((JSON.parse(onRest.text) as Array<{ errorCode: string }>)[0].errorCode, 'INVALID_TYPE');
      const definition = JSON.parse((await query("SELECT Id, MasterLabel, Metadata FROM FlowDefinition WHERE DeveloperName = 'Account_After_Save'")).text) as { records: Array<Record<string, unknown>> };
      assert.deepEqual(definition.records[0].Metadata, { activeVersionNumber: 3, description: 'After an Account is saved, opens a welcome call task for the owner of a new customer.', masterLabel: 'Account After Save', urls: null });
    });

    it('checks the session first: 401 INVALID_SESSION_ID, as every /services/data call', async () => {
      for (const token of ['', 'nope']) {
        const r = await query('SELECT Id FROM ApexClass', 'tooling/query', token);
        assert.equal(r.status, 401);
        assert.equal(r.text, '[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]');
      }
      emu.expireToken();
      assert.equal((await query('SELECT Id FROM ApexClass')).status, 401);
    });

    it('refuses what it does not read: MALFORMED_QUERY (with the column), INVALID_FIELD, Metadata over several rows', async () => {
      for (const [soql, code, words] of [
        ["SELECT Id FROM ApexClass WHERE Name LIKE 'A%'", 'MALFORMED_QUERY', "ERROR at Row:1:Column:37\nunexpected token: 'LIKE'"],
        ["SELECT Id FROM ApexClass WHERE Name = 'A' OR Name = 'B'", 'MALFORMED_QUERY', "unexpected token: 'OR'"],
        ['SELECT Id FROM ApexClass ORDER BY Name', 'MALFORMED_QUERY', "unexpected token: 'ORDER'"],
        ["SELECT Id FROM ApexClass WHERE Name = 'open", 'MALFORMED_QUERY', "unexpected token: ''open'"],
        ['SELECT FROM ApexTrigger', 'MALFORMED_QUERY', "unexpected token: 'FROM'"],
        ['SELECT Id, Nope FROM ApexTrigger', 'INVALID_FIELD', "No such column 'Nope' on entity 'ApexTrigger'"],
        ['SELECT Id, Metadata FROM ValidationRule', 'MALFORMED_QUERY', 'no more than one row for retrieval. Result size: 4'],
        ['SELECT FullName FROM FlowDefinition', 'MALFORMED_QUERY', 'Result size: 2'],
      ]) {
        const r = await query(soql);
        assert.equal(r.status, 400, soql);
        const [error] = JSON.parse(r.text) as Array<{ errorCode: string; message: string }>;
        assert.equal(error.errorCode, code, soql);
        assert.ok(error.message.includes(words), `${soql}: ${error.message}`);
      }
    });

    it('other Tooling API objects still answer no records (what the Salesforce CLI asks)', async () => {
      const r = await query('SELECT Id, Status FROM SandboxProcess WHERE SandboxName = \'dev\'');
      assert.deepEqual(JSON.parse(r.text), { size: 0, totalSize: 0, done: true, queryLocator: null, entityTypeName: 'SandboxProcess', records: [] });
    });
  });

  describe('the causes scenario', () => {
    it('is planted only when asked for; the demo seed is unchanged', async () => {
      emu = await startEmulator({ seed: 'demo' });
      assert.equal(emu.jobs.get(CAUSE_IDS.accountLoad), undefined);
      assert.ok(emu.jobs.get(DEMO_IDS.classicForty));
      await emu.close();
      emu = await startEmulator({ seed: 'demo', causes: true });
      assert.ok(emu.jobs.get(CAUSE_IDS.accountLoad) && emu.jobs.get(CAUSE_IDS.projectLoad) && emu.jobs.get(DEMO_IDS.classicForty));
    });

    it("the Account load completes at t0 + 2 min with 240 failed records in the issue's formats", async () => {
      emu = await startEmulator({ seed: 'empty', causes: true });
      const v2 = (p: string) => rawRequest(`${emu.url}/services/data/v64.0/jobs/ingest/${CAUSE_IDS.accountLoad}${p}`, { headers: { Authorization: `Bearer ${emu.token}` } });
      assert.equal((JSON.parse((await v2('')).text) as { state: string }).state, 'InProgress');
      emu.clock.advance(120_000);
      const info = JSON.parse((await v2('')).text) as { state: string; numberRecordsFailed: number; object: string };
      assert.deepEqual([info.state, info.numberRecordsFailed, info.object], ['JobComplete', 240, 'Account']);
      const [header, ...rows] = csv((await v2('/failedResults')).text);
      assert.deepEqual(header, ['sf__Id', 'sf__Error', 'Name', 'Industry', 'BillingCity', 'Description']);
      assert.equal(rows.length, 240);
      const errors = new Set(rows.map((r) => r[1].replace(/records: 001\w+/, 'records: 001…')));
      assert.deepEqual([...errors].sort(), [
        CAUSE_ERRORS.validationRule, CAUSE_ERRORS.nullPointer, CAUSE_ERRORS.managedException, CAUSE_ERRORS.flow, CAUSE_ERRORS.duplicates,
        'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: 001…:--',
      ].sort());
      for (const row of rows.filter((r) => r[1] === CAUSE_ERRORS.validationRule)) {
        assert.equal(row[3], '', 'a row failing Require_Industry has no Industry');
      }
      assert.ok(rows.some((r) => r[1] !== CAUSE_ERRORS.validationRule && r[3] !== ''));
    });

    it("the BT_Project__c load's first batch fails in BTProjectTrigger (1.0 result file)", async () => {
      emu = await startEmulator({ seed: 'empty', causes: true });
      const v1 = (p: string) => rawRequest(`${emu.url}/services/async/64.0/job/${CAUSE_IDS.projectLoad}${p}`, { headers: { 'X-SFDC-Session': emu.token } });
      const batchIds = [...(await v1('/batch')).text.matchAll(/<id>(751\w+)<\/id>/g)].map((m) => m[1]);
      assert.equal(batchIds.length, 2);
      const [header, ...rows] = csv((await v1(`/batch/${batchIds[0]}/result`)).text);
      assert.deepEqual(header, ['Id', 'Success', 'Created', 'Error']);
      const failed = rows.filter((r) => r[1] === 'false');
      assert.equal(failed.length, 150);
      assert.ok(failed.filter((r) => r[3] === CAUSE_ERRORS.limit).length > 75);
      assert.ok(failed.every((r) => r[3] === CAUSE_ERRORS.limit || r[3].startsWith('UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: a0X')));
    });
  });

  describe('the sample SFDX workspace', () => {
    const file = (relative: string) => fs.readFileSync(path.join(SFDX_WORKSPACE_FIXTURE, relative), 'utf8');
    const line = (relative: string, n: number) => file(relative).split('\n')[n - 1];

    it('has two package directories, the second with BTProjectTrigger outside main/default', () => {
      const project = JSON.parse(file('sfdx-project.json')) as { packageDirectories: Array<{ path: string; default?: boolean }> };
      assert.deepEqual(project.packageDirectories, [{ path: 'force-app', default: true }, { path: 'unpackaged' }]);
      assert.match(line('unpackaged/triggers/BTProjectTrigger.trigger', 8), /^\s+update client;$/);
    });

    it('has the lines the failures name: AccountTrigger line 5, AccountService lines 37 and 42', () => {
      assert.match(CAUSE_ERRORS.nullPointer, /Class\.AccountService\.applyDefaults: line 42, column 1 Trigger\.AccountTrigger: line 5, column 1/);
      assert.match(line('force-app/main/default/triggers/AccountTrigger.trigger', 5), /^\s+AccountService\.applyDefaults\(Trigger\.new\);$/);
      assert.match(line('force-app/main/default/classes/AccountService.cls', 42), /^\s+region = owner\.Sales_Region__c\.toUpperCase\(\);$/);
      assert.match(line('force-app/main/default/classes/AccountService.cls', 37), /acme\.GeoService\.locate\(/);
      assert.match(line('force-app/main/default/classes/AccountService.cls', 26), /public static void applyDefaults\(/);
    });

    it("agrees with the org: the rule's message and field, the flow's label", async () => {
      emu = await startEmulator({ seed: 'empty' });
      const rule = file('force-app/main/default/objects/Account/validationRules/Require_Industry.validationRule-meta.xml');
      const org = (JSON.parse((await query(`SELECT ErrorMessage, ErrorDisplayField, Metadata FROM ValidationRule WHERE Id = '${TOOLING_IDS.requireIndustry}'`)).text) as {
        records: Array<{ ErrorMessage: string; ErrorDisplayField: string; Metadata: { errorConditionFormula: string } }>;
      }).records[0];
      assert.ok(rule.includes(`<errorMessage>${org.ErrorMessage}</errorMessage>`));
      assert.ok(rule.includes(`<errorDisplayField>${org.ErrorDisplayField}</errorDisplayField>`));
      assert.ok(rule.includes(`<errorConditionFormula>${org.Metadata.errorConditionFormula.replace(/'/g, '&apos;')}</errorConditionFormula>`));
      assert.match(CAUSE_ERRORS.validationRule, new RegExp(`^FIELD_CUSTOM_VALIDATION_EXCEPTION:${org.ErrorMessage}:${org.ErrorDisplayField} --$`));
      assert.ok(file('force-app/main/default/flows/Account_After_Save.flow-meta.xml').includes('<label>Account After Save</label>'));
      assert.ok(CAUSE_ERRORS.flow.includes('“Account After Save”'));
    });
  });
});
