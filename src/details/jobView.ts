/**
 * The details panel's view model: a job (with its batches and progress) turned into what a person
 * reads, grouped the way they read it. Pure (no vscode, no DOM) so that it is unit-tested in plain
 * Node and bundled into the webview, which only renders it.
 *
 * Every field of the job lands in exactly one row — known fields in their group, anything else
 * (including `job.other`) in "Other" — so nothing the API sent is ever dropped.
 */
import type { BulkBatch, BulkJob, FieldValue, JobProgress } from '../salesforce/types';
import { DateText, Translate, creatorText, formatCount, formatDate, formatDuration, panelTitle, statusText } from '../job/format';
import { allowedActions, isDone } from '../job/jobRules';
import { type Tone, batchTone, toneOf } from '../job/jobStatus';
import { createdOrder } from './timeline';

export type GroupKey = 'status' | 'what' | 'when' | 'processing' | 'retries' | 'other';

export interface FieldRow {
  /** The job field (`object`), `other.<name>` for `job.other`, or `~<name>` for a derived row. */
  key: string;
  label: string;
  value: string;
  /** Tooltip: the exact UTC value of a date, the raw milliseconds of a duration. */
  title?: string;
  /** Set on ids: what a Copy button copies. */
  copy?: string;
  /** Shown in the error colour (records failed, an error message). */
  error?: boolean;
}

export interface FieldGroup {
  key: GroupKey;
  title: string;
  rows: FieldRow[];
}

export interface ProgressView {
  key: 'batches' | 'records';
  label: string;
  value: number;
  max: number;
  /** What a screen reader says and what is printed next to the bar. */
  text: string;
  /** Part of `max` that failed (records failed, batches failed): drawn in the error colour. */
  failed: number;
}

export interface BatchRowView {
  /** The batch id: the DOM key of its row. */
  key: string;
  id: string;
  state: string;
  tone: Tone;
  stateMessage: string;
  processed: string;
  failed: string;
  hasFailures: boolean;
  created?: DateText;
  modified?: DateText;
}

export interface JobView {
  /** Panel title: "Account · insert · …Ab3xYz". */
  title: string;
  jobId: string;
  state: string;
  tone: Tone;
  /** "Closed · 2 batches still running". */
  statusText: string;
  done: boolean;
  progress: ProgressView[];
  groups: FieldGroup[];
  /**
   * 1.0 only (undefined when the job has no batch list), failures first. The rows' words are made
   * with `batchRow` for the rows on screen only: a job has up to 10,000 batches.
   */
  batches?: readonly BulkBatch[];
  actions: { close: boolean; abort: boolean };
}

export interface ViewOptions {
  t: Translate;
  /** "Now" in ms since epoch: durations such as "running for 3 min". */
  now: number;
  locale?: string;
  /** The name of the job's creator, when known (`salesforce/org/userNames.ts`): "Ada Lovelace (005…)". */
  createdByName?: string;
}

/** Which group each known field belongs to, in reading order. Anything not here goes to "Other". */
const GROUPS: ReadonlyArray<[GroupKey, ReadonlyArray<keyof BulkJob>]> = [
  ['status', ['state', 'errorMessage', 'numberRecordsProcessed', 'numberRecordsFailed', 'numberBatchesTotal',
    'numberBatchesCompleted', 'numberBatchesFailed', 'numberBatchesInProgress', 'numberBatchesQueued']],
  ['what', ['object', 'operation', 'externalIdFieldName', 'contentType', 'columnDelimiter', 'lineEnding',
    'concurrencyMode', 'apiVersion', 'flavour', 'kind', 'jobType', 'id', 'assignmentRuleId', 'fastPathEnabled',
    'isPkChunkingSupported', 'contentUrl']],
  ['when', ['createdById', 'createdDate', 'systemModstamp']],
  ['processing', ['totalProcessingTime', 'apiActiveProcessingTime', 'apexProcessingTime']],
  ['retries', ['numberRetries']],
];

const ID_FIELDS: ReadonlySet<string> = new Set(['id', 'createdById', 'assignmentRuleId']);
const DATE_FIELDS: ReadonlySet<string> = new Set(['createdDate', 'systemModstamp']);
const DURATION_FIELDS: ReadonlySet<string> = new Set(['totalProcessingTime', 'apiActiveProcessingTime', 'apexProcessingTime']);
const ERROR_WHEN_POSITIVE: ReadonlySet<string> = new Set(['numberRecordsFailed', 'numberBatchesFailed']);

