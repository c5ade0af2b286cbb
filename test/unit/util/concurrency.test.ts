import * as assert from 'assert';
import { InFlight, Limiter, runBounded } from '../../../src/util/concurrency';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('store: in-flight dedup', () => {
  it('shares one promise between concurrent callers and forgets it once settled', async () => {
    const f = new InFlight<number>();
    let starts = 0;
    const d = deferred<number>();
    const a = f.run('k', () => { starts++; return d.promise; });
    const b = f.run('k', () => { starts++; return Promise.resolve(2); });
    assert.strictEqual(a, b);
    assert.strictEqual(f.has('k'), true);
    d.resolve(1);
    assert.deepStrictEqual(await Promise.all([a, b]), [1, 1]);
    assert.strictEqual(starts, 1);
    assert.strictEqual(f.has('k'), false);
    assert.strictEqual(await f.run('k', () => { starts++; return Promise.resolve(3); }), 3);
    assert.strictEqual(starts, 2);
  });

  it('shares a rejection and then allows a new attempt', async () => {
    const f = new InFlight<number>();
    const a = f.run('k', () => Promise.reject(new Error('boom')));
    const b = f.run('k', () => Promise.resolve(1));
    await assert.rejects(a, /boom/);
    await assert.rejects(b, /boom/);
    assert.strictEqual(await f.run('k', () => Promise.resolve(5)), 5);
  });

  it('keeps different keys apart', async () => {
    const f = new InFlight<string>();
    const [a, b] = await Promise.all([f.run('a', async () => 'A'), f.run('b', async () => 'B')]);
    assert.deepStrictEqual([a, b], ['A', 'B']);
  });
});

describe('store: bounded concurrency', () => {
  it('never runs more than the limit at once, and reaches it', async () => {
    let active = 0;
    let peak = 0;
    const results = await runBounded(Array.from({ length: 40 }, (_, i) => i), 6, async (i) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      if (i === 3) { throw new Error('one fails'); }
      return i;
    });
    assert.strictEqual(peak, 6);
    assert.strictEqual(results.length, 40);
    assert.strictEqual(results.filter((r) => r.status === 'rejected').length, 1);
  });

  it('reads the limit at every start and frees waiters on abort', async () => {
    let limit = 1;
    const lim = new Limiter(() => limit);
    const d = deferred<void>();
    const first = lim.run(() => d.promise);
    const ac = new AbortController();
    const waiting = lim.run(async () => 'never', ac.signal);
    ac.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    limit = 2;
    const second = lim.run(async () => 'ran');
    assert.strictEqual(await second, 'ran');
    d.resolve();
    await first;
    assert.strictEqual(lim.running, 0);
  });

  it('treats a nonsense limit as 1', async () => {
    const lim = new Limiter(() => Number.NaN);
    let active = 0;
    let peak = 0;
    await Promise.all([1, 2, 3].map(() => lim.run(async () => { active++; peak = Math.max(peak, active); await new Promise((r) => setImmediate(r)); active--; })));
    assert.strictEqual(peak, 1);
  });
});
