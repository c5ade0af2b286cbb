import * as assert from 'assert';
import { FakeMemento } from '../storage/fakeMemento';
import { REMEMBER_MS, SharedOrgState, recordAborted } from '../../../src/orgJobs/sharedOrgState';
import { ABORTED_PREFIX, FOCUS_KEY, NOTIFIED_PREFIX } from '../../../src/storage/keys';

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
    assert.deepStrictEqual(Object.keys(memento.get<Record<string, number>>(NOTIFIED_PREFIX + ORG) ?? {}).sort(), ['750A', '750B', '750C']);
  });

  it('merges claims with what another window wrote, and prunes entries older than 8 days', () => {
    void memento.update(NOTIFIED_PREFIX + ORG, { old: now - REMEMBER_MS - 1, recent: now - 1000, broken: 'x' });
    assert.deepStrictEqual(a.claim(ORG, ['recent', 'new']), ['new']);
    assert.deepStrictEqual(memento.get(NOTIFIED_PREFIX + ORG), { recent: now - 1000, new: now });
    const writes = memento.writes;
    assert.deepStrictEqual(a.claim(ORG, ['new']), []);
    assert.strictEqual(memento.writes, writes, 'nothing to claim, nothing written');
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
