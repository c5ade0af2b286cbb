/**
 * One tracked job as kept in `globalState` (one key per job, see `jobRecords.ts`): its shape, and
 * reading it back from a damaged value. No `vscode` import here.
 */
import { BulkErrorKind } from '../salesforce/errors';
import { isValidId, to18, JOB_PREFIX } from '../salesforce/ids';
import { BulkFlavour, BulkJob } from '../salesforce/types';
import { JobRef } from '../job/jobRef';
import { asNumber, isRecord } from '../util/json';

export type { JobRef } from '../job/jobRef';

export interface StoredError {
  kind: BulkErrorKind;
  message: string;
  at: number;
}

/** One tracked job as kept in `globalState`. */
export interface StoredJob extends JobRef {
  flavour?: BulkFlavour;
  job?: BulkJob;
  fetchedAt?: number;
  lastError?: StoredError;
  addedAt: number;
  /** When a window showed the "finished" notification (one window in all). */
  notifiedAt?: number;
}

const ERROR_KINDS: ReadonlySet<string> = new Set<BulkErrorKind>([
  'sessionExpired', 'notFound', 'noPermission', 'quotaExceeded', 'timeout', 'network',
  'cancelled', 'invalidRequest', 'server', 'unexpectedResponse',
]);

function asJobId(v: unknown): string | undefined {
  if (typeof v !== 'string') {
    return undefined;
  }
  const id = v.trim();
  return isValidId(id) && id.startsWith(JOB_PREFIX) ? to18(id) : undefined;
}

/** A job read back from storage (any window's, any version), or undefined when it is not one. */
export function asJob(v: unknown, jobId: string): BulkJob | undefined {
  if (!isRecord(v) || typeof v.state !== 'string' || (v.flavour !== '1.0' && v.flavour !== '2.0')) {
    return undefined;
  }
  const kind = v.kind === 'classic' || v.kind === 'ingest' || v.kind === 'query' ? v.kind : (v.flavour === '1.0' ? 'classic' : 'ingest');
  return { ...(v as unknown as BulkJob), id: jobId, kind, other: isRecord(v.other) ? (v.other as BulkJob['other']) : {} };
}

function asError(v: unknown): StoredError | undefined {
  if (!isRecord(v) || typeof v.message !== 'string') {
    return undefined;
  }
  const kind = typeof v.kind === 'string' && ERROR_KINDS.has(v.kind) ? (v.kind as BulkErrorKind) : 'unexpectedResponse';
  return { kind, message: v.message, at: asNumber(v.at) ?? 0 };
}

/** One stored entry, keeping what is usable of a damaged one; undefined without an org and a valid job id. */
export function recoverEntry(raw: unknown, now: number): StoredJob | undefined {
  if (!isRecord(raw)) {
    return undefined;
  }
  const orgKey = typeof raw.orgKey === 'string' ? raw.orgKey : undefined;
  const jobId = asJobId(raw.jobId);
  if (!orgKey || !jobId) {
    return undefined;
  }
  const job = asJob(raw.job, jobId);
  const flavour = raw.flavour === '1.0' || raw.flavour === '2.0' ? raw.flavour : job?.flavour;
  const entry: StoredJob = { orgKey, jobId, addedAt: asNumber(raw.addedAt) ?? now };
  if (flavour) { entry.flavour = flavour; }
  if (job) { entry.job = job; }
  const fetchedAt = asNumber(raw.fetchedAt);
  if (fetchedAt !== undefined && job) { entry.fetchedAt = fetchedAt; }
  const lastError = asError(raw.lastError);
  if (lastError) { entry.lastError = lastError; }
  const notifiedAt = asNumber(raw.notifiedAt);
  if (notifiedAt !== undefined) { entry.notifiedAt = notifiedAt; }
  return entry;
}
