/**
 * Bulk 1.0 results: an ingest job's batches joined row by row, a query job's result sets copied.
 *
 * Ingest: each batch's request (`…/batch/{id}/request`) and result (`…/batch/{id}/result`) are read
 * side by side, row i of one with row i of the other (Salesforce keeps the order).
 *   - Completed batch: each row goes to failed or success by its result.
 *   - Failed batch (`stateMessage` set): rows that have a result go by it; the rest go to **failed**
 *     with the batch's `stateMessage` as `sf__Error` (and an empty `sf__Id`), so the person sees why
 *     and can load them again. If the result cannot be read at all, every row is such a row.
 *   - NotProcessed, Queued or InProgress batch (aborted job, never run, not yet run): its rows go to
 *     unprocessed.
 *   - A Completed batch with fewer results than request rows (should not happen): the rest go to
 *     unprocessed; extra results are ignored; both are reported in `warnings`.
 *   XML and JSON jobs become CSV (see `tables.ts`). A batch's columns are those of its first record
 *   (XML/JSON) or its header (CSV); a file's header is that of the first batch written to it, and
 *   later batches are mapped onto it by name (columns it lacks are dropped and named in `warnings`).
 * Query: every result set of every Completed batch, header once.
 */
import { isBulkApiError } from '../errors';
import type { BulkBatch, BulkJob, BulkStream } from '../types';
import { BatchWriter, csvText, FAILED_PREFIX, fieldCsv, SUCCESS_PREFIX, type InputRow, type PendingFile } from './batchWriter';
import { ResultCursor, resultChunks } from './batchResults';
import { csvField } from '../csv';
import type { DownloadRun } from './run';
import { csvSpanTable, formatOf, tableOf, type Table } from './tables';
import type { DownloadResult, ResultFileKind } from './downloadTypes';

const FAILED_BATCH_DEFAULT_MESSAGE = 'Batch failed';
const CREATED = csvText('true');
const NOT_CREATED = csvText('false');

export function downloadClassicIngest(run: DownloadRun, job: BulkJob): Promise<DownloadResult['batches']> {
  return eachBatch(run, job, (batch) => joinBatch(run, job, batch));
}

/**
 * Runs `work` on each of a 1.0 job's batches, `concurrency` at a time, reporting progress per batch;
 * resolves to the batches counted by state.
 */
async function eachBatch(run: DownloadRun, job: BulkJob, work: (batch: BulkBatch) => Promise<void>): Promise<DownloadResult['batches']> {
  const batches = await run.client.listBatches(job.id, run.request);
  const counts = { total: batches.length, completed: 0, failed: 0, notProcessed: 0, notFinished: 0 };
  run.progress.batchesTotal = batches.length;
  run.report();
  await run.pool(batches, async (batch) => {
    switch (batch.state) {
      case 'Completed':
        counts.completed++;
        break;
      case 'Failed':
        counts.failed++;
        break;
      case 'NotProcessed':
        counts.notProcessed++; // e.g. the parent batch of PK chunking
        break;
      default:
        counts.notFinished++;
    }
    await work(batch);
    run.progress.batchesDone++;
    run.report();
  });
  return counts;
}