function groupTitle(key: GroupKey, t: Translate): string {
  switch (key) {
    case 'status': return t('Status');
    case 'what': return t('What');
    case 'when': return t('Who and when');
    case 'processing': return t('Processing time');
    case 'retries': return t('Retries');
    case 'other': return t('Other');
  }
}

function fieldLabel(key: string, t: Translate): string {
  switch (key) {
    case 'state': return t('State');
    case 'errorMessage': return t('Error message');
    case 'numberRecordsProcessed': return t('Records processed');
    case 'numberRecordsFailed': return t('Records failed');
    case 'numberBatchesTotal': return t('Batches total');
    case 'numberBatchesCompleted': return t('Batches completed');
    case 'numberBatchesFailed': return t('Batches failed');
    case 'numberBatchesInProgress': return t('Batches in progress');
    case 'numberBatchesQueued': return t('Batches queued');
    case 'object': return t('Object');
    case 'operation': return t('Operation');
    case 'externalIdFieldName': return t('External id field');
    case 'contentType': return t('Content type');
    case 'columnDelimiter': return t('Column delimiter');
    case 'lineEnding': return t('Line ending');
    case 'concurrencyMode': return t('Concurrency mode');
    case 'apiVersion': return t('API version');
    case 'flavour': return t('Bulk API');
    case 'kind': return t('Endpoint');
    case 'jobType': return t('Job type');
    case 'id': return t('Job id');
    case 'assignmentRuleId': return t('Assignment rule id');
    case 'fastPathEnabled': return t('Fast path enabled');
    case 'isPkChunkingSupported': return t('PK chunking supported');
    case 'contentUrl': return t('Content URL');
    case 'createdById': return t('Created by');
    case 'createdDate': return t('Created');
    case 'systemModstamp': return t('Last modified');
    case 'totalProcessingTime': return t('Total processing time');
    case 'apiActiveProcessingTime': return t('API active processing time');
    case 'apexProcessingTime': return t('Apex processing time');
    case 'numberRetries': return t('Retries');
    default: return key;
  }
}

function scalarText(value: unknown, options: ViewOptions): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (typeof value === 'boolean') {
    return value ? options.t('Yes') : options.t('No');
  }
  if (typeof value === 'number') {
    return formatCount(value, options.locale);
  }
  if (typeof value === 'string') {
    return value;
  }
  // Not a scalar (a newer API could send one): show it, never drop it.
  return JSON.stringify(value);
}

function knownRow(key: string, value: unknown, options: ViewOptions): FieldRow {
  const { t } = options;
  const row: FieldRow = { key, label: fieldLabel(key, t), value: scalarText(value, options) };
  if (ID_FIELDS.has(key) && typeof value === 'string' && value !== '') {
    row.copy = value; // the id, also when a name is shown
    if (key === 'createdById') {
      row.value = creatorText(value, options.createdByName);
    }
  } else if (DATE_FIELDS.has(key) && typeof value === 'string') {
    const date = formatDate(value, options.locale);
    row.value = date.text;
    row.title = date.title;
  } else if (DURATION_FIELDS.has(key) && typeof value === 'number') {
    row.value = formatDuration(value, { locale: options.locale });
    row.title = t('{0} ms', formatCount(value, options.locale));
  } else if (key === 'flavour' && typeof value === 'string') {
    row.value = `Bulk API ${value}`;
  } else if (key === 'kind') {
    row.value = value === 'classic' ? t('Classic (1.0)') : value === 'ingest' ? t('Ingest (2.0)') : value === 'query' ? t('Query (2.0)') : row.value;
  }
  if ((ERROR_WHEN_POSITIVE.has(key) && typeof value === 'number' && value > 0) || (key === 'errorMessage' && value)) {
    row.error = true;
  }
  return row;
}

function otherRow(key: string, value: FieldValue, options: ViewOptions): FieldRow {
  return { key: `other.${key}`, label: key, value: scalarText(value, options) };
}

