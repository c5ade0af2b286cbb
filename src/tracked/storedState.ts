/**
 * The tracked jobs as kept in `globalState`: the persisted shape, its versioning and its recovery
 * from older or damaged shapes. No `vscode` import here.
 */
import { BulkErrorKind } from '../salesforce/errors';
import { isValidId, to18, JOB_PREFIX } from '../salesforce/ids';
import { BulkBatch, BulkFlavour, BulkJob } from '../salesforce/types';
import { JobRef, jobKey } from '../job/jobRef';
import { asNumber, isRecord } from '../util/json';

export type { JobRef } from '../job/jobRef';

/** The single key of version 2 (every job with its batches); read once to migrate to `jobRecords`. */
export const STATE_VERSION = 2;

export interface StoredError {
  kind: BulkErrorKind;
  message: string;
  at: number;
}

/** One tracked job as kept in `globalState`. */
export interface StoredJob extends JobRef {
  flavour?: BulkFlavour;
  job?: BulkJob;
  batches?: BulkBatch[];
  fetchedAt?: number;
  lastError?: StoredError;
  addedAt: number;
  /** When a window showed the "finished" notification (one window in all). */
  notifiedAt?: number;
}

export interface StoredState {
  version: typeof STATE_VERSION;
  jobs: StoredJob[];
}

/** What `recoverState` could not keep, so the caller can log it. */
export interface Recovery {
  state: StoredState;
  /** Entries dropped because they had no usable org or job id. */
  dropped: number;
  /** True when the stored value was not the current shape (older version or damaged). */
  migrated: boolean;
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

function asBatches(v: unknown): BulkBatch[] | undefined {
  if (!Array.isArray(v)) {
    return undefined;
  }
  return v
    .filter((b): b is Record<string, unknown> => isRecord(b) && typeof b.id === 'string' && typeof b.state === 'string')
    .map((b) => ({ ...(b as unknown as BulkBatch), other: isRecord(b.other) ? (b.other as BulkBatch['other']) : {} }));
}

function asError(v: unknown): StoredError | undefined {
  if (!isRecord(v) || typeof v.message !== 'string') {
    return undefined;
  }
  const kind = typeof v.kind === 'string' && ERROR_KINDS.has(v.kind) ? (v.kind as BulkErrorKind) : 'unexpectedResponse';
  return { kind, message: v.message, at: asNumber(v.at) ?? 0 };
}

/**
 * One stored entry from any shape we ever wrote (or something close to it). Version 1 kept
 * `{ org, id, info, updated }`; a bare `"org|id"` string is also accepted.
 */
export function recoverEntry(raw: unknown, now: number): StoredJob | undefined {
  if (typeof raw === 'string') {
    const bar = raw.lastIndexOf('|');
    const jobId = bar > 0 ? asJobId(raw.slice(bar + 1)) : undefined;
    return jobId ? { orgKey: raw.slice(0, bar), jobId, addedAt: now } : undefined;
  }
  if (!isRecord(raw)) {
    return undefined;
  }
  const orgKey = typeof raw.orgKey === 'string' ? raw.orgKey : typeof raw.org === 'string' ? raw.org : undefined;
  const jobId = asJobId(raw.jobId ?? raw.id);
  if (!orgKey || !jobId) {
    return undefined;
  }
  const job = asJob(raw.job ?? raw.info, jobId);
  const flavour = raw.flavour === '1.0' || raw.flavour === '2.0' ? raw.flavour : job?.flavour;
  const entry: StoredJob = { orgKey, jobId, addedAt: asNumber(raw.addedAt) ?? now };
  if (flavour) { entry.flavour = flavour; }
  if (job) { entry.job = job; }
  const batches = asBatches(raw.batches);
  if (batches) { entry.batches = batches; }
  const fetchedAt = asNumber(raw.fetchedAt ?? raw.updated);
  if (fetchedAt !== undefined && job) { entry.fetchedAt = fetchedAt; }
  const lastError = asError(raw.lastError);
  if (lastError) { entry.lastError = lastError; }
  const notifiedAt = asNumber(raw.notifiedAt);
  if (notifiedAt !== undefined) { entry.notifiedAt = notifiedAt; }
  return entry;
}

/**
 * Reads whatever is stored under `TRACKED_JOBS_KEY`: the current shape, an older one, or something
 * damaged. Keeps every entry that still names an org and a valid job id; never throws.
 */
export function recoverState(raw: unknown, now: number): Recovery {
  const empty: StoredState = { version: STATE_VERSION, jobs: [] };
  if (raw === undefined || raw === null) {
    return { state: empty, dropped: 0, migrated: false };
  }
  let list: unknown[];
  let migrated = true;
  if (Array.isArray(raw)) {
    list = raw;
  } else if (isRecord(raw) && Array.isArray(raw.jobs)) {
    list = raw.jobs;
    migrated = raw.version !== STATE_VERSION;
  } else if (isRecord(raw) && isRecord(raw.jobs)) {
    list = Object.values(raw.jobs);
  } else {
    return { state: empty, dropped: 1, migrated: true };
  }
  const seen = new Set<string>();
  const jobs: StoredJob[] = [];
  let dropped = 0;
  for (const item of list) {
    let entry: StoredJob | undefined;
    try {
      entry = recoverEntry(item, now);
    } catch {
      entry = undefined;
    }
    if (!entry || seen.has(jobKey(entry))) {
      dropped++;
      migrated = true;
      continue;
    }
    seen.add(jobKey(entry));
    jobs.push(entry);
  }
  return { state: { version: STATE_VERSION, jobs }, dropped, migrated };
}
