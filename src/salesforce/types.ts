/**
 * The normalised shapes the rest of the extension works with. Everything the Bulk API returns is
 * turned into these by `normalize.ts`; nothing outside `src/salesforce/` ever sees raw XML or JSON.
 */

/** Bulk API 1.0 ("Classic", `/services/async/`) or 2.0 (`/services/data/vXX.X/jobs/`). */
export type BulkFlavour = '1.0' | '2.0';

/** Which endpoint family a job lives under: 1.0 jobs are `classic`; 2.0 jobs are `ingest` or `query`. */
export type JobKind = 'classic' | 'ingest' | 'query';

/** A scalar as it may appear in an unknown (newer-API) field, after normalisation. */
export type FieldValue = string | number | boolean | null;

import type { Readable } from 'stream';

/**
 * A job, normalised: numbers are numbers, booleans booleans, dates ISO-8601 UTC strings
 * (`2015-12-15T21:41:45.000Z`), `apiVersion` a string with one decimal (`"36.0"`).
 * Fields Salesforce did not send are absent (not zero). Unknown fields land in `other`.
 */
export interface BulkJob {
  id: string;
  flavour: BulkFlavour;
  kind: JobKind;
  /** As Salesforce says it: 1.0 Open|Closed|Aborted|Failed; 2.0 Open|UploadComplete|InProgress|JobComplete|Failed|Aborted. */
  state: string;
  operation?: string;
  object?: string;
  createdById?: string;
  createdDate?: string;
  systemModstamp?: string;
  externalIdFieldName?: string;
  concurrencyMode?: string;
  contentType?: string;
  apiVersion?: string;
  /** 2.0 and job lists: V2Ingest | V2Query | Classic | BigObjectIngest. */
  jobType?: string;
  assignmentRuleId?: string;
  fastPathEnabled?: boolean;
  numberBatchesQueued?: number;
  numberBatchesInProgress?: number;
  numberBatchesCompleted?: number;
  numberBatchesFailed?: number;
  numberBatchesTotal?: number;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
  /** 1.0 `numberRetries`, 2.0 `retries`: one name here. */
  numberRetries?: number;
  totalProcessingTime?: number;
  apiActiveProcessingTime?: number;
  apexProcessingTime?: number;
  /** 2.0 only. */
  lineEnding?: string;
  columnDelimiter?: string;
  contentUrl?: string;
  errorMessage?: string;
  isPkChunkingSupported?: boolean;
  /** Fields this version of the extension does not know, kept so a newer API still shows everything. */
  other: Record<string, FieldValue>;
}

/** A Bulk 1.0 batch, normalised the same way. */
export interface BulkBatch {
  id: string;
  jobId: string;
  /** Queued | InProgress | Completed | Failed | NotProcessed */
  state: string;
  stateMessage?: string;
  createdDate?: string;
  systemModstamp?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
  totalProcessingTime?: number;
  apiActiveProcessingTime?: number;
  apexProcessingTime?: number;
  other: Record<string, FieldValue>;
}

/**
 * What a person wants to know at a glance. `done` is true only when nothing will change any more:
 * a 1.0 job that is `Closed` is still `running` while batches are queued or in progress.
 */
export type DerivedStatus = 'open' | 'queued' | 'running' | 'completed' | 'completedWithFailures' | 'failed' | 'aborted';

export interface JobProgress {
  status: DerivedStatus;
  done: boolean;
  /** Short English summary such as "Closed · 2 batches still running" (the VS Code layer may localise its own). */
  summary: string;
  batchesDone?: number;
  batchesTotal?: number;
  recordsProcessed: number;
  recordsFailed: number;
}

/** From the `Sforce-Limit-Info: api-usage=18/15000` header. */
export interface ApiUsage {
  used: number;
  max: number;
  /** When it was seen (ms since epoch). */
  at: number;
}

/** One row of `jobs/ingest` / `jobs/query` listings. */
export type JobSummary = BulkJob;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's default timeout for this call (ms). */
  timeoutMs?: number;
}

