/**
 * A loopback Salesforce for tests, benchmarks and the demo: Bulk API 1.0 and 2.0 over real HTTP on
 * 127.0.0.1, with jobs that move as its clock advances, fault injection and a request log.
 * Contract: /tmp/emulator-contract.md (copied in README.md of this folder).
 */
import { EmulatorServer } from './server';
import type { Emulator, EmulatorOptions } from './types';

export type { Emulator, EmulatorOptions, FaultSpec, RequestLogEntry } from './types';
export type { EmulatorJobs, Job1Init, Job2Init, Batch1Init } from './jobs';
export type { Job, Job1, Job2, Batch1 } from './model';
export { DEMO_IDS, XSS_OBJECT } from './seed';
export type { DemoJobName } from './seed';
export { to18 } from './ids';
export { SEED_USERS } from './users';
export { BIG_ORG_JOBS, FIRST_FAILING_LOAD, liveLoad, liveLoadId } from './seedOrg';
export type { LiveLoad } from './seedOrg';
export { CAUSE_IDS, TOOLING_IDS, BT_PROJECT_OBJECT_ID, SFDX_WORKSPACE_FIXTURE } from './tooling';
export { CAUSE_ERRORS } from './rows';
export type { FailureSet } from './rows';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new EmulatorServer(options);
  await emulator.listen(options.port ?? 0);
  return emulator;
}

export { EMULATOR_CA_CERT_PATH } from './server';

/**
 * An sfdx auth URL for the emulator: `force://PlatformCLI::REFRESHTOKEN@127.0.0.1:PORT`.
 * The CLI parses the part after `@` as a host (no scheme: `@http://…` is not accepted) and always
 * logs in to `https://127.0.0.1:PORT`; the emulator answers TLS on the same port with a self-signed
 * certificate, so run the CLI with `NODE_EXTRA_CA_CERTS=EMULATOR_CA_CERT_PATH`. The token answer's
 * `instance_url` is the plain `http://127.0.0.1:PORT`, which the CLI then uses for everything else;
 * an expired access token is refreshed through POST /services/oauth2/token with the same URL.
 */
export function sfdxAuthUrl(emulator: Pick<Emulator, 'refreshToken' | 'url'>): string {
  return `force://PlatformCLI::${emulator.refreshToken}@${emulator.url.replace(/^https?:\/\//, '')}`;
}
