/**
 * The rules of polling that spare the org's API allocation, as plain numbers and functions (no vscode,
 * no clock): how long to back off after each kind of error, what high API usage does, when an Open job
 * waiting for data is polled rarely and when not at all. `tracked/pollPlan.ts` applies them per job and per org,
 * `orgJobs/watchPlan.ts` per org list.
 */
import { isTransient, type BulkErrorKind } from '../salesforce/errors';
import type { ApiUsage } from '../salesforce/types';

/** What one poll brought back. */
export type PollOutcome =
  /** `waiting`: the job's counters while it is Open waiting for data (`waitingMark`), undefined when it is not. */
  | { ok: true; waiting?: string }
  | { ok: false; kind: BulkErrorKind };

/** Why a watched job is polled more slowly than usual, or not at all: what the tree and the status bar say. */
export type PollStatus =
  | { kind: 'normal' }
  | { kind: 'slowed'; usage: ApiUsage }
  | { kind: 'usagePaused'; usage: ApiUsage; checkAt: number }
  | { kind: 'retrying'; error: BulkErrorKind; at: number }
  | { kind: 'waiting'; everyMs: number }
  | { kind: 'idleStopped' }
  | { kind: 'signedOut' };

/** What an error means for the schedule. */
export type ErrorClass =
  /** The org's allocation is used up (429, `REQUEST_LIMIT_EXCEEDED`, `ExceededQuota`): the whole org waits, longest. */
  | 'quota'
  /** 5xx, timeouts, network, unreadable answers (`isTransient`, the one rule): this job waits, doubling. */
  | 'transient'
  /** The session is gone: not polled until the org's session comes back. */
  | 'session'
  /** Asking again will not help (not found, no permission, invalid): the poller stops. */
  | 'stop'
  /** Cancelled: changes nothing. */
  | 'ignore';

export function errorClass(kind: BulkErrorKind): ErrorClass {
  switch (kind) {
    case 'quotaExceeded': return 'quota';
    case 'sessionExpired': return 'session';
    case 'cancelled': return 'ignore';
    default: return isTransient(kind) ? 'transient' : 'stop';
  }
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/** After the org's allocation is exceeded: 5 min, doubling to 1 h. */
export const QUOTA_BACKOFF: Backoff = { firstMs: 5 * 60_000, maxMs: 60 * 60_000 };
/** After a 5xx, a timeout or a network error: 30 s, doubling to 15 min. */
export const ERROR_BACKOFF: Backoff = { firstMs: 30_000, maxMs: 15 * 60_000 };
/** Jitter spreads retries of many jobs and windows: ±10 %. */
export const JITTER = 0.1;

/**
 * The wait after the `failures`-th error in a row (1 = the first): `firstMs · 2^(failures-1)`, capped at
 * `maxMs`, times 1 ± JITTER by `random` (0..1; 0.5 = no jitter).
 */
export function backoffMs(spec: Backoff, failures: number, random: number): number {
  const base = Math.min(spec.maxMs, spec.firstMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + JITTER * (2 * random - 1)));
}

export interface UsageThresholds {
  /** `bulkJobs.apiUsage.slowAbovePercent`. */
  slowAbovePercent: number;
  /** `bulkJobs.apiUsage.pauseAbovePercent`. */
  pauseAbovePercent: number;
}

export const DEFAULT_USAGE_THRESHOLDS: UsageThresholds = { slowAbovePercent: 80, pauseAbovePercent: 95 };
/** How much slower an org is polled while its usage is above the "slow" threshold. */
export const SLOW_FACTOR = 4;
/** While an org's automatic polling is paused for usage, one job is polled this long after, to look again. */
export const PAUSE_CHECK_MS = 60 * 60_000;

export type UsageLevel = 'normal' | 'slow' | 'pause';

/** Used share of the org's allocation in whole percent (rounded down). */
export function usagePercent(usage: ApiUsage): number {
  return usage.max > 0 ? Math.floor((usage.used * 100) / usage.max) : 0;
}

export function usageLevel(usage: ApiUsage | undefined, thresholds: UsageThresholds): UsageLevel {
  if (!usage || usage.max <= 0) {
    return 'normal';
  }
  const share = (usage.used * 100) / usage.max;
  return share > thresholds.pauseAbovePercent ? 'pause' : share > thresholds.slowAbovePercent ? 'slow' : 'normal';
}

/** An Open job with nothing moving is polled at the usual pace for this long… */
export const IDLE_AFTER_MS = 5 * 60_000;
/** …then this often… */
export const IDLE_EVERY_MS = 30 * 60_000;
/** …and not at all once it waited this long (until "Resume Polling"). */
export const IDLE_STOP_MS = 24 * 60 * 60_000;
