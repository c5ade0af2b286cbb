/**
 * Jobs as timelines. A stored job never holds a "current state": its state, counters and
 * `systemModstamp` are computed from the clock and a few instants (created, closed, batch start and
 * end, aborted …). Moving the clock moves every job deterministically; closing or aborting a job just
 * records another instant.
 */
import { DateValue, Fields, RawNumber } from './format';
import { FailureSet, RowSet, failedAmong } from './rows';
import type { Upload } from './upload';

/** Instants are emulator-clock ms; `Infinity` means "not (yet) scheduled". */
const NEVER = Infinity;

export type Job1State = 'Open' | 'Closed' | 'Aborted' | 'Failed';
export type Batch1State = 'Queued' | 'InProgress' | 'Completed' | 'Failed' | 'NotProcessed';
export type Job2State = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

export interface Batch1 {
  id: string;
  createdAt: number;
  startAt: number;
  endAt: number;
  /** What the batch ends as. */
  finalState: 'Completed' | 'Failed';
  stateMessage?: string;
  records: number;
  failed: number;
  /** Failed batches: how many records were processed before it failed. */
  processedOnFailure: number;
  /** Set when the job was aborted while this batch was still queued. */
  notProcessedAt?: number;
  /** Query batches: ids of the result sets. */
  resultIds: string[];
  /** Batches a client uploaded (upload.ts): results come from it, not from generated rows. */
  upload?: Upload;
}

export interface Job1 {
  flavour: '1.0';
  id: string;
  operation: string;
  object: string;
  createdById: string;
  createdAt: number;
  contentType: string;
  concurrencyMode: string;
  apiVersion: string;
  externalIdFieldName?: string;
  assignmentRuleId?: string;
  numberRetries: number;
  closedAt: number;
  abortedAt: number;
  failedAt: number;
  /** Query jobs: the SOQL. */
  query?: string;
  batches: Batch1[];
  /** Opt-in: the failures of generated rows (rows.ts `FailureSet`; default the classic set). */
  failureSet?: FailureSet;
}

export interface Job2 {
  flavour: '2.0';
  kind: 'ingest' | 'query';
  id: string;
  operation: string;
  object: string;
  createdById: string;
  createdAt: number;
  uploadCompleteAt: number;
  startAt: number;
  endAt: number;
  abortedAt: number;
  finalState: 'JobComplete' | 'Failed';
  errorMessage?: string;
  /** Ingest: rows uploaded (query: rows the query returns). */
  records: number;
  failed: number;
  /** Failed jobs: records processed before failing. */
  processedOnFailure: number;
  apiVersion: string;
  concurrencyMode: string;
  lineEnding: string;
  columnDelimiter: string;
  externalIdFieldName?: string;
  assignmentRuleId?: string;
  retries: number;
  /** How long processing takes once started (used when a client closes an Open job). */
  processingMs: number;
  query?: string;
  /** Query jobs: rows per `results` page when the client sends no `maxRecords` (default: all). */
  resultsPageSize?: number;
  /** Jobs a client created and uploaded to (upload.ts): results come from it, not from generated rows. */
  upload?: Upload;
  /** Opt-in: the failures of generated rows (rows.ts `FailureSet`; default the classic set). */
  failureSet?: FailureSet;
}

export type Job = Job1 | Job2;

/** Failed among the first `processed` rows: an upload's real failures, else the generated spread. */
export function failedSoFar(upload: Upload | undefined, rows: RowSet, processed: number): number {
  if (upload === undefined) {
    return failedAmong(rows, processed);
  }
  if (processed >= upload.count) {
    return upload.failures.size;
  }
  let n = 0;
  for (const i of upload.failures.keys()) {
    n += i < processed ? 1 : 0;
  }
  return n;
}

// ---------------------------------------------------------------- Bulk 1.0

export function job1State(job: Job1, t: number): Job1State {
  if (t >= job.abortedAt) {
    return 'Aborted';
  }
  if (t >= job.failedAt) {
    return 'Failed';
  }
  return t >= job.closedAt ? 'Closed' : 'Open';
}

export function visibleBatches(job: Job1, t: number): Batch1[] {
  return job.batches.filter((b) => b.createdAt <= t);
}

