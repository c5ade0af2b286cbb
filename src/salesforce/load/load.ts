/**
 * A CSV file loaded into Salesforce, streamed (`split.ts` cuts it as it is read):
 * - 2.0: one job per ≤ 100 MB part (a job takes one upload), each part streamed up as its job's
 *   upload; only when every part is up are the jobs closed (`UploadComplete`), so a failure
 *   part-way leaves nothing processing.
 * - 1.0: one job, batches of ≤ 10,000 records / 10,000,000 bytes sent one after another (Salesforce
 *   starts each batch as it arrives), then the job is closed.
 * If anything fails or is cancelled before the close, every job created is aborted (with its own
 * deadline: the caller's signal may be the reason) and the error says so; nothing half-sent is
 * left Open.
 */
import { once } from 'events';
import { PassThrough, type Readable } from 'stream';
import { BulkApiError, isBulkApiError } from '../errors';
import { CsvError } from '../csv';
import type { BulkJob, LoadOptions, LoadResult, LoadSpec, RequestOptions } from '../types';
import type { LoadEndpoints } from './endpoints';
import { CsvSplitError, LIMITS, splitCsv, type CsvSlice, type SplitLimits } from './split';
import { sentShape, utf8Chunks } from './fileFormat';

/** What a load needs of the client (close/abort are the client's own, which know each job's kind). */
export interface LoadDeps {
  endpoints: LoadEndpoints;
  /** Creates the job of the load's spec (and the client remembers its kind). */
  create(options: RequestOptions): Promise<BulkJob>;
  close(jobId: string, options: RequestOptions): Promise<BulkJob>;
  abort(jobId: string, options: RequestOptions): Promise<BulkJob>;
  orgLabel: string;
  log(level: 'info' | 'warn', message: string): void;
}

const ABORT_TIMEOUT_MS = 30_000;

export async function loadCsv(deps: LoadDeps, spec: LoadSpec, source: () => Readable, options: LoadOptions = {}, limits: SplitLimits = LIMITS[spec.flavour]): Promise<LoadResult> {
  const created: BulkJob[] = [];
  const closed = new Set<string>();
  const progress = { rows: 0, bytes: 0, batches: 0 };
  try {
    // Only UTF-8 goes out: the file is re-encoded as it is read, cut with its own delimiter and sent
    // with the job's (2.0: the file's; 1.0: commas).
    const slices = splitCsv(utf8Chunks(source(), options.format), limits, options.dropColumns, options.format?.delimiter, sentShape(spec.flavour, options.format));
    const jobs = spec.flavour === '2.0' ? await sendParts(deps, slices, options, created, progress) : await sendBatches(deps, slices, options, created, progress);
    if (jobs.length === 0) {
      throw new BulkApiError({ kind: 'invalidRequest', message: 'The CSV file has a header but no rows to load: nothing was sent.' });
    }
    const after: BulkJob[] = [];
    for (const job of jobs) {
      throwIfCancelled(options.signal);
      after.push(await deps.close(job.id, { signal: options.signal }));
      closed.add(job.id);
    }
    return { jobs: after, rows: progress.rows, batches: progress.batches };
  } catch (e) {
    throw await abortCreated(deps, created.filter((j) => !closed.has(j.id)), e);
  }
}

type Progress = { rows: number; bytes: number; batches: number };

function sent(slice: CsvSlice, progress: Progress, options: LoadOptions): void {
  progress.rows += slice.rows;
  progress.bytes += slice.data.length;
  options.onProgress?.(progress.rows, progress.bytes);
}

