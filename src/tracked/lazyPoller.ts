/**
 * The poller as activation sees it: the status bar, the Jobs view, the details panels and Resume Polling
 * talk to this, and the poller itself (`poller.ts`, with its plan: the `poller` chunk) loads the first time
 * there is something to poll: a tracked job that is not done (at activation, or when one is tracked or
 * changes), a panel that watches a job, or Resume Polling. Until then nothing is scheduled, so there is
 * no status to tell.
 */
import * as vscode from 'vscode';
import type { JobRef } from '../job/jobRef';
import { isDone } from '../job/jobRules';
import { once } from '../util/lazy';
import type { PollStatus } from '../schedule/pollRules';
import type { PollText } from '../schedule/pollText';
import type { Translate } from '../job/format';
import type { JobStore } from './jobStore';
import type { Poller, PollStatusSource, RefreshSchedule } from './poller';

export class LazyPoller implements RefreshSchedule, PollStatusSource, vscode.Disposable {
  private readonly statusChanged = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeStatus = this.statusChanged.event;
  private real: Poller | undefined;
  private readonly disposables: vscode.Disposable[] = [this.statusChanged];

  /** `start` loads the poller's chunk and makes the one poller of this window. */
  constructor(private readonly start: () => Promise<Poller>, private readonly log: vscode.LogOutputChannel, store: JobStore) {
    const pending = (): boolean => store.tracked().some((e) => !isDone(e));
    this.disposables.push(store.onDidChange((entry) => {
      if (!this.real && (entry ? entry.tracked && !isDone(entry) : pending())) {
        void this.load();
      }
    }));
    if (pending()) {
      void this.load();
    }
  }

  /** The poller, made on the first call. */
  readonly load = once(async () => {
    const poller = await this.start();
    this.real = poller;
    this.disposables.push(poller, poller.onDidChangeStatus((key) => this.statusChanged.fire(key)));
    this.statusChanged.fire(undefined);
    return poller;
  }, (e) => this.log.error(`[poll] the poller could not load: ${String(e)}`)); // tried again at the next change

  watch(ref: JobRef, reason: string): vscode.Disposable {
    let watching: vscode.Disposable | undefined;
    let disposed = false;
    void this.load().then((poller) => {
      if (!disposed) {
        watching = poller.watch(ref, reason);
      }
    }, () => undefined);
    return new vscode.Disposable(() => {
      disposed = true;
      watching?.dispose();
    });
  }

  nextRefreshAt(ref: JobRef): number | undefined {
    return this.real?.nextRefreshAt(ref);
  }

  status(ref: JobRef): PollStatus | undefined {
    return this.real?.status(ref);
  }

  statuses(): PollStatus[] {
    return this.real?.statuses() ?? [];
  }

  held(now: number, t: Translate, locale?: string): { status: PollStatus; text: PollText } | undefined {
    return this.real?.held(now, t, locale);
  }

  resume(ref: JobRef): void {
    void this.load().then((poller) => poller.resume(ref), () => undefined);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
