/**
 * Result files written safely: each goes to `<name>.partial` (created, or truncated if a previous
 * run left one) and is renamed to `<name>` only when the whole download succeeded. A cancelled or
 * failed download removes its partials and never touches a file under the final name.
 *
 * Writes wait for the disk (`drain`), so a fast network cannot pile data up in memory. Several
 * batches may write to one file at once: each write is a run of whole records, so records never
 * mix; runs from different batches may interleave.
 */
import * as fs from 'fs';
import { once } from 'events';
import { csvRow } from '../csv';
import { publishTemp, removeTemp } from '../../util/atomicWrite';

export const PARTIAL_SUFFIX = '.partial';

export class OutputFile {
  private stream: fs.WriteStream | undefined;
  private header: string[] | undefined;
  private columnIndex = new Map<string, number>();
  private failed: Error | undefined;
  rows = 0;
  /** Rows whose columns differed from the header, and columns that were dropped. */
  readonly droppedColumns = new Set<string>();

  constructor(readonly path: string) {}

  get partialPath(): string {
    return this.path + PARTIAL_SUFFIX;
  }

  get opened(): boolean {
    return this.stream !== undefined;
  }

  get columns(): readonly string[] | undefined {
    return this.header;
  }

  /**
   * Fixes the header (the first call wins) and returns how to map a row with `columns` onto it:
   * undefined when they are the same, else for each header column the index in the row (-1: empty).
   */
  useColumns(columns: readonly string[]): number[] | undefined {
    if (this.header === undefined) {
      this.header = [...columns];
      this.header.forEach((c, k) => this.columnIndex.set(c, k));
      return undefined;
    }
    if (columns.length === this.header.length && columns.every((c, k) => c === this.header?.[k])) {
      return undefined;
    }
    const index = new Map<string, number>();
    columns.forEach((c, k) => index.set(c, k));
    for (const c of columns) {
      if (!this.columnIndex.has(c)) {
        this.droppedColumns.add(c);
      }
    }
    return this.header.map((c) => index.get(c) ?? -1);
  }

  /**
   * Appends whole records (already CSV). Resolves when the disk has taken them or buffered them;
   * `written` is called once they are on disk (not when the write failed: `data` may still be in use).
   */
  async write(data: string | Buffer, rows: number, written?: () => void): Promise<void> {
    if (this.failed) {
      throw this.failed;
    }
    const stream = this.open();
    this.rows += rows;
    const onDisk = (e: Error | null | undefined): void => {
      if (!e) {
        written?.();
      }
    };
    if (!stream.write(data, onDisk)) {
      await drainOrClose(stream);
      if (this.failed) {
        throw this.failed;
      }
    }
  }

  private open(): fs.WriteStream {
    if (this.stream === undefined) {
      if (this.header === undefined) {
        throw new Error('OutputFile: useColumns() before write()');
      }
      const stream = fs.createWriteStream(this.partialPath, { flags: 'w', encoding: 'utf8', highWaterMark: 256 * 1024 });
      stream.on('error', (e) => {
        this.failed ??= e;
      });
      stream.write(csvRow(this.header));
      this.stream = stream;
    }
    return this.stream;
  }

  /** Writes a header-only file when nothing was written (used for query results with no rows). */
  ensureOpen(columns: readonly string[]): void {
    if (this.header === undefined) {
      this.useColumns(columns);
    }
    this.open();
  }

  /** Flushes and closes the partial file. */
  async finish(): Promise<void> {
    const stream = this.stream;
    if (stream === undefined) {
      return;
    }
    if (this.failed) {
      throw this.failed;
    }
    if (!stream.closed) {
      const closed = new Promise<void>((resolve) => stream.once('close', resolve));
      stream.end();
      await closed;
    }
    if (this.failed) {
      throw this.failed;
    }
  }

  /** Moves the finished partial file to the final name (replacing an older file of that name). */
  async commit(): Promise<string | undefined> {
    if (this.stream === undefined) {
      return undefined;
    }
    await publishTemp(this.partialPath, this.path);
    return this.path;
  }

  /** Abandons the file: closes it and removes the partial (never the final file). */
  async discard(): Promise<void> {
    const stream = this.stream;
    if (stream !== undefined && !stream.closed) {
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    }
    await removeTemp(this.partialPath);
  }
}

/** Waits until the stream wants more data, or is gone (an error is reported through `failed`). */
function drainOrClose(stream: fs.WriteStream): Promise<void> {
  if (stream.closed || stream.destroyed) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
