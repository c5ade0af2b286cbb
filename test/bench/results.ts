import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { downloadResults } from '../../src/salesforce/results/download';
import { startEmulatorProcess } from './emulatorProcess';
import type { Row } from './index';
import { mb, memorySampler, ms } from './stats';

const BATCHES = 100;
const ROWS_PER_BATCH = 10_000;
const CONCURRENCY = 6;
/** Interleaved rounds of each; the best is shown (other work on the machine only ever slows a round down). */
const ROUNDS = 3;

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
 * a child process), next to fetching the same URLs with bare http into nothing, in the same run (three
 * rounds each, interleaved; the best of each is shown), this process's CPU time, and its peak extra memory.
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
    for (let round = 0; round < ROUNDS; round++) {
      let sampler = memorySampler();
      let t = performance.now();
      let cpu = process.cpuUsage();
      bytes = await bareAll(urls, emu.token);
      bareTimes.push(performance.now() - t);
      bareCpu.push(cpuMs(cpu));
      const bp = sampler.stop();
      barePeak = { rss: Math.max(barePeak.rss, bp.rss), heap: Math.max(barePeak.heap, bp.heap) };

      sampler = memorySampler();
      t = performance.now();
      cpu = process.cpuUsage();
      const result = await downloadResults(client, jobId, { dir, concurrency: CONCURRENCY });
      joinTimes.push(performance.now() - t);
      joinCpu.push(cpuMs(cpu));
      const p = sampler.stop();
      peak = { rss: Math.max(peak.rss, p.rss), heap: Math.max(peak.heap, p.heap) };
      rows = result.rows.failed + result.rows.success + result.rows.unprocessed;
      files = Object.values(result.files).reduce((sum, f) => sum + (f ? fs.statSync(f).size : 0), 0);
    }
    const bare = Math.min(...bareTimes);
    const join = Math.min(...joinTimes);
    const cpuJoin = Math.min(...joinCpu);
    const cpuBare = Math.min(...bareCpu);
    return [
      { name: `1.0 job: ${BATCHES} batches × ${ROWS_PER_BATCH.toLocaleString('en')} rows, fetched`, value: `${mb(bytes)} (request + result, unzipped)` },
      { name: `bare http, same URLs, into nothing (best of ${ROUNDS})`, value: ms(bare) },
      { name: `downloadResults: join + 3 files (best of ${ROUNDS})`, value: `${ms(join)} · ${rows.toLocaleString('en')} rows, ${mb(files)} written` },
      { name: 'ratio downloadResults / bare http (wall)', value: `${(join / bare).toFixed(2)}×`, aim: '≤ 1.3× (issue 23)', met: join / bare <= 1.3 },
      {
        name: 'CPU of this process: downloadResults / bare http',
        value: `${ms(cpuJoin)} / ${ms(cpuBare)} = ${(cpuJoin / cpuBare).toFixed(1)}× (best of ${ROUNDS} each; the emulator runs in its own process)`,
        aim: '≤ 3× (issue 23)',
        met: cpuJoin / cpuBare <= 3,
      },
      { name: 'peak extra memory, downloadResults (rss)', value: `${mb(peak.rss)} (heap+external ${mb(peak.heap)})`, aim: '≤ 100 MB', met: peak.rss <= 100 * 1024 * 1024 },
      { name: 'peak extra memory, bare http (rss), for scale', value: `${mb(barePeak.rss)} (heap+external ${mb(barePeak.heap)})` },
    ];
  } finally {
    emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
