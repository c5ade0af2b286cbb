/**
 * The plain-Node core of the job store: the persisted shape (with versioning and recovery),
 * sharing of in-flight requests, and a bounded-concurrency limiter. No `vscode` import here.
 */
import { BulkErrorKind } from '../api/errors';
import { isValidId, to18, JOB_PREFIX } from '../api/ids';
import { BulkBatch, BulkFlavour, BulkJob } from '../api/types';

export const STATE_KEY = 'bulkJobs.trackedJobs';
export const STATE_VERSION = 2;

export interface JobRef {
  orgKey: string;
  /** Always the 18-character id. */
  jobId: string;
}

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
}

export interface StoredState {
  version: typeof STATE_VERSION;
  jobs: StoredJob[];
}

export function jobKey(ref: JobRef): string {
  return `${ref.orgKey}|${ref.jobId}`;
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asJobId(v: unknown): string | undefined {
  if (typeof v !== 'string') {
    return undefined;
  }
  const id = v.trim();
  return isValidId(id) && id.startsWith(JOB_PREFIX) ? to18(id) : undefined;
}

function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function asJob(v: unknown, jobId: string): BulkJob | undefined {
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
function recoverEntry(raw: unknown, now: number): StoredJob | undefined {
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
  return entry;
}

/**
 * Reads whatever is stored under `STATE_KEY`: the current shape, an older one, or something
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

/** Concurrent callers asking for the same key share one promise until it settles. */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  get size(): number {
    return this.pending.size;
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  get(key: string): Promise<T> | undefined {
    return this.pending.get(key);
  }

  run(key: string, start: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) {
      return existing;
    }
    const p = start().finally(() => {
      if (this.pending.get(key) === p) {
        this.pending.delete(key);
      }
    });
    this.pending.set(key, p);
    return p;
  }
}

/**
 * At most `limit()` tasks at once (read at every start, so a changed setting applies to the next
 * task); the rest wait in arrival order.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: () => number) {}

  get running(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private max(): number {
    const n = Math.floor(this.limit());
    return Number.isFinite(n) && n >= 1 ? n : 1;
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(signal.reason ?? new Error('Cancelled'));
    }
    if (this.active < this.max()) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) {
          this.waiting.splice(i, 1);
        }
        reject(signal?.reason ?? new Error('Cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.active--;
    while (this.waiting.length > 0 && this.active < this.max()) {
      this.waiting.shift()!();
    }
  }
}

/** Runs `fn` over `items` with at most `limit` at once; settles when all have settled. */
export async function runBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<PromiseSettledResult<unknown>[]> {
  const limiter = new Limiter(() => limit);
  return Promise.allSettled(items.map((item) => limiter.run(() => fn(item))));
}
