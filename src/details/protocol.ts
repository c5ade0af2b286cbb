/**
 * The messages between the job details panel (extension host) and its webview (browser bundle).
 * Both sides check every message on receipt with `isHostMessage` / `isWebviewMessage`: a webview is
 * untrusted content, and a message from an older or newer build must be dropped, not half-handled.
 *
 * Types only from src/api: nothing here may pull Node or VS Code code into the webview bundle.
 */
import type { BulkBatch, BulkJob, JobProgress } from '../salesforce/types';
import { HistoryPoint, isHistory } from '../job/history';
import { isRecord } from '../util/json';
import { isCauseView, type CauseView } from '../causes/causeTypes';

export interface PanelJobRef {
  orgKey: string;
  jobId: string;
}

/** What went wrong with the last refresh; the panel keeps showing the last known data under it. */
export interface ErrorBanner {
  /** A `BulkErrorKind` (or `'unknown'`): decides the advice the banner gives. */
  kind: string;
  message: string;
  /** When it happened (ms since epoch). */
  at?: number;
}

export interface AutoRefreshState {
  enabled: boolean;
  /** When the next automatic refresh is due (ms since epoch), while enabled and not done. */
  nextAt?: number;
}

/** One cause of failure in "Why records failed" (from the last download of the job's results). */
export interface FailureGroupView {
  /** Identifies the group for `showFailedRows`. */
  key: string;
  statusCode: string;
  message: string;
  fields: string[];
  count: number;
  /** What the code means, what to do, and the links to what failed the rows. */
  cause?: CauseView;
}

/**
 * The first failed row of one cause, read from the failed file when the webview asks (`showExample`).
 * Row values travel only in this message: the webview never puts it in its saved state.
 */
export interface ExampleRowMessage {
  type: 'exampleRow';
  /** `FailureGroupView.key`. */
  key: string;
  /** Its sf__Id ('' when the row has none). */
  exampleId: string;
  /** Input columns → values; empty when no row could be read (`problem` says why). */
  values: Array<[string, string]>;
  problem?: string;
}

/** "Why records failed": the summary computed while the result files were downloaded. */
export interface FailuresView {
  /** When the files were downloaded (ms since epoch). */
  at: number;
  /** The folder they are in. */
  folder: string;
  failedRows: number;
  successRows: number;
  unprocessedRows: number;
  /** Largest first (at most 50). */
  groups: FailureGroupView[];
  /** How many causes there were in all. */
  groupCount: number;
}

/** Everything the panel shows, sent whole on every change; the webview patches only what changed. */
export interface JobUpdateMessage {
  type: 'job';
  /** Increases with every message the host sends; the webview drops anything older than what it has. */
  generation: number;
  ref: PanelJobRef;
  orgLabel: string;
  job?: BulkJob;
  batches?: BulkBatch[];
  progress?: JobProgress;
  /** When `job` was fetched (ms since epoch): the "as of" time. */
  fetchedAt?: number;
  refreshing: boolean;
  error?: ErrorBanner;
  autoRefresh: AutoRefreshState;
  tracked: boolean;
  /** After Download Results…: why records failed (absent until the results of this job were downloaded). */
  failures?: FailuresView;
  /**
   * The job's points over time (thinned, at most a few hundred): the panel's pace, progress chart
   * and time left are built from it in the webview, with the job and its batches.
   */
  history?: HistoryPoint[];
  /** The name of the job's creator (`createdById`), when the org answered it. */
  createdByName?: string;
  /** This job loaded the fixed failed records of that one (same org). */
  reloadOf?: string;
  /** The jobs that loaded this job's fixed failed records again (same org). */
  reloadedAs?: string[];
}

/** Sent once after `ready`: the translations of the webview's strings (VS Code's l10n bundle). */
export interface InitMessage {
  type: 'init';
  l10n?: Record<string, string>;
  /** BCP-47 tag of VS Code's display language, for dates and numbers. */
  locale?: string;
}

