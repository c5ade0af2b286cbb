/**
 * The Org Jobs view's groups, from each job's derived progress (`deriveProgress`, the one owner of
 * what a state means):
 * - running: queued batches or records being processed (1.0 Closed with batches to go, 2.0 InProgress);
 * - failed: Failed, Aborted (the job did not do all its work), or completed with failed records;
 * - waiting: Open (waiting for data) or 2.0 UploadComplete not started yet (queued);
 * - completed: completed without a failed record.
 *
 * A list row carries no counters (the list endpoints send state and dates only), so a 1.0 `Closed`
 * or a 2.0 `JobComplete` row reads "completed" until its details (`getJob`) say otherwise: merge the
 * details into the row (`withDetails`) to see failed records.
 */
import { deriveProgress } from '../job/jobRules';
import type { BulkJob, DerivedStatus } from '../salesforce/types';

export type OrgJobGroup = 'running' | 'failed' | 'waiting' | 'completed';

export const GROUP_ORDER: readonly OrgJobGroup[] = ['running', 'failed', 'waiting', 'completed'];

export function groupOfStatus(status: DerivedStatus): OrgJobGroup {
  switch (status) {
    case 'running': return 'running';
    case 'failed':
    case 'aborted':
    case 'completedWithFailures': return 'failed';
    case 'open':
    case 'queued': return 'waiting';
    case 'completed': return 'completed';
  }
}

export function groupOf(job: BulkJob): OrgJobGroup {
  return groupOfStatus(deriveProgress(job).status);
}

export interface JobGroup {
  key: OrgJobGroup;
  count: number;
  /** In the order given (the lister's: newest first). */
  jobs: BulkJob[];
}

/** All four groups in `GROUP_ORDER`, empty ones included (their label says 0). */
export function groupJobs(jobs: Iterable<BulkJob>): JobGroup[] {
  const by = new Map<OrgJobGroup, BulkJob[]>(GROUP_ORDER.map((k) => [k, []]));
  for (const job of jobs) {
    (by.get(groupOf(job)) as BulkJob[]).push(job);
  }
  return GROUP_ORDER.map((key) => {
    const list = by.get(key) as BulkJob[];
    return { key, count: list.length, jobs: list };
  });
}

/** The list row with the counters of its details (a `getJob` answer) when they are as recent. */
export function withDetails(row: BulkJob, details: BulkJob | undefined): BulkJob {
  if (details === undefined || details.id !== row.id || (details.systemModstamp ?? '') < (row.systemModstamp ?? '')) {
    return row;
  }
  return { ...row, ...details, other: { ...row.other, ...details.other } };
}
