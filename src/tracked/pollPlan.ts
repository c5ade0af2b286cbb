/**
 * When to ask Salesforce again about a job that is not done. Plain Node, driven by an injected
 * clock (and an injected random source for jitter) so that tests can simulate days in microseconds.
 *
 * The delay grows with how long the job has been watched: 5 s at first, then a quarter of the
 * time watched so far, capped at `maxSeconds` (×3 while the window is not focused). Over ten
 * minutes that is about 20 requests for one running job, where a fixed 5 s would send 120.
 *
 * On top of that (rules and numbers in `pollRules.ts`), from what each poll brought back (`settle`)
 * and the org's API usage (`usageSeen`):
 * - errors back off, doubling per job (5xx, timeouts, network) or per org (the allocation is exceeded);
 *   a success resets them; a session error stops the job until `sessionBack`;
 * - above the "slow" usage threshold an org is polled ×4 slower; above "pause" not at all until a
 *   usage below is seen (a manual refresh) or one job is polled an hour later to look again;
 * - an Open job waiting for data is polled rarely after a few minutes and not at all after a day,
 *   until `resume`.
 * An org that was held back (quota, usage) lets one job through first; the others follow once it succeeded.
 */
import type { BulkErrorKind } from '../salesforce/errors';
import type { ApiUsage } from '../salesforce/types';
import {
  DEFAULT_USAGE_THRESHOLDS, ERROR_BACKOFF, IDLE_AFTER_MS, IDLE_EVERY_MS, IDLE_STOP_MS, PAUSE_CHECK_MS, QUOTA_BACKOFF,
  SLOW_FACTOR, UsageThresholds, backoffMs, errorClass, usageLevel, type PollOutcome, type PollStatus,
} from '../schedule/pollRules';

export type { PollOutcome, PollStatus } from '../schedule/pollRules';

export interface ScheduleOptions {
  /** `bulkJobs.pollIntervalMaxSeconds`. */
  maxSeconds: number;
  focused: boolean;
  /** `bulkJobs.apiUsage.*` (default 80 % / 95 %). */
  usage?: UsageThresholds;
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
  org: string;
  since: number;
  lastAt: number;
  dueAt: number;
  /** Errors in a row of the `transient` class, and the last one's kind. */
  failures: number;
  errorKind?: BulkErrorKind;
  /** Since when the job has been Open with these counters (`mark`). */
  idleSince?: number;
  mark?: string;
  stopped?: 'session' | 'idle' | 'failed';
}

interface OrgState {
  usage?: ApiUsage;
  /** While usage is at the pause level: when one job is polled to look again. */
  checkAt: number;
  /** The allocation-exceeded errors in a row, when the last was recorded, and until when the org waits. */
  quotaFailures: number;
  quotaAt: number;
  quotaUntil: number;
}

/**
 * Which jobs are due. `watch` a job that is not done, `unwatch` it when it is done or untracked;
 * when a poll starts call `polled`, when it ends `settle`; report every API usage seen with `usageSeen`.
 */
export class PollPlan {
  private readonly watches = new Map<string, Watch>();
  private readonly orgs = new Map<string, OrgState>();

  /** `random`: 0..1 for jitter (tests pass a constant). */
  constructor(private readonly now: () => number, private readonly options: () => ScheduleOptions, private readonly random: () => number = () => 0.5) {}

