/**
 * Which job was loaded again as which: `bulkJobs.reload.<new job key>` = `{ original: <the original
 * job's key>, at }` in globalState, one key per link, so that windows adding links at the same time
 * never overwrite each other's. A link is removed `RELOAD_LINK_TTL_MS` after it was made (`prune`, at
 * activation). The file of unsent rows a reload left (`<name>-unsent.csv`) is linked to
 * the same original the same way (`bulkJobs.reloadRest.<path>`), so that Load the Rest after a reload
 * of the window still links its jobs. No `vscode` import here.
 */
import { jobKey, type JobRef } from '../job/jobRef';
import { RELOAD_PREFIX, RELOAD_REST_PREFIX } from '../storage/keys';
import type { MementoLike } from '../storage/serialMemento';
import { isRecord } from '../util/json';

/** How long a link is kept: well past the 7 days a job stays in the org's list, and a month of tracking. */
export const RELOAD_LINK_TTL_MS = 30 * 24 * 60 * 60_000;

function refOfKey(key: string): JobRef | undefined {
  const bar = key.lastIndexOf('|');
  return bar > 0 ? { orgKey: key.slice(0, bar), jobId: key.slice(bar + 1) } : undefined;
}

/** The original's key a stored value names, or undefined when damaged. */
function originalKeyOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.original === 'string' ? value.original : undefined;
}

export class ReloadLinks {
  constructor(private readonly memento: MementoLike, private readonly now: () => number = Date.now) {}

  link(reload: JobRef, original: JobRef): Thenable<void> {
    return this.memento.update(RELOAD_PREFIX + jobKey(reload), { original: jobKey(original), at: this.now() });
  }

  /** The job `ref` is a reload of. */
  originalOf(ref: JobRef): JobRef | undefined {
    const key = originalKeyOf(this.memento.get<unknown>(RELOAD_PREFIX + jobKey(ref)));
    return key === undefined ? undefined : refOfKey(key);
  }

  /** The jobs that reloaded `ref`'s failed records. */
  reloadsOf(ref: JobRef): JobRef[] {
    const key = jobKey(ref);
    return this.memento.keys()
      .filter((k) => k.startsWith(RELOAD_PREFIX) && originalKeyOf(this.memento.get<unknown>(k)) === key)
      .map((k) => refOfKey(k.slice(RELOAD_PREFIX.length)))
      .filter((r): r is JobRef => r !== undefined);
  }

  /** The file of unsent rows `file` (a path) is the rest of a reload of `original`. */
  linkRest(file: string, original: JobRef): Thenable<void> {
    return this.memento.update(RELOAD_REST_PREFIX + file, { original: jobKey(original), at: this.now() });
  }

  /** The job whose reload left the file of unsent rows `file`, if it did. */
  originalOfRest(file: string): JobRef | undefined {
    const key = originalKeyOf(this.memento.get<unknown>(RELOAD_REST_PREFIX + file));
    return key === undefined ? undefined : refOfKey(key);
  }

  /** Removes links older than `RELOAD_LINK_TTL_MS` and damaged ones. */
  async prune(): Promise<void> {
    const now = this.now();
    const writes: Thenable<void>[] = [];
    for (const key of this.memento.keys().filter((k) => k.startsWith(RELOAD_PREFIX) || k.startsWith(RELOAD_REST_PREFIX))) {
      const value = this.memento.get<unknown>(key);
      if (originalKeyOf(value) === undefined || !isRecord(value) || typeof value.at !== 'number' || now - value.at >= RELOAD_LINK_TTL_MS) {
        writes.push(this.memento.update(key, undefined));
      }
    }
    await Promise.all(writes);
  }
}
