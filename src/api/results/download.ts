/**
 * "Which records failed, and why?" in one call: a job's results as up to three CSV files of one
 * shape for both flavours, plus an error summary computed on the way.
 *
 * - `<jobId>-failed.csv`:      `sf__Id`, `sf__Error`, then the input columns (can be fixed and loaded again)
 * - `<jobId>-success.csv`:     `sf__Id`, `sf__Created`, then the input columns
 * - `<jobId>-unprocessed.csv`: the input columns
 * - `<jobId>-results.csv`:     query jobs: the query's rows
 *
 * Bulk 1.0 ingest: each batch's request (`…/batch/{id}/request`) and result (`…/batch/{id}/result`)
 * are read side by side, row i of one with row i of the other (Salesforce keeps the order).
 *   - Completed batch: each row goes to failed or success by its result.
 *   - Failed batch (`stateMessage` set): rows that have a result go by it; the rest go to **failed**
 *     with the batch's `stateMessage` as `sf__Error` (and an empty `sf__Id`), so the person sees why
 *     and can load them again. If the result cannot be read at all, every row is such a row.
 *   - NotProcessed, Queued or InProgress batch (aborted job, never run, not yet run): its rows go to
 *     unprocessed.
 *   - A Completed batch with fewer results than request rows (should not happen): the rest go to
 *     unprocessed; extra results are ignored; both are reported in `warnings`.
 *   XML and JSON jobs become CSV: nested relationship fields become `Parent.Field` columns, and a
 *   null (`xsi:nil="true"`, JSON `null`) becomes `#N/A`, which is how CSV loads set a field to null.
 *   A batch's columns are those of its first record (XML/JSON) or its header (CSV); a file's header
 *   is that of the first batch written to it, and later batches are mapped onto it by name (columns
 *   it lacks are dropped and named in `warnings`).
 * Bulk 2.0 ingest: `successfulResults`, `failedResults`, `unprocessedrecords` streamed to the files,
 *   columns reordered to the shape above, the job's column delimiter read, commas written.
 * Query jobs: 1.0 every result set of every Completed batch; 2.0 `results` following `Sforce-Locator`.
 *
 * Streaming: nothing holds more than a few hundred rows per batch in flight; batches are fetched
 * `concurrency` at a time (default 6); writes wait for the disk. Files are written as `.partial`
 * and renamed at the very end (see output.ts); any failure or cancellation removes the partials.
 * Output: UTF-8 without BOM, LF line endings, fields quoted only when needed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BulkApiError, isBulkApiError } from '../errors';
import type { BulkApi, BulkBatch, BulkJob, BulkResultsApi, BulkStream, RequestOptions } from '../types';
import { setMaxListeners } from 'events';
import { csvByteRecords, csvField, csvRecords, CsvError, csvRow, parseCsvRecord } from './csv';
import { ErrorSummary, formatRowError, type ErrorGroup, type ParsedRowError } from './errorSummary';
import { OutputFile } from './output';
import { flattenJson, flattenXml, jsonRecords, RecordFileError, xmlRecords, type XmlNode } from './records';

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

export type ResultsClient = BulkApi & BulkResultsApi;

/** Whether a client can stream result files (BulkClient can). */
export function canDownloadResults(api: BulkApi): api is ResultsClient {
  return typeof (api as Partial<BulkResultsApi>).openBatchRequest === 'function';
}

export function resultFileName(jobId: string, kind: ResultFileKind): string {
  return `${jobId}-${kind === 'query' ? 'results' : kind}.csv`;
}

