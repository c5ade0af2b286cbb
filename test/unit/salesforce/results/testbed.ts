/** For the download tests: before each test an empty emulator, a client on it and a fresh folder; after it, both gone. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BulkClient } from '../../../../src/salesforce/bulkClient';
import { startEmulator, type Emulator } from '../../../emulator';

export interface ResultsTestbed {
  emu: Emulator;
  client: BulkClient;
  dir: string;
}

export function resultsTestbedPerTest(prefix: string): ResultsTestbed {
  const bed = {} as ResultsTestbed;
  beforeEach(async () => {
    bed.emu = await startEmulator({ seed: 'empty' });
    const emu = bed.emu;
    bed.client = new BulkClient({ instanceUrl: emu.url, apiVersion: '64.0', getAccessToken: async () => emu.token, retryBaseMs: 1, maxRetries: 1 });
    bed.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    await bed.emu.close();
    fs.rmSync(bed.dir, { recursive: true, force: true });
  });
  return bed;
}
