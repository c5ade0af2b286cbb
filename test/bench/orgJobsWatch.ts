/**
 * Requests per hour for one watched org of 10,000 jobs, the Org Jobs view hidden, notifications on:
 * the refreshes the pure schedule (`watchPlan`) sends in a simulated hour, each one read for real
 * (`OrgReader`: both list endpoints at 1,000 a page, the details of newly finished jobs, new names)
 * against the emulator, whose clock follows the simulated one (its integration user loads every
 * 5 minutes). The first hour holds the first list (the session user, 25 details, the names); the
 * next one is the steady pace. And an hour with no VS Code window focused: nothing is sent.
 *
 * Then two windows showing the watched org for two hours: the lease holder reads it every minute, or
 * as the budget allows, and leaves its list (`SharedLists`, a real file); the other takes that list and
 * reads nothing itself. The plan knows the list pages of the last read and the org's allocation, as the
 * service does (`bulkJobs.orgJobs.maxSharePerHourPercent`, default 1 %: 150 requests an hour of the
 * emulator's 15,000 a day).
 *
 * And a big org (`benchBigOrgWatch`): the emulator's `bigOrg` seed (50,000 jobs in 7 days, Classic jobs
 * listed by both endpoints as documented), 100,000 requests a day: an hour shown (the lease holder) and
 * an hour hidden with notifications, each read for real, next to the budget and to what the same reads
 * would cost without it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { DEFAULT_USAGE_THRESHOLDS } from '../../src/schedule/pollRules';
import { watchPlan } from '../../src/orgJobs/watchPlan';
import { OrgReader } from '../../src/orgJobs/orgReader';
import { SharedLists } from '../../src/orgJobs/sharedLists';
import { BIG_ORG_JOBS, startEmulator, type Emulator } from '../emulator';
import type { Row } from './index';
import { median, ms } from './stats';

const JOBS = 10_000;
const PAGE = 1_000;
const MIN = 60_000;
const HOUR = 60 * MIN;

interface Hour {
  refreshes: number;
  requests: number;
}

/** The default `bulkJobs.orgJobs.maxSharePerHourPercent`. */
const SHARE = 1;

interface Last {
  at?: number;
  /** The pages of each read. */
  pages: number[];
}

/**
 * Refreshes whenever the plan says so over [from, from + 1 h), the emulator's clock moved along; the plan
 * knows what the last read cost and the org's allocation (`Sforce-Limit-Info`), as the service does.
 */
async function simulateHour(em: Emulator, reader: OrgReader, client: BulkClient, from: number, last: Last, focused: boolean, visible = false): Promise<Hour> {
  const t0 = em.clock.now() - from;
  const before = em.log.length;
  let refreshes = 0;
  for (let now = from; now < from + HOUR; now += 1_000) {
    const plan = watchPlan({
      now, watched: true, visible, notifications: true, leaseHere: true, lastReadHere: last.at, lastRefreshAnywhere: last.at,
      lastFocusAnywhere: focused ? now : from - HOUR, checkWhileUnfocused: false, thresholds: DEFAULT_USAGE_THRESHOLDS,
      refreshMs: MIN, backgroundMs: 5 * MIN, random: 0.5, pagesPerRead: last.pages.at(-1), usage: client.lastApiUsage, maxSharePerHourPercent: SHARE,
    });
    if (plan.at === undefined || plan.at > now) {
      continue;
    }
    em.clock.advance(t0 + now - em.clock.now());
    // As the service: shown, the backlog of details is caught up unless the budget holds the org back.
    const read = await reader.read(client, em.clock.now(), { isTracked: () => false }, { backlog: visible && plan.status.kind !== 'budget' });
    last.at = now;
    last.pages.push(read.pages);
    refreshes++;
  }
  em.clock.advance(t0 + from + HOUR - em.clock.now());
  return { refreshes, requests: em.log.length - before };
}

interface TwoWindows {
  requests: number;
  /** Refreshes by the lease holder, by the other window; lists the other one took. */
  holder: number;
  other: number;
  taken: number;
  fileMb: number;
  writeMs: number[];
  takeMs: number[];
}

interface Windows {
  lists: SharedLists;
  holder: OrgReader;
  other: OrgReader;
  last?: number;
  pages?: number;
}

/** Two windows showing the watched org over [from, from + 1 h): one timeline, one shared stamp, one file. */
async function twoWindowsHour(em: Emulator, client: BulkClient, from: number, windows: Windows): Promise<TwoWindows> {
  const out: TwoWindows = { requests: 0, holder: 0, other: 0, taken: 0, fileMb: 0, writeMs: [], takeMs: [] };
  const t0 = em.clock.now() - from;
  const before = em.log.length;
  for (let now = from; now < from + HOUR; now += 1_000) {
    for (const who of ['holder', 'other'] as const) {
      const plan = watchPlan({
        now, watched: true, visible: true, notifications: true, leaseHere: who === 'holder', lastRefreshAnywhere: windows.last,
        lastFocusAnywhere: now, checkWhileUnfocused: false, thresholds: DEFAULT_USAGE_THRESHOLDS, refreshMs: MIN, backgroundMs: 5 * MIN, random: 0.5,
        pagesPerRead: windows.pages, usage: client.lastApiUsage, maxSharePerHourPercent: SHARE,
      });
      if (plan.at === undefined || plan.at > now) {
        continue;
      }
      em.clock.advance(t0 + now - em.clock.now());
      windows.pages = (await windows[who].read(client, em.clock.now(), { isTracked: () => false }, { backlog: plan.status.kind !== 'budget' })).pages;
      out[who]++;
      windows.last = now;
      let t = performance.now();
      await windows.lists.write('bench', windows[who].shareable() ?? { asOf: now, jobs: [], detailed: [], names: [] });
      out.writeMs.push(performance.now() - t);
      t = performance.now();
      const list = await windows.lists.read('bench');
      if (list && windows[who === 'holder' ? 'other' : 'holder'].adopt(list)) {
        out.taken++;
        out.takeMs.push(performance.now() - t);
      }
    }
  }
  out.fileMb = fs.statSync(windows.lists.fileOf('bench')).size / 1024 / 1024;
  em.clock.advance(t0 + from + HOUR - em.clock.now());
  out.requests = em.log.length - before;
  return out;
}