const DEFAULT_CONCURRENCY = 6;
/** Output is handed to the file in runs of about this many bytes. */
const FLUSH_BYTES = 64 * 1024;
const FAILED_BATCH_DEFAULT_MESSAGE = 'Batch failed';

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t', CARET: '^', BACKQUOTE: '`' };

export async function downloadResults(client: ResultsClient, jobId: string, options: DownloadOptions): Promise<DownloadResult> {
  const run = new Download(client, options);
  return run.start(jobId);
}

/** One result row of a 1.0 ingest batch. */
interface ResultRow {
  id: string;
  success: boolean;
  created: boolean;
  error: string;
}

type FileFormat = 'csv' | 'xml' | 'json';

class Download {
  private readonly controller = new AbortController();
  private readonly outputs = new Map<ResultFileKind, OutputFile>();
  private readonly summary = new ErrorSummary();
  private readonly warnings: string[] = [];
  private readonly progress: DownloadProgress = { batchesDone: 0, batchesTotal: 0, rowsWritten: 0 };
  private readonly onCallerAbort = (): void => this.controller.abort();

  constructor(private readonly client: ResultsClient, private readonly options: DownloadOptions) {
    // Every open request and stream listens to it: 2 per batch × concurrency.
    setMaxListeners(1000, this.controller.signal);
  }

  private get request(): RequestOptions {
    return { signal: this.controller.signal, timeoutMs: this.options.timeoutMs };
  }

  async start(jobId: string): Promise<DownloadResult> {
    const signal = this.options.signal;
    if (signal?.aborted) {
      throw cancelled();
    }
    signal?.addEventListener('abort', this.onCallerAbort, { once: true });
    try {
      const given = this.options.job;
      const job = given !== undefined && given.id.slice(0, 15) === jobId.slice(0, 15) ? given : await this.client.getJob(jobId, this.request);
      const id = job.id;
      const isQuery = job.kind === 'query' || (job.operation ?? '').startsWith('query');
      const kinds: ResultFileKind[] = isQuery ? ['query'] : ['failed', 'success', 'unprocessed'];
      for (const kind of kinds) {
        this.outputs.set(kind, new OutputFile(path.join(this.options.dir, resultFileName(id, kind))));
      }
      await mkdirp(this.options.dir);
      let batches: DownloadResult['batches'];
      if (job.kind === 'classic') {
        batches = isQuery ? await this.classicQuery(job) : await this.classicIngest(job);
      } else if (job.kind === 'ingest') {
        await this.ingest2(job);
      } else {
        await this.query2(job);
      }
      for (const out of this.outputs.values()) {
        await out.finish();
      }
      this.checkAborted();
      const files: DownloadResult['files'] = {};
      for (const [kind, out] of this.outputs) {
        const written = await out.commit();
        if (written !== undefined) {
          files[kind] = written;
        }
        if (out.droppedColumns.size > 0) {
          this.warnings.push(`Some batches had columns the ${kind} file's header lacks; dropped: ${[...out.droppedColumns].slice(0, 20).join(', ')}.`);
        }
      }
      return {
        jobId: id,
        flavour: job.flavour,
        kind: isQuery ? 'query' : 'ingest',
        files,
        rows: {
          failed: this.outputs.get('failed')?.rows ?? 0,
          success: this.outputs.get('success')?.rows ?? 0,
          unprocessed: this.outputs.get('unprocessed')?.rows ?? 0,
          query: this.outputs.get('query')?.rows ?? 0,
        },
        errors: this.summary.groupsByCount(),
        batches,
        warnings: this.warnings,
      };
    } catch (e) {
      this.controller.abort();
      await Promise.all([...this.outputs.values()].map((o) => o.discard().catch(() => undefined)));
      throw signal?.aborted ? cancelled() : toBulkError(e);
    } finally {
      signal?.removeEventListener('abort', this.onCallerAbort);
    }
  }

  private checkAborted(): void {
    if (this.controller.signal.aborted) {
      throw cancelled();
    }
  }

  private report(): void {
    this.options.onProgress?.({ ...this.progress });
  }

  private output(kind: ResultFileKind): OutputFile {
    return this.outputs.get(kind) as OutputFile;
  }

  // ------------------------------------------------------------------------------- Bulk 1.0

  private async classicIngest(job: BulkJob): Promise<DownloadResult['batches']> {
    const batches = await this.client.listBatches(job.id, this.request);
    const counts = { total: batches.length, completed: 0, failed: 0, notProcessed: 0, notFinished: 0 };
    this.progress.batchesTotal = batches.length;
    this.report();
    await this.pool(batches, async (batch) => {
      switch (batch.state) {
        case 'Completed':
          counts.completed++;
          break;
        case 'Failed':
          counts.failed++;
          break;
        case 'NotProcessed':
          counts.notProcessed++;
          break;
        default:
          counts.notFinished++;
      }
      await this.joinBatch(job, batch);
      this.progress.batchesDone++;
      this.report();
    });
    return counts;
  }

  /** One 1.0 ingest batch: its request rows, each with its result row. */
  private async joinBatch(job: BulkJob, batch: BulkBatch): Promise<void> {
    const ran = batch.state === 'Completed' || batch.state === 'Failed';
    const streams: BulkStream[] = [];
    try {
      // Both at once; if one cannot be opened, the other is still closed (finally).
      const [opened, resultOpened] = await Promise.allSettled([
        this.client.openBatchRequest(job.id, batch.id, this.request),
        ran ? this.openFailedBatchResult(job, batch) : Promise.resolve(undefined),
      ]);
      for (const o of [opened, resultOpened]) {
        if (o.status === 'fulfilled' && o.value !== undefined) {
          streams.push(o.value);
        }
      }
      if (opened.status === 'rejected') {
        throw opened.reason;
      }
      if (resultOpened.status === 'rejected') {
        throw resultOpened.reason;
      }
      const request = opened.value;
      const result = resultOpened.value;
      const writer = new BatchWriter(this);
      const input = tableOf(request, job.contentType, '#N/A');
      const results = result === undefined ? undefined : resultRows(result, job.contentType)[Symbol.asyncIterator]();
      let pending: ResultRow[] = [];
      let at = 0;
      let resultsDone = results === undefined;
      let missing = 0;
      const batchError = batch.stateMessage ?? FAILED_BATCH_DEFAULT_MESSAGE;
      for await (const rows of input.rows) {
        const columns = input.columns as string[];
        const failed = writer.file('failed', FAILED_PREFIX, columns);
        const success = writer.file('success', SUCCESS_PREFIX, columns);
        const unprocessed = writer.file('unprocessed', [], columns);
        for (const row of rows) {
          while (at >= pending.length && !resultsDone) {
            const next = await (results as AsyncIterator<ResultRow[]>).next();
            if (next.done) {
              resultsDone = true;
            } else {
              pending = next.value;
              at = 0;
            }
          }
          const r = at < pending.length ? pending[at++] : undefined;
          if (r === undefined) {
            if (batch.state === 'Failed') {
              this.summary.add(batchError, '', columns, () => fieldsOf(row));
              failed.add(`,${csvField(batchError)}`, row);
            } else {
              missing += ran ? 1 : 0;
              unprocessed.add('', row);
            }
          } else if (r.success) {
            success.add(`${csvField(r.id)},${r.created ? 'true' : 'false'}`, row);
          } else {
            this.summary.add(r.error, r.id, columns, () => fieldsOf(row));
            failed.add(`${csvField(r.id)},${csvField(r.error)}`, row);
          }
        }
        await writer.flushIfFull();
      }
      await writer.flush();
      let extra = 0;
      while (!resultsDone) {
        extra += pending.length - at;
        at = pending.length;
        const next = await (results as AsyncIterator<ResultRow[]>).next();
        if (next.done) {
          resultsDone = true;
        } else {
          pending = next.value;
          at = 0;
        }
      }
      extra += pending.length - at;
      if (missing > 0) {
        this.warnings.push(`Batch ${batch.id}: ${missing} request rows had no result; they are in the unprocessed file.`);
      }
      if (extra > 0) {
        this.warnings.push(`Batch ${batch.id}: ${extra} results had no request row; they were ignored.`);
      }
    } finally {
      for (const s of streams) {
        s.close();
      }
    }
  }

  /** A batch's result; for a Failed batch a result that cannot be had is "no results" (not an error). */
  private async openFailedBatchResult(job: BulkJob, batch: BulkBatch): Promise<BulkStream | undefined> {
    try {
      return await this.client.openBatchResult(job.id, batch.id, this.request);
    } catch (e) {
      if (batch.state === 'Failed' && isBulkApiError(e) && (e.kind === 'invalidRequest' || e.kind === 'notFound')) {
        return undefined;
      }
      throw e;
    }
  }

  private async classicQuery(job: BulkJob): Promise<DownloadResult['batches']> {
    const batches = await this.client.listBatches(job.id, this.request);
    const counts = { total: batches.length, completed: 0, failed: 0, notProcessed: 0, notFinished: 0 };
    this.progress.batchesTotal = batches.length;
    this.report();
    await this.pool(batches, async (batch) => {
      if (batch.state === 'Completed') {
        counts.completed++;
        const resultIds = await this.client.listQueryResultIds(job.id, batch.id, this.request);
        for (const resultId of resultIds) {
          const stream = await this.client.openQueryBatchResult(job.id, batch.id, resultId, this.request);
          try {
            await this.copyTable(tableOf(stream, job.contentType, ''), 'query');
          } finally {
            stream.close();
          }
        }
      } else if (batch.state === 'Failed') {
        counts.failed++;
        this.warnings.push(`Batch ${batch.id} failed: ${batch.stateMessage ?? FAILED_BATCH_DEFAULT_MESSAGE}`);
      } else if (batch.state === 'NotProcessed') {
        counts.notProcessed++; // e.g. the parent batch of PK chunking
      } else {
        counts.notFinished++;
      }
      this.progress.batchesDone++;
      this.report();
    });
    const out = this.output('query');
    if (!out.opened) {
      out.ensureOpen(['Id']);
    }
    return counts;
  }

  /** Copies a table (query results) into a file, header once. */
  private async copyTable(table: Table, kind: ResultFileKind): Promise<void> {
    const writer = new BatchWriter(this);
    for await (const rows of table.rows) {
      const file = writer.file(kind, [], table.columns as string[]);
      for (const row of rows) {
        file.add('', row);
      }
      await writer.flushIfFull();
    }
    if (table.columns !== undefined && !this.output(kind).opened) {
      this.output(kind).ensureOpen(table.columns);
    }
    await writer.flush();
  }

  // ------------------------------------------------------------------------------- Bulk 2.0

  private async ingest2(job: BulkJob): Promise<void> {
    const delimiter = DELIMITERS[job.columnDelimiter ?? 'COMMA'] ?? ',';
    const files: Array<['successfulResults' | 'failedResults' | 'unprocessedrecords', ResultFileKind]> = [
      ['failedResults', 'failed'],
      ['successfulResults', 'success'],
      ['unprocessedrecords', 'unprocessed'],
    ];
    this.progress.batchesTotal = files.length;
    this.report();
    await this.pool(files, async ([which, kind]) => {
      const stream = await this.client.openIngestResults(job.id, which, this.request);
      try {
        const writer = new BatchWriter(this);
        const prefix = kind === 'failed' ? FAILED_PREFIX : kind === 'success' ? SUCCESS_PREFIX : [];
        let header: string[] | undefined;
        let order: number[] = [];
        let inputColumns: string[] = [];
        // Already in the shape, comma-separated: copied record by record as it came.
        let asIs = false;
        for await (const rows of delimiter === ',' ? csvByteRecords(stream.body) : csvRecords(stream.body, delimiter)) {
          for (const row of rows as InputRow[]) {
            if (header === undefined) {
              header = fieldsOf(row);
              ({ order, inputColumns } = shape2(header, prefix));
              asIs = delimiter === ',' && kind !== 'failed' && order.every((k, n) => k === n);
              continue;
            }
            const file = writer.file(kind, prefix, inputColumns);
            if (asIs) {
              file.addRecord(row);
              continue;
            }
            const fields = fieldsOf(row);
            const values = order.map((k) => (k < 0 ? '' : fields[k] ?? ''));
            const input = values.slice(prefix.length);
            if (kind === 'failed') {
              this.summary.add(values[1], values[0], inputColumns, () => input);
            }
            file.add(values.slice(0, prefix.length).map(csvField).join(','), input);
          }
          await writer.flushIfFull();
        }
        await writer.flush();
      } finally {
        stream.close();
      }
      this.progress.batchesDone++;
      this.report();
    });
  }

  private async query2(job: BulkJob): Promise<void> {
    const delimiter = DELIMITERS[job.columnDelimiter ?? 'COMMA'] ?? ',';
    let locator: string | undefined;
    const seen = new Set<string>();
    let header: string[] | undefined;
    const writer = new BatchWriter(this);
    do {
      const page = await this.client.openQueryResults(job.id, { locator, maxRecords: this.options.maxRecordsPerPage }, this.request);
      this.progress.batchesTotal++;
      try {
        let pageColumns: string[] | undefined;
        for await (const rows of delimiter === ',' ? csvByteRecords(page.body) : csvRecords(page.body, delimiter)) {
          for (const row of rows as InputRow[]) {
            if (pageColumns === undefined) {
              pageColumns = fieldsOf(row);
              header ??= pageColumns;
              continue;
            }
            writer.file('query', [], pageColumns).add('', row);
          }
          await writer.flushIfFull();
        }
        await writer.flush();
      } finally {
        page.close();
      }
      this.progress.batchesDone++;
      this.report();
      locator = page.nextLocator;
      if (locator !== undefined && seen.has(locator)) {
        throw new BulkApiError({ kind: 'unexpectedResponse', message: `The results of the job ${job.id} page in a circle (locator ${locator} came twice).` });
      }
      if (locator !== undefined) {
        seen.add(locator);
      }
    } while (locator !== undefined);
    const out = this.output('query');
    if (!out.opened) {
      out.ensureOpen(header ?? ['Id']);
    }
  }

  // ------------------------------------------------------------------------------- plumbing

  /** Runs `work` for each item, `concurrency` at a time; the first failure stops the rest. */
  private async pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
    const limit = Math.max(1, Math.floor(this.options.concurrency ?? DEFAULT_CONCURRENCY));
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < items.length) {
        const item = items[next++];
        try {
          this.checkAborted();
          await work(item);
        } catch (e) {
          failure ??= { error: e };
          this.controller.abort();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure !== undefined) {
      throw failure.error;
    }
  }

  /** Called by BatchWriter: whole records, already CSV (UTF-8). */
  async write(kind: ResultFileKind, data: Buffer, rows: number): Promise<void> {
    this.checkAborted();
    this.progress.rowsWritten += rows;
    await this.output(kind).write(data, rows);
    this.report();
  }

  /** Called by BatchWriter: the header of this file, and how to map a batch's columns onto it. */
  columnsFor(kind: ResultFileKind, columns: readonly string[]): number[] | undefined {
    return this.output(kind).useColumns(columns);
  }
}

