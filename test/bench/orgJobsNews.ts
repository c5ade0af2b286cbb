/**
 * Failures told per failures that happened, over a simulated busy day of one watched org: the
 * integration user loads all day (a load a minute on average, bursts of 40 at three hours of the
 * day), a fifth of the loads end with failed records, one in ten Failed, one in twenty aborted by
 * someone; one `getJob` in 30 fails; the background check runs every 5 minutes in the window that
 * holds the lease, and every 3 hours the holder restarts (a new reader, the check after a gap of up
 * to 20 minutes) or hands over to the other window, whose clock is 3 hours ahead. Every window reads
 * for real against the emulator (its clock the day's), shares `checkedThrough` and the told-jobs
 * claims through one globalState (`SharedOrgState` on a FakeMemento) and tells as the notifier does.
 */
import { BulkClient } from '../../src/salesforce/bulkClient';
import { groupNotifications, type OrgJobEventKind } from '../../src/orgJobs/newFailures';
import { OrgReader } from '../../src/orgJobs/orgReader';
import { SharedOrgState } from '../../src/orgJobs/sharedOrgState';
import { translator } from '../../src/job/format';
import { startEmulator } from '../emulator';
import { FakeMemento } from '../unit/storage/fakeMemento';
import type { Row } from './index';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ORG = 'bench@acme.com';
const enabled = new Set<OrgJobEventKind>(['failed', 'aborted', 'failedRecords']);

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchOrgJobsNews(): Promise<Row[]> {
  const em = await startEmulator({ seed: 'orgSized', orgSized: { count: 2_000, liveHours: 0 }, clock: 'manual', pageSize: 1_000 });
  try {
    const client = new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token, retryBaseMs: 5, maxRetries: 0 });
    const shared = new SharedOrgState(new FakeMemento(), () => em.clock.now());
    const rnd = random(21);
    const failures = new Set<string>();
    const told = new Map<string, number>();
    let groups = 0;
    let restarts = 0;
    let handovers = 0;
    let faults = 0;
    const windows = [{ reader: new OrgReader(), offset: 0 }, { reader: new OrgReader(), offset: 3 * HOUR }];
    let holder = 0;
    let nextCheck = 0;
    const t0 = em.clock.now() + 40 * MIN; // the seed's running jobs done
    em.clock.advance(40 * MIN);

    const check = async (): Promise<void> => {
      const w = windows[holder];
      const read = await w.reader.read(client, em.clock.now() + w.offset, { isTracked: () => false }, { backlog: false, checkedThrough: shared.checkedThrough(ORG) });
      if (read.checkedThrough !== undefined) {
        await shared.noteCheckedThrough(ORG, read.checkedThrough);
      }
      const options = { enabled, mutes: shared.mutes(ORG), orgLabel: 'acme', windowMs: 5 * MIN, t: translator(undefined) };
      const mine = new Set(shared.claim(ORG, groupNotifications(read.events, options).flatMap((n) => n.events.map((e) => e.job.id))));
      for (const n of groupNotifications(read.events.filter((e) => mine.has(e.job.id)), options)) {
        groups++;
        for (const e of n.events) {
          told.set(e.job.id, (told.get(e.job.id) ?? 0) + 1);
        }
      }
    };

    for (let minute = 0; minute < 24 * 60; minute++) {
      const now = em.clock.now();
      const burst = minute % (8 * 60) === 7 * 60 ? 40 : 0;
      const loads = burst + (rnd() < 0.5 ? 1 : 0) + (rnd() < 0.5 ? 1 : 0);
      for (let k = 0; k < loads; k++) {
        const endAt = now + MIN + Math.floor(rnd() * (burst ? 4 : 20) * MIN);
        const r = rnd();
        const outcome = r < 0.2 ? { state: 'JobComplete' as const, failed: 1 + Math.floor(rnd() * 50) }
          : r < 0.3 ? { state: 'Failed' as const, failed: 0 }
            : r < 0.35 ? { state: 'Aborted' as const, failed: 0, abortedAt: endAt }
              : { state: 'JobComplete' as const, failed: 0 };
        const id = em.jobs.create2({
          operation: 'insert', object: 'Account', createdAt: now, uploadCompleteAt: now + 1_000, startAt: now + 2_000, endAt,
          records: 100, ...outcome,
        });
        if (outcome.state !== 'JobComplete' || outcome.failed > 0) {
          failures.add(id);
        }
        if (rnd() < 1 / 30) {
          faults++;
          em.fault({ path: id, status: 500, times: 1 });
        }
      }
      if (minute > 0 && minute % 180 === 0) {
        if ((minute / 180) % 2 === 1) {
          restarts++;
          windows[holder].reader = new OrgReader();
          nextCheck = minute + Math.floor(rnd() * 20);
        } else {
          handovers++;
          holder = 1 - holder;
        }
      }
      if (minute >= nextCheck) {
        await check();
        nextCheck = minute + 5;
      }
      em.clock.advance(MIN);
    }
    em.clock.advance(30 * MIN); // the day's last loads end; one more check
    await check();
    await check();
    // Failures of loads that ended before the first check are the baseline (no news); none did: loads start after it.
    const toldOnce = [...failures].filter((id) => told.get(id) === 1).length;
    const twice = [...told.values()].filter((n) => n > 1).length;
    const missed = [...failures].filter((id) => !told.has(id)).length;
    const pct = (100 * toldOnce) / Math.max(1, failures.size);
    return [
      {
        name: `a busy day: ${failures.size} failures, ${restarts} restarts, ${handovers} handovers, ${faults} details faults`,
        value: `${toldOnce} told exactly once (${pct.toFixed(1)} %), ${missed} missed, ${twice} told twice; ${groups} notifications`,
        aim: '100 %, each once', met: toldOnce === failures.size && twice === 0,
      },
      { name: '  the simulated day', value: `${(em.clock.now() - t0) / HOUR} h of emulator time` },
    ];
  } finally {
    await em.close();
  }
}
