/** Finding a cause's metadata in the org, over real HTTP against the emulator's Tooling API. */
import * as assert from 'assert';
import type { BulkClient } from '../../../src/salesforce/bulkClient';
import { apexRefs, lookUpInOrg, setupUrlOf } from '../../../src/causes/orgLookup';
import { buildRowCauseView } from '../../../src/causes/causeView';
import type { CauseLink } from '../../../src/causes/causeTypes';
import { CAUSE_ERRORS, startEmulator, TOOLING_IDS, type Emulator } from '../../emulator';
import { clientFor, tokenSource } from '../salesforce/fixtures';

const t = (message: string, ...args: Array<string | number>): string => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));

describe('causes/orgLookup', () => {
  let em: Emulator;
  let client: BulkClient;
  const toolingQueries = () => em.log.filter((e) => e.path.includes('/tooling/query')).length;
  const links = (text: string): CauseLink[] => buildRowCauseView(text, t, 'Account').links;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'empty' });
    client = clientFor(em, tokenSource(em));
  });

  afterEach(async () => {
    await em.close();
  });

  it('the class of a frame and the trigger, by name', async () => {
    const [cls, trigger] = links(CAUSE_ERRORS.nullPointer);
    assert.deepStrictEqual(await lookUpInOrg(async () => client, cls, { t }), { kind: 'class', id: TOOLING_IDS.accountService });
    assert.deepStrictEqual(await lookUpInOrg(async () => client, trigger, { t }), { kind: 'trigger', id: TOOLING_IDS.accountTrigger });
  });

  it('a namespaced frame: the managed package\'s class, not the org\'s own class of another name', async () => {
    const [geo] = links(CAUSE_ERRORS.managedException);
    assert.deepStrictEqual(await lookUpInOrg(async () => client, geo, { t }), { kind: 'class', id: TOOLING_IDS.acmeGeoService });
  });

  it('a trigger named without a frame (an Apex limit)', async () => {
    const [trigger] = buildRowCauseView(CAUSE_ERRORS.limit, t).links;
    assert.deepStrictEqual(await lookUpInOrg(async () => client, trigger, { t }), { kind: 'trigger', id: TOOLING_IDS.btProjectTrigger });
  });

  it('the validation rule by its error message, named, with its condition formula read', async () => {
    const [rule] = links(CAUSE_ERRORS.validationRule);
    const found = await lookUpInOrg(async () => client, rule, { t });
    assert.strictEqual(found?.kind, 'rule');
    assert.strictEqual(found.id, TOOLING_IDS.requireIndustry);
    assert.strictEqual(found.rule?.title, 'validation rule Require_Industry on Account');
    assert.match(found.rule?.formula ?? '', /Industry/);
  });

  it('the active flow of that label', async () => {
    const [flow] = links(CAUSE_ERRORS.flow);
    assert.deepStrictEqual(await lookUpInOrg(async () => client, flow, { t }), { kind: 'flow', id: TOOLING_IDS.accountAfterSave });
  });

  it('what the org does not have is undefined; a field never asks', async () => {
    const missing: CauseLink = { kind: 'apex', label: 'Nope.cls:1', apex: 'class', name: 'Nope', candidates: ['Nope'], line: 1, column: 1 };
    assert.strictEqual(await lookUpInOrg(async () => client, missing, { t }), undefined);
    const before = toolingQueries();
    assert.strictEqual(await lookUpInOrg(async () => client, { kind: 'field', label: 'Column Industry', field: 'Industry' }, { t }), undefined);
    assert.strictEqual(toolingQueries(), before);
  });

  it('asks each question once through the cache it is given', async () => {
    const cache = new Map<string, Promise<unknown>>();
    const cached = <T>(key: string, ask: () => Promise<T>): Promise<T> => {
      if (!cache.has(key)) {
        cache.set(key, ask());
      }
      return cache.get(key) as Promise<T>;
    };
    const [rule] = links(CAUSE_ERRORS.validationRule);
    await lookUpInOrg(async () => client, rule, { t, cached });
    const asked = toolingQueries();
    assert.strictEqual(asked, 2, 'the rules of Account, then the formula of the one matched');
    await lookUpInOrg(async () => client, rule, { t, cached });
    assert.strictEqual(toolingQueries(), asked);
  });

  it('Setup pages: Apex in Lightning setup, rules and flows by id', () => {
    assert.strictEqual(setupUrlOf('https://acme.my.salesforce.com/', 'class', '01pxx0000000001AAA'),
      'https://acme.my.salesforce.com/lightning/setup/ApexClasses/page?address=%2F01pxx0000000001AAA');
    assert.strictEqual(setupUrlOf('https://acme.my.salesforce.com', 'trigger', '01qxx0000000001AAA'),
      'https://acme.my.salesforce.com/lightning/setup/ApexTriggers/page?address=%2F01qxx0000000001AAA');
    assert.strictEqual(setupUrlOf('https://acme.my.salesforce.com', 'rule', '03dxx0000000001AAA'), 'https://acme.my.salesforce.com/03dxx0000000001AAA');
  });

  it('reads a dotted frame name as namespace + class, then as the outer class', () => {
    assert.deepStrictEqual(apexRefs('acme.GeoService', ['acme', 'GeoService']), [{ name: 'GeoService', namespace: 'acme' }, { name: 'acme' }, { name: 'GeoService' }]);
    assert.deepStrictEqual(apexRefs('AccountService', ['AccountService']), [{ name: 'AccountService' }]);
  });
});
