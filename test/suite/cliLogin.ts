import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EMULATOR_CA_CERT_PATH, sfdxAuthUrl } from '../emulator';
import { hostPaths } from '../host/hostPaths';

/**
 * The real Salesforce CLI (installed by the test host) logged in to a loopback emulator, with its own
 * HOME so that a developer's real orgs are never touched. Used by the in-host and UI tests of the
 * Jobs view and by `npm run demo`: point `bulkJobs.cliPath` at `shim`.
 */
export interface CliLogin {
  /** An executable `sf` that runs the CLI with the private HOME (for `bulkJobs.cliPath`). */
  shim: string;
  alias: string;
  /** The org's key in the extension (its username). */
  username: string;
  /** Runs `sf … --json` through the shim and returns the parsed JSON. */
  sf(args: string[]): Promise<{ status: number; result?: Record<string, unknown>; message?: string }>;
  /** Removes the private HOME and the shim. */
  dispose(): void;
}

export interface EmulatorLoginTarget {
  url: string;
  refreshToken: string;
}

export function makeCliShim(dir: string): string {
  const home = path.join(dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const shim = path.join(dir, 'sf');
  fs.writeFileSync(shim, [
    '#!/bin/sh',
    `export HOME='${home}' SF_USE_GENERIC_UNIX_KEYCHAIN=true SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true`,
    `export SF_SKIP_NEW_VERSION_CHECK=true SF_DISABLE_LOG_FILE=true NODE_EXTRA_CA_CERTS='${EMULATOR_CA_CERT_PATH}'`,
    `exec '${hostPaths.node24}' --no-deprecation '${hostPaths.sfRunJs}' "$@"`,
    '',
  ].join('\n'), { mode: 0o755 });
  return shim;
}

/**
 * `sf org login sfdx-url` (a refresh-token login, so the CLI can renew an expired access token)
 * into the emulator, as `alias`, set as the CLI's default org. Takes ~5 s.
 */
export async function loginCliToEmulator(target: EmulatorLoginTarget, alias = 'emu'): Promise<CliLogin> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-jobs-sf-'));
  const shim = makeCliShim(dir);
  const sf: CliLogin['sf'] = (args) => new Promise((resolve, reject) => {
    execFile(shim, [...args, '--json'], { timeout: 120_000, encoding: 'utf8' }, (error, stdout) => {
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`sf ${args.join(' ')} printed no JSON (${error?.message ?? ''})`));
      }
    });
  });
  const authFile = path.join(dir, 'auth-url.txt');
  fs.writeFileSync(authFile, sfdxAuthUrl(target), { mode: 0o600 });
  const login = await sf(['org', 'login', 'sfdx-url', '--sfdx-url-file', authFile, '--alias', alias, '--set-default']);
  fs.rmSync(authFile, { force: true });
  if (login.status !== 0 || typeof login.result?.username !== 'string') {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`sf org login sfdx-url into ${target.url} failed: ${login.message ?? JSON.stringify(login)}`);
  }
  return { shim, alias, username: login.result.username, sf, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
