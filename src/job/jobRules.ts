/**
 * What may be done with a job, decided in one place for the explorer's menus, the details panel's
 * buttons, the status bar, the poller and the job pickers. Pure: no vscode.
 *
 * - done: the derived progress says so when it is known, else the job's state is final. A 1.0 job
 *   is `Closed` both while its batches run and once they have all finished: only the progress
 *   (counted from its batches) tells the two apart.
 * - closable: the job is `Open` and not a query (1.0 Close, 2.0 ingest UploadComplete).
 * - abortable: not done, and the state is not final.
 * - running: progress known, not done, and past `Open` (queued or processing).
 */
import type { BulkJob, JobProgress } from '../salesforce/types';

/** States after which Salesforce does nothing more with a job. */
export const FINAL_STATES: ReadonlySet<string> = new Set(['Aborted', 'Failed', 'JobComplete']);

/** What is known of a job: a store entry, a panel message, a hover's job all have this shape. */
export interface JobFacts {
  job?: BulkJob;
  progress?: JobProgress;
}

export function isFinalState(state: string): boolean {
  return FINAL_STATES.has(state);
}

/** Finished (completed, failed or aborted); a job nothing is known about is not. */
export function isDone({ job, progress }: JobFacts): boolean {
  if (progress) {
    return progress.done;
  }
  return job !== undefined && isFinalState(job.state);
}

/** Close (1.0) / mark the upload complete (2.0 ingest). */
export function canClose({ job }: JobFacts): boolean {
  return job !== undefined && job.state === 'Open' && job.kind !== 'query';
}

export function canAbort(facts: JobFacts): boolean {
  return facts.job !== undefined && !isDone(facts) && !isFinalState(facts.job.state);
}

/** Queued or processing: counted as running in the status bar and the explorer's org rows. */
export function isRunning(facts: JobFacts): boolean {
  return facts.progress !== undefined && !isDone(facts) && facts.progress.status !== 'open';
}

export function runningCount(jobs: Iterable<JobFacts>): number {
  let n = 0;
  for (const facts of jobs) {
    if (isRunning(facts)) {
      n++;
    }
  }
  return n;
}

/**
 * The menu tokens a job row carries for what may be done with it (`closable`, `abortable`, `done`:
 * results can be downloaded, `hasFailures`), in that order: the explorer's and the Org Jobs view's
 * context values (`viewItem =~ /token/` in package.json menus).
 */
export function actionTokens(facts: JobFacts): string[] {
  const tokens: string[] = [];
  if (facts.job !== undefined) {
    if (canClose(facts)) { tokens.push('closable'); }
    if (canAbort(facts)) { tokens.push('abortable'); }
    if (isDone(facts)) { tokens.push('done'); }
  }
  if ((facts.progress?.recordsFailed ?? 0) > 0) { tokens.push('hasFailures'); }
  return tokens;
}

/**
 * "Download Failed Records" is offered (the tracked job's finish notification, the Org Jobs
 * notifier): an ingest job (a query has no failed rows) with failed records, counted by the
 * progress when known (from the batches), else by the job's own counter.
 */
export function canDownloadFailedRecords({ job, progress }: JobFacts): boolean {
  return job?.kind !== 'query' && (progress?.recordsFailed ?? job?.numberRecordsFailed ?? 0) > 0;
}

/** The actions the details panel offers (the explorer's `closable` / `abortable` menu tokens). */
export function allowedActions(facts: JobFacts): { close: boolean; abort: boolean } {
  return { close: canClose(facts), abort: canAbort(facts) };
}

/**
 * An Open job waiting for data: 1.0 with no batch queued or in progress, or a 2.0 ingest job not yet
 * marked upload complete. Returns its counters as text (when they change, the job is not idle), else
 * undefined. The poller polls such a job rarely after a while (`jobs/pollRules.ts`).
 */
export function waitingMark({ job }: JobFacts): string | undefined {
  if (!job || job.state !== 'Open' || job.kind === 'query') {
    return undefined;
  }
  if (job.flavour === '1.0' && (job.numberBatchesQueued ?? 0) + (job.numberBatchesInProgress ?? 0) > 0) {
    return undefined;
  }
  return [job.numberBatchesTotal, job.numberBatchesCompleted, job.numberBatchesFailed, job.numberRecordsProcessed, job.numberRecordsFailed]
    .map((n) => n ?? '-').join('/');
}
