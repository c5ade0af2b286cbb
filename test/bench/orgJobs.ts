/**
 * One refresh of the Org Jobs view: every job of an org with 10,000 jobs in 7 days, from both list
 * endpoints (1,000 a page, as Salesforce pages them), at 100 ms added latency, with the emulator in
 * its own process. Then the submitters' names (one query for the new ids).
 *
 * The ideal is what a perfect client takes against the same emulator: bare http, each endpoint's
 * pages one after another (each page names the next, so it must be read — gunzipped and parsed —
 * before the next is asked for), the two endpoints side by side. That includes the emulator's own
 * time to build and gzip a page of 1,000 jobs, which no client can save; the latency floor (the
 * longer walk's pages × latency) is shown for scale. Refreshes and bare walks alternate, five each:
 * the ratio of each refresh to the median bare walk, median and worst.
 */
import * as http from 'http';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { UserNames } from '../../src/salesforce/org/userNames';
import { groupJobs } from '../../src/orgJobs/groups';
import { startEmulatorProcess } from './emulatorProcess';
import type { Row } from './index';
import * as zlib from 'zlib';
import { mb, median, memorySampler } from './stats';

const JOBS = 10_000;
const PAGE = 1_000;
const LATENCY_MS = 100;
/** Refreshes and bare walks, each. */
const ROUNDS = 5;

/** One page with bare http (gzip asked for, as the client does), parsed: its `nextRecordsUrl`. */
function barePage(url: string, token: string, agent: http.Agent): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Accept-Encoding': 'gzip' } }, (res) => {
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(zlib.createGunzip()) : res;
      const chunks: Buffer[] = [];
      body.on('data', (c: Buffer) => chunks.push(c));
      body.on('end', () => {
        const page = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { done?: boolean; nextRecordsUrl?: string | null };
        resolve(page.done === false && page.nextRecordsUrl ? page.nextRecordsUrl : undefined);
      });
      body.on('error', reject);
    }).on('error', reject);
  });
}

/** Both endpoints walked side by side with bare http: the pages × (latency + the server's own time per page). */
async function bareWalks(url: string, token: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  const walk = async (kind: string): Promise<void> => {
    let path: string | undefined = `/services/data/v64.0/jobs/${kind}`;
    while (path !== undefined) {
      path = await barePage(url + path, token, agent);
    }
  };
  await barePage(`${url}/services/data/v64.0/jobs/ingest`, token, agent); // connection warmed, as the client's is
  const t = performance.now();
  await Promise.all([walk('ingest'), walk('query')]);
  const wall = performance.now() - t;
  agent.destroy();
  return wall;
}

export async function benchOrgJobs(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const ingestListsClassic of [false, true]) {
    const emulator = await startEmulatorProcess([
      '--seed', 'orgSized', '--org-jobs', String(JOBS), '--page-size', String(PAGE), '--latency', String(LATENCY_MS),
      ...(ingestListsClassic ? ['--ingest-lists-classic=1'] : []),
    ]);
    try {
      const client = new BulkClient({ instanceUrl: emulator.url, apiVersion: '64.0', getAccessToken: async () => emulator.token });
      await client.orgIdentity(); // connection warmed, as in a session that has been talking to the org
      await bareWalks(emulator.url, emulator.token); // the emulator warmed (its JIT) before anything is timed
      global.gc?.();
      const memory = memorySampler();
      const t = performance.now();
      const list = await client.listOrgJobs({ now: Date.now() });
      const first = performance.now() - t;
      const names = new UserNames();
      const t2 = performance.now();
      const queries = await names.resolve(list.jobs.map((j) => j.createdById), (q, o) => client.querySoql(q, o));
      const namesWall = performance.now() - t2;
      const groups = groupJobs(list.jobs);
      const peak = memory.stop();
      // Refreshes and bare walks alternating, so both meet the same machine.
      const walls = [first];
      const bares: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        bares.push(await bareWalks(emulator.url, emulator.token));
        if (round > 0) {
          const t3 = performance.now();
          await client.listOrgJobs({ now: Date.now() });
          walls.push(performance.now() - t3);
        }
      }
      const bare = median(bares);
      const ratios = walls.map((w) => w / bare).sort((a, b) => a - b);
      const ratio = median(ratios);
      const worst = ratios[ratios.length - 1];
      // Pages per endpoint: jobs/query lists 2.0 query and Classic jobs; jobs/ingest 2.0 ingest (and Classic ones too, if it lists them).
      const classic = list.jobs.filter((j) => j.kind === 'classic').length;
      const ingest = list.jobs.filter((j) => j.kind === 'ingest').length + (ingestListsClassic ? classic : 0);
      const query = list.jobs.length - list.jobs.filter((j) => j.kind === 'ingest').length;
      // The listing has no date filter: the 8-day-old jobs are read too (1 in 200 of the seed).
      const longest = Math.max(Math.ceil((ingest * 1.005) / PAGE), Math.ceil((query * 1.005) / PAGE));
      const floor = longest * LATENCY_MS;
      const label = ingestListsClassic ? 'jobs/ingest lists Classic too' : 'jobs/ingest: 2.0 only';
      rows.push(
        {
          name: `refresh, ${JOBS} jobs, ${LATENCY_MS} ms, ${label}`,
          value: `${ratio.toFixed(2)}× the ideal, median of ${walls.length} (worst ${worst.toFixed(2)}×): ${median(walls).toFixed(0)} ms vs ${bare.toFixed(0)} ms`,
          aim: '≤ 1.25×, every refresh',
          met: worst <= 1.25,
        },
        { name: '  ideal: bare http, the same pages, endpoints side by side', value: `${bare.toFixed(0)} ms, median of ${bares.length} (min ${Math.min(...bares).toFixed(0)}, max ${Math.max(...bares).toFixed(0)})` },
        { name: '  latency floor: longer walk\'s pages × latency', value: `${floor} ms (the ideal is ${(bare / floor).toFixed(2)}× it: the emulator's own time per page)` },
        { name: '  jobs listed (each once) · requests', value: `${list.jobs.length} · ${list.pages}${list.partial ? ' (partial!)' : ''}` },
        { name: '  groups', value: groups.map((g) => `${g.key} ${g.count}`).join(', ') },
        { name: '  submitters\' names', value: `${queries} query, ${namesWall.toFixed(0)} ms` },
        { name: '  peak extra memory (heap+external · rss)', value: `${mb(peak.heap)} · ${mb(peak.rss)}`, aim: '≤ 50 MB', met: peak.heap <= 50 * 1024 * 1024 },
      );
    } finally {
      emulator.stop();
    }
  }
  return rows;
}
