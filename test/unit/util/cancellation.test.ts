/**
 * A capped wait aborts what it waits for: over real HTTP, the emulator sees the request closed at the
 * cap (its log entry ends, nothing is in flight), where a bare timer race would leave it running.
 */
import * as assert from 'assert';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { signalOf, withCap } from '../../../src/util/cancellation';
import { DEMO_IDS, startEmulator, type Emulator } from '../../emulator';
import { noneInFlight } from '../salesforce/fixtures';

describe('util/cancellation', () => {
  let em: Emulator;
  let client: BulkClient;
  beforeEach(async () => {
    em = await startEmulator({ seed: 'demo' });
    client = new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token, maxRetries: 0 });
  });
  afterEach(async () => {
    await em.close();
  });

  it('withCap aborts a hanging request at the cap: the emulator sees it closed', async () => {
    em.fault({ path: `/job/${DEMO_IDS.classicFailed}`, hang: true });
    const result = await withCap(150, undefined, (signal) => client.getJob(DEMO_IDS.classicFailed, { signal, timeoutMs: 60_000, kind: 'classic' }));
    assert.strictEqual(result, undefined);
    assert.strictEqual(em.log.length, 1);
    assert.ok(await noneInFlight(em), 'the request is still open on the emulator');
    assert.strictEqual(em.log[0].status, 0, 'never answered');
    assert.ok(em.log[0].endedAt > em.log[0].startedAt, 'closed');
  });

  it('withCap aborts a slow (latency) request when the caller cancels first, and returns what arrives in time', async () => {
    em.fault({ path: `/job/${DEMO_IDS.classicFailed}`, latencyMs: 30_000, times: 1 });
    const caller = new AbortController();
    const pending = withCap(60_000, caller.signal, (signal) => client.getJob(DEMO_IDS.classicFailed, { signal, kind: 'classic' }));
    while (em.log.length === 0) {
      await new Promise((r) => setTimeout(r, 10));
    }
    caller.abort();
    assert.strictEqual(await pending, undefined);
    assert.ok(await noneInFlight(em), 'the request is still open on the emulator');
    const job = await withCap(60_000, undefined, (signal) => client.getJob(DEMO_IDS.classicFailed, { signal }));
    assert.strictEqual(job?.id, DEMO_IDS.classicFailed);
  });

  it('a bare timer race (what the cap replaces) leaves the request running', async () => {
    em.fault({ path: `/job/${DEMO_IDS.classicFailed}`, hang: true });
    const request = client.getJob(DEMO_IDS.classicFailed, { timeoutMs: 60_000, kind: 'classic' }).catch(() => undefined);
    await Promise.race([request, new Promise((r) => setTimeout(r, 150))]);
    em.resetConcurrency();
    assert.strictEqual(em.maxConcurrent, 1, 'still in flight after the timer');
  });

  it('signalOf aborts when the token is cancelled, or at once if it already is', () => {
    let listener: (() => unknown) | undefined;
    const token = { isCancellationRequested: false, onCancellationRequested: (l: () => unknown) => { listener = l; return { dispose: () => undefined }; } };
    const signal = signalOf(token);
    assert.strictEqual(signal.aborted, false);
    listener?.();
    assert.strictEqual(signal.aborted, true);
    assert.strictEqual(signalOf({ ...token, isCancellationRequested: true }).aborted, true);
  });
});
