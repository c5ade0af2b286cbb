import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { downloadResults } from '../../src/salesforce/results/download';
import { startEmulatorProcess } from './emulatorProcess';
import type { Row } from './index';
import { mb, median, memorySampler, ms } from './stats';

const BATCHES = 100;
const ROWS_PER_BATCH = 10_000;
const CONCURRENCY = 6;
/**
 * Paired rounds: in each, bare http and downloadResults run back to back (which goes first alternates),
 * so that both see the machine in the same state; the ratios are the median of the rounds' own ratios.
 * The best of each is shown too (other work on the machine only ever slows a round down), but a ratio of
 * two bests pairs rounds that ran at different times: the bare rounds' CPU alone has ranged 354–717 ms.
 */
const ROUNDS = 5;


/** GET with bare http, gzip as the client asks for it, gunzipped into nothing. Returns bytes. */
function bareFetch(url: string, token: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { 'X-SFDC-Session': token, 'Accept-Encoding': 'gzip', Accept: '*/*' } }, (res) => {
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(zlib.createGunzip()) : res;
      let bytes = 0;
      body.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      body.on('end', () => resolve(bytes));
      body.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function bareAll(urls: string[], token: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const batch = urls[next++];
      // The request and the result of a batch, side by side, as the join reads them.
      const [a, b] = await Promise.all([bareFetch(`${batch}/request`, token, agent), bareFetch(`${batch}/result`, token, agent)]);
      bytes += a + b;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return bytes;
}

/**
 * Download and join a 1,000,000-row Bulk 1.0 job (100 × 10,000, 10 % failed) from the emulator (in
 * a child process), next to fetching the same URLs with bare http into nothing, in the same run (paired
 * rounds, see ROUNDS), this process's CPU time, and its peak extra memory.
 */
export async function benchResults(): Promise<Row[]> {
  const emulator = await startEmulatorProcess(['--big1', `${BATCHES}x${ROWS_PER_BATCH}`]);
  const { url, token } = emulator;
  const jobId = emulator.bigJobs.big1 as string;
  const emu = { url, token };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-results-bench-'));
  try {
    const client = new BulkClient({ instanceUrl: emu.url, apiVersion: '64.0', getAccessToken: async () => emu.token, timeoutMs: 120_000 });
    const batches = await client.listBatches(jobId);
    const urls = batches.map((b) => `${emu.url}/services/async/64.0/job/${jobId}/batch/${b.id}`);
    /** One side's rounds: wall and CPU time of this process, and its peak extra memory. */
    const side = (): { times: number[]; cpu: number[]; peak: { rss: number; heap: number } } => ({ times: [], cpu: [], peak: { rss: 0, heap: 0 } });
    const bare = side();
    const join = side();
    const measure = async (into: ReturnType<typeof side>, work: () => Promise<void>): Promise<void> => {
      const sampler = memorySampler();
      const t = performance.now();
      const cpu = process.cpuUsage();
      await work();
      into.times.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      into.cpu.push((used.user + used.system) / 1000);
      const p = sampler.stop();
      into.peak = { rss: Math.max(into.peak.rss, p.rss), heap: Math.max(into.peak.heap, p.heap) };
    };
    let bytes = 0;
    let rows = 0;
    let files = 0;
    const bareRound = (): Promise<void> => measure(bare, async () => {
      bytes = await bareAll(urls, emu.token);
    });
    const joinRound = (): Promise<void> => measure(join, async () => {
      const result = await downloadResults(client, jobId, { dir, concurrency: CONCURRENCY });
      rows = result.rows.failed + result.rows.success + result.rows.unprocessed;
      files = Object.values(result.files).reduce((sum, f) => sum + (f ? fs.statSync(f).size : 0), 0);
    });
    // One of each first, not counted: code compiled and files made, as in every later round.
    await bareRound();
    await joinRound();
    for (const list of [bare.times, bare.cpu, join.times, join.cpu]) {
      list.length = 0;
    }
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        await bareRound();
        await joinRound();
      } else {
        await joinRound();
        await bareRound();
      }
    }
    const ratios = (a: number[], b: number[]): number[] => a.map((x, k) => x / b[k]);
    const wall = median(ratios(join.times, bare.times));
    const cpuRatio = median(ratios(join.cpu, bare.cpu));
    const each = (values: number[]): string => values.map((v) => `${v.toFixed(2)}×`).join(' ');
    return [
      { name: `1.0 job: ${BATCHES} batches × ${ROWS_PER_BATCH.toLocaleString('en')} rows, fetched`, value: `${mb(bytes)} (request + result, unzipped)` },
      { name: `bare http, same URLs, into nothing (median · best of ${ROUNDS})`, value: `${ms(median(bare.times))} · ${ms(Math.min(...bare.times))}; CPU ${ms(median(bare.cpu))} · ${ms(Math.min(...bare.cpu))}` },
      {
        name: `downloadResults: join + 3 files (median · best of ${ROUNDS})`,
        value: `${ms(median(join.times))} · ${ms(Math.min(...join.times))}; CPU ${ms(median(join.cpu))} · ${ms(Math.min(...join.cpu))}; ${rows.toLocaleString('en')} rows, ${mb(files)} written`,
      },
      { name: 'ratio downloadResults / bare http (wall), median of paired rounds', value: `${wall.toFixed(2)}× (rounds: ${each(ratios(join.times, bare.times))})`, aim: '≤ 1.3× (issue 23)', met: wall <= 1.3 },
      {
        name: 'CPU of this process: downloadResults / bare http, median of paired rounds',
        value: `${cpuRatio.toFixed(2)}× (rounds: ${each(ratios(join.cpu, bare.cpu))}; the emulator runs in its own process)`,
        aim: '≤ 3× (issue 23)',
        met: cpuRatio <= 3,
      },
      { name: 'peak extra memory, downloadResults (rss)', value: `${mb(join.peak.rss)} (heap+external ${mb(join.peak.heap)})`, aim: '≤ 100 MB', met: join.peak.rss <= 100 * 1024 * 1024 },
      { name: 'peak extra memory, bare http (rss), for scale', value: `${mb(bare.peak.rss)} (heap+external ${mb(bare.peak.heap)})` },
    ];
  } finally {
    emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
