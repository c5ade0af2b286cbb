import * as vscode from 'vscode';
import type { Settings } from '../settings';
import { JobRef, jobKey } from '../model/jobRef';
import { isDone } from '../model/jobRules';
import type { JobEntry, JobStore } from './jobStore';
import { PollPlan } from './schedule';

/** Errors after which asking again will not help until the person does something. */
const STOP_ON: ReadonlySet<string> = new Set(['sessionExpired', 'notFound', 'noPermission', 'invalidRequest']);

/** What a view that shows a job needs of the poller: keep the job fresh while it is shown. */
export interface RefreshSchedule {
  /**
   * Refreshes `ref` on the poller's schedule until the returned disposable is disposed, also when
   * the job is not tracked; `reason` says who asked (for the log). Stops by itself once the job is done.
   */
  watch(ref: JobRef, reason: string): vscode.Disposable;
  /** When the job is refreshed next (ms since epoch), or undefined when it is not on the schedule. */
  nextRefreshAt(ref: JobRef): number | undefined;
}

interface Watcher {
  ref: JobRef;
  /** One per open watch (the same job can be watched for several reasons). */
  reasons: string[];
}

/**
 * Owns every automatic refresh: tracked jobs that are not done, and jobs a view asked to `watch`
 * (the details panel of an untracked job), on the schedule of `PollPlan` (5 s first, backing off to
 * `bulkJobs.pollIntervalMaxSeconds`, slower while the window is unfocused, never once done).
 * One timer for all jobs; a job watched for several reasons has one plan.
 */
export class Poller implements RefreshSchedule, vscode.Disposable {
  private readonly plan: PollPlan;
  private timer: NodeJS.Timeout | undefined;
  /** Keys in the plan. */
  private readonly plannedKeys = new Set<string>();
  private readonly watchers = new Map<string, Watcher>();
  private focused = vscode.window.state.focused;
  private readonly disposables: vscode.Disposable[] = [];

  /**
   * `shouldPoll(orgKey)`: whether this window polls that org's tracked jobs (it holds the org's
   * lease, `lease.ts`); the other windows show what the holder writes. Watched jobs are polled anyway.
   */
  constructor(
    private readonly store: JobStore,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly shouldPoll: (orgKey: string) => boolean = () => true,
  ) {
    this.plan = new PollPlan(Date.now, () => ({ maxSeconds: this.settings.pollIntervalMaxSeconds(), focused: this.focused }));
    this.disposables.push(
      store.onDidChange((entry) => this.update(entry)),
      vscode.window.onDidChangeWindowState((s) => {
        this.focused = s.focused;
        this.plan.replan();
        this.arm();
      }),
      settings.onDidChange((change) => {
        if (change.affects('pollIntervalMaxSeconds')) {
          this.plan.replan();
          this.arm();
        }
      }),
    );
    this.update(undefined);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.watchers.clear();
    this.disposables.forEach((d) => d.dispose());
  }

  watch(ref: JobRef, reason: string): vscode.Disposable {
    const key = jobKey(ref);
    let watcher = this.watchers.get(key);
    if (!watcher) {
      watcher = { ref: { orgKey: ref.orgKey, jobId: ref.jobId }, reasons: [] };
      this.watchers.set(key, watcher);
    }
    watcher.reasons.push(reason);
    this.log.debug(`[poll] watching ${key} (${reason})`);
    this.replan(key, this.store.get(ref));
    this.arm();
    let disposed = false;
    return new vscode.Disposable(() => {
      if (disposed) {
        return;
      }
      disposed = true;
      const current = this.watchers.get(key);
      if (current) {
        current.reasons.splice(current.reasons.indexOf(reason), 1);
        if (current.reasons.length === 0) {
          this.watchers.delete(key);
        }
      }
      this.log.debug(`[poll] no longer watching ${key} (${reason})`);
      this.replan(key, this.store.get(ref));
      this.arm();
    });
  }

  nextRefreshAt(ref: JobRef): number | undefined {
    return this.plan.dueAt(jobKey(ref));
  }

  private wants(key: string, entry: JobEntry | undefined): boolean {
    if (!entry?.tracked && !this.watchers.has(key)) {
      return false;
    }
    if (!entry) {
      return true; // Watched, nothing known yet.
    }
    if (isDone(entry)) {
      return false;
    }
    return !entry.lastError || !STOP_ON.has(entry.lastError.kind);
  }

  private replan(key: string, entry: JobEntry | undefined): void {
    if (this.wants(key, entry)) {
      this.plan.watch(key);
      this.plannedKeys.add(key);
    } else {
      this.plan.unwatch(key);
      this.plannedKeys.delete(key);
    }
  }

  private update(changed: JobEntry | undefined): void {
    if (changed) {
      this.replan(changed.key, changed);
    } else {
      // Many changed (track/untrack): look at every job that is or may be in the plan.
      const entries = new Map<string, JobEntry | undefined>(this.store.tracked().map((e) => [e.key, e]));
      for (const [key, watcher] of this.watchers) {
        if (!entries.has(key)) {
          entries.set(key, this.store.get(watcher.ref));
        }
      }
      for (const key of this.plannedKeys) {
        if (!entries.has(key)) {
          entries.set(key, undefined);
        }
      }
      for (const [key, entry] of entries) {
        this.replan(key, entry);
      }
    }
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.plan.nextDueAt();
    if (next !== undefined) {
      this.timer = setTimeout(() => this.tick(), Math.max(0, next - Date.now()));
    }
  }

  private tick(): void {
    this.timer = undefined;
    for (const key of this.plan.due()) {
      const watched = this.watchers.get(key)?.ref;
      const ref = watched ?? this.store.tracked().find((e) => e.key === key);
      if (!ref) {
        this.replan(key, undefined);
        continue;
      }
      this.plan.polled(key);
      if (!this.store.get(ref)?.refreshing && (watched !== undefined || this.shouldPoll(ref.orgKey))) {
        // A watching view (the details panel) shows a 1.0 job's batches: keep them listed.
        this.store.refresh(ref, { withBatches: watched !== undefined })
          .catch((e: unknown) => this.log.debug(`[poll] ${key}: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
    this.arm();
  }
}