export interface FindBatchOptions extends RequestOptions {
  /** How many of the most recent Classic jobs have their batches listed at most (default 50). */
  maxJobs?: number;
}

/** What `findJobOfBatch` found, and how far it looked. */
export interface BatchSearch {
  jobId?: string;
  /** Batch listings sent (0 when the client already knew the batch). */
  searched: number;
  /** Not found, and more Classic jobs exist than were searched. */
  gaveUp: boolean;
}

export interface GetJobOptions extends RequestOptions {
  /**
   * Where the job was found before (e.g. stored across a reload). The id alone cannot tell 1.0 from
   * 2.0, so without it a client that has not seen the job probes 1.0, then 2.0 ingest, then query.
   */
  kind?: JobKind;
}

export interface ListJobsOptions extends RequestOptions {
  /** Only jobs created at or after this instant (ms since epoch); filtered client-side. */
  since?: number;
  /** Stop after this many jobs in all (default 2,000). */
  limit?: number;
}

export interface BulkClientOptions {
  /** `https://…` (or `http://` on loopback only); no credentials, no path beyond `/`. */
  instanceUrl: string;
  /** `"64.0"` */
  apiVersion: string;
  /** Returns the access token; `refresh` true means the last one was rejected: get a fresh one. */
  getAccessToken(refresh: boolean): Promise<string>;
  /** Per request; default 30,000 ms. */
  timeoutMs?: number;
  /** Shown in error messages ("… was not found in acme@example.com"); never a secret. */
  orgLabel?: string;
  /** Retries of idempotent GETs on network errors and 5xx (default 2). */
  maxRetries?: number;
  /** First backoff delay in ms, doubled per retry, capped at 4,000 ms (default 250). */
  retryBaseMs?: number;
  /** Optional log sink (messages never contain tokens). */
  log?: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * What the VS Code layer needs of a Bulk API client. `BulkClient` implements it; tests of the
 * VS Code layer may use the real client against the emulator.
 */
export interface BulkApi {
  readonly instanceUrl: string;
  /** The last `Sforce-Limit-Info` seen, if any. */
  readonly lastApiUsage: ApiUsage | undefined;
  getJob(jobId: string, options?: GetJobOptions): Promise<BulkJob>;
  /** 1.0 jobs only. */
  listBatches(jobId: string, options?: RequestOptions): Promise<BulkBatch[]>;
  getBatch(jobId: string, batchId: string, options?: RequestOptions): Promise<BulkBatch>;
  /** 1.0: state Closed; 2.0 ingest: UploadComplete. Resolves to the job after the change. */
  closeJob(jobId: string, options?: RequestOptions): Promise<BulkJob>;
  abortJob(jobId: string, options?: RequestOptions): Promise<BulkJob>;
  /** Recent jobs from `jobs/ingest` and `jobs/query` (which also lists 1.0 jobs as `Classic`), following `nextRecordsUrl`. */
  listJobs(options?: ListJobsOptions): Promise<JobSummary[]>;
  /** Resolve a batch id (`751…`) to its job id; Bulk 1.0 only (searches the batches of the most recent Classic jobs). */
  findJobOfBatch(batchId: string, options?: FindBatchOptions): Promise<BatchSearch>;
  /** `sobjects/{object}/describe`, normalised; cached per object for the client's life (a failure is not cached). */
  describe(object: string, options?: RequestOptions): Promise<SObjectDescribe>;
  /** Who the org is, from its `Organization` record (sandbox or production read from the org, never guessed). */
  orgIdentity(options?: RequestOptions): Promise<OrgIdentity>;
  /**
   * Creates the job(s), streams the CSV up split at the documented limits, closes them. If anything
   * fails or is cancelled before the close, every job it created is aborted (the error says so).
   */
  load(spec: LoadSpec, source: () => Readable, options?: LoadOptions): Promise<LoadResult>;
}

/** One field of a describe, normalised (see `src/salesforce/load/describe.ts`). */
export interface SObjectField {
  name: string;
  label?: string;
  /** `string`, `picklist`, `reference`, `id`, `double`, … as Salesforce says it. */
  type: string;
  /** Characters for text types; 0 otherwise. */
  length: number;
  nillable: boolean;
  defaultedOnCreate: boolean;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  idLookup: boolean;
  unique: boolean;
  restrictedPicklist: boolean;
  picklistValues: Array<{ value: string; active: boolean }>;
  /** `Account` for `AccountId`, `Account__r` for `Account__c`. */
  relationshipName?: string;
  referenceTo: string[];
}

export interface SObjectDescribe {
  name: string;
  label?: string;
  custom: boolean;
  keyPrefix?: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: SObjectField[];
}

export interface OrgIdentity {
  name: string;
  isSandbox: boolean;
  /** "Enterprise Edition", "Developer Edition" … */
  organizationType: string;
  /** "NA139", "CS42" … (may be empty). */
  instanceName: string;
}

export type LoadOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

export interface LoadSpec {
  flavour: BulkFlavour;
  object: string;
  operation: LoadOperation;
  /** Required for upsert. */
  externalIdFieldName?: string;
  /** Bulk 1.0 only (Serial avoids lock contention); default Parallel. */
  concurrencyMode?: 'Parallel' | 'Serial';
}

export type Delimiter = ',' | ';' | '\t' | '|';
export type LineEnding = 'LF' | 'CRLF';

/** What a CSV file to load is made of (found by `load/fileFormat.ts`). */
export interface FileFormat {
  /** An `iconv-lite` name: `utf8`, `utf16le`, `utf16be`, `windows1252`, … */
  encoding: string;
  /** The file starts with a byte order mark (dropped when read). */
  bom: boolean;
  delimiter: Delimiter;
  lineEnding: LineEnding;
  /** The encoding was set by `bulkJobs.load.encoding`, not detected. */
  forced: boolean;
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Called as data goes out: rows and bytes sent so far (header lines not counted as rows). */
  onProgress?(rowsSent: number, bytesSent: number): void;
  /** Which header columns are left out; default: the `sf__*` columns of result files. */
  dropColumns?: (header: string) => boolean;
  /** The file's encoding, delimiter and line ending (`load/fileFormat.ts`); default: UTF-8, comma, LF. */
  format?: FileFormat;
}

export interface LoadResult {
  /** The jobs after their close: one for 1.0, one per ≤ 100 MB part for 2.0. */
  jobs: BulkJob[];
  /** Data rows sent. */
  rows: number;
  /** 1.0 batches (2.0: parts, one per job). */
  batches: number;
  /** Every job the load created and what became of it (also on a failure: `PartialLoadError.sent`). */
  sent: SentJob[];
}

/**
 * What became of a job a load created:
 * - `closed`: closed after its data was sent; Salesforce processes every row sent to it (2.0: its
 *   part, UploadComplete; 1.0: its batches, which Salesforce processes as they arrive anyway).
 * - `aborted`: aborted before processing (2.0: its upload never closed; 1.0: no batch had reached it).
 * - `open`: could be neither closed nor aborted: it waits in the Jobs view (2.0: nothing of it is
 *   processed unless it is closed; 1.0: its batches are processed all the same).
 */
export type SentJobState = 'closed' | 'aborted' | 'open';

export interface SentJob {
  id: string;
  state: SentJobState;
  /** Data rows that reached the job (2.0: its whole upload; 1.0: the batches Salesforce accepted). */
  rows: number;
  /** 1.0: each batch Salesforce accepted, in order. */
  batches?: SentBatch[];
}

export interface SentBatch {
  id: string;
  rows: number;
}

/**
 * A response body streamed as it arrives (result files, which may be gigabytes). Read `body` once
 * (`for await`), then call `close()`; `close()` early abandons the download. Errors while reading
 * are `BulkApiError`s (`timeout`, `cancelled`, `unexpectedResponse` when the body breaks off).
 */
export interface BulkStream {
  body: Readable;
  /** Media type without parameters, lower case (`text/csv`, `application/xml`, `application/json`). */
  contentType: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  close(): void;
}

/** The three Bulk 2.0 ingest result files. */
export type IngestResultKind = 'successfulResults' | 'failedResults' | 'unprocessedrecords';