const FAILED_PREFIX = ['sf__Id', 'sf__Error'];
const SUCCESS_PREFIX = ['sf__Id', 'sf__Created'];

/** A row's input part: a raw CSV record as downloaded (copied as it is, never decoded) or its fields. */
type InputRow = Buffer | string[];

function fieldsOf(row: InputRow): string[] {
  return Buffer.isBuffer(row) ? parseCsvRecord(row.toString('utf8')) : row;
}

interface WriteTarget {
  write(kind: ResultFileKind, data: Buffer, rows: number): Promise<void>;
  columnsFor(kind: ResultFileKind, columns: readonly string[]): number[] | undefined;
}

/** Bytes appended to one growing buffer (no allocation per row); handed over whole. */
class ByteBuilder {
  private buf = Buffer.allocUnsafe(FLUSH_BYTES * 2);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
  }

  text(s: string): void {
    this.ensure(s.length * 3);
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  bytes(b: Buffer): void {
    this.ensure(b.length);
    this.length += b.copy(this.buf, this.length);
  }

  /** What was built (the builder starts over with a new buffer: the old one now belongs to the caller). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(FLUSH_BYTES * 2);
    this.length = 0;
    return out;
  }
}

const NEWLINE = Buffer.from('\n');

/** One file's share of a batch: rows rendered as CSV, mapped onto the file's header if need be. */
class PendingFile {
  readonly data = new ByteBuilder();
  rows = 0;
  private map: number[] | undefined | null = null;

  constructor(
    private readonly target: WriteTarget,
    private readonly kind: ResultFileKind,
    private readonly prefix: readonly string[],
    private readonly columns: readonly string[],
  ) {}

  /** `prefixCsv`: the already-rendered `sf__…` fields ('' when there are none). */
  add(prefixCsv: string, input: InputRow): void {
    if (this.map === null) {
      this.map = this.target.columnsFor(this.kind, [...this.prefix, ...this.columns]);
    }
    this.rows++;
    if (this.map === undefined) {
      if (prefixCsv !== '') {
        this.data.text(`${prefixCsv},`);
      }
      if (Buffer.isBuffer(input)) {
        this.data.bytes(input);
        this.data.bytes(NEWLINE);
      } else {
        this.data.text(prefixCsv === '' ? csvRow(input) : `${input.map(csvField).join(',')}\n`);
      }
      return;
    }
    const all = [...(prefixCsv === '' ? [] : parseCsvRecord(prefixCsv)), ...fieldsOf(input)];
    this.data.text(csvRow(this.map.map((k) => (k < 0 ? '' : all[k] ?? ''))));
  }

  /** A whole record in the file's shape, copied as it is. */
  addRecord(record: InputRow): void {
    this.add('', record);
  }
}

/** Collects one batch's rows per file and hands them over in runs of ~64 KB. */
class BatchWriter {
  private readonly files = new Map<ResultFileKind, PendingFile>();

  constructor(private readonly target: WriteTarget) {}

  /** The pending rows of one file; `prefix` and `columns` are the same for a whole batch. */
  file(kind: ResultFileKind, prefix: readonly string[], columns: readonly string[]): PendingFile {
    let f = this.files.get(kind);
    if (f === undefined) {
      f = new PendingFile(this.target, kind, prefix, columns);
      this.files.set(kind, f);
    }
    return f;
  }

  async flushIfFull(): Promise<void> {
    let size = 0;
    for (const f of this.files.values()) {
      size += f.data.length;
    }
    if (size >= FLUSH_BYTES) {
      await this.flush();
    }
  }

  async flush(): Promise<void> {
    for (const [kind, f] of this.files) {
      if (f.rows > 0) {
        const rows = f.rows;
        f.rows = 0;
        await this.target.write(kind, f.data.take(), rows);
      }
    }
  }
}

/** A 2.0 result header → output order: `sf__Id`, `sf__Error`/`sf__Created` first, then the input columns. */
function shape2(header: string[], prefix: readonly string[]): { order: number[]; inputColumns: string[] } {
  const inputIdx = header.map((_, k) => k).filter((k) => !/^sf__/.test(header[k]));
  const prefixIdx = prefix.map((name) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase()));
  return { order: [...prefixIdx, ...inputIdx], inputColumns: inputIdx.map((k) => header[k]) };
}

