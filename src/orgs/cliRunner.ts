/**
 * Runs the Salesforce CLI: `execFile` (no shell), `--json`, `NO_COLOR=1`, time-boxed, cancellable.
 * Plain Node so that it can be tested with a stand-in executable.
 */
import { execFile } from 'child_process';

export type CliFailure = 'notFound' | 'timeout' | 'cancelled' | 'crashed';

export class CliRunError extends Error {
  constructor(readonly failure: CliFailure, message: string) {
    super(message);
    this.name = 'CliRunError';
  }
}

export interface CliRunOptions {
  /** `sf` (looked up on PATH) or an absolute path (`bulkJobs.cliPath`). */
  command: string;
  timeoutMs: number;
  signal?: AbortSignal;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Environment that keeps the CLI quiet and fast; the user's own HOME and PATH are kept. */
export function cliEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_DISABLE_LOG_FILE: 'true',
    SF_JSON_TO_STDOUT: 'true',
  };
}

/**
 * Runs `command args… --json` and resolves with stdout, also when the CLI exits non-zero (its
 * error is in the JSON). Rejects with `CliRunError` when the CLI is missing, too slow, cancelled,
 * or printed nothing at all.
 */
export function runCli(args: readonly string[], options: CliRunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CliRunError('cancelled', 'Cancelled.'));
      return;
    }
    const child = execFile(options.command, [...args, '--json'], {
      cwd: options.cwd,
      env: options.env ?? cliEnv(),
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
      windowsHide: true,
      signal: options.signal,
      shell: false,
    }, (error, stdout) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      if (e.code === 'ENOENT' || e.code === 'EACCES') {
        reject(new CliRunError('notFound', `The Salesforce CLI was not found (${options.command}).`));
      } else if (e.name === 'AbortError' || options.signal?.aborted) {
        reject(new CliRunError('cancelled', 'Cancelled.'));
      } else if (e.killed || e.signal === 'SIGKILL') {
        reject(new CliRunError('timeout', `The Salesforce CLI did not answer within ${Math.round(options.timeoutMs / 1000)} s.`));
      } else if (stdout.includes('{')) {
        resolve(stdout); // non-zero exit: the JSON says why
      } else {
        reject(new CliRunError('crashed', `The Salesforce CLI failed (exit code ${String(e.code ?? '?')}).`));
      }
    });
    child.stdin?.end();
  });
}
