import * as assert from 'assert';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { FetchOrder } from '../../../src/tracked/sequence';
import { Emulator, startEmulator } from '../../emulator';

describe('store: a poll that started before Close/Abort cannot undo it', function () {
  let emu: Emulator;
  let client: BulkClient;

  beforeEach(async () => {
    emu = await startEmulator({ seed: 'empty' });
    client = new BulkClient({ instanceUrl: emu.url, apiVersion: '64.0', getAccessToken: async () => emu.token });
  });
  afterEach(async () => {
    await emu.close();
  });

  for (const change of ['close', 'abort'] as const) {
    it(`a refresh whose batch listing the emulator holds while the ${change} goes through brings the old state, and is dropped`, async () => {
      const id = emu.jobs.create1({ state: 'Open' });
      const key = `org|${id}`;
      const order = new FetchOrder();
      emu.fault({ method: 'GET', path: `/job/${id}/batch`, latencyMs: 400, times: 1 });
      // As the store's refresh: the job, then (1.0) its batches; the answer applies when both are in.
      const ticket = order.begin();
      let jobAnswered!: () => void;
      const gotJob = new Promise<void>((resolve) => { jobAnswered = resolve; });
      const poll = (async () => {
        const job = await client.getJob(id, { kind: 'classic' });
        jobAnswered();
        await client.listBatches(id);
        return job;
      })();
      await gotJob;
      const changed = change === 'close' ? await client.closeJob(id) : await client.abortJob(id);
      order.changed(key);
      const late = await poll;
      assert.strictEqual(late.state, 'Open', 'the refresh in flight saw the job before the change');
      assert.strictEqual(changed.state, change === 'close' ? 'Closed' : 'Aborted');
      assert.strictEqual(order.isStale(key, ticket), true, 'so the store drops it');
      const after = order.begin();
      assert.strictEqual((await client.getJob(id, { kind: 'classic' })).state, changed.state);
      assert.strictEqual(order.isStale(key, after), false, 'a fetch started after the change is kept');
    });
  }

  it('a change of one job does not drop fetches of another', () => {
    const order = new FetchOrder();
    const t = order.begin();
    order.changed('org|a');
    assert.strictEqual(order.isStale('org|b', t), false);
  });
});
