/**
 * A CSV file loaded into Salesforce, streamed (`split.ts` cuts it as it is read):
 * - 2.0: one job per ≤ 100 MB part (a job takes one upload), each part streamed up as its job's
 *   upload; only when every part is up are the jobs closed (`UploadComplete`), in order.
 * - 1.0: one job, batches of ≤ 10,000 records / 10,000,000 bytes sent one after another (Salesforce
 *   starts each batch as it arrives), then the job is closed.
 * If anything fails or is cancelled once a job exists, the load is told as it is (`PartialLoadError`):
 * every job created and what became of it (`SentJob`). 2.0 jobs not yet closed are aborted before
 * they process anything; a 1.0 job that accepted batches is closed (those batches are processed
 * whatever we do: an abort would only make which ones uncertain), else aborted. Each with its own
 * deadline (the caller's signal may be the reason). The rows not accepted are the parts (2.0) or
 * batches (1.0) from `unsentFromPart` on: `unsentSlices` gives them back for a file of their own.
 */
import { once } from 'events';
import { PassThrough, Readable } from 'stream';
import { BulkApiError, isBulkApiError, type BulkApiErrorInit } from '../errors';
import { CsvError, csvByteRecords } from '../csv';
import type { BulkBatch, BulkJob, LoadOptions, LoadResult, LoadSpec, RequestOptions, SentBatch, SentJob } from '../types';
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
  /** The job as Salesforce has it now (after a close or abort whose outcome is unknown). */
  get?(jobId: string, options: RequestOptions): Promise<BulkJob>;
  /** 1.0: the job's batches (after a batch whose outcome is unknown). */
  batches?(jobId: string, options: RequestOptions): Promise<BulkBatch[]>;
  orgLabel: string;
  log(level: 'info' | 'warn', message: string): void;
}

/** A load that failed or was cancelled once a job existed: what reached Salesforce, job by job. */
export class PartialLoadError extends BulkApiError {
  constructor(
    init: BulkApiErrorInit,
    readonly flavour: '1.0' | '2.0',
    /** Every job created, in order. */
    readonly sent: SentJob[],
    /** Rows Salesforce accepted and processes (closed 2.0 jobs; accepted 1.0 batches). */
    readonly rowsAccepted: number,
    /** The first part (2.0) or batch (1.0) of the split that Salesforce did not accept. */
    readonly unsentFromPart: number,
  ) {
    super(init);
    this.name = 'PartialLoadError';
  }
}

export function isPartialLoadError(e: unknown): e is PartialLoadError {
  return e instanceof PartialLoadError;
}

const ABORT_TIMEOUT_MS = 30_000;

/** One job of the load as it goes. */
interface Made {
  job: BulkJob;
  rows: number;
  batches: SentBatch[];
  state?: SentJob['state'];
}

/** The split a load sends (and `unsentSlices` reads again): one place, so both cut the same parts. */
/**
 * The file as it is sent, part by part: only UTF-8 goes out (re-encoded as it is read), cut with the file's
 * own delimiter and written with the job's (2.0: the file's; 1.0: commas). The load and the file of unsent
 * rows both read it here, so they always agree.
 */
function slicesOf(source: Readable, flavour: '1.0' | '2.0', options: Pick<LoadOptions, 'dropColumns' | 'format'>, limits: SplitLimits): AsyncGenerator<CsvSlice> {
  return splitCsv(utf8Chunks(source, options.format), limits, options.dropColumns, options.format?.delimiter, sentShape(flavour, options.format));
}

export async function loadCsv(deps: LoadDeps, spec: LoadSpec, source: () => Readable, options: LoadOptions = {}, limits: SplitLimits = LIMITS[spec.flavour]): Promise<LoadResult> {
  const made: Made[] = [];
  const progress = { rows: 0, bytes: 0, batches: 0 };
  const inFlight: { rows: number } = { rows: 0 };
  try {
    const slices = slicesOf(source(), spec.flavour, options, limits);
    if (spec.flavour === '2.0') {
      await sendParts(deps, slices, options, made, progress);
    } else {
      await sendBatches(deps, slices, options, made, progress, inFlight);
    }
    if (made.length === 0) {
      throw new BulkApiError({ kind: 'invalidRequest', message: 'The CSV file has a header but no rows to load: nothing was sent.' });
    }
    const after: BulkJob[] = [];
    for (const m of made) {
      throwIfCancelled(options.signal);
      after.push(await deps.close(m.job.id, { signal: options.signal }));
      m.state = 'closed';
    }
    return { jobs: after, rows: progress.rows, batches: progress.batches, sent: made.map(sentOf) };
  } catch (e) {
    throw made.length === 0 ? describeCause(e) : await settle(deps, spec.flavour, made, inFlight.rows, e);
  }
}

