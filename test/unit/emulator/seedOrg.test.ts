/**
 * The `orgSized` seed's live loads as a test drives them by the clock (`liveLoad`): the first failing
 * load is listed running once created, and Failed once done, and nothing else in the org changes in
 * between (the UI test makes exactly that one job of the integration user fail).
 */
import * as assert from 'assert';
import type { BulkJob } from '../../../src/salesforce/types';
import { BIG_ORG_JOBS, FIRST_FAILING_LOAD, liveLoad, SEED_USERS, startEmulator, type Emulator } from '../../emulator';
import { clientFor, tokenSource } from '../salesforce/fixtures';

const MIN = 60_000;

describe('emulator/seedOrg live loads', () => {
  let em: Emulator;

  afterEach(async () => {
    await em?.close();
  });

  it('the bigOrg seed: 50,000 jobs in the last 7 days, and a few older ones besides', async () => {
    em = await startEmulator({ seed: 'bigOrg', orgSized: { liveHours: 0 } });
    const now = em.clock.now();
    const created = em.jobs.ids().map((id) => (em.jobs.get(id) as { createdAt: number }).createdAt);
    assert.strictEqual(BIG_ORG_JOBS, 50_000);
    assert.strictEqual(created.filter((t) => t <= now && t > now - 7 * 24 * 60 * MIN).length, BIG_ORG_JOBS);
    assert.ok(created.some((t) => t <= now - 8 * 24 * 60 * MIN), 'older jobs too, outside the window');
  });

  it('says when each load is created and done, and how it ends', () => {
    assert.deepStrictEqual(liveLoad(0), { id: liveLoad(0).id, createdAfterMs: 5 * MIN, doneAfterMs: 7 * MIN, failed: false, failedRecords: 0 });
    assert.strictEqual(liveLoad(3).failedRecords, 17);
    assert.strictEqual(liveLoad(FIRST_FAILING_LOAD).failed, true);
    assert.ok([...Array(FIRST_FAILING_LOAD).keys()].every((k) => !liveLoad(k).failed), 'no load fails before it');
  });

  it('the first failing load runs, then fails, and is the only job of the org that changed', async () => {
    const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
    em = await startEmulator({ seed: 'orgSized', orgSized: { count: 300 }, startTime: t0, pageSize: 1000 });
    const client = clientFor(em, tokenSource(em));
    const load = liveLoad(FIRST_FAILING_LOAD);
    const states = async (): Promise<Map<string, BulkJob>> =>
      new Map((await client.listOrgJobs({ now: em.clock.now() })).jobs.map((j) => [j.id, j]));

    em.clock.advance(load.createdAfterMs - 1_000);
    assert.ok(!(await states()).has(load.id), 'not listed before it is created');
    em.clock.advance(MIN);
    const before = await states();
    assert.strictEqual(before.get(load.id)?.state, 'InProgress');
    assert.strictEqual(before.get(load.id)?.createdById?.slice(0, 15), SEED_USERS.integration.id.slice(0, 15));

    em.clock.advance(load.doneAfterMs - load.createdAfterMs);
    const after = await states();
    assert.strictEqual(after.get(load.id)?.state, 'Failed');
    const changed = [...after.values()].filter((j) => before.get(j.id)?.state !== j.state).map((j) => j.id);
    assert.deepStrictEqual(changed, [load.id]);
  });
});
