/**
 * When a watched org's list is refreshed next by this window, or not at all, and why. Pure: the
 * caller hands in what it knows (the shared last refresh and focus, the lease, usage, errors).
 *
 * - Not watched: never automatic (the view reads an org on first show and on Refresh only).
 * - Visible in this window: every `refreshSeconds` after the last refresh of the org by ANY window
 *   (the others take that window's list, `orgJobs/sharedLists.ts`); the window holding the org's
 *   lease of refreshes while shown at once, another one `SHOWN_GRACE_MS` later (when no window did):
 *   two windows showing one org read it once.
 * - Hidden: only the window holding the org's background lease, only with notifications on, every
 *   `backgroundMinutes` after the last refresh of the org by any window (a visible one counts).
 * - No VS Code window focused for an hour: nothing automatic (nobody is looking), unless
 *   `checkWhileUnfocused`.
 * - The budget (`budgetEveryMs`): a read costs a request per list page, a page per 1,000 jobs each
 *   endpoint lists (what grows with the org, and the bulk of a big org's requests), so a big org's
 *   interval (shown or hidden) stretches until its list pages take at most `maxSharePerHourPercent` of
 *   the org's daily allocation (`Sforce-Limit-Info`'s max) an hour; the view says so ("refreshed every
 *   4 min: 44 pages a read"). The few details and names a read asks besides (of newly finished jobs: what
 *   telling a failure needs) do not hold a read back; while the budget holds a shown org back, the service
 *   reads no backlog of details on top (`orgJobsService.ts`).
 * - The allocation rules of the poller (`schedule/pollRules.ts`): above the slow threshold 4× slower,
 *   above the pause threshold one look per hour; quota errors hold the org (5 min doubling to 1 h),
 *   transient ones back off (30 s doubling to 15 min), a lost session stops until it comes back,
 *   an error asking again will not mend (no permission, …) stops until the next manual Refresh.
 */
import type { BulkErrorKind } from '../salesforce/errors';
import type { ApiUsage } from '../salesforce/types';
import {
  ERROR_BACKOFF, PAUSE_CHECK_MS, QUOTA_BACKOFF, SLOW_FACTOR, backoffMs, errorClass, usageLevel,
  type PollStatus, type UsageThresholds,
} from '../schedule/pollRules';
import { formatCount, formatDuration, type Translate } from '../job/format';
import { pollText } from '../schedule/pollText';

/** How much later than the lease holder a window showing the org reads it itself when no window did. */
export const SHOWN_GRACE_MS = 15_000;

/** How long without focus in any window stops automatic refreshes. */
export const UNFOCUSED_AFTER_MS = 60 * 60_000;

export interface WatchInputs {
  now: number;
  watched: boolean;
  /** The view is visible in this window and shows the org. */
  visible: boolean;
  /** `bulkJobs.orgJobs.notifications`. */
  notifications: boolean;
  /** This window holds the org's lease: of its refreshes while shown when `visible`, else of its background checks. */
  leaseHere: boolean;
  /** This window's last read of the org (ms), if any. */
  lastReadHere?: number;
  /** The last refresh of the org by any window (shared), if any. */
  lastRefreshAnywhere?: number;
  /** When a VS Code window (any) was last focused (shared); undefined: never seen. */
  lastFocusAnywhere?: number;
  /** `bulkJobs.orgJobs.checkWhileUnfocused`. */
  checkWhileUnfocused: boolean;
  usage?: ApiUsage;
  thresholds: UsageThresholds;
  /** The errors in a row of this org's refreshes, the last one's kind and time. */
  errors?: { count: number; kind: BulkErrorKind; at: number };
  /** `refreshSeconds` and `backgroundMinutes`, in ms. */
  refreshMs: number;
  backgroundMs: number;
  /** The list pages the org's last read took; undefined: not known yet (no stretch). */
  pagesPerRead?: number;
  /** `bulkJobs.orgJobs.maxSharePerHourPercent` (1: 1 % of the daily allocation an hour). */
  maxSharePerHourPercent: number;
  /** 0..1 for the backoff's jitter (0.5: none). */
  random: number;
}

