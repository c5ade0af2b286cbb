/**
 * Which job was loaded again as which: `bulkJobs.reload.<new job key>` = the original job's key in
 * globalState, one key per link, so that windows adding links at the same time never overwrite
 * each other's.
 */
import type * as vscode from 'vscode';
import { jobKey, type JobRef } from '../job/jobRef';
import { RELOAD_PREFIX } from '../storage/keys';


function refOfKey(key: string): JobRef | undefined {
  const bar = key.lastIndexOf('|');
  return bar > 0 ? { orgKey: key.slice(0, bar), jobId: key.slice(bar + 1) } : undefined;
}

export class ReloadLinks {
  constructor(private readonly memento: vscode.Memento) {}

  link(reload: JobRef, original: JobRef): Thenable<void> {
    return this.memento.update(RELOAD_PREFIX + jobKey(reload), jobKey(original));
  }

  /** The job `ref` is a reload of. */
  originalOf(ref: JobRef): JobRef | undefined {
    const value = this.memento.get<unknown>(RELOAD_PREFIX + jobKey(ref));
    return typeof value === 'string' ? refOfKey(value) : undefined;
  }

  /** The jobs that reloaded `ref`'s failed records. */
  reloadsOf(ref: JobRef): JobRef[] {
    const key = jobKey(ref);
    return this.memento.keys()
      .filter((k) => k.startsWith(RELOAD_PREFIX) && this.memento.get(k) === key)
      .map((k) => refOfKey(k.slice(RELOAD_PREFIX.length)))
      .filter((r): r is JobRef => r !== undefined);
  }
}