export function batchState(b: Batch1, t: number): Batch1State {
  if (b.notProcessedAt !== undefined && t >= b.notProcessedAt) {
    return 'NotProcessed';
  }
  if (t < b.startAt) {
    return 'Queued';
  }
  return t < b.endAt ? 'InProgress' : b.finalState;
}

/** Records are processed in chunks of 200 while a batch runs. */
export function batchProcessed(b: Batch1, t: number): number {
  const state = batchState(b, t);
  if (state === 'Queued' || state === 'NotProcessed') {
    return 0;
  }
  if (state === 'Completed') {
    return b.records;
  }
  if (state === 'Failed') {
    return b.processedOnFailure;
  }
  const frac = Number.isFinite(b.endAt) ? (t - b.startAt) / (b.endAt - b.startAt) : 0;
  return Math.min(b.records, Math.floor((b.records * frac) / 200) * 200);
}

export function batchRows(job: Job1, b: Batch1): RowSet {
  return { seed: b.id, object: job.object, operation: job.operation, count: b.records, failed: b.failed, externalIdFieldName: job.externalIdFieldName, failureSet: job.failureSet };
}

function processingTimes(ms: number): { total: number; api: number; apex: number } {
  const total = Math.max(0, Math.round(ms));
  return { total, api: Math.round(total * 0.82), apex: Math.round(total * 0.11) };
}

function batchProcessingMs(b: Batch1, t: number): number {
  const state = batchState(b, t);
  if (state === 'Queued' || state === 'NotProcessed') {
    return 0;
  }
  return Math.min(t, b.endAt) - b.startAt;
}

function latest(t: number, instants: number[]): number {
  let m = -NEVER;
  for (const x of instants) {
    if (x <= t && x > m) {
      m = x;
    }
  }
  return m;
}

export function batchModstamp(b: Batch1, t: number): number {
  return latest(t, [b.createdAt, b.startAt, b.endAt, b.notProcessedAt ?? NEVER]);
}

export function batchFields(job: Job1, b: Batch1, t: number): Fields {
  const state = batchState(b, t);
  const processed = batchProcessed(b, t);
  const times = processingTimes(batchProcessingMs(b, t));
  const fields: Fields = [
    ['id', b.id],
    ['jobId', job.id],
    ['state', state],
  ];
  if (state === 'Failed' && b.stateMessage) {
    fields.push(['stateMessage', b.stateMessage]);
  }
  fields.push(
    ['createdDate', new DateValue(b.createdAt)],
    ['systemModstamp', new DateValue(batchModstamp(b, t))],
    ['numberRecordsProcessed', processed],
    ['numberRecordsFailed', failedSoFar(b.upload, batchRows(job, b), processed)],
    ['totalProcessingTime', times.total],
    ['apiActiveProcessingTime', times.api],
    ['apexProcessingTime', times.apex],
  );
  return fields;
}

export interface Job1Counters {
  queued: number; inProgress: number; completed: number; failed: number; total: number;
  processed: number; recordsFailed: number; totalMs: number; apiMs: number; apexMs: number;
}

export function job1Counters(job: Job1, t: number): Job1Counters {
  const c: Job1Counters = { queued: 0, inProgress: 0, completed: 0, failed: 0, total: 0, processed: 0, recordsFailed: 0, totalMs: 0, apiMs: 0, apexMs: 0 };
  for (const b of visibleBatches(job, t)) {
    const state = batchState(b, t);
    c.total++;
    if (state === 'Queued') {
      c.queued++;
    } else if (state === 'InProgress') {
      c.inProgress++;
    } else if (state === 'Completed') {
      c.completed++;
    } else if (state === 'Failed') {
      c.failed++;
    }
    const processed = batchProcessed(b, t);
    c.processed += processed;
    c.recordsFailed += failedSoFar(b.upload, batchRows(job, b), processed);
    const times = processingTimes(batchProcessingMs(b, t));
    c.totalMs += times.total;
    c.apiMs += times.api;
    c.apexMs += times.apex;
  }
  return c;
}

export function job1Modstamp(job: Job1, t: number): number {
  const instants = [job.createdAt, job.closedAt, job.abortedAt, job.failedAt];
  for (const b of job.batches) {
    instants.push(batchModstamp(b, t));
  }
  return latest(t, instants);
}

