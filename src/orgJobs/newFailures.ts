/**
 * What is new between two lists of an org's jobs, for notifications, and how several are told at once.
 *
 * An event is a job that was not in that condition before and is now:
 * - `failed`: Failed (1.0 or 2.0);
 * - `aborted`: Aborted, and not by this person (`abortedHere`);
 * - `failedRecords`: completed with failed records;
 * - `completed`: completed without any (only told when that event is switched on).
 * A job new to the list that is already in such a state counts too (once: the next diff sees it as
 * before). A job that did not move (same state and `systemModstamp`) is not news, even when its
 * details, read on a later refresh, now show failed records. The first list of an org is the
 * baseline (`previous` undefined): nothing is new in it, or a week of failures would notify at once.
 * Tracked jobs are left out: they notify as they always did.
 */
import { deriveProgress } from '../job/jobRules';
import type { BulkJob, DerivedStatus } from '../salesforce/types';
import { formatCount, formatDuration, type Translate } from '../job/format';
import { jobLabel } from '../job/format';
import { sameId } from '../salesforce/ids';

export type OrgJobEventKind = 'failed' | 'aborted' | 'failedRecords' | 'completed';

export interface OrgJobEvent {
  kind: OrgJobEventKind;
  job: BulkJob;
}

function eventKindOf(status: DerivedStatus): OrgJobEventKind | undefined {
  switch (status) {
    case 'failed': return 'failed';
    case 'aborted': return 'aborted';
    case 'completedWithFailures': return 'failedRecords';
    case 'completed': return 'completed';
    default: return undefined;
  }
}

export interface DiffOptions {
  isTracked(jobId: string): boolean;
  /** Jobs this person aborted (from this extension): not news to them. */
  abortedHere?: ReadonlySet<string>;
}

/** The events of `current` against `previous` (the last list, by id); none for a baseline. */
export function newEvents(previous: ReadonlyMap<string, BulkJob> | undefined, current: Iterable<BulkJob>, options: DiffOptions): OrgJobEvent[] {
  if (previous === undefined) {
    return [];
  }
  const events: OrgJobEvent[] = [];
  for (const job of current) {
    const kind = eventKindOf(deriveProgress(job).status);
    if (kind === undefined || options.isTracked(job.id) || (kind === 'aborted' && options.abortedHere?.has(job.id) === true)) {
      continue;
    }
    const before = previous.get(job.id);
    if (before !== undefined && unmoved(before, job)) {
      continue;
    }
    if (before === undefined || eventKindOf(deriveProgress(before).status) !== kind) {
      events.push({ kind, job });
    }
  }
  return events;
}

/**
 * The job did not move in the org since the last list (same state, same `systemModstamp`): what is new is
 * only what we know of it (its details, read later, show failed records), which is no news.
 */
function unmoved(before: BulkJob, job: BulkJob): boolean {
  return before.state === job.state && before.systemModstamp !== undefined && before.systemModstamp === job.systemModstamp;
}

export interface Mutes {
  /** Object API names, any case. */
  objects: ReadonlySet<string>;
  /** Submitters' 005 ids (15 or 18 characters). */
  users: ReadonlySet<string>;
}

export interface GroupOptions {
  /** Which events notify (the setting). */
  enabled: ReadonlySet<OrgJobEventKind>;
  mutes: Mutes;
  orgLabel: string;
  /** How long the events were gathered over (ms), for "in the last 5 minutes". */
  windowMs: number;
  t: Translate;
  locale?: string;
}

export interface OrgJobNotification {
  /** "3 Bulk jobs failed in acme-prod in the last 5 minutes" */
  message: string;
  /** Failures (failed, aborted, failed records) are one notification; completions another. */
  severity: 'error' | 'info';
  events: OrgJobEvent[];
}

export function isMuted(job: BulkJob, mutes: Mutes): boolean {
  const object = job.object?.toLowerCase();
  if (object !== undefined && [...mutes.objects].some((o) => o.toLowerCase() === object)) {
    return true;
  }
  return [...mutes.users].some((u) => sameId(u, job.createdById));
}

/** At most two notifications (failures, completions) for the events not muted nor switched off. */
export function groupNotifications(events: readonly OrgJobEvent[], options: GroupOptions): OrgJobNotification[] {
  const told = events.filter((e) => options.enabled.has(e.kind) && !isMuted(e.job, options.mutes));
  const failures = told.filter((e) => e.kind !== 'completed');
  const completions = told.filter((e) => e.kind === 'completed');
  const out: OrgJobNotification[] = [];
  if (failures.length > 0) {
    out.push({ message: failureMessage(failures, options), severity: 'error', events: failures });
  }
  if (completions.length > 0) {
    out.push({ message: completionMessage(completions, options), severity: 'info', events: completions });
  }
  return out;
}

function failureMessage(events: readonly OrgJobEvent[], options: GroupOptions): string {
  const { t, orgLabel } = options;
  if (events.length === 1) {
    const { kind, job } = events[0];
    const what = jobLabel(job, t);
    if (kind === 'aborted') {
      return t('The Bulk job {0} was aborted in {1}', what, orgLabel);
    }
    if (kind === 'failedRecords') {
      const n = job.numberRecordsFailed ?? 0;
      return n === 1
        ? t('The Bulk job {0} completed with 1 failed record in {1}', what, orgLabel)
        : t('The Bulk job {0} completed with {1} failed records in {2}', what, formatCount(n, options.locale), orgLabel);
    }
    return t('The Bulk job {0} failed in {1}', what, orgLabel);
  }
  return t('{0} Bulk jobs failed in {1} in the last {2}', formatCount(events.length, options.locale), orgLabel, formatDuration(options.windowMs, { coarse: true }));
}

function completionMessage(events: readonly OrgJobEvent[], options: GroupOptions): string {
  const { t, orgLabel } = options;
  if (events.length === 1) {
    return t('The Bulk job {0} completed in {1}', jobLabel(events[0].job, t), orgLabel);
  }
  return t('{0} Bulk jobs completed in {1} in the last {2}', formatCount(events.length, options.locale), orgLabel, formatDuration(options.windowMs, { coarse: true }));
}