export type HostMessage = JobUpdateMessage | InitMessage | ExampleRowMessage;

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'toggleAutoRefresh' }
  | { type: 'close' }
  | { type: 'abort' }
  | { type: 'openInSetup' }
  | { type: 'copyJson' }
  /** Copy one of the ids shown (the job's, a batch's, the creator's). */
  | { type: 'copyId'; id: string }
  | { type: 'track' }
  | { type: 'untrack' }
  /** Download the job's result files (Bulk Jobs: Download Results…). */
  | { type: 'downloadResults' }
  /** Open the failed rows of one error group (`FailureGroupView.key`) in a new editor. */
  | { type: 'showFailedRows'; key: string }
  /** Send the example row of one error group (an `exampleRow` message answers). */
  | { type: 'showExample'; key: string }
  /** Reload Failed Records… of this job. */
  | { type: 'reloadFailed' }
  /** Open link `index` of a group's cause (`FailureGroupView.cause.links`). */
  | { type: 'openCause'; key: string; index: number }
  /** Do what a group's cause proposes (`CauseView.actionId`: reload in Serial mode, …). */
  | { type: 'causeAction'; key: string }
  /** Open the documentation page a group's cause was written from. */
  | { type: 'openCauseSource'; key: string }
  /** Open the details of a linked job (a reload, or the original) in the same org. */
  | { type: 'openLinkedJob'; jobId: string }
  /** After each update: which generation is on screen and how long the DOM patch took (tests, bench). */
  | { type: 'rendered'; generation: number; ms: number };

export type WebviewMessageType = WebviewMessage['type'];

/** What the webview keeps with `vscode.setState` (and the serializer gets back after a reload). */
export interface PanelState extends PanelJobRef {
  /** The last update, so a restored panel shows something before its first refresh answers. */
  last?: JobUpdateMessage;
}

const SIMPLE_WEBVIEW_TYPES: ReadonlySet<string> = new Set<WebviewMessageType>([
  'ready', 'refresh', 'toggleAutoRefresh', 'close', 'abort', 'openInSetup', 'copyJson', 'track', 'untrack', 'downloadResults',
  'reloadFailed',
]);

/** A Salesforce id as the webview may ask to copy it: 15 or 18 letters/digits, nothing else. */
const COPYABLE_ID = /^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$/;

function isOptional(value: unknown, type: 'string' | 'number' | 'boolean'): boolean {
  return value === undefined || typeof value === type;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isGroupKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 2000;
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value) || typeof value.type !== 'string') {
    return false;
  }
  if (value.type === 'copyId') {
    return typeof value.id === 'string' && COPYABLE_ID.test(value.id);
  }
  if (value.type === 'openLinkedJob') {
    return typeof value.jobId === 'string' && COPYABLE_ID.test(value.jobId);
  }
  if (value.type === 'openCause') {
    return isGroupKey(value.key) && typeof value.index === 'number' && Number.isInteger(value.index) && value.index >= 0 && value.index < 100;
  }
  if (value.type === 'showFailedRows' || value.type === 'showExample' || value.type === 'causeAction' || value.type === 'openCauseSource') {
    return typeof value.key === 'string' && value.key.length > 0 && value.key.length <= 2000;
  }
  if (value.type === 'rendered') {
    return isFiniteNumber(value.generation) && isFiniteNumber(value.ms);
  }
  return SIMPLE_WEBVIEW_TYPES.has(value.type);
}

function isRef(value: unknown): value is PanelJobRef {
  return isRecord(value) && typeof value.orgKey === 'string' && typeof value.jobId === 'string';
}

/** The shape the panel relies on; field values are written with textContent, so their content is free. */
function isJob(value: unknown): value is BulkJob {
  return isRecord(value) && typeof value.id === 'string' && typeof value.state === 'string'
    && (value.flavour === '1.0' || value.flavour === '2.0') && typeof value.kind === 'string' && isRecord(value.other);
}

