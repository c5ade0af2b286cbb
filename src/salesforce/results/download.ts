/**
 * "Which records failed, and why?" in one call: a job's results as up to three CSV files of one
 * shape for both flavours, plus an error summary computed on the way.
 *
 * - `<jobId>-failed.csv`:      `sf__Id`, `sf__Error`, then the input columns (can be fixed and loaded again)
 * - `<jobId>-success.csv`:     `sf__Id`, `sf__Created`, then the input columns
 * - `<jobId>-unprocessed.csv`: the input columns
 * - `<jobId>-results.csv`:     query jobs: the query's rows
 *
 * How each flavour gets there: Bulk 1.0 in `bulk1Results.ts` (the request/result row join), Bulk 2.0 in
 * `bulk2Results.ts`; both write through `batchWriter.ts`. The shapes they share are in `downloadTypes.ts`.
 *
 * Streaming: nothing holds more than a few hundred rows per batch in flight; batches are fetched
 * `concurrency` at a time (default 6); writes wait for the disk. Files are written as `.partial`
 * and renamed at the very end (see output.ts); any failure or cancellation removes the partials.
 * The command downloads into a staging folder and moves the whole set into place only then
 * (src/downloads/downloadSet.ts), so that an earlier set is never mixed with a new one.
 * Output: UTF-8 without BOM, LF line endings, fields quoted only when needed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BulkApiError } from '../errors';
import type { BulkClient } from '../bulkClient';
import { downloadClassicIngest, downloadClassicQuery } from './bulk1Results';
import { downloadIngest2, downloadQuery2 } from './bulk2Results';
import { CsvError } from '../csv';
import { OutputFile } from './output';
import { RecordFileError } from './records';
import { cancelled, DownloadRun } from './run';
import type { DownloadOptions, DownloadResult, ResultFileKind } from './downloadTypes';
import { sameId } from '../ids';

export function resultFileName(jobId: string, kind: ResultFileKind): string {
  return `${jobId}-${kind === 'query' ? 'results' : kind}.csv`;
}

export async function downloadResults(client: BulkClient, jobId: string, options: DownloadOptions): Promise<DownloadResult> {
  const run = new DownloadRun(client, options);
  const onCallerAbort = (): void => run.controller.abort();
  const signal = options.signal;
  if (signal?.aborted) {
    throw cancelled();
  }
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    const given = options.job;
    const job = given !== undefined && sameId(given.id, jobId) ? given : await client.getJob(jobId, run.request);
    const id = job.id;
    const isQuery = job.kind === 'query' || (job.operation ?? '').startsWith('query');
    const kinds: ResultFileKind[] = isQuery ? ['query'] : ['failed', 'success', 'unprocessed'];
    for (const kind of kinds) {
      run.outputs.set(kind, new OutputFile(path.join(options.dir, resultFileName(id, kind))));
    }
    await mkdirp(options.dir);
    let batches: DownloadResult['batches'];
    if (job.kind === 'classic') {
      batches = isQuery ? await downloadClassicQuery(run, job) : await downloadClassicIngest(run, job);
    } else if (job.kind === 'ingest') {
      await downloadIngest2(run, job);
    } else {
      await downloadQuery2(run, job);
    }
    for (const out of run.outputs.values()) {
      await out.finish();
    }
    run.checkAborted();
    const files: DownloadResult['files'] = {};
    for (const [kind, out] of run.outputs) {
      const written = await out.commit();
      if (written !== undefined) {
        files[kind] = written;
      }
      if (out.droppedColumns.size > 0) {
        run.warnings.push(`Some batches had columns the ${kind} file's header lacks; dropped: ${[...out.droppedColumns].slice(0, 20).join(', ')}.`);
      }
    }
    return {
      jobId: id,
      flavour: job.flavour,
      kind: isQuery ? 'query' : 'ingest',
      files,
      rows: {
        failed: run.outputs.get('failed')?.rows ?? 0,
        success: run.outputs.get('success')?.rows ?? 0,
        unprocessed: run.outputs.get('unprocessed')?.rows ?? 0,
        query: run.outputs.get('query')?.rows ?? 0,
      },
      errors: run.summary.groupsByCount(),
      batches,
      warnings: run.warnings,
    };
  } catch (e) {
    run.controller.abort();
    await Promise.all([...run.outputs.values()].map((o) => o.discard().catch(() => undefined)));
    throw signal?.aborted ? cancelled() : toBulkError(e);
  } finally {
    signal?.removeEventListener('abort', onCallerAbort);
  }
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