/** `<jobInfo>` fields in the XSD's (and the seed page's) element order. */
export function job1Fields(job: Job1, t: number): Fields {
  const c = job1Counters(job, t);
  const fields: Fields = [
    ['id', job.id],
    ['operation', job.operation],
    ['object', job.object],
    ['createdById', job.createdById],
    ['createdDate', new DateValue(job.createdAt)],
    ['systemModstamp', new DateValue(job1Modstamp(job, t))],
    ['state', job1State(job, t)],
  ];
  if (job.externalIdFieldName) {
    fields.push(['externalIdFieldName', job.externalIdFieldName]);
  }
  fields.push(
    ['concurrencyMode', job.concurrencyMode],
    ['contentType', job.contentType],
    ['numberBatchesQueued', c.queued],
    ['numberBatchesInProgress', c.inProgress],
    ['numberBatchesCompleted', c.completed],
    ['numberBatchesFailed', c.failed],
    ['numberBatchesTotal', c.total],
    ['numberRecordsProcessed', c.processed],
    ['numberRetries', job.numberRetries],
    ['apiVersion', new RawNumber(job.apiVersion)],
  );
  if (job.assignmentRuleId) {
    fields.push(['assignmentRuleId', job.assignmentRuleId]);
  }
  fields.push(
    ['numberRecordsFailed', c.recordsFailed],
    ['totalProcessingTime', c.totalMs],
    ['apiActiveProcessingTime', c.apiMs],
    ['apexProcessingTime', c.apexMs],
  );
  return fields;
}

/** Close (`Closed`) or abort (`Aborted`) a 1.0 job at `t`; returns an error message when not allowed. */
export function changeJob1State(job: Job1, target: string, t: number): string | undefined {
  const current = job1State(job, t);
  if (target === 'Closed') {
    if (current !== 'Open') {
      return `Job ${job.id} is ${current}; only an Open job can be closed`;
    }
    job.closedAt = t;
    return undefined;
  }
  if (target === 'Aborted') {
    if (current !== 'Open' && current !== 'Closed') {
      return `Job ${job.id} is ${current}; only an Open or Closed job can be aborted`;
    }
    job.abortedAt = t;
    // Batches still queued are never processed; batches already running finish (an assumption).
    for (const b of job.batches) {
      if (b.startAt > t) {
        b.notProcessedAt = Math.max(t, b.createdAt);
        b.startAt = NEVER;
        b.endAt = NEVER;
      }
    }
    return undefined;
  }
  return `Invalid state: ${target}. A job can be set to Closed or Aborted`;
}

// ---------------------------------------------------------------- Bulk 2.0

export function job2State(job: Job2, t: number): Job2State {
  if (t >= job.abortedAt) {
    return 'Aborted';
  }
  if (t < job.uploadCompleteAt) {
    return 'Open';
  }
  if (t < job.startAt) {
    return 'UploadComplete';
  }
  return t < job.endAt ? 'InProgress' : job.finalState;
}

