/**
 * The shapes a download's pieces share: the file kinds, the caller's options and progress, the
 * result. Types only, imported by every file here and importing none of them, so that imports run
 * one way: download.ts (the dispatcher) → bulk1Results.ts / bulk2Results.ts → batchResults.ts →
 * tables.ts → batchWriter.ts → run.ts → downloadTypes.ts.
 */
import type { BulkJob } from '../types';
import type { ErrorGroup } from './errorSummary';

export type ResultFileKind = 'failed' | 'success' | 'unprocessed' | 'query';

export interface DownloadProgress {
  /** Units of work: 1.0 batches; 2.0 ingest: the three result files; 2.0 query: pages. */
  batchesDone: number;
  batchesTotal: number;
  rowsWritten: number;
}

export interface DownloadOptions {
  /** The folder for the files (created if missing). */
  dir: string;
  /** Batches downloaded at once (default 6). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** The job as last fetched, if the caller has it (saves a request); it is fetched otherwise. */
  job?: BulkJob;
  /** 2.0 query: `maxRecords` per page (default: Salesforce's choice). */
  maxRecordsPerPage?: number;
  /** Per request: time to the headers, then the longest silence while a body streams. */
  timeoutMs?: number;
}

export interface DownloadResult {
  jobId: string;
  flavour: '1.0' | '2.0';
  kind: 'ingest' | 'query';
  /** Files written (a kind with no rows has no file, except a query's results). */
  files: Partial<Record<ResultFileKind, string>>;
  rows: Record<ResultFileKind, number>;
  /** "Why records failed", largest group first. */
  errors: ErrorGroup[];
  /** 1.0: the batches by what happened to their rows. */
  batches?: { total: number; completed: number; failed: number; notProcessed: number; notFinished: number };
  /** Things a person may want to know (dropped columns, result/request count mismatches). */
  warnings: string[];
}
