/**
 * When to ask Salesforce again about a job that is not done. Plain Node, driven by an injected
 * clock so that tests can simulate minutes in microseconds.
 *
 * The delay grows with how long the job has been watched: 5 s at first, then a quarter of the
 * time watched so far, capped at `maxSeconds` (×3 while the window is not focused). Over ten
 * minutes that is about 20 requests for one running job, where a fixed 5 s would send 120.
 */

export interface ScheduleOptions {
  /** `bulkJobs.pollIntervalMaxSeconds`. */
  maxSeconds: number;
  focused: boolean;
}

export const FIRST_DELAY_MS = 5_000;
/** The share of the time already watched that the next wait is. */
export const GROWTH = 0.25;
/** How much slower polling is while no VS Code window has focus. */
export const UNFOCUSED_FACTOR = 3;

/** The wait before the next poll of a job watched for `watchedMs` so far. */
export function nextDelayMs(watchedMs: number, options: ScheduleOptions): number {
  const maxMs = Math.max(FIRST_DELAY_MS, options.maxSeconds * 1000);
  const base = Math.min(maxMs, Math.max(FIRST_DELAY_MS, watchedMs * GROWTH));
  return options.focused ? base : Math.min(base * UNFOCUSED_FACTOR, maxMs * UNFOCUSED_FACTOR);
}

interface Watch {
  since: number;
  lastAt: number;
  dueAt: number;
}

/**
 * Which jobs are due. `watch` a job that is not done, `unwatch` it when it is done or untracked;
 * after each poll call `polled` to plan the next one.
 */
export class PollPlan {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly now: () => number, private options: () => ScheduleOptions) {}

  /** Starts watching (the first poll after FIRST_DELAY_MS); a job already watched keeps its plan. */
  watch(key: string): void {
    if (!this.watches.has(key)) {
      const t = this.now();
      this.watches.set(key, { since: t, lastAt: t, dueAt: t + nextDelayMs(0, this.options()) });
    }
  }

  unwatch(key: string): void {
    this.watches.delete(key);
  }

  isWatched(key: string): boolean {
    return this.watches.has(key);
  }

  get size(): number {
    return this.watches.size;
  }

  /** Plans the next poll of `key` after one just finished (or started). */
  polled(key: string): void {
    const w = this.watches.get(key);
    if (w) {
      const t = this.now();
      w.lastAt = t;
      w.dueAt = t + nextDelayMs(t - w.since, this.options());
    }
  }

  /** After the options changed (focus came back, setting lowered): bring due times forward, never back. */
  replan(): void {
    for (const w of this.watches.values()) {
      w.dueAt = Math.min(w.dueAt, w.lastAt + nextDelayMs(w.lastAt - w.since, this.options()));
    }
  }

  /** Keys due now, earliest first. */
  due(): string[] {
    const t = this.now();
    return [...this.watches.entries()]
      .filter(([, w]) => w.dueAt <= t)
      .sort((a, b) => a[1].dueAt - b[1].dueAt)
      .map(([k]) => k);
  }

  /** When the next poll of `key` is due (ms since epoch), or undefined when it is not watched. */
  dueAt(key: string): number | undefined {
    return this.watches.get(key)?.dueAt;
  }

  /** When the next poll is due (ms since epoch), or undefined when nothing is watched. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const w of this.watches.values()) {
      next = next === undefined ? w.dueAt : Math.min(next, w.dueAt);
    }
    return next;
  }
}
