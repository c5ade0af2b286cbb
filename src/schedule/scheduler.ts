/**
 * The one timer of a window. Every automatic refresh is a keyed task that says when it is due next:
 * the tracked jobs' polls (`tracked/poller.ts`, planned by `tracked/pollPlan.ts`) and the Org Jobs
 * lists (`orgJobs/orgJobsService.ts`, planned by `orgJobs/watchPlan.ts`). The scheduler sleeps until
 * the earliest task is due, runs every task that is due, and asks them again. A task whose plan
 * changed says so (`replan`). Plain Node: the clock and the timer are injected.
 */

export interface ScheduledTask {
  /** When the task is due next (ms, on the scheduler's clock), or undefined: nothing planned. */
  dueAt(): number | undefined;
  /** Runs what is due (starts its requests and returns at once); `dueAt` must then say a later time or undefined. */
  run(): void;
}

/** Calls `fn` after `ms` once; the returned function cancels it. */
export type Wake = (fn: () => void, ms: number) => () => void;

const timerWake: Wake = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export class Scheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  private cancel: (() => void) | undefined;

  constructor(private readonly now: () => number = Date.now, private readonly wake: Wake = timerWake) {}

  /** Adds the task under `key` (one per key) until the returned disposable is disposed. */
  add(key: string, task: ScheduledTask): { dispose(): void } {
    if (this.tasks.has(key)) {
      throw new Error(`scheduler: a task "${key}" is already scheduled`);
    }
    this.tasks.set(key, task);
    this.replan();
    return {
      dispose: () => {
        if (this.tasks.get(key) === task) {
          this.tasks.delete(key);
          this.replan();
        }
      },
    };
  }

  /** A task's due time changed: sleep until the earliest one. */
  replan(): void {
    this.cancel?.();
    this.cancel = undefined;
    const next = this.nextDueAt();
    if (next !== undefined) {
      this.cancel = this.wake(() => this.tick(), Math.max(0, next - this.now()));
    }
  }

  /** The earliest time a task is due, or undefined when none is planned. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const task of this.tasks.values()) {
      const at = task.dueAt();
      if (at !== undefined && (next === undefined || at < next)) {
        next = at;
      }
    }
    return next;
  }

  /** Runs every task that is due now (the timer does; tests may). */
  tick(): void {
    this.cancel?.(); // called by a test, the timer may still be pending
    this.cancel = undefined;
    const now = this.now();
    for (const task of [...this.tasks.values()]) {
      const at = task.dueAt();
      if (at !== undefined && at <= now) {
        task.run();
      }
    }
    this.replan();
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.tasks.clear();
  }
}
