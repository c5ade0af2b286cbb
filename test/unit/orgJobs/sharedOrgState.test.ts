import * as assert from 'assert';
import { FakeMemento } from '../storage/fakeMemento';
import { REMEMBER_MS, SharedOrgState, recordAborted } from '../../../src/orgJobs/sharedOrgState';
import { ABORTED_PREFIX, FOCUS_KEY, MUTES_PREFIX, NOTIFIED_PREFIX, REFRESHED_PREFIX, TOLD_PREFIX, WATCH_PREFIX } from '../../../src/storage/keys';

const ORG = 'admin@acme.com';

describe('orgJobs/sharedOrgState', () => {
  let memento: FakeMemento;
  let now: number;
  let a: SharedOrgState;
  let b: SharedOrgState;

  beforeEach(() => {
    memento = new FakeMemento();
    now = 1_000_000_000_000;
    a = new SharedOrgState(memento, () => now);
    b = new SharedOrgState(memento, () => now);
  });

  it('keeps Watch per org, seen by every window', async () => {
    await a.setWatched(ORG, true);
    await a.setWatched('other@x.com', true);
    await b.setWatched('other@x.com', false);
    assert.strictEqual(b.isWatched(ORG), true);
    assert.deepStrictEqual(a.watched(), [ORG]);
  });

  it('lets one window claim a job: two windows claiming it → one wins', () => {
    assert.deepStrictEqual(a.claim(ORG, ['750A', '750B']), ['750A', '750B']);
    assert.deepStrictEqual(b.claim(ORG, ['750B', '750C']), ['750C']);
    assert.deepStrictEqual(a.claim(ORG, ['750C']), []);
    assert.deepStrictEqual(memento.keys().filter((k) => k.startsWith(TOLD_PREFIX)).sort(), ['750A', '750B', '750C'].map((id) => `${TOLD_PREFIX}${ORG}|${id}`));
    const writes = memento.writes;
    assert.deepStrictEqual(a.claim(ORG, ['750A']), []);
    assert.strictEqual(memento.writes, writes, 'nothing to claim, nothing written');
  });

  it('prunes claims older than 8 days, the claims of before, Watch off for 8 days, old stamps; keeps the rest', async () => {
    await memento.update(`${NOTIFIED_PREFIX}${ORG}`, { recent: now - 1000 });
    await memento.update(`${TOLD_PREFIX}${ORG}|old`, now - REMEMBER_MS);
    await memento.update(`${TOLD_PREFIX}${ORG}|recent`, now - 1000);
    await memento.update(`${WATCH_PREFIX}gone@x.com`, { on: false, at: now - REMEMBER_MS });
    await memento.update(`${WATCH_PREFIX}${ORG}`, { on: true, at: now - 2 * REMEMBER_MS });
    await memento.update(`${REFRESHED_PREFIX}gone@x.com`, now - REMEMBER_MS);
    await a.noteCheckedThrough('gone@x.com', now - REMEMBER_MS);
    await a.prune();
    assert.deepStrictEqual([...memento.keys()].sort(), [`${TOLD_PREFIX}${ORG}|recent`, `${WATCH_PREFIX}${ORG}`]);
    assert.deepStrictEqual(a.claim(ORG, ['old', 'recent']), ['old']);
  });

  it('two windows (each its own copy of globalState, as before the echo) muting and watching at the same moment keep both', async () => {
    // Each window writes from the copy it has; the store takes writes key by key, as globalState's echo does.
    const store = new FakeMemento();
    const copyOf = (): FakeMemento => {
      const copy = new FakeMemento();
      for (const k of store.keys()) {
        copy.values.set(k, store.get(k));
      }
      return copy;
    };
    const [ma, mb] = [copyOf(), copyOf()];
    const [wa, wb] = [new SharedOrgState(ma, () => now), new SharedOrgState(mb, () => now)];
    await wa.mute(ORG, { object: 'Account' });
    await wb.mute(ORG, { user: '005000000000001AAA' });
    await wa.setWatched(ORG, true);
    await wb.setWatched('other@x.com', true);
    assert.deepStrictEqual(wa.claim(ORG, ['750A']), ['750A']);
    assert.deepStrictEqual(wb.claim(ORG, ['750B']), ['750B']);
    for (const m of [ma, mb]) {
      for (const k of m.keys()) {
        await store.update(k, m.get(k));
      }
    }
    const after = new SharedOrgState(store, () => now);
    assert.deepStrictEqual(after.mutes(ORG), { objects: new Set(['Account']), users: new Set(['005000000000001AAA']) });
    assert.deepStrictEqual(after.watched().sort(), [ORG, 'other@x.com']);
    assert.deepStrictEqual(after.claim(ORG, ['750A', '750B']), []);
  });

  it('reads the mutes kept before (one key per org) with the new ones', async () => {
    await memento.update(`${MUTES_PREFIX}${ORG}`, { objects: ['Lead'], users: [] });
    await a.mute(ORG, { object: 'Account' });
    assert.deepStrictEqual(a.mutes(ORG).objects, new Set(['Lead', 'Account']));
  });

  it('checkedThrough: only ever raised; cleared when Watch is switched on, kept while it stays on', async () => {
    await a.noteCheckedThrough(ORG, 500);
    await b.noteCheckedThrough(ORG, 400);
    assert.strictEqual(a.checkedThrough(ORG), 500);
    await a.setWatched(ORG, true);
    assert.strictEqual(a.checkedThrough(ORG), undefined);
    await a.noteCheckedThrough(ORG, 600);
    await b.setWatched(ORG, true);
    assert.strictEqual(a.checkedThrough(ORG), 600);
  });

  it('a stamp written while a clock was 3 h ahead counts as none, and the next one replaces it', async () => {
    await a.noteRefresh(ORG, now + 3 * 3_600_000);
    await a.noteFocus(now + 3 * 3_600_000);
    assert.strictEqual(b.lastRefresh(ORG), undefined);
    assert.strictEqual(b.lastFocus(), undefined);
    await b.noteRefresh(ORG, now);
    await b.noteFocus(now);
    assert.strictEqual(a.lastRefresh(ORG), now);
    assert.strictEqual(a.lastFocus(), now);
    await a.noteRefresh(ORG, now + 60_000);
    assert.strictEqual(b.lastRefresh(ORG), now + 60_000, 'a minute ahead is within the tolerance');
  });

  it('merges mutes of several windows, objects and users', async () => {
    await a.mute(ORG, { object: 'Account' });
    await b.mute(ORG, { user: '005000000000001AAA' });
    await a.mute(ORG, { object: 'Account' });
    assert.deepStrictEqual(a.mutes(ORG), { objects: new Set(['Account']), users: new Set(['005000000000001AAA']) });
    assert.deepStrictEqual(a.mutes('other@x.com'), { objects: new Set(), users: new Set() });
  });

  it('remembers jobs aborted from any window for 8 days', async () => {
    await recordAborted(memento, { orgKey: ORG, jobId: '750A' }, now - REMEMBER_MS);
    await recordAborted(memento, { orgKey: ORG, jobId: '750B' }, now);
    assert.deepStrictEqual([...b.aborted(ORG)], ['750B']);
    assert.deepStrictEqual(Object.keys(memento.get<object>(ABORTED_PREFIX + ORG) ?? {}), ['750B']);
  });

  it('only ever raises the last refresh and the focus time, so a late write never moves them back', async () => {
    await a.noteRefresh(ORG, now);
    await b.noteRefresh(ORG, now - 5000);
    assert.strictEqual(a.lastRefresh(ORG), now);
    await a.noteFocus(now);
    await b.noteFocus(now - 1);
    assert.strictEqual(b.lastFocus(), now);
    assert.strictEqual(memento.get(FOCUS_KEY), now, 'one number: bounded');
    void memento.update(FOCUS_KEY, 'damaged');
    assert.strictEqual(a.lastFocus(), undefined);
  });
});