function isBatch(value: unknown): value is BulkBatch {
  return isRecord(value) && typeof value.id === 'string' && typeof value.state === 'string' && isRecord(value.other);
}

function isProgress(value: unknown): value is JobProgress {
  return isRecord(value) && typeof value.status === 'string' && typeof value.done === 'boolean'
    && typeof value.summary === 'string' && isFiniteNumber(value.recordsProcessed) && isFiniteNumber(value.recordsFailed)
    && (value.batchesDone === undefined || isFiniteNumber(value.batchesDone))
    && (value.batchesTotal === undefined || isFiniteNumber(value.batchesTotal));
}

function isError(value: unknown): value is ErrorBanner {
  return isRecord(value) && typeof value.kind === 'string' && typeof value.message === 'string' && isOptional(value.at, 'number');
}

function isAutoRefresh(value: unknown): value is AutoRefreshState {
  return isRecord(value) && typeof value.enabled === 'boolean' && isOptional(value.nextAt, 'number');
}

function isStringPair(value: unknown): value is [string, string] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';
}

function isFailureGroup(value: unknown): value is FailureGroupView {
  return isRecord(value) && typeof value.key === 'string' && typeof value.statusCode === 'string' && typeof value.message === 'string'
    && Array.isArray(value.fields) && value.fields.every((f) => typeof f === 'string') && isFiniteNumber(value.count)
    && (value.cause === undefined || isCauseView(value.cause));
}

function isExampleRow(value: unknown): value is ExampleRowMessage {
  return isRecord(value) && value.type === 'exampleRow' && typeof value.key === 'string' && typeof value.exampleId === 'string'
    && Array.isArray(value.values) && value.values.every(isStringPair) && isOptional(value.problem, 'string');
}

function isFailures(value: unknown): value is FailuresView {
  return isRecord(value) && isFiniteNumber(value.at) && typeof value.folder === 'string'
    && isFiniteNumber(value.failedRows) && isFiniteNumber(value.successRows) && isFiniteNumber(value.unprocessedRows)
    && isFiniteNumber(value.groupCount) && Array.isArray(value.groups) && value.groups.every(isFailureGroup);
}

export function isJobUpdate(value: unknown): value is JobUpdateMessage {
  return isRecord(value) && value.type === 'job'
    && isFiniteNumber(value.generation) && isRef(value.ref) && typeof value.orgLabel === 'string'
    && (value.job === undefined || isJob(value.job))
    && (value.batches === undefined || (Array.isArray(value.batches) && value.batches.every(isBatch)))
    && (value.progress === undefined || isProgress(value.progress))
    && isOptional(value.fetchedAt, 'number')
    && typeof value.refreshing === 'boolean'
    && (value.error === undefined || isError(value.error))
    && isAutoRefresh(value.autoRefresh)
    && typeof value.tracked === 'boolean'
    && (value.failures === undefined || isFailures(value.failures))
    && (value.history === undefined || isHistory(value.history))
    && isOptional(value.createdByName, 'string')
    && (value.reloadOf === undefined || (typeof value.reloadOf === 'string' && COPYABLE_ID.test(value.reloadOf)))
    && (value.reloadedAs === undefined || (Array.isArray(value.reloadedAs) && value.reloadedAs.every((id) => typeof id === 'string' && COPYABLE_ID.test(id))));
}

function isInit(value: unknown): value is InitMessage {
  return isRecord(value) && value.type === 'init' && isOptional(value.locale, 'string')
    && (value.l10n === undefined || (isRecord(value.l10n) && Object.values(value.l10n).every((v) => typeof v === 'string')));
}

export function isHostMessage(value: unknown): value is HostMessage {
  return isJobUpdate(value) || isInit(value) || isExampleRow(value);
}

/** A saved webview state is only trusted as far as this check goes (it comes back from disk). */
export function isPanelState(value: unknown): value is PanelState {
  return isRef(value) && value.orgKey !== '' && value.jobId !== '';
}
