/**
 * What a window reads of the tracked jobs the other windows wrote: jobs tracked or untracked
 * there, and newer job states (the window that polls an org writes them). No `vscode` import here.
 *
 * VS Code keeps an extension's `globalState` as one value that every write sends whole and every
 * window gets back whole, so for a moment a window can read an older value (another writer's
 * echo), and rarely a write is lost under one. So: a disagreement about a job being tracked is
 * adopted only when it still holds a sync later, and this window's own track/untrack of the last
 * minute is written again when what is stored is older than it.
 */
import { deriveProgress } from '../job/jobRules';
import { BulkBatch, BulkJob, JobProgress } from '../salesforce/types';
import { JobRef, jobKey } from '../job/jobRef';
import { JobRecord, JobRecords, JobSummary, toSummary } from './jobRecords';
import type { StoredError } from './storedState';

/** How often a window looks whether another one changed the tracked jobs (`REV_KEY`). */
export const SYNC_INTERVAL_MS = 2_000;
/** Every this many looks, the job keys are read whatever the revision says (a safety net). */
const FULL_READ_EVERY = 8;
export const INTENT_MS = 60_000;
const NOT_READ = Symbol('not read');

/** What this module reads and sets on a store entry (`JobEntry` has all of it). */
export interface SharedEntry extends JobRef {
  key: string;
  tracked: boolean;
  addedAt: number;
  refreshing: boolean;
  job?: BulkJob;
  batches?: BulkBatch[];
  progress?: JobProgress;
  fetchedAt?: number;
  lastError?: StoredError;
  notifiedAt?: number;
}

/** This window's own track (true) or untrack (false), and when. */
export interface Intent {
  tracked: boolean;
  at: number;
}

export type Decision = 'agree' | 'adopt' | 'rewrite' | 'wait';

/**
 * Whether a job is tracked, when memory and `globalState` disagree. `suspectSince`: when this
 * disagreement was first seen (undefined: now); `settleMs`: how long it must last to be adopted.
 */
export function reconcile(stored: JobRecord | undefined, memoryTracked: boolean, intent: Intent | undefined,
  suspectSince: number | undefined, now: number, settleMs: number): Decision {
  const storedTracked = stored !== undefined && 'summary' in stored;
  if (storedTracked === memoryTracked) {
    return 'agree';
  }
  const storedAt = stored === undefined ? -Infinity : 'summary' in stored ? stored.summary.addedAt : stored.removedAt;
  if (intent && intent.tracked === memoryTracked && now - intent.at < INTENT_MS && intent.at >= storedAt) {
    return 'rewrite';
  }
  return now - (suspectSince ?? now) >= settleMs ? 'adopt' : 'wait';
}

/** The store's side: its entries, and its writes in flight. */
export interface SyncHost<E extends SharedEntry> {
  readonly entries: ReadonlyMap<string, E>;
  ensure(ref: JobRef): E;
  /** True while writes of this window are on their way. */
  writing(): boolean;
  keep(write: Promise<void> | undefined): void;
  log(line: string): void;
}

export class SharedSync<E extends SharedEntry> {
  private seenRevision: unknown = NOT_READ;
  private looks = 0;
  private readonly intents = new Map<string, Intent>();
  private readonly suspects = new Map<string, number>();

  constructor(private readonly records: JobRecords, private readonly host: SyncHost<E>, private readonly now: () => number) {}

  /** This window tracked (true) or untracked (false) the job just now. */
  intend(key: string, tracked: boolean): void {
    this.intents.set(key, { tracked, at: this.now() });
  }

  /** Reads what changed; true when an entry changed. `settleMs` 0 adopts at once (start-up). */
  sync(settleMs = SYNC_INTERVAL_MS): boolean {
    const revision = this.records.revision();
    if (revision === this.seenRevision && ++this.looks % FULL_READ_EVERY !== 0) {
      return false;
    }
    // While this window's writes are on their way, what lies under them may still be an older
    // value from another writer's echo: read again next time.
    this.seenRevision = this.host.writing() ? NOT_READ : revision;
    const now = this.now();
    for (const [key, intent] of this.intents) {
      if (now - intent.at >= INTENT_MS) {
        this.intents.delete(key);
      }
    }
    const live = new Map(this.records.live().map((s) => [jobKey(s), s]));
    let changed = this.trackedOrNot(live, now, settleMs);
    for (const s of live.values()) {
      const entry = this.host.entries.get(jobKey(s));
      if (entry?.tracked) {
        changed = takeNewer(entry, s) || changed;
      }
    }
    return changed;
  }

  private trackedOrNot(live: Map<string, JobSummary>, now: number, settleMs: number): boolean {
    const keys = new Set(live.keys());
    for (const e of this.host.entries.values()) {
      if (e.tracked) {
        keys.add(e.key);
      }
    }
    let changed = false;
    for (const key of keys) {
      const entry = this.host.entries.get(key);
      const stored = live.get(key);
      const record = stored ? { summary: stored } : entry && this.records.get(entry);
      const decision = reconcile(record, entry?.tracked === true, this.intents.get(key), this.suspects.get(key), now, settleMs);
      if (decision === 'wait') {
        this.suspects.set(key, this.suspects.get(key) ?? now);
        this.seenRevision = NOT_READ;
        continue;
      }
      this.suspects.delete(key);
      if (decision === 'rewrite' && entry) {
        this.host.log(`[store] ${entry.jobId}: wrote this window's ${entry.tracked ? 'track' : 'untrack'} again (it was lost under another write)`);
        this.host.keep(entry.tracked ? this.records.add(toSummary(entry)).written : this.records.remove(entry));
      } else if (decision === 'adopt') {
        const target = stored ? this.host.ensure(stored) : entry!;
        target.tracked = stored !== undefined;
        target.addedAt = stored?.addedAt ?? target.addedAt;
        changed = true;
      }
    }
    return changed;
  }
}

/** The stored job state when it is newer than this window's (the org's polling window wrote it). */
function takeNewer(entry: SharedEntry, s: JobSummary): boolean {
  if (s.notifiedAt !== undefined && entry.notifiedAt === undefined) {
    entry.notifiedAt = s.notifiedAt;
  }
  if (!s.job || entry.refreshing || (entry.fetchedAt ?? -1) >= (s.fetchedAt ?? 0)) {
    return false;
  }
  entry.job = s.job;
  entry.progress = entry.batches ? deriveProgress(s.job, entry.batches) : s.progress ?? deriveProgress(s.job);
  entry.fetchedAt = s.fetchedAt;
  entry.lastError = s.lastError;
  return true;
}
