/**
 * Runs the Salesforce CLI: the absolute path `cliResolve` found, started with `cross-spawn` (which
 * runs Windows' `sf.cmd` through `cmd.exe` with correct quoting and no other shell), `--json`,
 * `NO_COLOR=1`, from the home folder (never a workspace folder), stdin closed, stdout read up to a
 * cap, time-boxed and cancellable; on timeout or cancel the whole process tree is killed.
 * Plain Node so that it can be tested with a stand-in executable.
 */
import { spawn as spawnFile } from 'child_process';
import spawn from 'cross-spawn';
import * as path from 'path';

export type CliFailure = 'notFound' | 'relativePath' | 'timeout' | 'cancelled' | 'crashed' | 'tooLarge';

export class CliRunError extends Error {
  constructor(readonly failure: CliFailure, message: string) {
    super(message);
    this.name = 'CliRunError';
  }
}

/** The most the CLI may print; a longer answer is refused (`tooLarge`). */
export const CLI_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface CliRunOptions {
  /** Absolute path of the CLI (see `resolveCli`); anything else is refused. */
  command: string;
  timeoutMs: number;
  /** Folder the CLI runs in: the user's home folder. */
  cwd: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  maxOutputBytes?: number;
  /** Kills the process and everything it started (default: `treeKiller(process.platform)`). */
  killTree?: TreeKiller;
}

/** Kills a process and its descendants, by process id. */
export type TreeKiller = (pid: number) => void;

export interface TreeKillDeps {
  /** `process.kill`. */
  kill(pid: number, signal: NodeJS.Signals): void;
  /** Starts a program by absolute path, without waiting (Windows: `taskkill.exe`); `failed` when it cannot start or exits non-zero. */
  run(file: string, args: readonly string[], failed: () => void): void;
  /** `%SystemRoot%` on Windows. */
  systemRoot?: string;
}

/**
 * How a process tree is killed on each platform. POSIX: the CLI was started as the leader of its own
 * process group (`detached`), so the group is sent SIGKILL. Windows: `taskkill /T /F`, by its absolute path;
 * when it cannot start or fails, `process.kill` of the CLI's process.
 */
export function treeKiller(platform: NodeJS.Platform, deps: TreeKillDeps = defaultTreeKillDeps()): TreeKiller {
  if (platform === 'win32') {
    const taskkill = path.win32.join(deps.systemRoot || 'C:\\Windows', 'System32', 'taskkill.exe');
    // When taskkill cannot run or fails, the CLI itself is still ended (its children may outlive it then).
    const killOne = (pid: number): void => {
      try {
        deps.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    return (pid) => deps.run(taskkill, ['/pid', String(pid), '/T', '/F'], () => killOne(pid));
  }
  return (pid) => {
    try {
      deps.kill(-pid, 'SIGKILL');
    } catch {
      try {
        deps.kill(pid, 'SIGKILL'); // not a group leader after all
      } catch {
        // already gone
      }
    }
  };
}

/** The real `process.kill` and spawner (exported for its test). */
export function defaultTreeKillDeps(): TreeKillDeps {
  const rootKey = Object.keys(process.env).find((k) => k.toUpperCase() === 'SYSTEMROOT');
  return {
    kill: (pid, signal) => process.kill(pid, signal),
    run: (file, args, failed) => {
      let once = false;
      const fail = (): void => {
        if (!once) {
          once = true;
          failed();
        }
      };
      spawnFile(file, args, { stdio: 'ignore', windowsHide: true }).on('error', fail).on('exit', (code) => {
        if (code !== 0) fail();
      }).unref();
    },
    systemRoot: rootKey ? process.env[rootKey] : undefined,
  };
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
 * printed too much, or printed nothing at all.
 */
export function runCli(args: readonly string[], options: CliRunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CliRunError('cancelled', 'Cancelled.'));
      return;
    }
    if (!path.isAbsolute(options.command)) {
      reject(new CliRunError('notFound', `Not an absolute path: ${options.command}`));
      return;
    }
    const max = options.maxOutputBytes ?? CLI_MAX_OUTPUT_BYTES;
    const killTree = options.killTree ?? treeKiller(process.platform);
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(options.command, [...args, '--json'], {
        cwd: options.cwd,
        env: options.env ?? cliEnv(),
        stdio: ['ignore', 'pipe', 'ignore'],
        windowsHide: true,
        detached: process.platform !== 'win32',
      });
    } catch (e) {
      reject(notStarted(e));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let closed = false;
    let settled = false;
    const finish = (error: CliRunError | undefined, out?: string): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        if (!closed && child.pid !== undefined) {
          killTree(child.pid);
        }
        child.stdout?.destroy();
        reject(error);
      } else {
        resolve(out ?? '');
      }
    };
    const onAbort = (): void => finish(new CliRunError('cancelled', 'Cancelled.'));
    const timer = setTimeout(() => finish(new CliRunError('timeout',
      `The Salesforce CLI did not answer within ${Math.round(options.timeoutMs / 1000)} s.`)), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        finish(new CliRunError('tooLarge', `The Salesforce CLI answered with more than ${Math.round(max / (1024 * 1024))} MB.`));
      } else {
        chunks.push(chunk);
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      closed = true;
      finish(e.code === 'ENOENT' || e.code === 'EACCES'
        ? new CliRunError('notFound', `The Salesforce CLI was not found (${options.command}).`)
        : notStarted(e));
    });
    child.on('close', (code, signal) => {
      closed = true;
      const stdout = Buffer.concat(chunks).toString('utf8');
      if (code === 0 || stdout.includes('{')) {
        finish(undefined, stdout); // non-zero exit: the JSON says why
      } else {
        finish(new CliRunError('crashed', `The Salesforce CLI failed (exit code ${String(code ?? signal ?? '?')}).`));
      }
    });
  });
}

function notStarted(e: unknown): CliRunError {
  return new CliRunError('crashed', `The Salesforce CLI could not be started: ${e instanceof Error ? e.message : String(e)}`);
}