/** Rows of a request / query result with their columns (known once the first row is read). */
interface Table {
  columns: string[] | undefined;
  /** CSV: raw records; XML / JSON: fields in `columns` order. */
  rows: AsyncIterable<InputRow[]>;
}

function formatOf(stream: BulkStream, jobContentType: string | undefined): FileFormat {
  const ct = stream.contentType;
  if (ct.includes('csv')) {
    return 'csv';
  }
  if (ct.endsWith('/xml') || ct.endsWith('+xml')) {
    return 'xml';
  }
  if (ct.endsWith('/json') || ct.endsWith('+json')) {
    return 'json';
  }
  const job = (jobContentType ?? 'CSV').toUpperCase();
  return job.includes('XML') ? 'xml' : job.includes('JSON') ? 'json' : 'csv';
}

/** `nilValue`: what a null becomes (`#N/A` in an input file, so that a reload sets null; '' in query results). */
function tableOf(stream: BulkStream, jobContentType: string | undefined, nilValue: string): Table {
  const format = formatOf(stream, jobContentType);
  const table: Table = { columns: undefined, rows: { [Symbol.asyncIterator]: () => gen() } };
  async function* fromMaps(maps: AsyncIterable<Array<Map<string, string>>>): AsyncGenerator<string[][]> {
    for await (const records of maps) {
      const rows: string[][] = [];
      for (const rec of records) {
        table.columns ??= [...rec.keys()];
        rows.push((table.columns as string[]).map((c) => rec.get(c) ?? ''));
      }
      yield rows;
    }
  }
  async function* gen(): AsyncGenerator<InputRow[]> {
    if (format === 'csv') {
      for await (const rows of csvByteRecords(stream.body)) {
        if (table.columns === undefined) {
          table.columns = fieldsOf(rows.shift() as Buffer);
        }
        if (rows.length > 0) {
          yield rows;
        }
      }
    } else if (format === 'xml') {
      const skip = new Set(['type']); // XML query results name the sObject type as a field
      yield* fromMaps(mapEach(xmlRecords(stream.body), (n) => flattenXml(n, nilValue, nilValue === '' ? skip : undefined)));
    } else {
      yield* fromMaps(mapEach(jsonRecords(stream.body), (r) => flattenJson(r, nilValue)));
    }
  }
  return table;
}

