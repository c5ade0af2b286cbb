import * as vscode from 'vscode';
import { isBulkApiError } from '../salesforce/errors';
import type { ApiUsage } from '../salesforce/types';
import type { Settings } from '../settings';
import { JobRef, jobKey } from '../job/jobRef';
import { isDone, waitingMark } from '../job/jobRules';
import type { JobStore } from './jobStore';
import type { JobEntry } from '../job/jobEntry';
import { errorClass } from '../schedule/pollRules';
import type { WindowSchedule } from '../schedule/registerSchedule';
import { PollPlan, PollStatus } from './pollPlan';
import { mostImportant, pollText, type PollText } from '../schedule/pollText';
import type { Translate } from '../job/format';

/** What the poller needs of the org registry: its change event (orgs reloaded, a session stored) and the API usage seen. */
export interface PollerOrgs {
  readonly onDidChange: vscode.Event<void>;
  lastApiUsage(orgKey: string): ApiUsage | undefined;
}

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

/** What the views show of the schedule: why a job is polled slowly or not at all (`schedule/pollText.ts` words it). */
export interface PollStatusSource {
  status(ref: JobRef): PollStatus | undefined;
  /** Every status of watched jobs. */
  statuses(): PollStatus[];
  /** What holds the jobs back most (the status bar), worded; undefined when nothing does. */
  held(now: number, t: Translate, locale?: string): { status: PollStatus; text: PollText } | undefined;
  /** A job's status may have changed (its key), or many did (undefined). */
  readonly onDidChangeStatus: vscode.Event<string | undefined>;
  /** Back on the normal schedule ("Resume Polling"). */
  resume(ref: JobRef): void;
}

interface Watcher {
  ref: JobRef;
  /** One per open watch (the same job can be watched for several reasons). */
  reasons: string[];
}

/**
 * Owns every automatic refresh: tracked jobs that are not done, and jobs a view asked to `watch`
 * (the details panel of an untracked job), on the schedule of `PollPlan` (5 s first, backing off to
 * `bulkJobs.pollIntervalMaxSeconds`, slower while no VS Code window is focused (any window: `schedule/focus.ts`), never once done; backing
 * off on errors and high API usage, rarely for Open jobs waiting for data). Each poll's outcome and
 * every API usage seen go into the plan; a job stopped for its session comes back when the org's
 * session does (the registry's change event). A job watched for several reasons has one plan. The window's
 * one `Scheduler` wakes it when a job is due (task `trackedJobs`); the Org Jobs lists are its other task.
 */
export class Poller implements RefreshSchedule, PollStatusSource, vscode.Disposable {
  private readonly plan: PollPlan;
  private readonly statusChanged = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeStatus = this.statusChanged.event;
  /** This poller's task in the window's scheduler. */
  private readonly task: { dispose(): void };
  /** Redraws jobs that show a countdown ("retrying in 8 min"). */
  private countdownTimer: NodeJS.Timeout | undefined;
  /** Keys in the plan. */
  private readonly plannedKeys = new Set<string>();
  private readonly watchers = new Map<string, Watcher>();
  private readonly disposables: vscode.Disposable[] = [];

  /**
   * `shouldPoll(orgKey)`: whether this window polls that org's tracked jobs (it holds the org's
   * lease, `lease.ts`); the other windows show what the holder writes. Watched jobs are polled anyway.
   * `schedule`: the window's one timer, which runs the polls when due, and whether any window is focused (the pace).
   */
  constructor(
    private readonly store: JobStore,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly orgs: PollerOrgs,
    private readonly schedule: Pick<WindowSchedule, 'scheduler' | 'focus'>,
    private readonly shouldPoll: (orgKey: string) => boolean = () => true,
  ) {
    this.plan = new PollPlan(Date.now, () => ({
      maxSeconds: this.settings.pollIntervalMaxSeconds(), focused: schedule.focus.anyFocused(), usage: this.settings.apiUsageThresholds(),
    }), Math.random);
    this.task = schedule.scheduler.add('trackedJobs', { dueAt: () => this.plan.nextDueAt(), run: () => this.tick() });
    this.disposables.push(
      this.statusChanged,
      store.onDidChange((entry) => this.update(entry)),
      orgs.onDidChange(() => {
        // Orgs reloaded or a session id stored (here or in another window): try jobs stopped for their session again.
        this.plan.sessionBack();
        this.changedPlan(undefined);
      }),
      schedule.focus.onDidChange(() => {
        this.plan.replan();
        this.arm();
      }),
      settings.onDidChange((change) => {
        if (change.keys.some((k) => k === 'pollIntervalMaxSeconds' || k.startsWith('apiUsage.'))) {
          this.plan.replan();
          this.changedPlan(undefined);
        }
      }),
    );
    this.update(undefined);
  }

  dispose(): void {
    this.task.dispose();
    clearTimeout(this.countdownTimer);
    this.countdownTimer = undefined;
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

  status(ref: JobRef): PollStatus | undefined {
    return this.plan.status(jobKey(ref));
  }

  statuses(): PollStatus[] {
    return [...this.plannedKeys].map((k) => this.plan.status(k)).filter((s): s is PollStatus => s !== undefined);
  }

  held(now: number, t: Translate, locale?: string): { status: PollStatus; text: PollText } | undefined {
    const status = mostImportant(this.statuses());
    const text = status && pollText(status, now, t, locale);
    return status && text ? { status, text } : undefined;
  }

  resume(ref: JobRef): void {
    const key = jobKey(ref);
    this.log.info(`[poll] ${key}: polling resumed`);
    this.plan.resume(key);
    this.changedPlan(key);
  }

  private changedPlan(key: string | undefined): void {
    this.arm();
    this.statusChanged.fire(key);
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
    // After a session error the plan keeps the job, stopped, until the session comes back.
    return !entry.lastError || errorClass(entry.lastError.kind) !== 'stop';
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
      if (!changed.refreshing) {
        // Any request's Sforce-Limit-Info (a manual refresh too); a success shows the org's session works.
        this.plan.usageSeen(changed.orgKey, this.orgs.lastApiUsage(changed.orgKey));
        if (changed.job && !changed.lastError) {
          this.plan.sessionBack(changed.orgKey);
        }
      }
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

  /** The plan changed: the scheduler wakes at its new earliest time. */
  private arm(): void {
    this.schedule.scheduler.replan();
    this.armCountdown();
  }

  /** While a job says "retrying in 8 min", its node is redrawn every 30 s so that the figure stays true. */
  private armCountdown(): void {
    if (this.countdownTimer || ![...this.plannedKeys].some((k) => this.plan.status(k)?.kind === 'retrying')) {
      return;
    }
    this.countdownTimer = setTimeout(() => {
      this.countdownTimer = undefined;
      for (const key of this.plannedKeys) {
        if (this.plan.status(key)?.kind === 'retrying') {
          this.statusChanged.fire(key);
        }
      }
      this.armCountdown();
    }, 30_000);
  }

  /** Polls every job that is due (run by the scheduler). */
  private tick(): void {
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
          .then((entry) => this.plan.settle(key, { ok: true, waiting: waitingMark(entry) }))
          .catch((e: unknown) => {
            this.log.debug(`[poll] ${key}: ${e instanceof Error ? e.message : String(e)}`);
            this.plan.settle(key, { ok: false, kind: isBulkApiError(e) ? e.kind : 'unexpectedResponse' });
          })
          .finally(() => this.changedPlan(key));
      }
    }
    this.arm();
  }
}