function sentOf(m: Made): SentJob {
  const out: SentJob = { id: m.job.id, state: m.state ?? 'open', rows: m.rows };
  if (m.job.kind === 'classic' || m.batches.length > 0) {
    out.batches = m.batches.slice();
  }
  return out;
}

type Progress = { rows: number; bytes: number; batches: number };

function sent(slice: CsvSlice, progress: Progress, options: LoadOptions): void {
  progress.rows += slice.rows;
  progress.bytes += slice.data.length;
  options.onProgress?.(progress.rows, progress.bytes);
}

/** 2.0: a job per part, each part streamed as its job's one upload. */
async function sendParts(deps: LoadDeps, slices: AsyncIterable<CsvSlice>, options: LoadOptions, made: Made[], progress: Progress): Promise<void> {
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

  async function sendSlice(slice: CsvSlice): Promise<void> {
    throwIfCancelled(options.signal);
    if (slice.first) {
      await finish();
      const job = await deps.create({ signal: options.signal });
      made.push({ job, rows: 0, batches: [] });
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
    made[made.length - 1].rows += slice.rows;
    sent(slice, progress, options);
  }
}

/** 1.0: one job; each batch gathered (≤ 10 MB) and sent whole, one after another. */
async function sendBatches(deps: LoadDeps, slices: AsyncIterable<CsvSlice>, options: LoadOptions, made: Made[], progress: Progress, inFlight: { rows: number }): Promise<void> {
  let batch: CsvSlice[] = [];
  const send = async (): Promise<void> => {
    if (batch.length > 0) {
      const m = made[0];
      const rows = batch.reduce((n, s) => n + s.rows, 0);
      inFlight.rows = rows;
      const info = await deps.endpoints.addBatch(m.job.id, Buffer.concat(batch.map((s) => s.data)), { signal: options.signal });
      inFlight.rows = 0;
      m.batches.push({ id: info.id, rows });
      m.rows += rows;
      progress.batches++;
      for (const s of batch) {
        sent(s, progress, options);
      }
      batch = [];
    }
  };
  for await (const slice of slices) {
    throwIfCancelled(options.signal);
    if (made.length === 0) {
      made.push({ job: await deps.create({ signal: options.signal }), rows: 0, batches: [] });
    }
    if (slice.first) {
      await send();
    }
    batch.push(slice);
  }
  await send();
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new BulkApiError({ kind: 'cancelled', message: 'Cancelled the load.' });
  }
}

/**
 * After a failure once jobs exist: each job not closed is settled (2.0: aborted; 1.0: closed when it
 * accepted batches, else aborted), an unknown outcome is asked of Salesforce, and the error tells
 * what became of every job.
 */
async function settle(deps: LoadDeps, flavour: '1.0' | '2.0', made: Made[], inFlightRows: number, cause: unknown): Promise<PartialLoadError> {
  const base = describeCause(cause);
  const own = { timeoutMs: ABORT_TIMEOUT_MS };
  if (flavour === '1.0' && inFlightRows > 0 && deps.batches) {
    // A batch whose answer never came may have reached the job: its batch list says.
    const m = made[0];
    const listed = await deps.batches(m.job.id, own).catch(() => undefined);
    if (listed && listed.length > m.batches.length) {
      const extra = listed[m.batches.length];
      m.batches.push({ id: extra.id, rows: inFlightRows });
      m.rows += inFlightRows;
    }
  }
  for (const m of made) {
    if (m.state === 'closed') continue;
    const close = flavour === '1.0' && m.batches.length > 0;
    try {
      await (close ? deps.close(m.job.id, own) : deps.abort(m.job.id, own));
      m.state = close ? 'closed' : 'aborted';
    } catch (e) {
      deps.log('warn', `could not ${close ? 'close' : 'abort'} the job ${m.job.id} after a failed load: ${e instanceof Error ? e.message : String(e)}`);
      m.state = await stateNow(deps, m.job.id, own);
    }
  }
  const sentJobs = made.map(sentOf);
  const accepted = flavour === '1.0' ? sentJobs.flatMap((j) => j.batches ?? []) : sentJobs.filter((j) => j.state === 'closed');
  const rowsAccepted = accepted.reduce((n, x) => n + x.rows, 0);
  // 2.0 jobs are closed in order, so the accepted parts are the first ones; 1.0 batches likewise.
  const unsentFromPart = flavour === '1.0' ? accepted.length : sentJobs.findIndex((j) => j.state !== 'closed');
  const said = tellJobs(flavour, sentJobs);
  deps.log('info', `load failed (${base.kind}); ${said}`);
  return new PartialLoadError({
    kind: base.kind,
    message: `${base.message.replace(/\s*$/, '')} ${said}`,
    exceptionCode: base.exceptionCode,
    status: base.status,
    serverMessage: base.serverMessage,
    cause: base,
  }, flavour, sentJobs, rowsAccepted, unsentFromPart < 0 ? sentJobs.length : unsentFromPart);
}