async function* mapEach<T, U>(source: AsyncIterable<T[]>, f: (t: T) => U): AsyncGenerator<U[]> {
  for await (const items of source) {
    yield items.map(f);
  }
}

/** A 1.0 ingest batch's results, whatever the job's format, as `ResultRow`s. */
async function* resultRows(stream: BulkStream, jobContentType: string | undefined): AsyncGenerator<ResultRow[]> {
  const format = formatOf(stream, jobContentType);
  if (format === 'csv') {
    let idx: { id: number; success: number; created: number; error: number } | undefined;
    for await (const rows of csvRecords(stream.body)) {
      const out: ResultRow[] = [];
      for (const row of rows) {
        if (idx === undefined) {
          const find = (name: string): number => row.findIndex((h) => h.trim().toLowerCase() === name);
          idx = { id: find('id'), success: find('success'), created: find('created'), error: find('error') };
          if (idx.success < 0) {
            throw new BulkApiError({ kind: 'unexpectedResponse', message: 'A batch result file has no "Success" column.' });
          }
          continue;
        }
        out.push({
          id: row[idx.id] ?? '',
          success: (row[idx.success] ?? '').toLowerCase() === 'true',
          created: (row[idx.created] ?? '').toLowerCase() === 'true',
          error: row[idx.error] ?? '',
        });
      }
      yield out;
    }
    return;
  }
  if (format === 'xml') {
    for await (const nodes of xmlRecords(stream.body)) {
      yield nodes.map(xmlResult);
    }
    return;
  }
  for await (const items of jsonRecords(stream.body)) {
    yield items.map(jsonResult);
  }
}

