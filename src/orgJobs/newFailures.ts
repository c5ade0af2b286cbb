/**
 * What is news in an org's list, for notifications, and how several are told at once.
 *
 * News is defined by time, not by "did it move since the list this window saw": a job that finished
 * after the point every window agrees was checked (`checkedThrough`: the org's own time, the newest
 * `systemModstamp` of a list whose news was all read; shared, `sharedOrgState.ts`), in one of:
 * - `failed`: Failed (1.0 or 2.0);
 * - `aborted`: Aborted, and not by this person (`abortedHere`);
 * - `failedRecords`: completed with failed records (its details read: a finished job whose details
 *   are not read yet is `pending`, not news yet, and holds `checkedThrough` back until they are);
 * - `completed`: completed without any (only told when that event is switched on).
 * Jobs that finished up to `NEWS_SLACK_MS` before that point are looked at again (the two list
 * endpoints are read one after the other); the told-jobs claims (`SharedOrgState.claim`) make each
 * told once. Without a `checkedThrough` (an org never checked) the list is the baseline: nothing is new,
 * or a week of failures would notify at once. Tracked jobs are left out: they notify as they always did.
 * The org's clock only: no window's clock decides what is news.
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

/** How far before `checkedThrough` finished jobs are looked at again (a job read in one endpoint after the other's newer ones). */
export const NEWS_SLACK_MS = 10 * 60_000;

/** When the job last moved in the org (its `systemModstamp`, else its creation), ms of the org's clock; 0 when unknown. */
export function movedAt(job: BulkJob): number {
  return Date.parse(job.systemModstamp ?? job.createdDate ?? '') || 0;
}

/** The job's news kind, if it is in such a state. */
export function newsKind(job: BulkJob): OrgJobEventKind | undefined {
  return eventKindOf(deriveProgress(job).status);
}

/**
 * The news in `jobs` (details merged) since `checkedThrough`: finished jobs that moved after it (less
 * `NEWS_SLACK_MS`), not `pending` (details unread), not tracked, not aborted here. None for a baseline.
 */
export function newsSince(
  jobs: Iterable<BulkJob>,
  checkedThrough: number | undefined,
  options: DiffOptions & { pending?: ReadonlySet<string> },
): OrgJobEvent[] {
  if (checkedThrough === undefined) {
    return [];
  }
  const events: OrgJobEvent[] = [];
  for (const job of jobs) {
    const kind = newsKind(job);
    if (kind === undefined || movedAt(job) <= checkedThrough - NEWS_SLACK_MS || options.pending?.has(job.id) === true
      || options.isTracked(job.id) || (kind === 'aborted' && options.abortedHere?.has(job.id) === true)) {
      continue;
    }
    events.push({ kind, job });
  }
  return events;
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