function progressBars(job: BulkJob, progress: JobProgress | undefined, options: ViewOptions): ProgressView[] {
  const { t, locale } = options;
  const bars: ProgressView[] = [];
  if (progress?.batchesTotal !== undefined && progress.batchesTotal > 0) {
    const done = Math.min(progress.batchesDone ?? 0, progress.batchesTotal);
    bars.push({
      key: 'batches',
      label: t('Batches'),
      value: done,
      max: progress.batchesTotal,
      failed: Math.min(job.numberBatchesFailed ?? 0, progress.batchesTotal),
      text: t('{0} of {1} batches done', formatCount(done, locale), formatCount(progress.batchesTotal, locale)),
    });
  }
  const processed = progress?.recordsProcessed ?? job.numberRecordsProcessed;
  if (processed !== undefined) {
    const failed = Math.min(progress?.recordsFailed ?? job.numberRecordsFailed ?? 0, processed);
    bars.push({
      key: 'records',
      label: t('Records'),
      value: processed - failed,
      max: processed,
      failed,
      text: t('{0} processed · {1} succeeded · {2} failed', formatCount(processed, locale),
        formatCount(processed - failed, locale), formatCount(failed, locale)),
    });
  }
  return bars;
}

function durationRow(job: BulkJob, done: boolean, options: ViewOptions): FieldRow | undefined {
  const created = job.createdDate ? Date.parse(job.createdDate) : NaN;
  if (Number.isNaN(created)) {
    return undefined;
  }
  const { t } = options;
  if (done) {
    const end = job.systemModstamp ? Date.parse(job.systemModstamp) : NaN;
    if (Number.isNaN(end)) {
      return undefined;
    }
    return { key: '~duration', label: t('Duration'), value: t('took {0}', formatDuration(end - created, { coarse: end - created >= 60_000 })) };
  }
  return { key: '~duration', label: t('Duration'), value: t('running for {0}', formatDuration(options.now - created, { coarse: true })) };
}

/** Failures first (failed batches, then batches with failed records), then by creation, then id. */
export function sortBatches(batches: readonly BulkBatch[]): BulkBatch[] {
  // Three runs of the batches in created order (no sort at all when the API listed them in that order,
  // as it does): thousands of batches per update.
  const failed: BulkBatch[] = [];
  const withFailures: BulkBatch[] = [];
  const rest: BulkBatch[] = [];
  for (const b of createdOrder(batches)) {
    (b.state === 'Failed' ? failed : (b.numberRecordsFailed ?? 0) > 0 ? withFailures : rest).push(b);
  }
  return failed.concat(withFailures, rest);
}

/** One row of the batches table, in words. */
export function batchRow(batch: BulkBatch, options: ViewOptions): BatchRowView {
  const failed = batch.numberRecordsFailed ?? 0;
  return {
    key: batch.id,
    id: batch.id,
    state: batch.state,
    tone: batchTone(batch),
    stateMessage: batch.stateMessage ?? '',
    processed: batch.numberRecordsProcessed === undefined ? '—' : formatCount(batch.numberRecordsProcessed, options.locale),
    failed: batch.numberRecordsFailed === undefined ? '—' : formatCount(failed, options.locale),
    hasFailures: batch.state === 'Failed' || failed > 0,
    created: batch.createdDate ? formatDate(batch.createdDate, options.locale) : undefined,
    modified: batch.systemModstamp ? formatDate(batch.systemModstamp, options.locale) : undefined,
  };
}


export function buildJobView(job: BulkJob, batches: readonly BulkBatch[] | undefined, progress: JobProgress | undefined, options: ViewOptions): JobView {
  const done = isDone({ job, progress });
  const record = job as unknown as Record<string, unknown>;
  const placed = new Set<string>(['other']);
  const groups: FieldGroup[] = [];
  for (const [key, fields] of GROUPS) {
    const rows: FieldRow[] = [];
    for (const field of fields) {
      placed.add(field);
      if (Object.prototype.hasOwnProperty.call(record, field)) {
        rows.push(knownRow(field, record[field], options));
      }
    }
    if (key === 'when') {
      const duration = durationRow(job, done, options);
      if (duration) {
        rows.push(duration);
      }
    }
    groups.push({ key, title: groupTitle(key, options.t), rows });
  }
  const other: FieldRow[] = [];
  for (const key of Object.keys(record)) {
    if (!placed.has(key)) {
      other.push({ key, label: key, value: scalarText(record[key], options) });
    }
  }
  for (const [key, value] of Object.entries(job.other ?? {})) {
    other.push(otherRow(key, value, options));
  }
  groups.push({ key: 'other', title: groupTitle('other', options.t), rows: other });

  return {
    title: panelTitle(job.id, job, options.t),
    jobId: job.id,
    state: job.state,
    tone: toneOf(progress?.status),
    statusText: statusText(job, progress, options),
    done,
    progress: progressBars(job, progress, options),
    groups: groups.filter((group) => group.rows.length > 0),
    batches: batches ? sortBatches(batches) : undefined,
    actions: allowedActions({ job, progress }),
  };
}
