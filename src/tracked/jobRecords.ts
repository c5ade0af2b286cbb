/**
 * The tracked jobs in `globalState`, one key per job, shared by every VS Code window of the profile.
 * Every write re-reads its key first, so a window only ever adds, changes or removes the job it
 * means: nothing another window tracked or untracked is overwritten. An untracked job leaves a
 * tombstone for a day, so that a late write of a window that has not heard of the untrack does
 * not bring it back. Only a bounded summary is kept (no batches), written only when it changed.
 * No `vscode` import here.
 */
import { deriveProgress, isDone } from '../job/jobRules';
import { JobProgress } from '../salesforce/types';
import { JobRef, jobKey } from '../job/jobRef';
import type { MementoLike } from '../storage/serialMemento';
import { StoredJob, recoverEntry } from './storedState';
import { isRecord } from '../util/json';
import { JOB_KEY_PREFIX, REV_KEY } from '../storage/keys';

/** Bumped by every write, so other windows know to read the job keys again. */
export const MAX_TRACKED = 200;
export const TOMBSTONE_TTL_MS = 24 * 3_600_000;

/** One tracked job as kept: the job's fields and progress counts, never its batches. */
export interface JobSummary extends StoredJob {
  progress?: JobProgress;
}

export interface Tombstone {
  removed: true;
  at: number;
}

export type JobRecord = { summary: JobSummary } | { removedAt: number };

export function recordKey(ref: JobRef): string {
  return JOB_KEY_PREFIX + jobKey(ref);
}

function asProgress(v: unknown): JobProgress | undefined {
  return isRecord(v) && typeof v.status === 'string' && typeof v.done === 'boolean' && typeof v.summary === 'string'
    && typeof v.recordsProcessed === 'number' && typeof v.recordsFailed === 'number'
    ? (v as unknown as JobProgress)
    : undefined;
}

/** A stored value: a summary, a tombstone, or nothing usable (absent or damaged). Never throws. */
export function readRecord(raw: unknown, now: number): JobRecord | undefined {
  if (isRecord(raw) && raw.removed === true) {
    return { removedAt: typeof raw.at === 'number' ? raw.at : now };
  }
  let entry: StoredJob | undefined;
  try {
    entry = recoverEntry(raw, now);
  } catch {
    return undefined;
  }
  if (!entry) {
    return undefined;
  }
  const summary: JobSummary = entry;
  const progress = isRecord(raw) ? asProgress(raw.progress) : undefined;
  if (progress) {
    summary.progress = progress;
  } else if (summary.job) {
    summary.progress = deriveProgress(summary.job);
  }
  return { summary };
}

/** The summary of a store entry: always the same key order. */
export function toSummary(s: JobSummary): JobSummary {
  const out: JobSummary = { orgKey: s.orgKey, jobId: s.jobId, addedAt: s.addedAt };
  if (s.job) { out.flavour = s.job.flavour; out.job = s.job; } else if (s.flavour) { out.flavour = s.flavour; }
  const progress = s.progress ?? (s.job ? deriveProgress(s.job) : undefined);
  if (progress) { out.progress = progress; }
  if (s.fetchedAt !== undefined) { out.fetchedAt = s.fetchedAt; }
  if (s.lastError) { out.lastError = s.lastError; }
  if (s.notifiedAt !== undefined) { out.notifiedAt = s.notifiedAt; }
  return out;
}