  /** Starts watching (the first poll after FIRST_DELAY_MS); a job already watched keeps its plan. `org` defaults to the key's part before `|`. */
  watch(key: string, org = key.slice(0, Math.max(0, key.lastIndexOf('|')))): void {
    if (!this.watches.has(key)) {
      const t = this.now();
      this.watches.set(key, { org, since: t, lastAt: t, dueAt: t + nextDelayMs(0, this.options()), failures: 0 });
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

  /** Plans the next poll of `key` as it starts (`settle` corrects it with the outcome). */
  polled(key: string): void {
    const w = this.watches.get(key);
    if (w) {
      w.lastAt = this.now();
      w.dueAt = this.plannedAt(w);
    }
  }

  /** What the poll of `key` that started at the last `polled` brought back. */
  settle(key: string, outcome: PollOutcome): void {
    const w = this.watches.get(key);
    if (!w) {
      return;
    }
    const t = this.now();
    const org = this.org(w.org);
    if (outcome.ok) {
      w.failures = 0;
      w.errorKind = undefined;
      org.quotaFailures = 0;
      org.quotaUntil = 0;
      if (w.stopped === 'session' || w.stopped === 'failed') {
        w.stopped = undefined;
      }
      if (outcome.waiting === undefined) {
        w.idleSince = w.mark = undefined;
      } else if (outcome.waiting !== w.mark) {
        w.idleSince = w.lastAt;
        w.mark = outcome.waiting;
      }
      w.dueAt = this.plannedAt(w);
      if (w.idleSince !== undefined && w.lastAt - w.idleSince >= IDLE_STOP_MS) {
        w.stopped = 'idle';
      }
      return;
    }
    switch (errorClass(outcome.kind)) {
      case 'quota':
        // Polls already under way when the first answer came count as that one failure.
        if (org.quotaFailures === 0 || w.lastAt > org.quotaAt) {
          org.quotaFailures++;
          org.quotaAt = t;
          org.quotaUntil = t + backoffMs(QUOTA_BACKOFF, org.quotaFailures, this.random());
        }
        break;
      case 'transient':
        w.failures++;
        w.errorKind = outcome.kind;
        w.dueAt = t + backoffMs(ERROR_BACKOFF, w.failures, this.random());
        break;
      case 'session':
        w.stopped = 'session';
        break;
      case 'stop':
        w.stopped = 'failed';
        break;
      case 'ignore':
        break;
    }
  }

  /** The org's `Sforce-Limit-Info`, from any request (polls, manual refreshes). */
  usageSeen(org: string, usage: ApiUsage | undefined): void {
    if (!usage) {
      return;
    }
    const state = this.org(org);
    if (state.usage && state.usage.at === usage.at && state.usage.used === usage.used) {
      return; // the same answer seen again (another job's change event): it must not push the next look back
    }
    const before = usageLevel(state.usage, this.thresholds());
    state.usage = usage;
    if (usageLevel(usage, this.thresholds()) === 'pause') {
      state.checkAt = Math.max(state.checkAt, this.now() + PAUSE_CHECK_MS);
    } else if (before === 'pause') {
      state.checkAt = 0;
    }
  }

  /** The org's session came back (a new login or session id; `org` undefined: any org): jobs stopped for it are due now. */
  sessionBack(org?: string): void {
    for (const w of this.watches.values()) {
      if (w.stopped === 'session' && (org === undefined || w.org === org)) {
        w.stopped = undefined;
        w.dueAt = this.now();
      }
    }
  }

  /** "Resume Polling": back on the normal schedule from now, whatever stopped or slowed the job (not the org's holds). */
  resume(key: string): void {
    const w = this.watches.get(key);
    if (w) {
      const t = this.now();
      Object.assign(w, { since: t, lastAt: t, dueAt: t, failures: 0, errorKind: undefined, idleSince: undefined, mark: undefined, stopped: undefined });
    }
  }

  /** After the options changed (focus came back, setting lowered): bring due times forward, never back. */
  replan(): void {
    for (const w of this.watches.values()) {
      if (w.failures === 0) {
        w.dueAt = Math.min(w.dueAt, this.plannedAt(w));
      }
    }
  }

  /**
   * Keys due now, earliest first. Of an org whose hold (allocation exceeded, usage paused) just ended,
   * only one: it looks whether the hold is over, and the others wait for its answer.
   */
  due(): string[] {
    const t = this.now();
    const held = new Set<string>();
    const keys: string[] = [];
    const candidates = [...this.watches.entries()]
      .filter(([, w]) => !w.stopped && w.dueAt <= t)
      .sort((a, b) => a[1].dueAt - b[1].dueAt);
    for (const [key, w] of candidates) {
      const org = this.org(w.org);
      const hold = this.holdOf(org);
      if (hold === 'none') {
        keys.push(key);
      } else if (this.heldUntil(org) <= t && !held.has(w.org)) {
        held.add(w.org);
        keys.push(key);
        // The others wait as if this one failed; its success lifts the hold.
        if (hold === 'quota') {
          org.quotaUntil = t + backoffMs(QUOTA_BACKOFF, org.quotaFailures + 1, this.random());
        } else {
          org.checkAt = t + PAUSE_CHECK_MS;
        }
      }
    }
    return keys;
  }

  /** When the next poll of `key` is due (ms since epoch), or undefined when it is not watched or not polled. */
  dueAt(key: string): number | undefined {
    const w = this.watches.get(key);
    return w && !w.stopped ? Math.max(w.dueAt, this.heldUntil(this.org(w.org))) : undefined;
  }

  /** When the next poll is due (ms since epoch), or undefined when nothing is. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const key of this.watches.keys()) {
      const at = this.dueAt(key);
      if (at !== undefined) {
        next = next === undefined ? at : Math.min(next, at);
      }
    }
    return next;
  }

  /** Why `key` is polled more slowly or not at all; undefined when it is not watched. */
  status(key: string): PollStatus | undefined {
    const w = this.watches.get(key);
    if (!w) {
      return undefined;
    }
    const org = this.org(w.org);
    const level = usageLevel(org.usage, this.thresholds());
    if (w.stopped === 'session') {
      return { kind: 'signedOut' };
    }
    if (w.stopped === 'idle') {
      return { kind: 'idleStopped' };
    }
    if (level === 'pause' && org.usage) {
      return { kind: 'usagePaused', usage: org.usage, checkAt: org.checkAt };
    }
    if (org.quotaFailures > 0) {
      return { kind: 'retrying', error: 'quotaExceeded', at: org.quotaUntil };
    }
    if (w.failures > 0 && w.errorKind) {
      return { kind: 'retrying', error: w.errorKind, at: w.dueAt };
    }
    if (this.isIdle(w)) {
      return { kind: 'waiting', everyMs: this.plannedAt(w) - w.lastAt };
    }
    return level === 'slow' && org.usage ? { kind: 'slowed', usage: org.usage } : { kind: 'normal' };
  }

  /** The org's last usage seen (for the views), if any. */
  usageOf(org: string): ApiUsage | undefined {
    return this.orgs.get(org)?.usage;
  }

  private thresholds(): UsageThresholds {
    return this.options().usage ?? DEFAULT_USAGE_THRESHOLDS;
  }

  private org(key: string): OrgState {
    let state = this.orgs.get(key);
    if (!state) {
      state = { checkAt: 0, quotaFailures: 0, quotaAt: 0, quotaUntil: 0 };
      this.orgs.set(key, state);
    }
    return state;
  }

  private holdOf(org: OrgState): 'none' | 'quota' | 'usage' {
    if (usageLevel(org.usage, this.thresholds()) === 'pause') {
      return 'usage';
    }
    return org.quotaFailures > 0 ? 'quota' : 'none';
  }

  /** Until when nothing of the org is polled automatically (0: no hold). */
  private heldUntil(org: OrgState): number {
    switch (this.holdOf(org)) {
      case 'usage': return Math.max(org.checkAt, org.quotaUntil);
      case 'quota': return org.quotaUntil;
      case 'none': return 0;
    }
  }

  private isIdle(w: Watch): boolean {
    return w.idleSince !== undefined && w.lastAt - w.idleSince >= IDLE_AFTER_MS;
  }

  /** The next poll on the usual pace from the last one: slower when usage is high, rare while waiting for data. */
  private plannedAt(w: Watch): number {
    let delay = nextDelayMs(w.lastAt - w.since, this.options());
    if (usageLevel(this.org(w.org).usage, this.thresholds()) !== 'normal') {
      delay *= SLOW_FACTOR;
    }
    if (this.isIdle(w)) {
      delay = Math.max(delay, IDLE_EVERY_MS);
    }
    return w.lastAt + delay;
  }
}
