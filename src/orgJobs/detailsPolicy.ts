/**
 * Which jobs' details (`getJob`) a refresh asks for: list rows carry no record counters, so a job
 * that finished shows its failed records only once its details are merged (`withDetails`).
 *
 * - A job that is JobComplete or Closed and whose details are not known at its `systemModstamp`;
 * - and that newly reached that state since the previous list (or is new to it, already finished), or (`backlog`: while the list is on
 *   screen) moved in the last 24 hours (on the first list: the recent ones; on later lists: those a
 *   previous refresh had no room for). A background check only needs the new ones: they are what
 *   notifies; a busy org's day of completed jobs would otherwise cost 25 requests a check for hours;
 * - newest first (by `systemModstamp`), at most `DETAILS_PER_REFRESH` per refresh: the rest on the next ones.
 *
 * Apart from those, the news queue (`newsDetails`): every finished job that moved after the org's
 * `checkedThrough` (less the slack, `newFailures.ts`) and whose details are not known, oldest first,
 * `NEWS_DETAILS_PER_REFRESH` a refresh. A read that fails leaves the job in the queue (its details
 * still unknown), so it is asked again at the next refresh, in order, until it is read: its news is
 * never cut, only later.
 *
 * Pure: the caller keeps the details (by id) and hands them in.
 */
import type { BulkJob } from '../salesforce/types';
import { NEWS_SLACK_MS, movedAt as moved } from './newFailures';

export const DETAILS_PER_REFRESH = 25;
/** The news queue's pace: 30 jobs finishing between two checks are told together, a flood over several refreshes. */
export const NEWS_DETAILS_PER_REFRESH = 100;
export const RECENT_MS = 24 * 60 * 60_000;
const FINISHED = new Set(['JobComplete', 'Closed']);

/** Details unknown, or older than the row. */
function isStale(details: BulkJob | undefined, row: BulkJob): boolean {
  return details === undefined || (details.systemModstamp ?? '') < (row.systemModstamp ?? '');
}

export function detailsWanted(
  jobs: readonly BulkJob[],
  previous: ReadonlyMap<string, BulkJob> | undefined,
  known: ReadonlyMap<string, BulkJob>,
  now: number,
  options: { backlog: boolean; limit?: number } = { backlog: true },
): string[] {
  return jobs
    .filter((job) => FINISHED.has(job.state)
      && isStale(known.get(job.id), job)
      && ((previous !== undefined && !FINISHED.has(previous.get(job.id)?.state ?? '')) || (options.backlog && now - moved(job) < RECENT_MS)))
    .sort((a, b) => moved(b) - moved(a))
    .slice(0, options.limit ?? DETAILS_PER_REFRESH)
    .map((job) => job.id);
}

/** The news queue: finished jobs that moved after `checkedThrough` (less the slack) with details unknown, oldest first (all of them: the caller reads the first `NEWS_DETAILS_PER_REFRESH`). */
export function newsDetails(jobs: readonly BulkJob[], known: ReadonlyMap<string, BulkJob>, checkedThrough: number | undefined): BulkJob[] {
  if (checkedThrough === undefined) {
    return [];
  }
  return jobs
    .filter((job) => FINISHED.has(job.state) && moved(job) > checkedThrough - NEWS_SLACK_MS && isStale(known.get(job.id), job))
    .sort((a, b) => moved(a) - moved(b) || a.id.localeCompare(b.id));
}
