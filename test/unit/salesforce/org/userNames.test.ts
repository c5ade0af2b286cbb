/** Users' names over real HTTP: one query per new set of ids, chunked, cached; one window cache for every org. */
import * as assert from 'assert';
import { BulkClient } from '../../../../src/salesforce/bulkClient';
import { OrgUserNames, RETRY_NAMES_MS, USER_IDS_PER_QUERY, UserNames, type SoqlRunner } from '../../../../src/salesforce/org/userNames';
import { SEED_USERS, startEmulator, type Emulator } from '../../../emulator';
import { clientFor, tokenSource } from '../fixtures';

describe('salesforce/org/userNames', () => {
  let em: Emulator;
  let client: BulkClient;
  let run: SoqlRunner;
  let names: UserNames;
  let clock: number;
  let learnt: number;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'empty' });
    client = clientFor(em, tokenSource(em));
    run = (q, o) => client.querySoql(q, o);
    clock = Date.parse('2026-12-07T10:00:00Z');
    learnt = 0;
    names = new UserNames(() => learnt++, () => clock);
  });

  afterEach(async () => {
    await em.close();
  });

  const queries = () => em.log.filter((e) => e.path.includes('/query?q=')).map((e) => decodeURIComponent(e.path.slice(e.path.indexOf('q=') + 2)));

  it('asks once for the new ids, answers 15- and 18-character ids, and does not ask again', async () => {
    const sent = await names.resolve([SEED_USERS.integration.id, SEED_USERS.alice.id.slice(0, 15), em.userId, SEED_USERS.integration.id, undefined], run);
    assert.strictEqual(sent, 1);
    assert.deepStrictEqual(queries().map((q) => q.replace(/'[^']+'/g, 'ID')), ['SELECT Id, Name FROM User WHERE Id IN (ID,ID,ID)']);
    assert.strictEqual(names.nameOf(SEED_USERS.integration.id), 'MuleSoft Integration');
    assert.strictEqual(names.nameOf(SEED_USERS.alice.id), 'Alice Martin');
    assert.strictEqual(names.nameOf(em.userId), 'Emulator Demo User');
    assert.strictEqual(learnt, 1);

    em.clearLog();
    assert.strictEqual(await names.resolve([SEED_USERS.alice.id, em.userId], run), 0);
    assert.strictEqual(await names.resolve([SEED_USERS.bob.id, SEED_USERS.alice.id], run), 1);
    assert.deepStrictEqual(queries(), [`SELECT Id, Name FROM User WHERE Id IN ('${SEED_USERS.bob.id}')`]);
    assert.strictEqual(names.nameOf(SEED_USERS.bob.id), 'Bob Okafor');
  });

  it('chunks many ids, remembers ids nobody answers, and ignores what is not a user id', async () => {
    const unknown = Array.from({ length: USER_IDS_PER_QUERY + 5 }, (_, k) => `005EM00000${String(k).padStart(5, '0')}`);
    assert.strictEqual(await names.resolve([...unknown, "005' OR Name != '", '0DF000000000001'], run), 2);
    assert.ok(em.log.every((e) => e.status === 200 && e.path.length < 16_000));
    assert.strictEqual(names.nameOf(unknown[0]), undefined);
    assert.strictEqual(await names.resolve(unknown, run), 0);
  });

  it('ids asked while a query is on its way wait for it: one request', async () => {
    const [a, b] = await Promise.all([
      names.resolve([SEED_USERS.alice.id, SEED_USERS.bob.id], run),
      names.resolve([SEED_USERS.bob.id.slice(0, 15), SEED_USERS.alice.id], run),
    ]);
    assert.deepStrictEqual([a, b], [1, 0]);
    assert.strictEqual(queries().length, 1);
    assert.strictEqual(names.nameOf(SEED_USERS.bob.id), 'Bob Okafor');
  });

  it('a failed query is not cached, and the org is not asked again for RETRY_NAMES_MS', async () => {
    em.fault({ path: '/query?q=', times: 1, error: { code: 'INVALID_FIELD', message: 'No such column' } });
    await assert.rejects(names.resolve([SEED_USERS.alice.id], run));
    assert.strictEqual(await names.resolve([SEED_USERS.alice.id], run), 0);
    assert.strictEqual(names.nameOf(SEED_USERS.alice.id), undefined);
    clock += RETRY_NAMES_MS - 1;
    assert.strictEqual(await names.resolve([SEED_USERS.alice.id], run), 0);
    assert.strictEqual(queries().length, 1);
    clock += 1;
    assert.strictEqual(await names.resolve([SEED_USERS.alice.id], run), 1);
    assert.strictEqual(names.nameOf(SEED_USERS.alice.id), 'Alice Martin');
  });

  it('takes names another window resolved, telling only when one is new', () => {
    names.remember([[SEED_USERS.alice.id, 'Alice Martin']]);
    names.remember([[SEED_USERS.alice.id.slice(0, 15), 'Alice Martin']]);
    assert.strictEqual(learnt, 1);
    assert.deepStrictEqual(names.entries(), [[SEED_USERS.alice.id.slice(0, 15), 'Alice Martin']]);
  });

  describe('OrgUserNames: one cache per window', () => {
    const ORG = 'org-a';
    let window: OrgUserNames;
    let changes: string[];
    let warnings: string[];

    beforeEach(() => {
      changes = [];
      warnings = [];
      window = new OrgUserNames({
        query: (orgKey, soql, o) => (orgKey === ORG ? client.querySoql(soql, o) : Promise.reject(new Error(`no session for ${orgKey}`))),
        known: (orgKey) => (orgKey === ORG ? [SEED_USERS.integration.id, undefined] : []),
        warn: (m) => warnings.push(m),
        now: () => clock,
      });
      window.onDidChange((orgKey) => changes.push(orgKey));
    });

    it('many ids wanted at once (panel, tooltips, hover) are one request, with the known creators of the org', async () => {
      await Promise.all([
        window.want(ORG, [SEED_USERS.alice.id]),
        window.want(ORG, [SEED_USERS.bob.id, SEED_USERS.alice.id.slice(0, 15), 'not an id']),
        window.want(ORG, [em.userId]),
      ]);
      assert.strictEqual(queries().length, 1);
      assert.strictEqual(queries()[0].match(/'005/g)?.length, 4);
      assert.strictEqual(window.nameOf(ORG, SEED_USERS.bob.id), 'Bob Okafor');
      assert.strictEqual(window.nameOf(ORG, SEED_USERS.integration.id), 'MuleSoft Integration');
      assert.deepStrictEqual(changes, [ORG]);
      assert.strictEqual(window.nameOf('org-b', SEED_USERS.bob.id), undefined);

      await window.want(ORG, [SEED_USERS.alice.id, em.userId]);
      assert.strictEqual(queries().length, 1, 'known names are not asked again');
    });

    it('shares the org\'s cache with a reader that resolves through its own client', async () => {
      assert.strictEqual(await window.of(ORG).resolve([SEED_USERS.alice.id], run), 1);
      assert.strictEqual(window.nameOf(ORG, SEED_USERS.alice.id), 'Alice Martin');
      assert.deepStrictEqual(changes, [ORG]);
      await window.want(ORG, [SEED_USERS.alice.id]);
      assert.strictEqual(queries().length, 1);
    });

    it('an org that cannot be asked: quiet (one warning), its ids stay ids, not asked again in a loop', async () => {
      await window.want('org-b', [SEED_USERS.alice.id]);
      await window.want('org-b', [SEED_USERS.alice.id]);
      await window.want('org-b', [SEED_USERS.alice.id]);
      assert.strictEqual(window.nameOf('org-b', SEED_USERS.alice.id), undefined);
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0], /org-b.*no session for org-b/);
      assert.deepStrictEqual(changes, []);
    });
  });
});
