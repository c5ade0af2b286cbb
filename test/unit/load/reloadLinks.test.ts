import * as assert from 'assert';
import { RELOAD_LINK_TTL_MS, ReloadLinks } from '../../../src/load/reloadLinks';
import { RELOAD_PREFIX, RELOAD_REST_PREFIX } from '../../../src/storage/keys';
import type { MementoLike } from '../../../src/storage/serialMemento';

/** globalState as two windows see it: one store, each write one key. */
class SharedMemento implements MementoLike {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
    return Promise.resolve();
  }
}

describe('load/reloadLinks', () => {
  const original = { orgKey: 'me@example.com', jobId: '750R0000000aaaaIAA' };
  const first = { orgKey: 'me@example.com', jobId: '750R0000000bbbbIAA' };
  const second = { orgKey: 'me@example.com', jobId: '750R0000000ccccIAA' };

  it('links both ways, one key per link, so two windows linking at once keep both', async () => {
    const shared = new SharedMemento();
    const windowA = new ReloadLinks(shared);
    const windowB = new ReloadLinks(shared);
    await Promise.all([windowA.link(first, original), windowB.link(second, original)]);
    assert.deepStrictEqual(windowA.originalOf(first), original);
    assert.deepStrictEqual(windowB.originalOf(second), original);
    assert.deepStrictEqual(windowA.reloadsOf(original).map((r) => r.jobId).sort(), [first.jobId, second.jobId]);
    assert.strictEqual(windowA.originalOf(original), undefined);
    assert.strictEqual(shared.values.size, 2);
  });

  it('keeps org keys with a bar or a URL intact', async () => {
    const links = new ReloadLinks(new SharedMemento());
    const manual = { orgKey: 'manual:https://x.my.salesforce.com', jobId: original.jobId };
    await links.link({ ...first, orgKey: manual.orgKey }, manual);
    assert.deepStrictEqual(links.originalOf({ ...first, orgKey: manual.orgKey }), manual);
  });

  it('prunes links a month old and damaged ones', async () => {
    const shared = new SharedMemento();
    let now = 1_000_000_000_000;
    const links = new ReloadLinks(shared, () => now);
    await links.link(first, original);
    now += 1000;
    await links.link({ ...first, jobId: '750R0000000ddddIAA' }, original);
    shared.values.set(`${RELOAD_PREFIX}${original.orgKey}|750R0000000eeeeIAA`, 42);
    shared.values.set(`${RELOAD_PREFIX}${original.orgKey}|750R0000000ffffIAA`, `${original.orgKey}|${original.jobId}`);
    assert.strictEqual(links.reloadsOf(original).length, 2, 'only the well-formed links read');
    now += RELOAD_LINK_TTL_MS - 1001;
    await links.prune();
    assert.strictEqual(shared.values.size, 2, 'the damaged ones removed, the others kept');
    assert.deepStrictEqual(links.originalOf(first), original);
    now += 1;
    await links.prune();
    assert.deepStrictEqual(links.reloadsOf(original).map((r) => r.jobId), ['750R0000000ddddIAA'], 'the month-old link removed');
    now += 1000;
    await links.prune();
    assert.strictEqual(shared.values.size, 0);
  });
  it('links a file of unsent rows to the original for another window and after a reload of the window: its path and the job\'s key only, one key per file', async () => {
    const shared = new SharedMemento();
    const rest = process.platform === 'win32' ? 'C:\\Users\\me\\contacts-unsent.csv' : '/home/me/contacts-unsent.csv';
    const other = '/home/me/accounts-unsent-2.csv';
    await Promise.all([new ReloadLinks(shared).linkRest(rest, original), new ReloadLinks(shared).linkRest(other, first)]);
    const reopened = new ReloadLinks(shared); // the window reloaded: a new object over the same globalState
    assert.deepStrictEqual(reopened.originalOfRest(rest), original);
    assert.deepStrictEqual(reopened.originalOfRest(other), first);
    assert.strictEqual(reopened.originalOfRest('/home/me/contacts.csv'), undefined);
    assert.deepStrictEqual(shared.values.get(RELOAD_REST_PREFIX + rest), { original: `${original.orgKey}|${original.jobId}`, at: (shared.values.get(RELOAD_REST_PREFIX + rest) as { at: number }).at });
    assert.strictEqual(shared.values.size, 2);
  });

  it('prunes the links of files of unsent rows a month old, and damaged ones', async () => {
    const shared = new SharedMemento();
    let now = 1_000_000_000_000;
    const links = new ReloadLinks(shared, () => now);
    await links.linkRest('/tmp/a-unsent.csv', original);
    shared.values.set(`${RELOAD_REST_PREFIX}/tmp/b-unsent.csv`, { at: now });
    now += RELOAD_LINK_TTL_MS - 1;
    await links.prune();
    assert.deepStrictEqual([...shared.values.keys()], [`${RELOAD_REST_PREFIX}/tmp/a-unsent.csv`], 'the damaged one removed');
    now += 1;
    await links.prune();
    assert.strictEqual(links.originalOfRest('/tmp/a-unsent.csv'), undefined);
    assert.strictEqual(shared.values.size, 0);
  });
});
