import { BulkClient } from '../../src/salesforce/bulkClient';
import { Limiter } from '../../src/util/concurrency';
import { PollPlan } from '../../src/tracked/pollPlan';
import { startEmulator } from '../emulator';
import type { Row } from './index';

const JOBS = 200;
const LATENCY_MS = 100;
/** `bulkJobs.maxConcurrentRequests`' default. */
const CONCURRENCY = 6;

/**
 * Refresh All and polling, with the pieces the job store uses (its Limiter and PollPlan; the store
 * itself needs the extension host) and the real client against the emulator.
 */
export async function benchRefresh(): Promise<Row[]> {
  const emu = await startEmulator({ seed: 'empty', clock: 'manual' });
  try {
    const ids = Array.from({ length: JOBS }, (_, k) =>
      emu.jobs.create2({ operation: 'insert', object: 'Account', state: 'JobComplete', records: k }),
    );
    // As after a reload: a new client, and the kind of each job known from the stored state.
    const client = new BulkClient({ instanceUrl: emu.url, apiVersion: '64.0', getAccessToken: async () => emu.token });
    emu.setLatency(LATENCY_MS);
    emu.resetConcurrency();
    const limiter = new Limiter(() => CONCURRENCY);
    const t = performance.now();
    await Promise.all(ids.map((id) => limiter.run(() => client.getJob(id, { kind: 'ingest' }))));
    const wall = performance.now() - t;
    const ideal = Math.ceil(JOBS / CONCURRENCY) * LATENCY_MS;
    const peak = emu.maxConcurrent;
    emu.setLatency(0);

    // One job that runs for 10 simulated minutes, polled on the store's schedule for 20 minutes:
    // the polls while it runs, and those after the first poll that saw it done (the plan should stop).
    const start = emu.clock.now();
    const running = emu.jobs.create2({
      operation: 'insert', object: 'Account', createdAt: start, uploadCompleteAt: start,
      startAt: start + 1_000, endAt: start + 600_000, records: 1_000,
    });
    const plan = new PollPlan(() => emu.clock.now() - start, () => ({ maxSeconds: 60, focused: true }));
    plan.watch(running);
    let whileRunning = 0;
    let afterDone = 0;
    let sawDone = false;
    for (let due = plan.nextDueAt(); due !== undefined && due <= 1_200_000; due = plan.nextDueAt()) {
      emu.clock.advance(start + due - emu.clock.now());
      const job = await client.getJob(running, { kind: 'ingest' });
      if (sawDone) afterDone++;
      else if (due < 600_000) whileRunning++;
      if (['JobComplete', 'Failed', 'Aborted'].includes(job.state)) {
        sawDone = true;
        plan.unwatch(running);
      } else {
        plan.polled(running);
      }
    }

    return [
      { name: `Refresh All, ${JOBS} jobs, ${LATENCY_MS} ms latency, c=${CONCURRENCY}`, value: `${wall.toFixed(0)} ms (ideal ${ideal} ms)` },
      { name: 'ratio to ideal ceil(200/c) × 100 ms', value: `${(wall / ideal).toFixed(2)}×`, aim: '≤ 1.25×', met: wall / ideal <= 1.25 },
      { name: 'peak concurrent requests at the emulator', value: String(peak), aim: `= ${CONCURRENCY}`, met: peak === CONCURRENCY },
      { name: 'polls of one running job over 10 simulated min', value: String(whileRunning), aim: '≤ 25 (fixed 5 s: 120)', met: whileRunning <= 25 },
      { name: 'polls after a poll saw it done (to 20 min)', value: String(afterDone), aim: '0', met: afterDone === 0 },
    ];
  } finally {
    await emu.close();
  }
}
