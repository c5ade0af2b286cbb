/**
 * The state one download shares among its steps: the client and the abort signal every request
 * carries, the output files, the error summary, warnings and progress, and the bounded pool that
 * runs batches `concurrency` at a time (the first failure stops the rest).
 */
import { setMaxListeners } from 'events';
import { BulkApiError } from '../errors';
import type { BulkClient } from '../bulkClient';
import type { RequestOptions } from '../types';
import { ErrorSummary } from './errorSummary';
import type { OutputFile } from './output';
import { SlabPool, type BuiltRun } from './slabPool';
import type { DownloadOptions, DownloadProgress, ResultFileKind } from './downloadTypes';

const DEFAULT_CONCURRENCY = 6;

export class DownloadRun {
  readonly controller = new AbortController();
  readonly outputs = new Map<ResultFileKind, OutputFile>();
  readonly summary = new ErrorSummary();
  /** The buffers its batches' rows are built in, used again once written. */
  readonly slabs = new SlabPool();
  readonly warnings: string[] = [];
  readonly progress: DownloadProgress = { batchesDone: 0, batchesTotal: 0, rowsWritten: 0 };

  constructor(readonly client: BulkClient, readonly options: DownloadOptions) {
    // Every open request and stream listens to it: 2 per batch × concurrency.
    setMaxListeners(1000, this.controller.signal);
  }

  /** What every request of this download is sent with. */
  get request(): RequestOptions {
    return { signal: this.controller.signal, timeoutMs: this.options.timeoutMs };
  }

  checkAborted(): void {
    if (this.controller.signal.aborted) {
      throw cancelled();
    }
  }

  report(): void {
    this.options.onProgress?.({ ...this.progress });
  }

  output(kind: ResultFileKind): OutputFile {
    return this.outputs.get(kind) as OutputFile;
  }

  /** Runs `work` for each item, `concurrency` at a time; the first failure stops the rest. */
  async pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
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
  async write(kind: ResultFileKind, built: BuiltRun, rows: number): Promise<void> {
    this.checkAborted();
    this.progress.rowsWritten += rows;
    await this.output(kind).write(built.data, rows, built.written);
    this.report();
  }

  /** Called by BatchWriter: the header of this file, and how to map a batch's columns onto it. */
  columnsFor(kind: ResultFileKind, columns: readonly string[]): number[] | undefined {
    return this.output(kind).useColumns(columns);
  }
}

export function cancelled(): BulkApiError {
  return new BulkApiError({ kind: 'cancelled', message: 'Cancelled downloading the results.' });
}
