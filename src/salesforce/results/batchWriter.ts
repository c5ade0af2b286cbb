/**
 * Rows on their way to the result files: one batch's rows per file, rendered as CSV (UTF-8), mapped
 * onto the file's header if need be, and handed over in runs of about 64 KB of whole records.
 */
import { csvField, csvRow, parseCsvRecord } from '../csv';
import type { ResultFileKind } from './downloadTypes';
import type { DownloadRun } from './run';
import { SLAB_BYTES, type BuiltRun, type SlabPool } from './slabPool';

/** Output is handed to the file in runs of about this many bytes. */
const FLUSH_BYTES = 64 * 1024;

export const FAILED_PREFIX = ['sf__Id', 'sf__Error'];
export const SUCCESS_PREFIX = ['sf__Id', 'sf__Created'];

/** A row's input part: a raw CSV record as downloaded (copied as it is, never decoded) or its fields. */
export type InputRow = Buffer | string[];

/**
 * A field on its way to a file (an `sf__Id`, an `sf__Error`): raw CSV bytes `bytes[start, end)`
 * copied as they are, or, when `bytes` is undefined, `csv` (already a CSV field).
 */
export interface RawField {
  bytes: Buffer | undefined;
  start: number;
  end: number;
  csv: string;
}

/** A field's CSV text. */
export function fieldCsv(field: RawField): string {
  return field.bytes === undefined ? field.csv : field.bytes.toString('utf8', field.start, field.end);
}

/** A field that is a text already written as CSV. */
export function csvText(csv: string): RawField {
  return { bytes: undefined, start: 0, end: 0, csv };
}

/** The fields of a row (a raw CSV record is decoded). */
export function fieldsOf(row: InputRow): string[] {
  return Buffer.isBuffer(row) ? parseCsvRecord(row.toString('utf8')) : row;
}

/** A buffer being built into, with how many runs taken from it are still on their way to disk. */
interface Slab {
  buf: Buffer;
  unwritten: number;
  /** The builder has moved on: the slab goes back to the pool when `unwritten` reaches 0. */
  retired: boolean;
}

const NOTHING = Buffer.alloc(0);

/**
 * Bytes appended to one buffer (no allocation per row). What is built is handed over as a view
 * (`take`), and the next run is built right after it in the same buffer, so that the buffers made
 * add up to the bytes written, not to a whole buffer per run (a file that gets a few rows per
 * chunk would otherwise make a buffer of its own for each, and the garbage collector would run for
 * them). The buffers come from the download's pool, and go back to it (`done`).
 */
class ByteBuilder {
  private slab: Slab | undefined;
  /** `slab.buf`, or an empty buffer before the first byte. */
  private buf: Buffer = NOTHING;
  /** Where the run being built starts in `buf`. */
  private from = 0;
  /** Where the next byte goes in `buf`. */
  private end = 0;

  constructor(private readonly pool: SlabPool) {}

  /** Bytes built since the last `take`. */
  get length(): number {
    return this.end - this.from;
  }

  private ensure(extra: number): void {
    if (this.end + extra > this.buf.length) {
      const size = this.end - this.from;
      const next = size + extra <= SLAB_BYTES ? this.pool.get() : Buffer.allocUnsafe(2 * (size + extra));
      this.buf.copy(next, 0, this.from, this.end);
      this.retire();
      this.slab = { buf: next, unwritten: 0, retired: false };
      this.buf = next;
      this.from = 0;
      this.end = size;
    }
  }

  /** The builder is done with its slab: it goes back to the pool once the runs taken from it are on disk. */
  private retire(): void {
    const slab = this.slab;
    if (slab !== undefined) {
      slab.retired = true;
      if (slab.unwritten === 0) {
        this.pool.put(slab.buf);
      }
    }
  }

  text(s: string): void {
    const n = s.length;
    this.ensure(n * 3);
    if (n <= 64) {
      // A short text (an id, `true`): byte by byte while it is ASCII, cheaper than a call into Node's encoder.
      const buf = this.buf;
      const at = this.end;
      let k = 0;
      for (; k < n; k++) {
        const c = s.charCodeAt(k);
        if (c >= 0x80) break;
        buf[at + k] = c;
      }
      if (k === n) {
        this.end = at + n;
        return;
      }
    }
    this.end += this.buf.write(s, this.end, 'utf8');
  }

  bytes(b: Buffer): void {
    this.ensure(b.length);
    this.buf.set(b, this.end);
    this.end += b.length;
  }

