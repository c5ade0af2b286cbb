/** The org's metadata behind failed records, over real HTTP against the emulator's Tooling API. */
import * as assert from 'assert';
import type { BulkClient } from '../../../src/salesforce/bulkClient';
import {
  findApexClass,
  findApexTrigger,
  findFlowsByLabel,
  listValidationRules,
  readValidationRuleFormula,
  soqlString,
} from '../../../src/salesforce/tooling';
import { BT_PROJECT_OBJECT_ID, startEmulator, TOOLING_IDS, type Emulator } from '../../emulator';
import { clientFor, rejectsWith, tokenSource, type TokenSource } from './fixtures';

describe('salesforce/tooling', () => {
  let em: Emulator;
  let tokens: TokenSource;
  let client: BulkClient;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'empty' });
    tokens = tokenSource(em);
    client = clientFor(em, tokens);
  });

  afterEach(async () => {
    await em.close();
  });

  /** The SOQL of each query the emulator received, and on which API. */
  const queries = () => em.log.map((e) => {
    const m = /^\/services\/data\/v[\d.]+\/(tooling\/query|query)\?q=(.*)$/.exec(e.path);
    return m ? `${m[1] === 'query' ? 'rest' : 'tooling'}: ${decodeURIComponent(m[2])}` : `${e.method} ${e.path}`;
  });

  describe('soqlString', () => {
    it('quotes and escapes what SOQL escapes', () => {
      assert.strictEqual(soqlString("O'Brien"), "'O\\'Brien'");
      assert.strictEqual(soqlString('a\\b'), "'a\\\\b'");
      assert.strictEqual(soqlString('two\nlines\t"quoted"'), "'two\\nlines\\t\\\"quoted\\\"'");
      assert.strictEqual(soqlString("x' OR Name != '"), "'x\\' OR Name != \\''");
    });
  });

  describe('validation rules', () => {
    it('lists the rules of an object in one Tooling API query, active and inactive, by name', async () => {
      const rules = await listValidationRules(client, 'Account');
      assert.deepStrictEqual(rules, [
        { id: TOOLING_IDS.billingCityRequired, name: 'Billing_City_Required', object: 'Account', active: true, errorMessage: 'Billing city is required for customers, please fill it in' },
        {
          id: TOOLING_IDS.legacyPhoneFormat, name: 'Legacy_Phone_Format', object: 'Account', active: false, errorMessage: 'Phone must be in the format (999) 999-9999',
          errorDisplayField: 'Phone', description: 'Replaced by the phone field formatting.',
        },
        {
          id: TOOLING_IDS.requireIndustry, name: 'Require_Industry', object: 'Account', active: true, errorMessage: 'Industry is required for customers',
          errorDisplayField: 'Industry', description: 'Customers need an industry for the segment reports.',
        },
      ]);
      assert.deepStrictEqual(queries(), [
        "tooling: SELECT Id, ValidationName, Active, ErrorMessage, ErrorDisplayField, Description, EntityDefinition.QualifiedApiName FROM ValidationRule WHERE EntityDefinition.QualifiedApiName = 'Account'",
      ]);
      assert.deepStrictEqual((await listValidationRules(client, 'contact')).map((r) => [r.name, r.object]), [['Email_Required_For_Portal', 'Contact']]);
      assert.deepStrictEqual(await listValidationRules(client, 'Invoice__c'), []);
    });

    it("reads one rule's condition formula by id (Metadata comes one record at a time)", async () => {
      assert.strictEqual(await readValidationRuleFormula(client, TOOLING_IDS.requireIndustry), "AND(ISPICKVAL(Type, 'Customer'), ISBLANK(TEXT(Industry)))");
      assert.strictEqual(await readValidationRuleFormula(client, '03d000000000000AAA'), undefined);
      assert.deepStrictEqual(queries(), [
        `tooling: SELECT Id, Metadata FROM ValidationRule WHERE Id = '${TOOLING_IDS.requireIndustry}'`,
        "tooling: SELECT Id, Metadata FROM ValidationRule WHERE Id = '03d000000000000AAA'",
      ]);
    });

    it('Metadata over several rules is refused as Salesforce refuses it: 400 MALFORMED_QUERY', async () => {
      await rejectsWith(client.queryTooling("SELECT Id, Metadata FROM ValidationRule WHERE EntityDefinition.QualifiedApiName = 'Account'"), (e) => {
        assert.strictEqual(e.kind, 'invalidRequest');
        assert.strictEqual(e.exceptionCode, 'MALFORMED_QUERY');
        assert.strictEqual(e.status, 400);
        assert.match(e.serverMessage ?? '', /no more than one row for retrieval\. Result size: 3/);
      });
    });
  });

  describe('Apex', () => {
    it("finds a class by name: the org's own before a managed package's of the same name", async () => {
      assert.deepStrictEqual(await findApexClass(client, { name: 'AccountService' }), { kind: 'class', id: TOOLING_IDS.accountService, name: 'AccountService' });
      assert.deepStrictEqual(await findApexClass(client, { name: 'AccountService', namespace: 'acme' }),
        { kind: 'class', id: TOOLING_IDS.acmeAccountService, name: 'AccountService', namespace: 'acme' });
      assert.deepStrictEqual(await findApexClass(client, { name: 'geoservice' }), { kind: 'class', id: TOOLING_IDS.acmeGeoService, name: 'GeoService', namespace: 'acme' },
        'a lone managed class is found without its namespace');
      assert.strictEqual(await findApexClass(client, { name: 'GeoService', namespace: 'other' }), undefined);
      assert.deepStrictEqual(queries(), [
        "tooling: SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = 'AccountService'",
        "tooling: SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = 'AccountService' AND NamespacePrefix = 'acme'",
        "tooling: SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = 'geoservice'",
        "tooling: SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = 'GeoService' AND NamespacePrefix = 'other'",
      ]);
    });

    it('reads the body on request: the source (line 42 dereferences null), or "(hidden)" for managed code', async () => {
      const own = await findApexClass(client, { name: 'AccountService' }, { withBody: true });
      assert.match(own?.body?.split('\n')[41] ?? '', /region = owner\.Sales_Region__c\.toUpperCase\(\);/);
      assert.strictEqual((await findApexClass(client, { name: 'GeoService', namespace: 'acme' }, { withBody: true }))?.body, '(hidden)');
      assert.strictEqual(queries()[0], "tooling: SELECT Id, Name, NamespacePrefix, Body FROM ApexClass WHERE Name = 'AccountService'");
    });

    it("finds a trigger with its object: a standard object's name, a custom object's id", async () => {
      assert.deepStrictEqual(await findApexTrigger(client, { name: 'AccountTrigger' }), { kind: 'trigger', id: TOOLING_IDS.accountTrigger, name: 'AccountTrigger', object: 'Account' });
      const bt = await findApexTrigger(client, { name: 'BTProjectTrigger' }, { withBody: true });
      assert.strictEqual(bt?.object, BT_PROJECT_OBJECT_ID);
      assert.match(bt?.body?.split('\n')[7] ?? '', /update client;/);
      assert.strictEqual(await findApexTrigger(client, { name: 'AccountService' }), undefined, 'a class is not a trigger');
      assert.strictEqual(queries()[0], "tooling: SELECT Id, Name, NamespacePrefix, TableEnumOrId FROM ApexTrigger WHERE Name = 'AccountTrigger'");
    });

    it('sends a name with quotes and backslashes escaped: it matches nothing, and the query is well formed', async () => {
      assert.strictEqual(await findApexClass(client, { name: "AccountService' OR Name != 'x\\" }), undefined);
      assert.deepStrictEqual(queries(), ["tooling: SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = 'AccountService\\' OR Name != \\'x\\\\'"]);
      assert.strictEqual(em.log[0].status, 200);
    });
  });

  describe('flows', () => {
    it('finds the flows of a label in one REST query, the active one first', async () => {
      const flows = await findFlowsByLabel(client, 'Account After Save');
      assert.deepStrictEqual(flows, [
        {
          id: TOOLING_IDS.accountAfterSave, apiName: 'Account_After_Save', label: 'Account After Save', processType: 'AutoLaunchedFlow',
          activeVersionId: TOOLING_IDS.accountAfterSaveVersion, latestVersionId: TOOLING_IDS.accountAfterSaveVersion,
        },
        { id: TOOLING_IDS.accountAfterSaveOld, apiName: 'Account_After_Save_Old', label: 'Account After Save', processType: 'AutoLaunchedFlow', latestVersionId: TOOLING_IDS.accountAfterSaveOldVersion },
      ]);
      assert.deepStrictEqual(await findFlowsByLabel(client, 'Opportunity “Won”'), []);
      assert.deepStrictEqual(queries(), [
        "rest: SELECT DurableId, ApiName, Label, ProcessType, ActiveVersionId, LatestVersionId, NamespacePrefix FROM FlowDefinitionView WHERE Label = 'Account After Save'",
        "rest: SELECT DurableId, ApiName, Label, ProcessType, ActiveVersionId, LatestVersionId, NamespacePrefix FROM FlowDefinitionView WHERE Label = 'Opportunity “Won”'",
      ]);
    });
  });

  describe('sessions and refusals', () => {
    it('an expired session is refreshed once and the query sent again', async () => {
      em.expireToken();
      assert.strictEqual((await findApexTrigger(client, { name: 'AccountTrigger' }))?.id, TOOLING_IDS.accountTrigger);
      assert.deepStrictEqual(em.log.map((e) => e.status), [401, 200]);
      assert.deepStrictEqual(tokens.calls, [false, true]);
    });

    it('a session that stays expired is sessionExpired, not a missing class', async () => {
      const stale = tokenSource(em, true);
      const staleClient = clientFor(em, stale);
      em.expireToken();
      await rejectsWith(findApexClass(staleClient, { name: 'AccountService' }), (e) => {
        assert.strictEqual(e.kind, 'sessionExpired');
        assert.strictEqual(e.status, 401);
      });
      assert.deepStrictEqual(em.log.map((e) => e.status), [401, 401]);
    });

    it('a query the Tooling API cannot read is invalidRequest MALFORMED_QUERY, with the place it stopped', async () => {
      await rejectsWith(client.queryTooling("SELECT Id FROM ApexClass WHERE Name LIKE 'Account%'"), (e) => {
        assert.strictEqual(e.kind, 'invalidRequest');
        assert.strictEqual(e.exceptionCode, 'MALFORMED_QUERY');
        assert.match(e.serverMessage ?? '', /ERROR at Row:1:Column:37/);
        assert.match(e.serverMessage ?? '', /unexpected token: 'LIKE'/);
      });
      await rejectsWith(client.queryTooling("SELECT Id, Bogus__c FROM ApexTrigger WHERE Name = 'AccountTrigger'"), (e) => {
        assert.strictEqual(e.exceptionCode, 'INVALID_FIELD');
        assert.match(e.serverMessage ?? '', /No such column 'Bogus__c' on entity 'ApexTrigger'/);
      });
      assert.deepStrictEqual(em.log.map((e) => e.status), [400, 400], 'a refused query is not retried');
    });
  });
});
