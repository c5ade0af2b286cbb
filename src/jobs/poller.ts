import * as vscode from 'vscode';
import type { Settings } from '../settings';
import type { JobEntry, JobStore } from './jobStore';
import { PollPlan } from './schedule';

/** Errors after which asking again will not help until the person does something. */
const STOP_ON: ReadonlySet<string> = new Set(['sessionExpired', 'notFound', 'noPermission', 'invalidRequest']);

/**
 * Refreshes tracked jobs that are not done, on the schedule of `PollPlan` (5 s first, backing off
 * to `bulkJobs.pollIntervalMaxSeconds`, slower while the window is unfocused, never once done).
 * One timer for all jobs.
 */
export class Poller implements vscode.Disposable {
  private readonly plan: PollPlan;
  private timer: NodeJS.Timeout | undefined;
  private readonly watchedKeys = new Set<string>();
  private focused = vscode.window.state.focused;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly store: JobStore, private readonly settings: Settings, private readonly log: vscode.LogOutputChannel) {
    this.plan = new PollPlan(Date.now, () => ({ maxSeconds: this.settings.pollIntervalMaxSeconds(), focused: this.focused }));
    this.disposables.push(
      store.onDidChange((entry) => this.update(entry)),
      vscode.window.onDidChangeWindowState((s) => {
        this.focused = s.focused;
        this.plan.replan();
        this.arm();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bulkJobs.pollIntervalMaxSeconds')) {
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
    this.disposables.forEach((d) => d.dispose());
  }

  private wants(entry: JobEntry): boolean {
    if (!entry.tracked || entry.progress?.done) {
      return false;
    }
    return !entry.lastError || !STOP_ON.has(entry.lastError.kind);
  }

  private update(entry: JobEntry | undefined): void {
    const entries = entry ? [entry] : this.store.tracked();
    if (!entry) {
      // Many changed (track/untrack): also forget jobs no longer tracked.
      const keep = new Set(entries.filter((e) => this.wants(e)).map((e) => e.key));
      for (const key of this.watchedKeys) {
        if (!keep.has(key)) {
          this.plan.unwatch(key);
          this.watchedKeys.delete(key);
        }
      }
    }
    for (const e of entries) {
      if (this.wants(e)) {
        this.plan.watch(e.key);
        this.watchedKeys.add(e.key);
      } else {
        this.plan.unwatch(e.key);
        this.watchedKeys.delete(e.key);
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
      const entry = this.store.tracked().find((e) => e.key === key);
      this.plan.polled(key);
      if (entry && !entry.refreshing) {
        this.store.refresh(entry).catch((e: unknown) => this.log.debug(`[poll] ${key}: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
    this.arm();
  }
}
