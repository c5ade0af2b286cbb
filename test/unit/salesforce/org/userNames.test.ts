/** Submitters' names over real HTTP: one query per new set of ids, chunked, cached. */
import * as assert from 'assert';
import { USER_IDS_PER_QUERY, UserNames } from '../../../../src/salesforce/org/userNames';
import { SEED_USERS, startEmulator, type Emulator } from '../../../emulator';
import { clientFor, tokenSource } from '../fixtures';

describe('salesforce/org/userNames', () => {
  let em: Emulator;
  let names: UserNames;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'empty' });
    const client = clientFor(em, tokenSource(em));
    names = new UserNames((q, o) => client.querySoql(q, o));
  });

  afterEach(async () => {
    await em.close();
  });

  const queries = () => em.log.filter((e) => e.path.includes('/query?q=')).map((e) => decodeURIComponent(e.path.slice(e.path.indexOf('q=') + 2)));

  it('asks once for the new ids, answers 15- and 18-character ids, and does not ask again', async () => {
    const sent = await names.resolve([SEED_USERS.integration.id, SEED_USERS.alice.id.slice(0, 15), em.userId, SEED_USERS.integration.id, undefined]);
    assert.strictEqual(sent, 1);
    assert.deepStrictEqual(queries().map((q) => q.replace(/'[^']+'/g, 'ID')), ['SELECT Id, Name FROM User WHERE Id IN (ID,ID,ID)']);
    assert.strictEqual(names.nameOf(SEED_USERS.integration.id), 'MuleSoft Integration');
    assert.strictEqual(names.nameOf(SEED_USERS.alice.id), 'Alice Martin');
    assert.strictEqual(names.nameOf(em.userId), 'Emulator Demo User');

    em.clearLog();
    assert.strictEqual(await names.resolve([SEED_USERS.alice.id, em.userId]), 0);
    assert.strictEqual(await names.resolve([SEED_USERS.bob.id, SEED_USERS.alice.id]), 1);
    assert.deepStrictEqual(queries(), [`SELECT Id, Name FROM User WHERE Id IN ('${SEED_USERS.bob.id}')`]);
    assert.strictEqual(names.nameOf(SEED_USERS.bob.id), 'Bob Okafor');
  });

  it('chunks many ids, remembers ids nobody answers, and ignores what is not a user id', async () => {
    const unknown = Array.from({ length: USER_IDS_PER_QUERY + 5 }, (_, k) => `005EM00000${String(k).padStart(5, '0')}`);
    assert.strictEqual(await names.resolve([...unknown, "005' OR Name != '", '0DF000000000001']), 2);
    assert.ok(em.log.every((e) => e.status === 200 && e.path.length < 16_000));
    assert.strictEqual(names.nameOf(unknown[0]), undefined);
    assert.strictEqual(await names.resolve(unknown), 0);
  });

  it('a failed query is not cached: the next resolve asks again', async () => {
    em.fault({ path: '/query?q=', times: 1, error: { code: 'INVALID_FIELD', message: 'No such column' } });
    await assert.rejects(names.resolve([SEED_USERS.alice.id]));
    assert.strictEqual(await names.resolve([SEED_USERS.alice.id]), 1);
    assert.strictEqual(names.nameOf(SEED_USERS.alice.id), 'Alice Martin');
  });
});
