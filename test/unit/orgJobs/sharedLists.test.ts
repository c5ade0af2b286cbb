/** Each org's last list in a file every window reads: what is written reads back, and nothing else does. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHARED_LIST_VERSION, SharedLists, parseSharedList, type SharedList } from '../../../src/orgJobs/sharedLists';
import { REMEMBER_MS } from '../../../src/orgJobs/sharedOrgState';
import { INTEGRATION, ME, row } from './fixtures';

const ORG = 'admin@acme.com';

function list(asOf: number): SharedList {
  return {
    asOf,
    jobs: [row({ id: '750EM0000000001AAA', state: 'JobComplete', numberRecordsFailed: 3, createdById: INTEGRATION }), row({ id: '750EM0000000002AAA', state: 'Open' })],
    detailed: ['750EM0000000001AAA'],
    names: [[INTEGRATION.slice(0, 15), 'MuleSoft Integration']],
    me: ME,
    usage: { used: 4_321, max: 15_000, at: asOf },
    read: { pages: 71, truncated: ['jobs/query'] },
  };
}

describe('orgJobs/sharedLists', () => {
  let dir: string;
  const warnings: string[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bj-lists-'));
    warnings.length = 0;
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads back what a window wrote, in another instance (another window), and leaves no temporary file', async () => {
    assert.strictEqual(await new SharedLists(path.join(dir, 'orgJobs')).write(ORG, list(1_000)), true);
    const read = await new SharedLists(path.join(dir, 'orgJobs')).read(ORG);
    assert.deepStrictEqual(read, list(1_000));
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'orgJobs')), [path.basename(new SharedLists(dir).fileOf(ORG))]);
  });

  it('keeps one file per org, named so no org key reaches the file system', async () => {
    const lists = new SharedLists(dir);
    await lists.write(ORG, list(1));
    await lists.write('https://acme.my.salesforce.com|005EM0000000001', list(2));
    assert.strictEqual((await lists.read(ORG))?.asOf, 1);
    assert.match(path.basename(lists.fileOf('https://acme.my.salesforce.com|005EM0000000001')), /^[0-9a-f]{40}\.json$/);
    assert.strictEqual(await lists.read('nobody@acme.com'), undefined);
  });

  it('reads a damaged file, an older version or another org\'s as nothing, and drops rows that are not jobs', () => {
    const text = (over: Record<string, unknown>): string => JSON.stringify({ version: SHARED_LIST_VERSION, orgKey: ORG, ...list(5), ...over });
    assert.strictEqual(parseSharedList('{"version":1,"orgKey":"admin@acme.com","asOf":5,"jobs":[', ORG), undefined);
    assert.strictEqual(parseSharedList(text({ version: 0 }), ORG), undefined);
    assert.strictEqual(parseSharedList(text({}), 'other@acme.com'), undefined);
    assert.strictEqual(parseSharedList(text({ asOf: 'soon' }), ORG), undefined);
    const damaged = parseSharedList(text({ jobs: [{ id: '750EM0000000003AAA' }, 42, ...list(5).jobs], names: [['x'], 'y'] }), ORG);
    assert.deepStrictEqual(damaged?.jobs.map((j) => j.id), ['750EM0000000001AAA', '750EM0000000002AAA']);
    assert.deepStrictEqual(damaged?.names, []);
    assert.strictEqual(parseSharedList(text({ usage: { used: '12', max: 15_000, at: 5 } }), ORG)?.usage, undefined);
    assert.deepStrictEqual(parseSharedList(text({}), ORG)?.read, { pages: 71, truncated: ['jobs/query'] }, 'what the read cost travels with the list');
    assert.strictEqual(parseSharedList(text({ read: { pages: 'many' } }), ORG)?.read, undefined);
  });

  it('says so when the list cannot be written, and keeps nothing half-written', async () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    assert.strictEqual(await new SharedLists(path.join(blocked, 'orgJobs'), (m) => warnings.push(m)).write(ORG, list(1)), false,
      'false: the caller raises no "refreshed" stamp for a list nobody can take');
    assert.strictEqual(warnings.length, 1);
    assert.match(warnings[0], /^the list was not shared with other windows: /);
  });

  it('removes, at its first write, the lists and leftovers nobody wrote for 8 days, and keeps the rest', async () => {
    const now = Date.now();
    const lists = new SharedLists(dir, (m) => warnings.push(m), () => now);
    const old = lists.fileOf('removed@acme.com');
    const recent = lists.fileOf('sandbox@acme.com');
    const leftover = `${recent}.3f2a.tmp`;
    for (const file of [old, recent, leftover]) {
      fs.writeFileSync(file, '{}');
    }
    const longAgo = (now - REMEMBER_MS - 60_000) / 1000;
    fs.utimesSync(old, longAgo, longAgo);
    fs.utimesSync(leftover, longAgo, longAgo);
    await lists.write(ORG, list(1));
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [lists.fileOf(ORG), recent].map((f) => path.basename(f)).sort());
    assert.deepStrictEqual(warnings, []);
  });

  it('carries the org\'s checkedThrough to the window that takes the list', async () => {
    const lists = new SharedLists(dir);
    await lists.write(ORG, { ...list(5), checkedThrough: 1234 });
    assert.strictEqual((await lists.read(ORG))?.checkedThrough, 1234);
  });
});