/** One 1.0 ingest batch: its request rows, each with its result row. */
async function joinBatch(run: DownloadRun, job: BulkJob, batch: BulkBatch): Promise<void> {
  const ran = batch.state === 'Completed' || batch.state === 'Failed';
  const streams: BulkStream[] = [];
  try {
    // Both at once; if one cannot be opened, the other is still closed (finally).
    const [opened, resultOpened] = await Promise.allSettled([
      run.client.openBatchRequest(job.id, batch.id, run.request),
      ran ? openFailedBatchResult(run, job, batch) : Promise.resolve(undefined),
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
    const writer = new BatchWriter(run);
    const results = new ResultCursor(result === undefined ? undefined : resultChunks(result, job.contentType));
    let missing = 0;
    const batchError = batch.stateMessage ?? FAILED_BATCH_DEFAULT_MESSAGE;
    const batchErrorCsv = `,${csvField(batchError)}`;
    let failed: PendingFile;
    let success: PendingFile;
    let unprocessed: PendingFile;
    const files = (columns: string[]): void => {
      failed = writer.file('failed', FAILED_PREFIX, columns);
      success = writer.file('success', SUCCESS_PREFIX, columns);
      unprocessed = writer.file('unprocessed', [], columns);
    };
    // A request row (a raw CSV record `row[start, end)`, or fields) and the result the cursor is at.
    const joined = (row: InputRow, start: number, end: number): void => {
      const second = results.success ? (results.created ? CREATED : NOT_CREATED) : results.errorField;
      const file = results.success ? success : failed;
      if (!results.success) {
        run.summary.add(results.error);
      }
      if (Buffer.isBuffer(row)) {
        file.addJoined(results, second, row, start, end);
      } else {
        file.add(fieldCsv(results), row, fieldCsv(second));
      }
    };
    // A request row that has no result.
    const alone = (row: InputRow): void => {
      if (batch.state === 'Failed') {
        run.summary.add(batchError);
        failed.add(batchErrorCsv, row);
      } else {
        missing += ran ? 1 : 0;
        unprocessed.add('', row);
      }
    };
    if (formatOf(request, job.contentType) === 'csv') {
      const input = csvSpanTable(request);
      for await (const spans of input.rows) {
        files(input.columns as string[]);
        for (let k = 0; k < spans.count; k += 3) {
          const bytes = spans.bytes[spans.at[k]];
          const start = spans.at[k + 1];
          const end = spans.at[k + 2];
          if (results.nextReady() || (await results.next())) {
            joined(bytes, start, end);
          } else {
            alone(bytes.subarray(start, end));
          }
        }
        await writer.flushIfFull();
      }
    } else {
      const input = tableOf(request, job.contentType, '#N/A');
      for await (const rows of input.rows) {
        files(input.columns as string[]);
        for (const row of rows) {
          if (results.nextReady() || (await results.next())) {
            joined(row, 0, 0);
          } else {
            alone(row);
          }
        }
        await writer.flushIfFull();
      }
    }
    await writer.flush();
    const extra = await results.countRest();
    if (missing > 0) {
      run.warnings.push(`Batch ${batch.id}: ${missing} request rows had no result; they are in the unprocessed file.`);
    }
    if (extra > 0) {
      run.warnings.push(`Batch ${batch.id}: ${extra} results had no request row; they were ignored.`);
    }
  } finally {
    for (const s of streams) {
      s.close();
    }
  }
}

/** A batch's result; for a Failed batch a result that cannot be had is "no results" (not an error). */
async function openFailedBatchResult(run: DownloadRun, job: BulkJob, batch: BulkBatch): Promise<BulkStream | undefined> {
  try {
    return await run.client.openBatchResult(job.id, batch.id, run.request);
  } catch (e) {
    if (batch.state === 'Failed' && isBulkApiError(e) && (e.kind === 'invalidRequest' || e.kind === 'notFound')) {
      return undefined;
    }
    throw e;
  }
}

export async function downloadClassicQuery(run: DownloadRun, job: BulkJob): Promise<DownloadResult['batches']> {
  const counts = await eachBatch(run, job, async (batch) => {
    if (batch.state === 'Completed') {
      const resultIds = await run.client.listQueryResultIds(job.id, batch.id, run.request);
      for (const resultId of resultIds) {
        const stream = await run.client.openQueryBatchResult(job.id, batch.id, resultId, run.request);
        try {
          await copyTable(run, tableOf(stream, job.contentType, ''), 'query');
        } finally {
          stream.close();
        }
      }
    } else if (batch.state === 'Failed') {
      run.warnings.push(`Batch ${batch.id} failed: ${batch.stateMessage ?? FAILED_BATCH_DEFAULT_MESSAGE}`);
    }
  });
  const out = run.output('query');
  if (!out.opened) {
    out.ensureOpen(['Id']);
  }
  return counts;
}

/** Copies a table (query results) into a file, header once. */
async function copyTable(run: DownloadRun, table: Table, kind: ResultFileKind): Promise<void> {
  const writer = new BatchWriter(run);
  for await (const rows of table.rows) {
    const file = writer.file(kind, [], table.columns as string[]);
    for (const row of rows) {
      file.add('', row);
    }
    await writer.flushIfFull();
  }
  if (table.columns !== undefined && !run.output(kind).opened) {
    run.output(kind).ensureOpen(table.columns);
  }
  await writer.flush();
}