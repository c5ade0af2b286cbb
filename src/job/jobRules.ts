/**
 * What may be done with a job, decided in one place for the Jobs view's menus, the details panel's
 * buttons, the status bar, the poller and the job pickers. Pure: no vscode.
 *
 * - done: the derived progress says so when it is known, else the job's state is final. A 1.0 job
 *   is `Closed` both while its batches run and once they have all finished: only the progress
 *   (counted from its batches) tells the two apart.
 * - closable: the job is `Open` and not a query (1.0 Close, 2.0 ingest UploadComplete).
 * - abortable: not done, and the state is not final.
 * - running: progress known, not done, and past `Open` (queued or processing).
 */
import type { BulkBatch, BulkJob, DerivedStatus, JobProgress } from '../salesforce/types';
import { stateLabel } from './jobStatus';

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

/** Queued or processing: counted as running in the status bar and the Jobs view's org rows. */
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
 * results can be downloaded, `hasFailures`), in that order: the Jobs view's and the Org Jobs view's
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

/** The actions the details panel offers (the Jobs view's `closable` / `abortable` menu tokens). */
export function allowedActions(facts: JobFacts): { close: boolean; abort: boolean } {
  return { close: canClose(facts), abort: canAbort(facts) };
}

/**
 * An Open job waiting for data: 1.0 with no batch queued or in progress, or a 2.0 ingest job not yet
 * marked upload complete. Returns its counters as text (when they change, the job is not idle), else
 * undefined. The poller polls such a job rarely after a while (`schedule/pollRules.ts`).
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

// ---------------------------------------------------------------------------------------------
// Derived status

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function plural(n: number, one: string, many: string): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

/**
 * What a job's state means. 1.0: `Closed` is running while batches are queued or in progress
 * (counted from `batches` when given, else from the job's counters), then completed — with
 * failures when records or batches failed, failed when every batch failed. 2.0: Open → open,
 * UploadComplete → queued, InProgress → running, JobComplete → completed(WithFailures).
 */
export function deriveProgress(job: BulkJob, batches?: readonly BulkBatch[]): JobProgress {
  const recordsProcessed = job.numberRecordsProcessed ?? sum(batches, (b) => b.numberRecordsProcessed);
  const recordsFailed = job.numberRecordsFailed ?? sum(batches, (b) => b.numberRecordsFailed);
  return job.flavour === '1.0'
    ? deriveClassic(job, batches, recordsProcessed, recordsFailed)
    : deriveV2(job, recordsProcessed, recordsFailed);
}

function sum(batches: readonly BulkBatch[] | undefined, pick: (b: BulkBatch) => number | undefined): number {
  return (batches ?? []).reduce((acc, b) => acc + (pick(b) ?? 0), 0);
}

function deriveClassic(job: BulkJob, batches: readonly BulkBatch[] | undefined, recordsProcessed: number, recordsFailed: number): JobProgress {
  const count = (state: string): number => (batches ?? []).filter((b) => b.state === state).length;
  const queued = batches ? count('Queued') : (job.numberBatchesQueued ?? 0);
  const inProgress = batches ? count('InProgress') : (job.numberBatchesInProgress ?? 0);
  const completed = batches ? count('Completed') : (job.numberBatchesCompleted ?? 0);
  const failed = batches ? count('Failed') : (job.numberBatchesFailed ?? 0);
  const notProcessed = batches ? count('NotProcessed') : 0;
  const total = batches ? batches.length : (job.numberBatchesTotal ?? queued + inProgress + completed + failed);
  const batchesDone = completed + failed + notProcessed;
  const failedText = recordsFailed > 0 ? ` · ${fmt(recordsFailed)} failed` : '';
  const base = { batchesDone, batchesTotal: total, recordsProcessed, recordsFailed };
  const result = (status: DerivedStatus, done: boolean, summary: string): JobProgress => ({ status, done, summary, ...base });

  switch (job.state) {
    case 'Aborted':
      return result('aborted', true, `Aborted · ${fmt(batchesDone)}/${plural(total, 'batch', 'batches')} done${failedText}`);
    case 'Failed':
      return result('failed', true, `Failed${failedText}`);
    case 'Open':
      return result('open', false, `Open · ${plural(total, 'batch', 'batches')}${failedText}`);
    case 'Closed': {
      const running = queued + inProgress;
      if (running > 0) {
        return result('running', false, `Closed · ${plural(running, 'batch', 'batches')} still running${failedText}`);
      }
      const batchesText = ` · ${fmt(completed)}/${plural(total, 'batch', 'batches')}`;
      if (total > 0 && failed === total) {
        return result('failed', true, `Failed${batchesText}${failedText}`);
      }
      const status: DerivedStatus = recordsFailed > 0 || failed > 0 ? 'completedWithFailures' : 'completed';
      return result(status, true, `Completed${batchesText}${failedText}`);
    }
    default:
      return result('running', false, job.state);
  }
}

function deriveV2(job: BulkJob, recordsProcessed: number, recordsFailed: number): JobProgress {
  const failedText = recordsFailed > 0 ? ` · ${fmt(recordsFailed)} failed` : '';
  const processedText = ` · ${plural(recordsProcessed, 'record', 'records')}`;
  const result = (status: DerivedStatus, done: boolean, summary: string): JobProgress => ({ status, done, summary, recordsProcessed, recordsFailed });
  const label = stateLabel(job.state, (message) => message);
  switch (job.state) {
    case 'Open':
      return result('open', false, 'Open · waiting for data');
    case 'UploadComplete':
      return result('queued', false, `${label} · queued`);
    case 'InProgress':
      return result('running', false, `${label}${processedText}${failedText}`);
    case 'JobComplete':
      return result(recordsFailed > 0 ? 'completedWithFailures' : 'completed', true, `${label}${processedText}${failedText}`);
    case 'Failed':
      return result('failed', true, `Failed${processedText}${failedText}`);
    case 'Aborted':
      return result('aborted', true, `Aborted${processedText}${failedText}`);
    default:
      return result('running', false, label);
  }
}