export type WatchStatus = PollStatus | { kind: 'unfocused' } | { kind: 'stopped' } | { kind: 'budget'; everyMs: number; pages: number };

const HOUR_MS = 60 * 60_000;

/**
 * The shortest interval between two reads of `requests` requests (list pages) that keeps an hour of them
 * within `sharePercent` of the daily allocation `usage.max`; undefined when either is unknown.
 */
export function budgetEveryMs(requests: number | undefined, usage: ApiUsage | undefined, sharePercent: number): number | undefined {
  if (requests === undefined || requests <= 0 || usage === undefined || usage.max <= 0 || sharePercent <= 0) {
    return undefined;
  }
  return Math.ceil((requests / ((usage.max * sharePercent) / 100)) * HOUR_MS);
}

export interface WatchPlan {
  /** When to refresh next (may be ≤ now: due); undefined: not automatically. */
  at?: number;
  status: WatchStatus;
}

const NOT_AUTOMATIC: WatchPlan = { status: { kind: 'normal' } };

export function watchPlan(i: WatchInputs): WatchPlan {
  if (!i.watched || (!i.visible && !(i.leaseHere && i.notifications))) {
    return NOT_AUTOMATIC;
  }
  if (!i.checkWhileUnfocused && (i.lastFocusAnywhere === undefined || i.now - i.lastFocusAnywhere >= UNFOCUSED_AFTER_MS)) {
    return { status: { kind: 'unfocused' } };
  }
  const last = Math.max(i.lastRefreshAnywhere ?? -Infinity, i.lastReadHere ?? -Infinity);
  const from = Number.isFinite(last) ? last : undefined;
  const usual = i.visible ? i.refreshMs : i.backgroundMs;
  const budget = budgetEveryMs(i.pagesPerRead, i.usage, i.maxSharePerHourPercent);
  const stretched = budget !== undefined && budget > usual;
  const base = stretched ? budget : usual;
  const every = base + (i.visible && !i.leaseHere ? SHOWN_GRACE_MS : 0);
  let plan: WatchPlan;
  switch (usageLevel(i.usage, i.thresholds)) {
    case 'pause': {
      const at = (from ?? i.now) + PAUSE_CHECK_MS;
      plan = { at, status: { kind: 'usagePaused', usage: i.usage as ApiUsage, checkAt: at } };
      break;
    }
    case 'slow':
      plan = { at: from === undefined ? i.now : from + every * SLOW_FACTOR, status: { kind: 'slowed', usage: i.usage as ApiUsage } };
      break;
    default:
      plan = { at: from === undefined ? i.now : from + every, status: stretched ? { kind: 'budget', everyMs: base, pages: i.pagesPerRead ?? 0 } : { kind: 'normal' } };
  }
  return i.errors === undefined ? plan : afterError(plan, i.errors, i.random);
}

function afterError(plan: WatchPlan, errors: NonNullable<WatchInputs['errors']>, random: number): WatchPlan {
  const cls = errorClass(errors.kind);
  if (cls === 'session') {
    return { status: { kind: 'signedOut' } };
  }
  if (cls === 'stop') {
    return { status: { kind: 'stopped' } };
  }
  if (cls === 'ignore') {
    return plan;
  }
  const retryAt = errors.at + backoffMs(cls === 'quota' ? QUOTA_BACKOFF : ERROR_BACKOFF, errors.count, random);
  // A quota error holds the org even past the usual pace; a transient one never makes it faster.
  const at = cls === 'quota' ? retryAt : Math.max(retryAt, plan.at ?? retryAt);
  return { at, status: { kind: 'retrying', error: errors.kind, at } };
}

/** The view's `notice` for a plan: undefined while the list is refreshed at the usual pace (or is not watched). */
export function watchNotice(status: WatchStatus, now: number, t: Translate, locale?: string): string | undefined {
  switch (status.kind) {
    case 'unfocused':
      return t('not refreshed while no VS Code window is focused');
    case 'stopped':
      return t('not refreshed automatically until Refresh');
    case 'budget':
      return t('refreshed every {0}: {1} pages a read', formatDuration(status.everyMs, { coarse: true, locale }), formatCount(status.pages, locale));
    default:
      return pollText(status, now, t, locale)?.text;
  }
}
