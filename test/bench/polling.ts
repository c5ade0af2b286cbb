import { BulkClient } from '../../src/salesforce/bulkClient';
import { isBulkApiError } from '../../src/salesforce/errors';
import type { JobKind } from '../../src/salesforce/types';
import { waitingMark } from '../../src/job/jobRules';
import { PollPlan } from '../../src/tracked/pollPlan';
import { startEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import type { Row } from './index';

const ORG = 'emu';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const DONE = new Set(['JobComplete', 'Failed', 'Aborted']);

interface Setup {
  emu: Emulator;
  client: BulkClient;
  plan: PollPlan;
}

async function setup(): Promise<Setup> {
  const emu = await startEmulator({ seed: 'empty', clock: 'manual' });
  const client = new BulkClient({ instanceUrl: emu.url, apiVersion: '64.0', getAccessToken: async () => emu.token, maxRetries: 0 });
  const plan = new PollPlan(() => emu.clock.now(), () => ({ maxSeconds: 60, focused: true }), () => 0.5);
  return { emu, client, plan };
}

/**
 * Polls the watched jobs on the plan's schedule for `spanMs` of emulator time, the way the poller
 * does: `polled` as a poll starts, then (unless `feed` is false, as before the plan knew outcomes)
 * `settle` with its outcome and `usageSeen` with the answer's Sforce-Limit-Info. Returns the API
 * requests the emulator received.
 */
async function drive(s: Setup, kinds: Map<string, JobKind>, spanMs: number, options: { feed?: boolean; before?: (at: number) => void } = {}): Promise<number> {
  const { emu, client, plan } = s;
  const start = emu.clock.now();
  const logged = emu.log.length;
  for (let due = plan.nextDueAt(); due !== undefined && due <= start + spanMs; due = plan.nextDueAt()) {
    emu.clock.advance(Math.max(0, due - emu.clock.now()));
    options.before?.(emu.clock.now() - start);
    for (const key of plan.due()) {
      plan.polled(key);
      const id = key.slice(ORG.length + 1);
      try {
        const job = await client.getJob(id, { kind: kinds.get(id) });
        if (DONE.has(job.state)) {
          plan.unwatch(key);
        } else if (options.feed !== false) {
          plan.settle(key, { ok: true, waiting: waitingMark({ job }) });
        }
      } catch (e) {
        if (options.feed !== false) {
          plan.settle(key, { ok: false, kind: isBulkApiError(e) ? e.kind : 'unexpectedResponse' });
        }
      }
      if (options.feed !== false) {
        plan.usageSeen(ORG, client.lastApiUsage);
      }
    }
  }
  return emu.log.slice(logged).filter((e) => e.path.startsWith('/services/')).length;
}

/** 20 tracked 1.0 jobs left Open with no batch, one window, 24 simulated hours. */
async function openJobsForADay(feed: boolean): Promise<number> {
  const s = await setup();
  try {
    const kinds = new Map<string, JobKind>();
    for (let k = 0; k < 20; k++) {
      const id = s.emu.jobs.create1({ state: 'Open' });
      kinds.set(id, 'classic');
      s.plan.watch(`${ORG}|${id}`, ORG);
    }
    return await drive(s, kinds, DAY, { feed });
  } finally {
    await s.emu.close();
  }
}

/** One running job (2.0 ingest, or 1.0 with one batch) for `spanMs`; `fault` is applied for the first `faultMs`. */
async function runningJob(flavour: '1.0' | '2.0', spanMs: number, fault?: { spec: Parameters<Emulator['fault']>[0]; forMs: number }, usage?: number): Promise<number> {
  const s = await setup();
  try {
    const start = s.emu.clock.now();
    const id = flavour === '2.0'
      ? s.emu.jobs.create2({ operation: 'insert', object: 'Account', createdAt: start, uploadCompleteAt: start, startAt: start + 1_000, endAt: start + 2 * spanMs, records: 1_000 })
      : s.emu.jobs.create1({ state: 'Closed', createdAt: start, closedAt: start + 500, batches: [{ startAt: start + 1_000, endAt: start + 2 * spanMs }] });
    s.plan.watch(`${ORG}|${id}`, ORG);
    if (usage !== undefined) {
      s.emu.setApiUsage(usage);
      s.plan.usageSeen(ORG, { used: usage, max: 15_000, at: start });
    }
    const remove = fault ? s.emu.fault({ ...fault.spec, path: id }) : undefined;
    return await drive(s, new Map([[id, flavour === '2.0' ? 'ingest' : 'classic']]), spanMs, {
      before: (at) => { if (fault && at >= fault.forMs) remove?.(); },
    });
  } finally {
    await s.emu.close();
  }
}

/**
 * Requests the schedule sends (pure PollPlan, as the poller drives it, with the real client against the
 * emulator on a manual clock): Open jobs waiting for data, an org over its allocation, a running job.
 */
export async function benchPolling(): Promise<Row[]> {
  const before = await openJobsForADay(false);
  const now = await openJobsForADay(true);
  const limit = 10 * MINUTE;
  const rest = await runningJob('2.0', limit, { spec: { error: { code: 'REQUEST_LIMIT_EXCEEDED', status: 403, message: 'TotalRequests Limit exceeded.' } }, forMs: limit });
  const classic = await runningJob('1.0', limit, { spec: { error: { code: 'ExceededQuota', message: 'TotalRequests Limit exceeded.' } }, forMs: limit });
  const tooMany = await runningJob('2.0', limit, { spec: { status: 429 }, forMs: limit });
  const running = await runningJob('2.0', limit);
  const paused = await runningJob('2.0', 60 * MINUTE, undefined, 14_400);
  return [
    { name: '20 Open 1.0 jobs, no batches, 24 simulated h, 1 window', value: `${now} requests (before: ${before})`, aim: '≤ 2,000 (before ~28,800)', met: now <= 2_000 },
    { name: 'running 2.0 job, 403 REQUEST_LIMIT_EXCEEDED for 10 min', value: `${rest} requests`, aim: '≤ 10', met: rest <= 10 },
    { name: 'running 1.0 job, ExceededQuota for 10 min', value: `${classic} requests`, aim: '≤ 10', met: classic <= 10 },
    { name: 'running 2.0 job, 429 for 10 min', value: `${tooMany} requests`, aim: '≤ 10', met: tooMany <= 10 },
    { name: 'one running job over 10 simulated min', value: `${running} requests`, aim: '≤ 25', met: running <= 25 },
    { name: 'one running job, org at 96 % of its API use, 1 h', value: `${paused} requests`, aim: '≤ 2 (paused, one look an hour)', met: paused <= 2 },
  ];
}