/** Equal but for when it was fetched: a poll that saw nothing new writes nothing. */
export function sameSummary(a: JobSummary, b: JobSummary): boolean {
  const strip = ({ fetchedAt: _f, ...rest }: JobSummary): string => canonical(rest);
  return strip(a) === strip(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) {
    return `[${v.map(canonical).join(',')}]`;
  }
  if (isRecord(v)) {
    return `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export type AddResult = 'added' | 'alreadyTracked' | 'full';

/** Reads and writes the per-job keys of one window (`writer` names it in the revision). */
export class JobRecords {
  private writes = 0;

  constructor(private readonly memento: MementoLike, private readonly now: () => number, private readonly writer: string) {}

  /** The value of `REV_KEY`: changes with every write of any window. */
  revision(): unknown {
    return this.memento.get(REV_KEY);
  }

  get(ref: JobRef): JobRecord | undefined {
    return readRecord(this.memento.get(recordKey(ref)), this.now());
  }

  /** Every tracked job, in the order tracked. */
  live(): JobSummary[] {
    const jobs: JobSummary[] = [];
    for (const key of this.memento.keys()) {
      if (key.startsWith(JOB_KEY_PREFIX)) {
        const r = readRecord(this.memento.get(key), this.now());
        if (r && 'summary' in r && recordKey(r.summary) === key) {
          jobs.push(r.summary);
        }
      }
    }
    return jobs.sort((a, b) => a.addedAt - b.addedAt);
  }

  /**
   * Tracks a job (also one untracked before): refused when `MAX_TRACKED` are tracked already, unless
   * `overLimit` (the jobs of a load that sent records are always tracked).
   */
  add(summary: JobSummary, overLimit = false): { result: AddResult; written: Promise<void> } {
    const current = this.get(summary);
    if (current && 'summary' in current) {
      return { result: 'alreadyTracked', written: Promise.resolve() };
    }
    if (!overLimit && this.live().length >= MAX_TRACKED) {
      return { result: 'full', written: Promise.resolve() };
    }
    return { result: 'added', written: this.write(recordKey(summary), toSummary(summary)) };
  }

  /** The tracked job added longest ago among the finished ones (to make room for a new one). */
  oldestFinished(): JobSummary | undefined {
    return this.live().find((s) => isDone({ job: s.job, progress: s.progress }));
  }

  /**
   * Writes what this window learnt about a job that is still tracked: nothing when it was untracked
   * (in any window) or nothing changed. Keeps when it was added and whether a window notified.
   */
  update(summary: JobSummary): Promise<void> | undefined {
    const current = this.get(summary);
    if (!current || !('summary' in current)) {
      return undefined;
    }
    const next = toSummary({ ...summary, addedAt: current.summary.addedAt, notifiedAt: summary.notifiedAt ?? current.summary.notifiedAt });
    return sameSummary(next, current.summary) ? undefined : this.write(recordKey(summary), next);
  }

  /** Untracks: a tombstone that `collectGarbage` deletes after a day. */
  remove(ref: JobRef): Promise<void> {
    const tombstone: Tombstone = { removed: true, at: this.now() };
    return this.write(recordKey(ref), tombstone);
  }

  /** Marks the job notified; false when it was already (by any window) or is no longer tracked. */
  claimNotification(ref: JobRef): boolean {
    const current = this.get(ref);
    if (!current || !('summary' in current) || current.summary.notifiedAt !== undefined) {
      return false;
    }
    void this.write(recordKey(ref), toSummary({ ...current.summary, notifiedAt: this.now() }));
    return true;
  }

  /** Deletes tombstones older than `TOMBSTONE_TTL_MS` and keys whose value is unusable. */
  collectGarbage(): Promise<void> {
    const now = this.now();
    const writes: Thenable<void>[] = [];
    for (const key of this.memento.keys()) {
      if (key.startsWith(JOB_KEY_PREFIX)) {
        const r = readRecord(this.memento.get(key), now);
        if (!r || ('removedAt' in r && now - r.removedAt > TOMBSTONE_TTL_MS)) {
          writes.push(this.memento.update(key, undefined));
        }
      }
    }
    return Promise.all(writes).then(() => undefined);
  }

  /** The key, then the revision; both land in the memento's memory at once (the disk write follows). */
  private write(key: string, value: JobSummary | Tombstone): Promise<void> {
    const done = [this.memento.update(key, value), this.memento.update(REV_KEY, `${this.writer}:${++this.writes}`)];
    return Promise.all(done).then(() => undefined);
  }
}
