import * as vscode from 'vscode';
import { HistoryPoint, addPoint, isHistory, mergeHistories } from '../job/history';
import type { jobPace } from '../job/pace';
import { JobRef, jobKey } from '../job/jobRef';
import type { JobStore } from './jobStore';
import type { JobEntry } from '../job/jobEntry';
import { HISTORY_PREFIX } from '../storage/keys';

/** One globalState key per job: `bulkJobs.history.<orgKey>|<jobId>`. */

/**
 * Each job's points over time (records processed and failed, batches done), one per fetch that
 * brought new data: what the panel's pace, progress chart and time left are drawn from, and the
 * hover's and tooltip's rate. It listens to the store (which it never changes) and keeps every job's
 * points in memory; those of tracked jobs and of jobs a panel shows are also in globalState, merged
 * with what other windows wrote (union by time, thinned), and deleted once neither holds.
 */
export class JobHistory implements vscode.Disposable {
  private readonly points = new Map<string, HistoryPoint[]>();
  /** The `fetchedAt` last recorded per job: a change event without a new fetch adds nothing. */
  private readonly recorded = new Map<string, number>();
  /** Open panels per job (`retain`). */
  private readonly holders = new Map<string, number>();
  private readonly subscription: vscode.Disposable;
  /** The estimator, once its chunk is loaded; records wait for it in order until then. */
  private estimate: typeof jobPace | undefined;
  private loading: Promise<void> | undefined;

  /** `pace`: the `pace` chunk's loader (`chunks.ts`): each point carries the time left as of its fetch. */
  constructor(
    private readonly memento: vscode.Memento,
    private readonly store: JobStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly pace: () => Promise<{ jobPace: typeof jobPace }>,
  ) {
    this.subscription = store.onDidChange((entry) => (entry ? this.onFetch(entry) : this.prune()));
    this.prune();
  }

  /** Records at once when the estimator is loaded; the first fetches wait for it, in order. */
  private onFetch(entry: JobEntry): void {
    if (this.estimate) {
      this.record(entry, this.estimate);
      return;
    }
    this.loading = (this.loading ?? this.pace().then(({ jobPace }) => { this.estimate = jobPace; }))
      .then(() => this.record(entry, this.estimate!))
      .catch((e: unknown) => this.log.error(`[history] a point was not recorded: ${String(e)}`));
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /** The job's points, oldest first: this window's merged with what is stored (other windows' too). */
  get(ref: JobRef): HistoryPoint[] {
    const key = jobKey(ref);
    const stored = this.stored(key);
    const mine = this.points.get(key) ?? [];
    return stored.length === 0 ? mine : mine.length === 0 ? stored : mergeHistories(stored, mine);
  }

  /** A panel shows the job: its history is kept (and stored) while the returned disposable lives. */
  retain(ref: JobRef): vscode.Disposable {
    const key = jobKey(ref);
    this.holders.set(key, (this.holders.get(key) ?? 0) + 1);
    return new vscode.Disposable(() => {
      const n = (this.holders.get(key) ?? 1) - 1;
      if (n > 0) {
        this.holders.set(key, n);
      } else {
        this.holders.delete(key);
        this.prune();
      }
    });
  }

  private stored(key: string): HistoryPoint[] {
    const value = this.memento.get<unknown>(HISTORY_PREFIX + key);
    return isHistory(value) ? value : [];
  }

  private kept(key: string): boolean {
    return (this.holders.get(key) ?? 0) > 0 || this.store.tracked().some((e) => e.key === key);
  }

  private record(entry: JobEntry, estimate: typeof jobPace): void {
    const at = entry.fetchedAt;
    if (!entry.job || !entry.progress || at === undefined || this.recorded.get(entry.key) === at) {
      return;
    }
    this.recorded.set(entry.key, at);
    const p = entry.progress;
    const point: HistoryPoint = { at, processed: p.recordsProcessed, failed: p.recordsFailed };
    if (p.batchesTotal !== undefined) {
      point.batchesDone = p.batchesDone ?? 0;
      point.batchesTotal = p.batchesTotal;
    }
    const before = this.get(entry);
    // The time left as of this fetch (given the one recorded at the last), so every view words it alike.
    const left = estimate({ job: entry.job, batches: entry.batches, progress: p, history: before, now: at }).left;
    if (left) {
      point.left = left;
    }
    const next = addPoint(before, point);
    this.points.set(entry.key, next);
    if (this.kept(entry.key)) {
      this.write(entry.key, next);
    }
  }

  private write(key: string, points: HistoryPoint[] | undefined): void {
    void Promise.resolve(this.memento.update(HISTORY_PREFIX + key, points))
      .catch((e: unknown) => this.log.error(`[history] could not save the history of ${key}: ${String(e)}`));
  }

  /**
   * Drops the stored history of jobs neither tracked nor shown here (memory keeps it for the hover).
   * A job another window shows but nobody tracks loses its stored copy; that window's next point
   * writes it back from its memory.
   */
  private prune(): void {
    for (const name of this.memento.keys()) {
      if (name.startsWith(HISTORY_PREFIX) && !this.kept(name.slice(HISTORY_PREFIX.length))) {
        this.write(name.slice(HISTORY_PREFIX.length), undefined);
      }
    }
  }
}