function xmlResult(node: XmlNode): ResultRow {
  const leaf = (name: string): string => node.children.find((c) => c.name === name && c.children.length === 0)?.text ?? '';
  const errors: ParsedRowError[] = node.children
    .filter((c) => c.name === 'errors')
    .map((e) => ({
      statusCode: e.children.find((c) => c.name === 'statusCode')?.text ?? '',
      message: e.children.find((c) => c.name === 'message')?.text ?? '',
      fields: e.children.filter((c) => c.name === 'fields').map((c) => c.text),
    }));
  return { id: leaf('id'), success: leaf('success') === 'true', created: leaf('created') === 'true', error: errors.length ? formatRowError(errors) : '' };
}

function jsonResult(item: unknown): ResultRow {
  const r = (item !== null && typeof item === 'object' ? item : {}) as Record<string, unknown>;
  const list = Array.isArray(r.errors) ? (r.errors as unknown[]) : [];
  const errors: ParsedRowError[] = list.map((e) => {
    const o = (e !== null && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    return {
      statusCode: String(o.statusCode ?? ''),
      message: String(o.message ?? ''),
      fields: Array.isArray(o.fields) ? o.fields.map(String) : [],
    };
  });
  return {
    id: typeof r.id === 'string' ? r.id : '',
    success: r.success === true || r.success === 'true',
    created: r.created === true || r.created === 'true',
    error: errors.length ? formatRowError(errors) : '',
  };
}

function cancelled(): BulkApiError {
  return new BulkApiError({ kind: 'cancelled', message: 'Cancelled downloading the results.' });
}

function toBulkError(e: unknown): unknown {
  if (e instanceof CsvError || e instanceof RecordFileError) {
    return new BulkApiError({ kind: 'unexpectedResponse', message: `A result file could not be read: ${e.message}`, cause: e });
  }
  if (e instanceof Error && 'code' in e && typeof (e as NodeJS.ErrnoException).syscall === 'string') {
    const err = e as NodeJS.ErrnoException;
    return new BulkApiError({ kind: 'invalidRequest', message: `The results could not be written (${err.code}: ${err.path ?? ''}).`, cause: e });
  }
  return e;
}

async function mkdirp(dir: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
}
