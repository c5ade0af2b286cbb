/**
 * What every window shares about watched orgs, in `globalState`, one key per org (and one for focus),
 * each write re-reading its key first and merging, so no window undoes another's (as `jobRecords.ts`):
 *
 * - `bulkJobs.orgJobs.watch.<orgKey>`: `{ on, at }`, "Watch This Org".
 * - `bulkJobs.orgJobs.notified.<orgKey>`: `{ [jobId]: at }`, jobs told once across windows; pruned after 8 days
 *   (jobs are gone from the list after 7).
 * - `bulkJobs.orgJobs.mutes.<orgKey>`: `{ objects: [...], users: [...] }`, "Don't Notify…".
 * - `bulkJobs.orgJobs.aborted.<orgKey>`: `{ [jobId]: at }`, jobs aborted from this extension (not news).
 * - `bulkJobs.orgJobs.refreshed.<orgKey>`: the last refresh of the org by any window (ms; only ever raised).
 * - `bulkJobs.orgJobs.focusedAt`: when a VS Code window was last focused (ms; only ever raised), one number.
 *
 * No `vscode` import here.
 */
import type { MementoLike } from '../storage/serialMemento';
import type { JobRef } from '../job/jobRef';
import type { Mutes } from './newFailures';
import { isRecord, strings } from '../util/json';
import { ABORTED_PREFIX, FOCUS_KEY, MUTES_PREFIX, NOTIFIED_PREFIX, REFRESHED_PREFIX, WATCH_PREFIX } from '../storage/keys';
import { isWatched, watchedOrgs } from './watchedOrgs';
import { noteFocus } from '../schedule/focus';

/** How long a job is remembered as told or aborted: longer than the 7 days it stays in the list. */
export const REMEMBER_MS = 8 * 24 * 60 * 60_000;

type Stamps = Record<string, number>;

/** The stamps of a key still within `REMEMBER_MS` (damaged entries dropped). */
function readStamps(memento: MementoLike, key: string, now: number): Stamps {
  const raw = memento.get<unknown>(key);
  const out: Stamps = {};
  if (isRecord(raw)) {
    for (const [id, at] of Object.entries(raw)) {
      if (typeof at === 'number' && now - at < REMEMBER_MS) {
        out[id] = at;
      }
    }
  }
  return out;
}

/** Remembers, for every window, that this extension aborted the job (`newEvents`' `abortedHere`). */
export function recordAborted(memento: MementoLike, ref: JobRef, now: number): Thenable<void> {
  const key = ABORTED_PREFIX + ref.orgKey;
  return memento.update(key, { ...readStamps(memento, key, now), [ref.jobId]: now });
}

export class SharedOrgState {
  constructor(private readonly memento: MementoLike, private readonly now: () => number) {}

  isWatched(orgKey: string): boolean {
    return isWatched(this.memento, orgKey);
  }

  setWatched(orgKey: string, on: boolean): Thenable<void> {
    return this.memento.update(WATCH_PREFIX + orgKey, { on, at: this.now() });
  }

  /** The org keys watched now. */
  watched(): string[] {
    return watchedOrgs(this.memento);
  }

  /**
   * Claims the jobs to be told: re-reads the org's key, keeps the ids no window told yet, writes them
   * merged with the rest (old entries pruned). Returns the ids this window may tell.
   */
  claim(orgKey: string, jobIds: readonly string[]): string[] {
    const key = NOTIFIED_PREFIX + orgKey;
    const now = this.now();
    const told = readStamps(this.memento, key, now);
    const mine = jobIds.filter((id) => told[id] === undefined);
    if (mine.length > 0) {
      void this.memento.update(key, { ...told, ...Object.fromEntries(mine.map((id) => [id, now])) });
    }
    return mine;
  }

  mutes(orgKey: string): Mutes {
    const raw = this.memento.get<unknown>(MUTES_PREFIX + orgKey);
    return isRecord(raw) ? { objects: new Set(strings(raw.objects)), users: new Set(strings(raw.users)) } : { objects: new Set(), users: new Set() };
  }

  /** Adds an object or a user (005 id) to the org's mutes, merged with what other windows added. */
  mute(orgKey: string, what: { object: string } | { user: string }): Thenable<void> {
    const objects = new Set(this.mutes(orgKey).objects);
    const users = new Set(this.mutes(orgKey).users);
    if ('object' in what) {
      objects.add(what.object);
    } else {
      users.add(what.user);
    }
    return this.memento.update(MUTES_PREFIX + orgKey, { objects: [...objects], users: [...users] });
  }

  aborted(orgKey: string): ReadonlySet<string> {
    return new Set(Object.keys(readStamps(this.memento, ABORTED_PREFIX + orgKey, this.now())));
  }

  lastRefresh(orgKey: string): number | undefined {
    return this.number(REFRESHED_PREFIX + orgKey);
  }

  noteRefresh(orgKey: string, at: number): Thenable<void> {
    return this.raise(REFRESHED_PREFIX + orgKey, at);
  }

  lastFocus(): number | undefined {
    return this.number(FOCUS_KEY);
  }

  noteFocus(at: number): Thenable<void> {
    return noteFocus(this.memento, at);
  }

  private number(key: string): number | undefined {
    const v = this.memento.get<unknown>(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  /** Writes `at` unless the key already holds a later time (another window's). */
  private raise(key: string, at: number): Thenable<void> {
    const current = this.number(key);
    return current !== undefined && current >= at ? Promise.resolve() : this.memento.update(key, at);
  }
}
