/**
 * What every window shares about watched orgs, in `globalState`, one key per org or per item (and one
 * for focus), each write re-reading its key first, so no window undoes another's (as `jobRecords.ts`):
 *
 * - `bulkJobs.orgJobs.watch.<orgKey>`: `{ on, at }`, "Watch This Org" (a write older than the one kept loses).
 * - `bulkJobs.orgJobs.told.<orgKey>|<jobId>`: when a window claimed the job to tell it, once across windows.
 * - `bulkJobs.orgJobs.mute.<orgKey>|o:<object>` / `…|u:<userId>`: "Don't Notify…" (and the older
 *   `…mutes.<orgKey>` `{ objects, users }`, still read).
 * - `bulkJobs.orgJobs.aborted.<orgKey>`: `{ [jobId]: at }`, jobs aborted from this extension (not news).
 * - `bulkJobs.orgJobs.checkedThrough.<orgKey>`: the org's time through which a window looked at every
 *   finished job (`nextCheckedThrough`; the org's clock, only ever raised; cleared when Watch is switched on).
 * - `bulkJobs.orgJobs.refreshed.<orgKey>`: when a window last left a list every window can take (ms).
 * - `bulkJobs.orgJobs.focusedAt`: when a VS Code window was last focused (ms), one number.
 *
 * The two stamps are other windows' clocks: a stamp more than `FUTURE_TOLERANCE_MS` ahead of this
 * window's clock (written while a clock was ahead) counts as no stamp, and is overwritten by the next
 * one, so a wrong clock never stops the schedule. Old keys (a told job, a Watch switched off, a stamp
 * of an org nobody reads) are removed after `REMEMBER_MS` (`prune`). No `vscode` import here.
 */
import type { MementoLike } from '../storage/serialMemento';
import type { JobRef } from '../job/jobRef';
import type { Mutes } from './newFailures';
import { isRecord, strings } from '../util/json';
import {
  ABORTED_PREFIX, CHECKED_PREFIX, MUTES_PREFIX, MUTE_PREFIX, NOTIFIED_PREFIX, REFRESHED_PREFIX, TOLD_PREFIX, WATCH_PREFIX,
} from '../storage/keys';
import { FUTURE_TOLERANCE_MS, raiseStamp, readStamp } from '../storage/stamps';
import { isWatched, watchedOrgs } from './watchedOrgs';
import { lastFocus, noteFocus } from '../schedule/focus';

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

/** Remembers, for every window, that this extension aborted the job (`newsSince`' `abortedHere`). */
export function recordAborted(memento: MementoLike, ref: JobRef, now: number): Thenable<void> {
  const key = ABORTED_PREFIX + ref.orgKey;
  return memento.update(key, { ...readStamps(memento, key, now), [ref.jobId]: now });
}

export class SharedOrgState {
  constructor(private readonly memento: MementoLike, private readonly now: () => number) {}

  isWatched(orgKey: string): boolean {
    return isWatched(this.memento, orgKey);
  }

  /** Switches Watch; switching it on starts the org's news afresh (what failed while unwatched is no news). */
  async setWatched(orgKey: string, on: boolean): Promise<void> {
    const kept = this.memento.get<unknown>(WATCH_PREFIX + orgKey);
    const at = Math.max(this.now(), isRecord(kept) && typeof kept.at === 'number' && kept.at <= this.now() + FUTURE_TOLERANCE_MS ? kept.at + 1 : 0);
    if (on && !this.isWatched(orgKey)) {
      await this.memento.update(CHECKED_PREFIX + orgKey, undefined);
    }
    await this.memento.update(WATCH_PREFIX + orgKey, { on, at });
  }

  /** The org keys watched now. */
  watched(): string[] {
    return watchedOrgs(this.memento);
  }

