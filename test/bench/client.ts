import * as http from 'http';
import * as zlib from 'zlib';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { startEmulator } from '../emulator';
import type { Row } from './index';
import { median, ms } from './stats';

const JOB = '750D00000004SkLIAU';
const ROUNDS = 300;

/**
 * The same GET with Node's bare http module, the floor the client is compared with: the same headers
 * (gzip included, as the client asks for it) and the body read to a string, but no parsing.
 */
function bareGet(url: string, token: string, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = { 'X-SFDC-Session': token, Accept: 'application/xml', 'Accept-Encoding': 'gzip' };
    const req = http.get(url, { agent, headers }, (res) => {
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(zlib.createGunzip()) : res;
      const chunks: Buffer[] = [];
      body.on('data', (c: Buffer) => chunks.push(c));
      body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      body.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Median `getJob` against the emulator with no added latency, next to bare `http` in the same run. */
export async function benchClient(): Promise<Row[]> {
  const emu = await startEmulator({ seed: 'demo', clock: 'manual' });
  try {
    const client = new BulkClient({ instanceUrl: emu.url, apiVersion: '64.0', getAccessToken: async () => emu.token });
    const url = `${emu.url}/services/async/64.0/job/${JOB}`;
    const agent = new http.Agent({ keepAlive: true });
    await client.getJob(JOB); // learn the flavour first, as in real use
    const clientTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < 30; i++) {
      await client.getJob(JOB);
      await bareGet(url, emu.token, agent);
    }
    for (let i = 0; i < ROUNDS; i++) {
      // Interleaved so both see the same machine load.
      let t = performance.now();
      await client.getJob(JOB);
      clientTimes.push(performance.now() - t);
      t = performance.now();
      await bareGet(url, emu.token, agent);
      bareTimes.push(performance.now() - t);
    }
    agent.destroy();
    const c = median(clientTimes);
    const b = median(bareTimes);
    return [
      { name: `getJob (BulkClient), median of ${ROUNDS}`, value: ms(c) },
      { name: `same GET with bare http, median of ${ROUNDS}`, value: ms(b) },
      { name: 'ratio client / bare http', value: `${(c / b).toFixed(2)}×`, aim: '≤ 1.5×', met: c / b <= 1.5 },
    ];
  } finally {
    await emu.close();
  }
}