/** 2.0: a job per part, each part streamed as its job's one upload. */
async function sendParts(deps: LoadDeps, slices: AsyncIterable<CsvSlice>, options: LoadOptions, created: BulkJob[], progress: Progress): Promise<BulkJob[]> {
  let upload: { body: PassThrough; done: Promise<void>; settled: boolean } | undefined;
  const finish = async (): Promise<void> => {
    if (upload !== undefined) {
      upload.body.end();
      await upload.done;
      upload = undefined;
    }
  };
  try {
    for await (const slice of slices) {
      await sendSlice(slice);
    }
    await finish();
  } finally {
    upload?.body.destroy();
  }
  return created.slice();

  async function sendSlice(slice: CsvSlice): Promise<void> {
    throwIfCancelled(options.signal);
    if (slice.first) {
      await finish();
      const job = await deps.create({ signal: options.signal });
      created.push(job);
      progress.batches++;
      const body = new PassThrough();
      const u: NonNullable<typeof upload> = { body, settled: false, done: Promise.resolve() };
      u.done = deps.endpoints.upload(job.id, body, { signal: options.signal }).finally(() => {
        u.settled = true;
      });
      u.done.catch(() => undefined); // seen by `finish` or by the write loop below
      upload = u;
    }
    const u = upload as NonNullable<typeof upload>;
    if (u.settled) {
      await u.done;
      throw new BulkApiError({ kind: 'unexpectedResponse', message: `${deps.orgLabel} answered before the upload was complete.` });
    }
    if (!u.body.write(slice.data)) {
      await Promise.race([once(u.body, 'drain'), u.done]);
    }
    sent(slice, progress, options);
  }
}

/** 1.0: one job; each batch gathered (≤ 10 MB) and sent whole, one after another. */
async function sendBatches(deps: LoadDeps, slices: AsyncIterable<CsvSlice>, options: LoadOptions, created: BulkJob[], progress: Progress): Promise<BulkJob[]> {
  let batch: CsvSlice[] = [];
  const send = async (): Promise<void> => {
    if (batch.length > 0) {
      const job = created[0];
      await deps.endpoints.addBatch(job.id, Buffer.concat(batch.map((s) => s.data)), { signal: options.signal });
      progress.batches++;
      for (const s of batch) {
        sent(s, progress, options);
      }
      batch = [];
    }
  };
  for await (const slice of slices) {
    throwIfCancelled(options.signal);
    if (created.length === 0) {
      created.push(await deps.create({ signal: options.signal }));
    }
    if (slice.first) {
      await send();
    }
    batch.push(slice);
  }
  await send();
  return created.slice();
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new BulkApiError({ kind: 'cancelled', message: 'Cancelled the load.' });
  }
}

/** Aborts what was created; the error says what failed and what became of each job. */
async function abortCreated(deps: LoadDeps, jobs: BulkJob[], cause: unknown): Promise<unknown> {
  const base = describeCause(cause);
  if (jobs.length === 0) {
    return base;
  }
  const aborted: string[] = [];
  const notAborted: string[] = [];
  for (const job of jobs) {
    try {
      await deps.abort(job.id, { timeoutMs: ABORT_TIMEOUT_MS });
      aborted.push(job.id);
    } catch (e) {
      deps.log('warn', `could not abort the job ${job.id} after a failed load: ${e instanceof Error ? e.message : String(e)}`);
      notAborted.push(job.id);
    }
  }
  const said = [
    aborted.length > 0 ? `The job${aborted.length > 1 ? 's' : ''} ${aborted.join(', ')} ${aborted.length > 1 ? 'were' : 'was'} aborted, so nothing half-sent is left open.` : '',
    notAborted.length > 0 ? `The job${notAborted.length > 1 ? 's' : ''} ${notAborted.join(', ')} could not be aborted: abort ${notAborted.length > 1 ? 'them' : 'it'} in the Bulk Jobs view.` : '',
  ].filter((x) => x !== '').join(' ');
  deps.log('info', `load failed (${base.kind}); ${said}`);
  return new BulkApiError({
    kind: base.kind,
    message: `${base.message.replace(/\s*$/, '')} ${said}`,
    exceptionCode: base.exceptionCode,
    status: base.status,
    serverMessage: base.serverMessage,
    cause: base,
  });
}

function describeCause(cause: unknown): BulkApiError {
  if (isBulkApiError(cause)) {
    return cause;
  }
  if (cause instanceof CsvSplitError || cause instanceof CsvError) {
    return new BulkApiError({ kind: 'invalidRequest', message: `The CSV file cannot be loaded: ${cause.message}`, cause });
  }
  if (cause instanceof Error && 'code' in cause) {
    // Reading the file failed (ENOENT, EACCES …).
    return new BulkApiError({ kind: 'invalidRequest', message: `The CSV file could not be read (${String((cause as { code: unknown }).code)}).`, cause });
  }
  return new BulkApiError({ kind: 'invalidRequest', message: `The load failed: ${cause instanceof Error ? cause.message : String(cause)}.`, cause });
}