  /** `b[start, end)`, without a view of it (up to 24 bytes, an id, byte by byte: cheaper than a call into Node's copy). */
  range(b: Buffer, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    if (n > 24) {
      this.end += b.copy(this.buf, this.end, start, end);
      return;
    }
    const buf = this.buf;
    const at = this.end - start;
    for (let k = start; k < end; k++) {
      buf[at + k] = b[k];
    }
    this.end += n;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.end++] = c;
  }

  field(f: RawField): void {
    if (f.bytes === undefined) {
      this.text(f.csv);
    } else {
      this.range(f.bytes, f.start, f.end);
    }
  }

  /** What was built since the last `take`: a view that is never written again, and what to call once it is on disk. */
  take(): BuiltRun {
    const slab = this.slab;
    const data = this.buf.subarray(this.from, this.end);
    this.from = this.end;
    if (slab === undefined) {
      return { data, written: () => undefined };
    }
    slab.unwritten++;
    return {
      data,
      written: () => {
        if (--slab.unwritten === 0 && slab.retired) {
          this.pool.put(slab.buf);
        }
      },
    };
  }

  /** Nothing more is built here (what was built has been taken): the slab goes back to the pool once on disk. */
  done(): void {
    this.retire();
    this.slab = undefined;
    this.buf = NOTHING;
    this.from = 0;
    this.end = 0;
  }
}

const LF = 10;
const COMMA = 44;

/** One file's share of a batch: rows rendered as CSV, mapped onto the file's header if need be. */
export class PendingFile {
  readonly data: ByteBuilder;
  rows = 0;
  private map: number[] | undefined | null = null;

  constructor(
    private readonly target: DownloadRun,
    private readonly kind: ResultFileKind,
    private readonly prefix: readonly string[],
    private readonly columns: readonly string[],
  ) {
    this.data = new ByteBuilder(target.slabs);
  }

  /**
   * `prefixCsv`: the already-rendered `sf__…` fields ('' when there are none); `secondCsv`, when
   * given, the second of them (`prefixCsv` is then the first alone: a row's two are not joined first).
   */
  add(prefixCsv: string, input: InputRow, secondCsv?: string): void {
    if (this.map === null) {
      this.map = this.target.columnsFor(this.kind, [...this.prefix, ...this.columns]);
    }
    if (secondCsv !== undefined && this.map !== undefined) {
      this.add(`${prefixCsv},${secondCsv}`, input);
      return;
    }
    this.rows++;
    if (this.map === undefined) {
      if (secondCsv !== undefined) {
        this.data.text(prefixCsv);
        this.data.byte(COMMA);
        this.data.text(secondCsv);
        this.data.byte(COMMA);
      } else if (prefixCsv !== '') {
        this.data.text(`${prefixCsv},`);
      }
      if (Buffer.isBuffer(input)) {
        this.data.bytes(input);
        this.data.byte(LF);
      } else {
        this.data.text(prefixCsv === '' ? csvRow(input) : `${input.map((v) => csvField(v)).join(',')}\n`);
      }
      return;
    }
    const all = [...(prefixCsv === '' ? [] : parseCsvRecord(prefixCsv)), ...fieldsOf(input)];
    this.data.text(csvRow(this.map.map((k) => (k < 0 ? '' : all[k] ?? ''))));
  }

  /**
   * A joined row: its id, the second `sf__` field and the request's raw record `record[start, end)`,
   * copied as they are when the file's header is the batch's.
   */
  addJoined(id: RawField, second: RawField, record: Buffer, start: number, end: number): void {
    if (this.map === null) {
      this.map = this.target.columnsFor(this.kind, [...this.prefix, ...this.columns]);
    }
    if (this.map !== undefined) {
      this.add(fieldCsv(id), record.subarray(start, end), fieldCsv(second));
      return;
    }
    this.rows++;
    const data = this.data;
    data.field(id);
    data.byte(COMMA);
    data.field(second);
    data.byte(COMMA);
    data.range(record, start, end);
    data.byte(LF);
  }

  /** A whole record in the file's shape, copied as it is. */
  addRecord(record: InputRow): void {
    this.add('', record);
  }
}

/** Collects one batch's rows per file and hands each file's over in runs of ~64 KB. */
export class BatchWriter {
  private readonly files = new Map<ResultFileKind, PendingFile>();

  /** `target`: the download whose output files the rows go to. */
  constructor(private readonly target: DownloadRun) {}

  /** The pending rows of one file; `prefix` and `columns` are the same for a whole batch. */
  file(kind: ResultFileKind, prefix: readonly string[], columns: readonly string[]): PendingFile {
    let f = this.files.get(kind);
    if (f === undefined) {
      f = new PendingFile(this.target, kind, prefix, columns);
      this.files.set(kind, f);
    }
    return f;
  }

  /** Hands over each file's rows once they reach a run (a file that gets few rows is written in few runs, not one per chunk). */
  async flushIfFull(): Promise<void> {
    for (const [kind, f] of this.files) {
      if (f.data.length >= FLUSH_BYTES) {
        await this.write(kind, f);
      }
    }
  }

  /** Hands over what is left, at the batch's end: its buffers go back to the download's pool once on disk. */
  async flush(): Promise<void> {
    for (const [kind, f] of this.files) {
      if (f.rows > 0) {
        await this.write(kind, f);
      }
      f.data.done();
    }
  }

  private async write(kind: ResultFileKind, f: PendingFile): Promise<void> {
    const rows = f.rows;
    f.rows = 0;
    await this.target.write(kind, f.data.take(), rows);
  }
}
