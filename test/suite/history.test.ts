import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import { HISTORY_PREFIX } from '../../src/storage/keys';
import { jobKey } from '../../src/job/jobRef';
import { DEMO_IDS, Emulator, startEmulator } from '../emulator';
import { EXTENSION_ID } from './testEnv';

/**
 * The job history inside the real extension host: points recorded from the store's fetches, stored
 * under one globalState key per job while it is tracked, merged with what another window wrote, and
 * deleted once the job is untracked (with no panel showing it).
 */
describe('job history (store fetches → globalState)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let orgKey: string;
  /**
   * globalState may show an older write for a moment (VS Code echoes this window's writes back through
   * its shared storage): wait, up to a few seconds, for what `check` expects.
   */
  async function eventually(check: () => void): Promise<void> {
    for (let tries = 0; ; tries++) {
      try {
        check();
        return;
      } catch (e) {
        if (tries >= 30) {
          throw e;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
    const ext = vscode.extensions.getExtension<BulkJobsApi>(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    api = await ext.activate();
    orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
  });

  after(async () => {
    for (const e of api?.deps.store.tracked().filter((t) => t.orgKey === orgKey) ?? []) {
      await api.deps.store.untrack(e);
    }
    await api?.deps.orgs.removeManual(orgKey);
    await emulator?.close();
  });

  it('adds a point per fetch, keeps it under the job\'s own key while tracked, and deletes that key once untracked', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicMoving };
    const history = api.deps.history!;
    await api.deps.store.track(ref);
    for (const step of [60_000, 20_000, 20_000]) {
      emulator.clock.advance(step);
      await api.deps.store.refresh(ref, { withBatches: true });
    }
    const points = history.get(ref);
    assert.strictEqual(points.length, 4, JSON.stringify(points));
    assert.ok(points.every((p, i) => i === 0 || (p.at > points[i - 1].at && p.processed >= points[i - 1].processed)), 'in time order, counts growing');
    assert.strictEqual(points[3].batchesTotal, 10);
    const key = HISTORY_PREFIX + jobKey(ref);
    await eventually(() => assert.deepStrictEqual(api.globalState.get(key), points));

    await api.deps.store.untrack(ref);
    await eventually(() => assert.strictEqual(api.globalState.get(key), undefined, 'the stored history is gone with the job'));
    assert.ok(!api.globalState.keys().includes(key));
    assert.strictEqual(history.get(ref).length, 4, 'memory keeps it for the hover');
  });

  it('merges what another window wrote under the same key', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.v2IngestMoving };
    const key = HISTORY_PREFIX + jobKey(ref);
    await api.deps.store.track(ref);
    const other = { at: Date.now() - 3_600_000, processed: 0, failed: 0 };
    await api.globalState.update(key, [other]);
    emulator.clock.advance(30_000);
    await api.deps.store.refresh(ref);
    await eventually(() => {
      const stored = api.globalState.get<Array<{ at: number }>>(key) ?? [];
      assert.deepStrictEqual(stored[0], other, 'the other window\'s point is kept');
      assert.strictEqual(stored.length, 3, JSON.stringify(stored));
    });
    await api.deps.store.untrack(ref);
  });
});
