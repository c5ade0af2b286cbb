/** A job as the extension knows it: tracked or only seen (a lookup, a hover, a panel), with its last answer and error. */
import type { BulkErrorKind } from '../salesforce/errors';
import type { BulkBatch, BulkJob, JobProgress } from '../salesforce/types';
import type { JobRef } from './jobRef';

export interface JobEntry extends JobRef {
  /** `${orgKey}|${jobId}`: also the tree item id. */
  key: string;
  /** In the Jobs view (persisted) vs only cached from a lookup or hover. */
  tracked: boolean;
  /** Last known info, kept through errors. */
  job?: BulkJob;
  /** 1.0 only, last known. */
  batches?: BulkBatch[];
  progress?: JobProgress;
  /** When `job` was fetched (ms). */
  fetchedAt?: number;
  lastError?: { kind: BulkErrorKind; message: string; at: number };
  refreshing: boolean;
  /** When it was tracked (ms); orders the Jobs view. */
  addedAt: number;
  /** When a window showed its "finished" notification. */
  notifiedAt?: number;
}
