import * as assert from 'assert';
import { InFlight, Limiter, STATE_VERSION, jobKey, recoverState, runBounded } from '../../src/jobs/storeCore';

const ID18 = '750D00000004SkLIAU';
const ID15 = '750D00000004SkL';
const ID2 = '750D00000004SkGIAU';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('store: persisted state', () => {
  it('round-trips the current shape unchanged', () => {
    const state = {
      version: STATE_VERSION,
      jobs: [{
        orgKey: 'demo@example.com', jobId: ID18, flavour: '1.0', addedAt: 5, fetchedAt: 7,
        job: { id: ID18, flavour: '1.0', kind: 'classic', state: 'Open', object: 'Account', other: {} },
        lastError: { kind: 'network', message: 'unreachable', at: 9 },
      }],
    };
    const r = recoverState(JSON.parse(JSON.stringify(state)), 100);
    assert.deepStrictEqual(r.state, state);
    assert.strictEqual(r.migrated, false);
    assert.strictEqual(r.dropped, 0);
  });

  it('starts empty from nothing', () => {
    const r = recoverState(undefined, 1);
    assert.deepStrictEqual(r.state.jobs, []);
    assert.strictEqual(r.migrated, false);
  });

  it('recovers the older version-1 shape (org/id/info/updated) and 15-char ids', () => {
    const r = recoverState({ version: 1, jobs: [{ org: 'a@b.c', id: ID15, info: { state: 'Closed', flavour: '1.0' }, updated: 42 }] }, 100);
    assert.strictEqual(r.migrated, true);
    assert.strictEqual(r.state.jobs.length, 1);
    const j = r.state.jobs[0];
    assert.strictEqual(j.orgKey, 'a@b.c');
    assert.strictEqual(j.jobId, ID18);
    assert.strictEqual(j.job?.state, 'Closed');
    assert.strictEqual(j.job?.id, ID18);
    assert.strictEqual(j.job?.kind, 'classic');
    assert.deepStrictEqual(j.job?.other, {});
    assert.strictEqual(j.fetchedAt, 42);
    assert.strictEqual(j.addedAt, 100);
  });

  it('keeps the good entries of a damaged list and counts the rest', () => {
    const r = recoverState({ version: STATE_VERSION, jobs: [
      null, 7, 'nonsense', { orgKey: 'x' }, { orgKey: 'x', jobId: '001000000000001' },
      { orgKey: 'x', jobId: ID2, job: 'garbage', lastError: { kind: 'weird', message: 'm' } },
      `y|${ID18}`,
      { orgKey: 'x', jobId: ID2 }, // duplicate
    ] }, 3);
    assert.deepStrictEqual(r.state.jobs.map(jobKey), [`x|${ID2}`, `y|${ID18}`]);
    assert.strictEqual(r.state.jobs[0].job, undefined);
    assert.deepStrictEqual(r.state.jobs[0].lastError, { kind: 'unexpectedResponse', message: 'm', at: 0 });
    assert.strictEqual(r.dropped, 6);
    assert.strictEqual(r.migrated, true);
  });

  it('accepts a bare array and a map keyed by job', () => {
    assert.strictEqual(recoverState([{ orgKey: 'o', jobId: ID18 }], 0).state.jobs.length, 1);
    assert.strictEqual(recoverState({ jobs: { k: { orgKey: 'o', jobId: ID18 } } }, 0).state.jobs.length, 1);
  });

  it('never throws on garbage', () => {
    for (const raw of ['x', 12, true, { jobs: 'no' }, [[[]]], { jobs: [{ orgKey: 'o', jobId: ID18, batches: 'x', job: { state: 1 } }] }]) {
      const r = recoverState(raw, 0);
      assert.strictEqual(r.state.version, STATE_VERSION);
    }
  });
});

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