export async function benchOrgJobsWatch(): Promise<Row[]> {
  const em = await startEmulator({ seed: 'orgSized', orgSized: { count: JOBS, liveHours: 3 }, clock: 'manual', pageSize: PAGE });
  try {
    const client = new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token });
    const reader = new OrgReader();
    const last: Last = { pages: [] };
    const first = await simulateHour(em, reader, client, 0, last, true);
    const steady = await simulateHour(em, reader, client, HOUR, last, true);
    const unfocused = await simulateHour(em, reader, client, 2 * HOUR, last, false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bj-bench-lists-'));
    const windows: Windows = { lists: new SharedLists(dir), holder: new OrgReader(), other: new OrgReader() };
    let two: TwoWindows;
    let twoSteady: TwoWindows;
    try {
      two = await twoWindowsHour(em, client, 3 * HOUR, windows);
      twoSteady = await twoWindowsHour(em, client, 4 * HOUR, windows);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const per = (h: Hour): string => `${h.requests} requests (${h.refreshes} refreshes, ${(h.requests / Math.max(1, h.refreshes)).toFixed(1)} each)`;
    return [
      { name: `watched, hidden, ${JOBS} jobs: first hour (first list)`, value: per(first) },
      { name: '  a steady hour', value: per(steady), aim: `≤ 150 (the budget: ${SHARE} % of 15,000 a day)`, met: steady.requests <= 150 },
      { name: '  an hour with no window focused', value: per(unfocused), aim: '0', met: unfocused.requests === 0 },
      {
        name: 'shown in two windows, watched: first hour',
        value: `${two.requests} requests (refreshes: ${two.holder} by the lease holder + ${two.other} by the other)`, aim: 'other: 0', met: two.other === 0,
      },
      {
        name: '  the next hour',
        value: `${twoSteady.requests} requests (refreshes: ${twoSteady.holder} + ${twoSteady.other})`, aim: 'other: 0', met: twoSteady.other === 0,
      },
      { name: `  the shared list: file size, write (median), take in the other window (median of ${two.taken})`, value: `${two.fileMb.toFixed(1)} MB, ${ms(median(two.writeMs))}, ${ms(median(two.takeMs))}` },
    ];
  } finally {
    await em.close();
  }
}

/** The emulator's allocation for the big org: an Enterprise org's 100,000 requests a day. */
const BIG_DAILY = 100_000;

/**
 * A watched org of 50,000 jobs inside its budget, read for real: an hour shown in the lease holder's
 * window (after its first read), then an hour hidden with notifications on. `jobs/ingest` lists the
 * Classic jobs too (as documented), so the reads after the first take it by type (`splitIngestPays`).
 * Next to each: the budget, and what the hour's reads would cost at the usual pace (`refreshSeconds`,
 * `backgroundMinutes`) without it.
 */
export async function benchBigOrgWatch(): Promise<Row[]> {
  const em = await startEmulator({ seed: 'bigOrg', orgSized: { liveHours: 3 }, clock: 'manual', pageSize: PAGE, apiUsageMax: BIG_DAILY, ingestListsClassic: true });
  try {
    const client = new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token });
    const reader = new OrgReader();
    const before = em.log.length;
    const firstRead = await reader.read(client, em.clock.now(), { isTracked: () => false }, { backlog: false });
    const first = em.log.length - before;
    const last: Last = { at: 0, pages: [firstRead.pages] };
    const shown = await simulateHour(em, reader, client, 0, last, true, true);
    const shownPages = last.pages.slice(1);
    last.pages = last.pages.slice(-1);
    const hidden = await simulateHour(em, reader, client, HOUR, last, true, false);
    const budget = (BIG_DAILY * SHARE) / 100;
    const hiddenPages = last.pages.slice(1);
    const sum = (p: number[]): number => p.reduce((a, b) => a + b, 0);
    const each = (h: Hour): number => h.requests / Math.max(1, h.refreshes);
    const row = (h: Hour, p: number[]): string =>
      `${h.requests} requests (${h.refreshes} reads of ${Math.min(...p)}–${Math.max(...p)} pages: ${sum(p)} list pages, ${h.requests - sum(p)} details and names)`;
    return [
      {
        name: `${BIG_ORG_JOBS} jobs: the first read (every page of both endpoints)`,
        value: `${first} requests: ${firstRead.pages} pages, ${firstRead.jobs} jobs${firstRead.truncated.length > 0 ? `, cut: ${firstRead.truncated.join(', ')}` : ''}`,
      },
      { name: `  watched, shown, ${BIG_DAILY} a day: an hour`, value: row(shown, shownPages), aim: `≤ ${budget} (${SHARE} % of the day)`, met: shown.requests <= budget },
      { name: '    without the budget (a read every refreshSeconds, 60 an hour)', value: `${Math.round(60 * each(shown))} requests` },
      { name: '  watched, hidden, notifications on: an hour', value: row(hidden, hiddenPages), aim: `≤ ${budget}`, met: hidden.requests <= budget },
      { name: '    without the budget (a read every backgroundMinutes, 12 an hour)', value: `${Math.round(12 * each(hidden))} requests` },
    ];
  } finally {
    await em.close();
  }
}
