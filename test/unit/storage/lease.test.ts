import * as assert from 'assert';
import { LEASE_RENEW_MS, LEASE_TTL_MS, Leases } from '../../../src/storage/lease';
import { LEASE_KEY_PREFIX } from '../../../src/storage/keys';
import { FakeClock, FakeMemento } from './fakeMemento';

describe('polling lease: one window polls an org', () => {
  let memento: FakeMemento;
  let clock: FakeClock;
  let windows: Leases[];

  beforeEach(() => {
    memento = new FakeMemento();
    clock = new FakeClock();
    windows = ['A', 'B', 'C'].map((id) => new Leases(memento, clock.now, id));
  });

  it('the first window to ask takes a free lease; the others do not get it', () => {
    const [a, b, c] = windows;
    assert.strictEqual(a.acquire('org1'), true);
    assert.strictEqual(b.acquire('org1'), false);
    assert.strictEqual(c.acquire('org1'), false);
    assert.strictEqual(a.acquire('org1'), true);
    assert.strictEqual(b.holder('org1'), 'A');
  });

  it('leases are per org', () => {
    const [a, b] = windows;
    assert.strictEqual(a.acquire('org1'), true);
    assert.strictEqual(b.acquire('org2'), true);
    assert.strictEqual(a.acquire('org2'), false);
  });

  it('a holder that renews keeps it as long as it runs', async () => {
    const [a, b] = windows;
    a.acquire('org1');
    for (let i = 0; i < 20; i++) {
      clock.advance(LEASE_RENEW_MS);
      await a.renew();
      assert.strictEqual(b.acquire('org1'), false);
    }
  });

  it('a holder that went quiet loses it after the TTL, and another window takes it over', () => {
    const [a, b, c] = windows;
    a.acquire('org1');
    assert.strictEqual(b.acquire('org1'), false);
    clock.advance(LEASE_TTL_MS - 1);
    assert.strictEqual(b.acquire('org1'), false);
    clock.advance(2);
    assert.strictEqual(b.acquire('org1'), true);
    assert.strictEqual(c.acquire('org1'), false);
    assert.strictEqual(a.acquire('org1'), false, 'the old holder does not come back while B renews');
  });

  it('renew only renews leases this window holds', async () => {
    const [a, b] = windows;
    a.acquire('org1');
    await b.renew();
    assert.strictEqual(b.holder('org1'), 'A');
    assert.strictEqual(memento.writes, 1);
  });

  it('release gives it up at once, and the next window to ask takes it', async () => {
    const [a, b, c] = windows;
    a.acquire('org1');
    a.acquire('org2');
    await a.release();
    assert.deepStrictEqual(memento.keys().filter((k) => k.startsWith(LEASE_KEY_PREFIX)), []);
    assert.strictEqual(c.acquire('org1'), true);
    assert.strictEqual(b.acquire('org1'), false);
  });

  it('release of one org gives up that one only, and never another window\'s', async () => {
    const [a, b] = windows;
    a.acquire('org1');
    a.acquire('org2');
    b.acquire('org3');
    await a.release('org1');
    await a.release('org3');
    assert.strictEqual(b.acquire('org1'), true);
    assert.strictEqual(a.holder('org2'), 'A');
    assert.strictEqual(a.holder('org3'), 'B');
  });

  it('a damaged lease value counts as free', async () => {
    await memento.update(`${LEASE_KEY_PREFIX}org1`, { holder: 3 });
    assert.strictEqual(windows[1].acquire('org1'), true);
  });

  it('lapses by the reader\'s clock: a holder whose clock is 3 h ahead neither keeps it after it went quiet nor loses it while it renews', async () => {
    const ahead = new FakeClock();
    ahead.t = clock.t + 3 * 3_600_000;
    const a = new Leases(memento, ahead.now, 'A');
    const b = windows[1];
    a.acquire('org1');
    for (let i = 0; i < 8; i++) {
      clock.advance(LEASE_RENEW_MS);
      ahead.advance(LEASE_RENEW_MS);
      await a.renew();
      assert.strictEqual(b.acquire('org1'), false, 'renewed: held, whatever its clock says');
    }
    clock.advance(LEASE_TTL_MS);
    assert.strictEqual(b.acquire('org1'), true, 'quiet for the TTL by B\'s clock: B takes over (not 3 h later)');
    ahead.t = clock.t; // its clock is set right again
    assert.strictEqual(a.acquire('org1'), false);
  });

  it('a reader whose clock went back starts counting again rather than keeping a dead lease forever', () => {
    const [a, b] = windows;
    a.acquire('org1');
    assert.strictEqual(b.holder('org1'), 'A');
    clock.advance(-3 * 3_600_000);
    assert.strictEqual(b.holder('org1'), 'A');
    clock.advance(LEASE_TTL_MS);
    assert.strictEqual(b.holder('org1'), undefined);
  });

  it('reads a lease of an older version ({ holder, until }) as held until it stops changing', () => {
    void memento.update(`${LEASE_KEY_PREFIX}org1`, { holder: 'old', until: clock.t - 10 * 3_600_000 });
    const b = windows[1];
    assert.strictEqual(b.acquire('org1'), false);
    clock.advance(LEASE_TTL_MS);
    assert.strictEqual(b.acquire('org1'), true);
  });
});
