/**
 * What the runner (runCodeServer.ts / runElectron.ts) hands to in-host tests through the environment
 * of the extension host.
 */
export interface EmulatorInfo {
  url: string;
  token: string;
  username: string;
}

/** The loopback Salesforce emulator started by the runner (seed 'demo', manual clock). */
export function emulatorInfo(): EmulatorInfo {
  const raw = process.env.BULK_JOBS_TEST_EMULATOR;
  if (!raw) {
    throw new Error('BULK_JOBS_TEST_EMULATOR is not set: run the in-host suite with `npm run test:inhost`.');
  }
  return JSON.parse(raw) as EmulatorInfo;
}

export const EXTENSION_ID = 'bulk-job-inspector.bulk-job-inspector';

/** Printed when mocha starts in the host: runCodeServer.ts shows the host's log from this line on. */
export const SUITE_START_MARKER = '[bulk-jobs] in-host suite starting';