  /**
   * Claims the jobs to be told: keeps the ids no window claimed yet and writes one key per job (so two
   * windows claiming at once never undo each other's claims). Returns the ids this window may tell.
   */
  claim(orgKey: string, jobIds: readonly string[]): string[] {
    const now = this.now();
    const mine = [...new Set(jobIds)].filter((id) => this.memento.get<unknown>(`${TOLD_PREFIX}${orgKey}|${id}`) === undefined);
    for (const id of mine) {
      void this.memento.update(`${TOLD_PREFIX}${orgKey}|${id}`, now);
    }
    return mine;
  }

  mutes(orgKey: string): Mutes {
    const raw = this.memento.get<unknown>(MUTES_PREFIX + orgKey);
    const objects = new Set(isRecord(raw) ? strings(raw.objects) : []);
    const users = new Set(isRecord(raw) ? strings(raw.users) : []);
    const prefix = `${MUTE_PREFIX}${orgKey}|`;
    for (const key of this.memento.keys().filter((k) => k.startsWith(prefix))) {
      const what = key.slice(prefix.length);
      (what.startsWith('o:') ? objects : users).add(what.slice(2));
    }
    return { objects, users };
  }

  /** Adds an object or a user (005 id) to the org's mutes: one key per mute, so windows muting at once keep both. */
  mute(orgKey: string, what: { object: string } | { user: string }): Thenable<void> {
    const item = 'object' in what ? `o:${what.object}` : `u:${what.user}`;
    return this.memento.update(`${MUTE_PREFIX}${orgKey}|${item}`, this.now());
  }

  aborted(orgKey: string): ReadonlySet<string> {
    return new Set(Object.keys(readStamps(this.memento, ABORTED_PREFIX + orgKey, this.now())));
  }

  /** The org's time through which every finished job was looked at, as every window agrees (the highest written). */
  checkedThrough(orgKey: string): number | undefined {
    return this.number(CHECKED_PREFIX + orgKey);
  }

  /** Raises the org's `checkedThrough` (the org's clock: a lower value, a late write, never lowers it). */
  noteCheckedThrough(orgKey: string, through: number): Thenable<void> {
    const current = this.checkedThrough(orgKey);
    return current !== undefined && current >= through ? Promise.resolve() : this.memento.update(CHECKED_PREFIX + orgKey, through);
  }

  /** When a window last left a list of the org every window can take; a stamp from a clock ahead counts as none. */
  lastRefresh(orgKey: string): number | undefined {
    return this.stamp(REFRESHED_PREFIX + orgKey);
  }

  /** Call only once the org's list was shared whole (`SharedLists.write` resolved true). */
  noteRefresh(orgKey: string, at: number): Thenable<void> {
    return this.raise(REFRESHED_PREFIX + orgKey, at);
  }

  lastFocus(): number | undefined {
    return lastFocus(this.memento, this.now());
  }

  noteFocus(at: number): Thenable<void> {
    return noteFocus(this.memento, at);
  }

  /**
   * Removes what outlived its use: claims older than `REMEMBER_MS` (the job left the list), the
   * claims of before issue 21, Watch switched off that long ago, stamps and `checkedThrough` of orgs nobody refreshed that long.
   */
  async prune(): Promise<void> {
    const now = this.now();
    const old = (at: unknown): boolean => typeof at !== 'number' || now - at >= REMEMBER_MS;
    const gone: string[] = [];
    for (const key of this.memento.keys()) {
      const v = this.memento.get<unknown>(key);
      if (key.startsWith(NOTIFIED_PREFIX)
        || (key.startsWith(TOLD_PREFIX) && old(v))
        || (key.startsWith(REFRESHED_PREFIX) && old(v))
        || (key.startsWith(CHECKED_PREFIX) && old(v))
        || (key.startsWith(WATCH_PREFIX) && isRecord(v) && v.on !== true && old(v.at))) {
        gone.push(key);
      }
    }
    await Promise.all(gone.map((key) => this.memento.update(key, undefined)));
  }

  private number(key: string): number | undefined {
    const v = this.memento.get<unknown>(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  private stamp(key: string): number | undefined {
    return readStamp(this.memento, key, this.now());
  }

  private raise(key: string, at: number): Thenable<void> {
    return raiseStamp(this.memento, key, at, this.now());
  }
}