/** After a close or abort that failed: what the job is now (open when even that cannot be read). */
async function stateNow(deps: LoadDeps, jobId: string, options: RequestOptions): Promise<SentJob['state']> {
  const job = await deps.get?.(jobId, options).catch(() => undefined);
  if (job === undefined || job.state === 'Open') return 'open';
  return job.state === 'Aborted' ? 'aborted' : 'closed';
}

const rowsText = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;

/** What became of each job, one sentence each (the VS Code layer adds what to do next). */
export function tellJobs(flavour: '1.0' | '2.0', jobs: readonly SentJob[]): string {
  if (flavour === '2.0') {
    const lines = jobs.map((j, k) => {
      const what = `The job ${j.id} (part ${k + 1}, ${rowsText(j.rows)})`;
      if (j.state === 'closed') return `${what} was closed and is processing: its rows are loaded.`;
      if (j.state === 'aborted') return `${what} was aborted before processing: none of its rows are loaded.`;
      return `${what} could not be aborted: it is open and loads nothing unless closed; abort it in the Bulk Jobs view.`;
    });
    const none = jobs.every((j) => j.state === 'aborted');
    return [...lines, ...(none ? ['Nothing was loaded, so nothing half-sent is left open.'] : [])].join(' ');
  }
  return jobs.map((j) => {
    const batches = j.batches ?? [];
    if (batches.length === 0) {
      return j.state === 'aborted' ? `The job ${j.id} was aborted before any batch reached it: nothing was loaded, so nothing half-sent is left open.`
        : `The job ${j.id} received no batch but could not be aborted: abort it in the Bulk Jobs view.`;
    }
    const range = batches.length === 1 ? 'batch 1' : `batches 1–${batches.length}`;
    const closed = j.state === 'closed' ? 'the job was closed, so nothing more is added' : 'the job could not be closed: close it in the Bulk Jobs view';
    return `The job ${j.id}: ${range} (${rowsText(j.rows)}) reached Salesforce and ${batches.length === 1 ? 'is' : 'are'} processed (an abort would not undo ${batches.length === 1 ? 'it' : 'them'}); ${closed}.`;
  }).join(' ');
}

/**
 * The rows of a load from part (2.0) or batch (1.0) `fromPart` on, as they were (or would have
 * been) sent, after one header: the same split as the load, read again from `source`. `rows`
 * counts the data rows of each piece.
 */
export async function* unsentSlices(source: Readable, flavour: '1.0' | '2.0', fromPart: number, options: Pick<LoadOptions, 'dropColumns' | 'format'> = {}, limits: SplitLimits = LIMITS[flavour]): AsyncGenerator<{ data: Buffer; rows: number }> {
  let headerOut = false;
  for await (const slice of slicesOf(source, flavour, options, limits)) {
    if (slice.part < fromPart) continue;
    if (slice.first && headerOut) {
      yield { data: slice.data.subarray(await headerBytes(slice.data)), rows: slice.rows };
      continue;
    }
    headerOut = true;
    yield { data: slice.data, rows: slice.rows };
  }
}

/** The length of the header record (with its LF) at the start of a part, read by the one CSV reader. */
async function headerBytes(data: Buffer): Promise<number> {
  for await (const records of csvByteRecords(Readable.from([data]), { maxRecord: data.length + 1 })) {
    return records[0].length + 1;
  }
  return 0;
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
