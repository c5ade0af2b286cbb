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
    const bareTimes: number[] = [];
    const joinTimes: number[] = [];
    const bareCpu: number[] = [];
    const joinCpu: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    let bytes = 0;
    let rows = 0;
    let files = 0;
    let peak = { rss: 0, heap: 0 };
    let barePeak = { rss: 0, heap: 0 };
    const bareRound = async (): Promise<void> => {
      const sampler = memorySampler();
      const t = performance.now();
      const cpu = process.cpuUsage();
      bytes = await bareAll(urls, emu.token);
      bareTimes.push(performance.now() - t);
      bareCpu.push(cpuMs(cpu));
      const bp = sampler.stop();
      barePeak = { rss: Math.max(barePeak.rss, bp.rss), heap: Math.max(barePeak.heap, bp.heap) };
    };
    const joinRound = async (): Promise<void> => {
      const sampler = memorySampler();
      const t = performance.now();
      const cpu = process.cpuUsage();
      const result = await downloadResults(client, jobId, { dir, concurrency: CONCURRENCY });
      joinTimes.push(performance.now() - t);
      joinCpu.push(cpuMs(cpu));
      const p = sampler.stop();
      peak = { rss: Math.max(peak.rss, p.rss), heap: Math.max(peak.heap, p.heap) };
      rows = result.rows.failed + result.rows.success + result.rows.unprocessed;
      files = Object.values(result.files).reduce((sum, f) => sum + (f ? fs.statSync(f).size : 0), 0);
    };
    // One of each first, not counted: code compiled and files made, as in every later round.
    await bareRound();
    await joinRound();
    for (const list of [bareTimes, bareCpu, joinTimes, joinCpu]) {
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
    const wall = median(ratios(joinTimes, bareTimes));
    const cpuRatio = median(ratios(joinCpu, bareCpu));
    const each = (values: number[]): string => values.map((v) => `${v.toFixed(2)}×`).join(' ');
    return [
      { name: `1.0 job: ${BATCHES} batches × ${ROWS_PER_BATCH.toLocaleString('en')} rows, fetched`, value: `${mb(bytes)} (request + result, unzipped)` },
      { name: `bare http, same URLs, into nothing (median · best of ${ROUNDS})`, value: `${ms(median(bareTimes))} · ${ms(Math.min(...bareTimes))}; CPU ${ms(median(bareCpu))} · ${ms(Math.min(...bareCpu))}` },
      {
        name: `downloadResults: join + 3 files (median · best of ${ROUNDS})`,
        value: `${ms(median(joinTimes))} · ${ms(Math.min(...joinTimes))}; CPU ${ms(median(joinCpu))} · ${ms(Math.min(...joinCpu))}; ${rows.toLocaleString('en')} rows, ${mb(files)} written`,
      },
      { name: 'ratio downloadResults / bare http (wall), median of paired rounds', value: `${wall.toFixed(2)}× (rounds: ${each(ratios(joinTimes, bareTimes))})`, aim: '≤ 1.3× (issue 23)', met: wall <= 1.3 },
      {
        name: 'CPU of this process: downloadResults / bare http, median of paired rounds',
        value: `${cpuRatio.toFixed(2)}× (rounds: ${each(ratios(joinCpu, bareCpu))}; the emulator runs in its own process)`,
        aim: '≤ 3× (issue 23)',
        met: cpuRatio <= 3,
      },
      { name: 'peak extra memory, downloadResults (rss)', value: `${mb(peak.rss)} (heap+external ${mb(peak.heap)})`, aim: '≤ 100 MB', met: peak.rss <= 100 * 1024 * 1024 },
      { name: 'peak extra memory, bare http (rss), for scale', value: `${mb(barePeak.rss)} (heap+external ${mb(barePeak.heap)})` },
    ];
  } finally {
    emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
