/**
 * Notices a login made with the Salesforce CLI anywhere (the login terminal we open, or any other
 * terminal): the CLI writes one auth file per username into `~/.sfdx/`. Watching that folder lets
 * jobs stopped for an expired session come back without a reload. Plain Node, `fs.watch` injected.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The folder the CLI keeps its auth files in (`<username>.json`, `alias.json`). */
export function cliAuthFolder(home: string): string {
  return path.join(home, '.sfdx');
}

export interface CliAuthWatchOptions {
  /** Calls settle for this long before `onChange` runs (a login writes several files). */
  quietMs: number;
  /** At most one `onChange` per this long; a change within it runs at its end, never dropped. */
  minGapMs: number;
  /** True while the change is our own doing (a CLI call of ours refreshing a token): ignored. */
  ours(): boolean;
  watch?: (folder: string, listener: () => void) => { close(): void };
  now?: () => number;
}

/**
 * Watches `folder` (not recursively) and calls `onChange` once things are quiet. A missing folder
 * (the CLI never logged in) is not an error: nothing is watched. Returns what stops it.
 */
export function watchCliAuth(folder: string, onChange: () => void, options: CliAuthWatchOptions): { dispose(): void } {
  const watch = options.watch ?? ((f, listener) => fs.watch(f, { persistent: false }, listener).on('error', () => undefined));
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let lastRun = -Infinity;
  let watcher: { close(): void } | undefined;
  const fire = (): void => {
    timer = undefined;
    lastRun = now();
    onChange();
  };
  const changed = (): void => {
    if (options.ours()) {
      return;
    }
    clearTimeout(timer);
    const wait = Math.max(options.quietMs, lastRun + options.minGapMs - now());
    timer = setTimeout(fire, wait);
    timer.unref?.();
  };
  try {
    watcher = watch(folder, changed);
  } catch {
    watcher = undefined; // no such folder yet, or watching is not possible here
  }
  return {
    dispose: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