export function job2Processed(job: Job2, t: number): number {
  const end = Math.min(t, job.abortedAt);
  if (end < job.startAt) {
    return 0;
  }
  if (end >= job.endAt) {
    return job.finalState === 'Failed' ? job.processedOnFailure : job.records;
  }
  const frac = Number.isFinite(job.endAt) ? (end - job.startAt) / (job.endAt - job.startAt) : 0;
  return Math.min(job.records, Math.floor((job.records * frac) / 200) * 200);
}

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t', CARET: '^', BACKQUOTE: '`' };

export function job2Rows(job: Job2): RowSet {
  return {
    seed: job.id, object: job.object, operation: job.operation, count: job.records, failed: job.failed, externalIdFieldName: job.externalIdFieldName,
    delimiter: DELIMITERS[job.columnDelimiter] ?? ',', failureSet: job.failureSet,
  };
}

export function job2Modstamp(job: Job2, t: number): number {
  return latest(t, [job.createdAt, job.uploadCompleteAt, job.startAt, job.endAt, job.abortedAt]);
}

export function jobType2(job: Job2): string {
  return job.kind === 'query' ? 'V2Query' : 'V2Ingest';
}

/** Bulk 2.0 job info, fields in Salesforce's order. */
export function job2Fields(job: Job2, t: number): Fields {
  const state = job2State(job, t);
  const processed = job2Processed(job, t);
  const end = Math.min(t, job.abortedAt, job.endAt);
  const times = processingTimes(end > job.startAt ? end - job.startAt : 0);
  const fields: Fields = [
    ['id', job.id],
    ['operation', job.operation],
    ['object', job.object],
    ['createdById', job.createdById],
    ['createdDate', new DateValue(job.createdAt)],
    ['systemModstamp', new DateValue(job2Modstamp(job, t))],
    ['state', state],
  ];
  if (job.kind === 'ingest' && job.externalIdFieldName) {
    fields.push(['externalIdFieldName', job.externalIdFieldName]);
  }
  fields.push(
    ['concurrencyMode', job.concurrencyMode],
    ['contentType', 'CSV'],
    ['apiVersion', new RawNumber(job.apiVersion)],
    ['jobType', jobType2(job)],
  );
  if (job.kind === 'ingest') {
    fields.push(['contentUrl', `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`]);
  }
  fields.push(
    ['lineEnding', job.lineEnding],
    ['columnDelimiter', job.columnDelimiter],
  );
  if (job.kind === 'ingest') {
    if (job.assignmentRuleId) {
      fields.push(['assignmentRuleId', job.assignmentRuleId]);
    }
    fields.push(
      ['numberRecordsProcessed', processed],
      ['numberRecordsFailed', failedSoFar(job.upload, job2Rows(job), processed)],
      ['retries', job.retries],
      ['totalProcessingTime', times.total],
      ['apiActiveProcessingTime', times.api],
      ['apexProcessingTime', times.apex],
    );
    if (state === 'Failed' && job.errorMessage) {
      fields.push(['errorMessage', job.errorMessage]);
    }
  } else {
    fields.push(
      ['numberRecordsProcessed', processed],
      ['retries', job.retries],
      ['totalProcessingTime', times.total],
      ['isPkChunkingSupported', true],
    );
    if (state === 'Failed' && job.errorMessage) {
      fields.push(['errorMessage', job.errorMessage]);
    }
  }
  return fields;
}

/** PATCH a 2.0 job's state at `t`; returns an error message when not allowed. */
export function changeJob2State(job: Job2, target: string, t: number): string | undefined {
  const current = job2State(job, t);
  if (target === 'UploadComplete' && job.kind === 'ingest') {
    if (current !== 'Open') {
      return `Unable to complete the requested change because the job is in state ${current}`;
    }
    job.uploadCompleteAt = t;
    job.startAt = t + 5_000;
    job.endAt = job.startAt + job.processingMs;
    return undefined;
  }
  if (target === 'Aborted') {
    const allowed: Job2State[] = job.kind === 'ingest' ? ['Open', 'UploadComplete', 'InProgress'] : ['UploadComplete', 'InProgress'];
    if (!allowed.includes(current)) {
      return `Unable to complete the requested change because the job is in state ${current}`;
    }
    job.abortedAt = t;
    return undefined;
  }
  return `Invalid state ${target} for a ${job.kind} job`;
}

/** One row of the `jobs/ingest` / `jobs/query` listings. */
export function listRecordFields(job: Job, t: number): Fields {
  const v1 = job.flavour === '1.0';
  const fields: Fields = [
    ['id', job.id],
    ['operation', job.operation],
    ['object', job.object],
    ['createdById', job.createdById],
    ['createdDate', new DateValue(job.createdAt)],
    ['systemModstamp', new DateValue(v1 ? job1Modstamp(job, t) : job2Modstamp(job, t))],
    ['state', v1 ? job1State(job, t) : job2State(job, t)],
    ['concurrencyMode', job.concurrencyMode],
    ['contentType', v1 ? job.contentType : 'CSV'],
    ['apiVersion', new RawNumber(job.apiVersion)],
    ['jobType', v1 ? 'Classic' : jobType2(job)],
  ];
  return v1 ? fields : [...fields, ['lineEnding', job.lineEnding], ['columnDelimiter', job.columnDelimiter]];
}
