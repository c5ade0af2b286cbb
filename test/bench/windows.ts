import { BulkClient } from '../../src/salesforce/bulkClient';
import { isBulkApiError } from '../../src/salesforce/errors';
import { deriveProgress } from '../../src/job/jobRules';
import { waitingMark } from '../../src/job/jobRules';
import { JobRecords } from '../../src/tracked/jobRecords';
import { LEASE_RENEW_MS, Leases } from '../../src/storage/lease';
import { PollPlan } from '../../src/tracked/pollPlan';
import { Emulator, startEmulator } from '../emulator';
import { FakeMemento } from '../unit/storage/fakeMemento';
import type { Row } from './index';

const ORG = 'bench@example.com';
const MIN = 60_000;

interface Window {
  plan: PollPlan;
  leases: Leases;
  records: JobRecords;
  renewAt: number;
}

/**
 * Several windows of one profile: each has its PollPlan (the poller's schedule) and the polling
 * lease over one shared memento (globalState); only the lease holder polls, and every window sees
 * the state it writes (the store's sync), so a job seen done stops everywhere. One emulator,
 * manual clock. Returns the GETs the emulator saw.
 */
async function simulate(emu: Emulator, windows: number, jobs: { id: string; kind: 'classic' | 'ingest' }[], durationMs: number): Promise<number> {
  const client = new BulkClient({ instanceUrl: emu.url, apiVersion: '64.0', getAccessToken: async () => emu.token });
  const memento = new FakeMemento();
  const now = () => emu.clock.now();
  const kinds = new Map(jobs.map((j) => [j.id, j.kind]));
  const ws: Window[] = Array.from({ length: windows }, (_, i) => ({
    plan: new PollPlan(now, () => ({ maxSeconds: 60, focused: true }), () => 0.5),
    leases: new Leases(memento, now, `window${i}`),
    records: new JobRecords(memento, now, `window${i}`),
    renewAt: now() + LEASE_RENEW_MS,
  }));
  for (const j of jobs) {
    ws[0].records.add({ orgKey: ORG, jobId: j.id, addedAt: now() });
  }
  for (const w of ws) {
    jobs.forEach((j) => w.plan.watch(j.id, ORG));
  }
  const end = now() + durationMs;
  emu.clearLog();
  for (;;) {
    const next = Math.min(...ws.map((w) => Math.min(w.plan.nextDueAt() ?? Infinity, w.renewAt)));
    if (next > end) break;
    emu.clock.advance(Math.max(0, next - now()));
    for (const w of ws) {
      if (w.renewAt <= now()) {
        await w.leases.renew();
        w.renewAt += LEASE_RENEW_MS;
      }
      for (const jobId of w.plan.due()) {
        const stored = w.records.get({ orgKey: ORG, jobId });
        if (stored && 'summary' in stored && stored.summary.progress?.done) {
          w.plan.unwatch(jobId); // learnt from the shared state
          continue;
        }
        w.plan.polled(jobId);
        if (!w.leases.acquire(ORG)) continue;
        // As the poller: each outcome goes into the plan (errors back off), and the org's usage too.
        const job = await client.getJob(jobId, { kind: kinds.get(jobId) }).catch((e: unknown) => {
          w.plan.settle(jobId, { ok: false, kind: isBulkApiError(e) ? e.kind : 'unexpectedResponse' });
          return undefined;
        });
        w.plan.usageSeen(ORG, client.lastApiUsage);
        if (!job) continue;
        w.plan.settle(jobId, { ok: true, waiting: waitingMark({ job }) });
        const progress = deriveProgress(job);
        await w.records.update({ orgKey: ORG, jobId, addedAt: 0, job, progress, fetchedAt: now() });
        if (progress.done) {
          w.plan.unwatch(jobId);
        }
      }
    }
  }
  return emu.log.filter((l) => l.method === 'GET').length;
}

async function runningJob(windows: number): Promise<number> {
  const emu = await startEmulator({ seed: 'empty', clock: 'manual' });
  try {
    const start = emu.clock.now();
    const id = emu.jobs.create2({
      operation: 'insert', object: 'Account', createdAt: start, uploadCompleteAt: start,
      startAt: start + 1_000, endAt: start + 10 * MIN, records: 1_000,
    });
    return await simulate(emu, windows, [{ id, kind: 'ingest' }], 10 * MIN - 1);
  } finally {
    await emu.close();
  }
}

async function idleOpenJobs(windows: number): Promise<number> {
  const emu = await startEmulator({ seed: 'empty', clock: 'manual' });
  try {
    const jobs = Array.from({ length: 20 }, () => ({ id: emu.jobs.create1({ state: 'Open' }), kind: 'classic' as const }));
    return await simulate(emu, windows, jobs, 24 * 60 * MIN);
  } finally {
    await emu.close();
  }
}

export async function benchWindows(): Promise<Row[]> {
  const [one, three] = [await runningJob(1), await runningJob(3)];
  const [idleOne, idleThree] = [await idleOpenJobs(1), await idleOpenJobs(3)];
  return [
    { name: 'one running job, 10 simulated min, 1 window', value: `${one} requests`, aim: '≤ 25', met: one <= 25 },
    { name: 'the same with 3 windows (one polls, by lease)', value: `${three} requests`, aim: `= 1 window (${one}), ≤ 25`, met: three === one && three <= 25 },
    { name: '20 Open 1.0 jobs, no batch activity, 24 h, 1 window', value: `${idleOne} requests`, aim: '≤ 2,000 (schedule of idle jobs)', met: idleOne <= 2_000 },
    { name: 'the same with 3 windows', value: `${idleThree} requests`, aim: `= 1 window (${idleOne}), ≤ 2,000; before: 3 × 28,800`, met: idleThree === idleOne && idleThree <= 2_000 },
  ];
}
