/**
 * Requests per hour for one watched org of 10,000 jobs, the Org Jobs view hidden, notifications on:
 * the refreshes the pure schedule (`watchPlan`) sends in a simulated hour, each one read for real
 * (`OrgReader`: both list endpoints at 1,000 a page, the details of newly finished jobs, new names)
 * against the emulator, whose clock follows the simulated one (its integration user loads every
 * 5 minutes). The first hour holds the first list (the session user, 25 details, the names); the
 * next one is the steady pace. And an hour with no VS Code window focused: nothing is sent.
 */
import { BulkClient } from '../../src/api/bulkClient';
import { DEFAULT_USAGE_THRESHOLDS } from '../../src/jobs/pollRules';
import { watchPlan } from '../../src/model/orgJobs/watchPlan';
import { OrgReader } from '../../src/orgJobs/orgReader';
import { startEmulator, type Emulator } from '../emulator';
import type { Row } from './index';

const JOBS = 10_000;
const PAGE = 1_000;
const MIN = 60_000;
const HOUR = 60 * MIN;

interface Hour {
  refreshes: number;
  requests: number;
}

/** Refreshes whenever the plan says so over [from, from + 1 h), the emulator's clock moved along. */
async function simulateHour(em: Emulator, reader: OrgReader, client: BulkClient, from: number, last: { at?: number }, focused: boolean): Promise<Hour> {
  const t0 = em.clock.now() - from;
  const before = em.log.length;
  let refreshes = 0;
  for (let now = from; now < from + HOUR; now += 1_000) {
    const plan = watchPlan({
      now, watched: true, visible: false, notifications: true, leaseHere: true, lastReadHere: last.at, lastRefreshAnywhere: last.at,
      lastFocusAnywhere: focused ? now : from - HOUR, checkWhileUnfocused: false, thresholds: DEFAULT_USAGE_THRESHOLDS,
      refreshMs: MIN, backgroundMs: 5 * MIN, random: 0.5,
    });
    if (plan.at === undefined || plan.at > now) {
      continue;
    }
    em.clock.advance(t0 + now - em.clock.now());
    await reader.read(client, em.clock.now(), { isTracked: () => false }, { backlog: false });
    last.at = now;
    refreshes++;
  }
  em.clock.advance(t0 + from + HOUR - em.clock.now());
  return { refreshes, requests: em.log.length - before };
}

export async function benchOrgJobsWatch(): Promise<Row[]> {
  const em = await startEmulator({ seed: 'orgSized', orgSized: { count: JOBS, liveHours: 3 }, clock: 'manual', pageSize: PAGE });
  try {
    const client = new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token });
    const reader = new OrgReader();
    const last: { at?: number } = {};
    const first = await simulateHour(em, reader, client, 0, last, true);
    const steady = await simulateHour(em, reader, client, HOUR, last, true);
    const unfocused = await simulateHour(em, reader, client, 2 * HOUR, last, false);
    const per = (h: Hour): string => `${h.requests} requests (${h.refreshes} refreshes, ${(h.requests / Math.max(1, h.refreshes)).toFixed(1)} each)`;
    return [
      { name: `watched, hidden, ${JOBS} jobs: first hour (first list)`, value: per(first) },
      { name: '  a steady hour', value: per(steady), aim: '≤ 150', met: steady.requests <= 150 },
      { name: '  an hour with no window focused', value: per(unfocused), aim: '0', met: unfocused.requests === 0 },
    ];
  } finally {
    await em.close();
  }
}
