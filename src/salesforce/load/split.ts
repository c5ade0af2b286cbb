/**
 * A CSV file cut into the pieces the Bulk API takes, as it is read (memory stays at about one
 * slice, never the file): Bulk 2.0 parts of at most 100 MB (one upload per job, the docs' limit
 * once base64 is counted), Bulk 1.0 batches of at most 10,000 records and 10,000,000 bytes.
 * A cut never falls inside a record (quoted line breaks stay whole: the project's one CSV reader,
 * `../csv.ts`, finds the records, as it does for the preflight; a stray or unclosed quote, or a
 * record longer than `MAX_LOAD_RECORD`, is a `CsvError` where it is read, which stops the load); every part repeats the header.
 * The input is UTF-8 (see `fileFormat.utf8Chunks`) with the file's delimiter; what goes out has the
 * `SentShape`'s delimiter and line ending (records are re-written only when the delimiter changes,
 * for Bulk 1.0, or columns other than the leading ones are dropped). Columns the caller drops (by
 * default the `sf__*` columns of result files) are left out: leading ones (where result files have
 * them) are cut off each record's bytes where the CSV reader says the first kept field starts.
 */
import { CsvParser, csvByteSpans, csvRow, parseCsvRecord, RecordSpans } from '../csv';
import type { BulkFlavour } from '../types';
import { isResultColumn } from '../results/resultColumns';
import { PLAIN_CSV, type Delimiter, type SentShape } from './fileFormat';

export interface SplitLimits {
  maxRows: number;
  /** Bytes of one part or batch, header included. */
  maxBytes: number;
}

/** The documented limits. */
export const LIMITS: Record<BulkFlavour, SplitLimits> = {
  '2.0': { maxRows: Number.POSITIVE_INFINITY, maxBytes: 100 * 1024 * 1024 },
  '1.0': { maxRows: 10_000, maxBytes: 10_000_000 },
};

/**
 * The longest record a file to load may have, in bytes (UTF-16 units for the preflight): above any
 * Salesforce takes (400,000 characters, each at most 4 bytes of UTF-8, plus the quotes and
 * delimiters of 5,000 fields). A longer one is an error as soon as it is read that far, so a quote
 * never closed cannot pull the rest of a file into memory.
 */
export const MAX_LOAD_RECORD = 2_000_000;

/** How much is handed on at once (a part is sent as a stream of these). */
const SLICE_BYTES = 1024 * 1024;

/** Whole records of one part: `first` slices begin with the header; `rows` excludes it. */
export interface CsvSlice {
  part: number;
  first: boolean;
  data: Buffer;
  rows: number;
}

export class CsvSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvSplitError';
  }
}

/** Records in, lines out (without their LF; views, not copies, where it can). */
type LineFilter = (records: RecordSpans) => RecordSpans;

/** How the records after the header are turned into what is sent. */
interface LinePlan {
  /** The header line as sent (without its LF). */
  header: Buffer;
  /** Leading fields the CSV reader cuts off each record before `filter` sees it. */
  skip: number;
  /** What an empty record (nothing after the skipped fields) is sent as: its kept values, all empty. */
  empty: Buffer;
  filter: LineFilter;
}

/**
 * As they came when nothing is dropped and the delimiter stays; the leading columns cut off by bytes
 * when only they are dropped; else the kept fields re-written with the delimiter sent (one parse and
 * one encode per chunk).
 */
function linePlan(header: Buffer, drop: (h: string) => boolean, from: Delimiter, to: Delimiter): LinePlan {
  const names = parseCsvRecord(header.toString('utf8'), from);
  const keep = names.map((n, k) => (drop(n) ? -1 : k)).filter((k) => k >= 0);
  if (keep.length === 0) {
    throw new CsvSplitError('Every column of the file would be left out: there is nothing to load.');
  }
  const empty = Buffer.from(keep.length === 1 ? '""' : to.repeat(keep.length - 1), 'utf8');
  const same = (spans: RecordSpans): RecordSpans => spans;
  if (keep.length === names.length && from === to) {
    return { header, skip: 0, empty, filter: same };
  }
  const headerLine = Buffer.from(csvRow(keep.map((k) => names[k]), to).slice(0, -1), 'utf8');
  const skip = keep[0];
  if (from === to && keep.every((k, n) => k === skip + n) && keep[keep.length - 1] === names.length - 1) {
    return { header: headerLine, skip, empty, filter: same };
  }
  return { header: headerLine, skip: 0, empty, filter: rewriting(keep, from, to) };
}

/** The kept fields of each record, parsed and written again with the delimiter sent. */
function rewriting(keep: number[], from: Delimiter, to: Delimiter): LineFilter {
  const parser = new CsvParser(from);
  return ({ bytes: chunks, at, count }) => {
    const records: Buffer[] = [];
    for (let k = 0; k < count; k += 3) records.push(chunks[at[k]].subarray(at[k + 1], at[k + 2]));
    const rows: string[][] = [];
    parser.push(`${records.join('\n')}\n`, rows);
    const lines = rows.map((values) => csvRow(keep.map((k) => values[k] ?? ''), to));
    const spans = new RecordSpans();
    spans.bytes.push(Buffer.from(lines.join(''), 'utf8'));
    let end = 0;
    for (const line of lines) {
      const start = end;
      end += Buffer.byteLength(line, 'utf8');
      spans.add(0, start, end - 1);
    }
    return spans;
  };
}

/** `delimiter`: the file's; `shape`: what is sent. */
export async function* splitCsv(source: AsyncIterable<Buffer | string>, limits: SplitLimits, drop: (header: string) => boolean = isResultColumn,
  delimiter: Delimiter = ',', shape: SentShape = PLAIN_CSV): AsyncGenerator<CsvSlice> {
  const LF = Buffer.from(shape.lineEnding === 'CRLF' ? '\r\n' : '\n');
  const crlf = LF.length === 2;
  let plan: LinePlan | undefined;
  const skipFields = (h: Buffer): number => {
    plan = linePlan(h, drop, delimiter, shape.delimiter);
    return plan.skip;
  };
  let header: Buffer | undefined;
  let part = -1;
  let partRows = 0;
  let partBytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let pendingRows = 0;
  let first = false;
  /** `data[at]` holds the line break sent. */
  const lineBreakAt = (data: Buffer, at: number): boolean => (crlf ? data[at] === 13 && data[at + 1] === 10 : data[at] === 10);
  // Records next to each other in the input, each but the last followed there by the LF sent, go as
  // one view: `run[from, to)`, with the last one's LF too when the input has it there (one view a
  // record, not two, when leading columns are cut off each).
  let run: Buffer | undefined;
  let runFrom = 0;
  let runTo = 0;
  const closeRun = (): void => {
    if (run && runTo + LF.length <= run.length && lineBreakAt(run, runTo)) pending.push(run.subarray(runFrom, runTo + LF.length));
    else if (run) pending.push(run.subarray(runFrom, runTo), LF);
    run = undefined;
  };
  const flush = (): CsvSlice => {
    closeRun();
    const slice = { part, first, data: Buffer.concat(pending, pendingBytes), rows: pendingRows };
    pending = [];
    pendingBytes = 0;
    pendingRows = 0;
    first = false;
    return slice;
  };
  for await (const found of csvByteSpans(source, { maxRecord: MAX_LOAD_RECORD, delimiter, skipFields })) {
    const p = plan as LinePlan;
    if (header === undefined) {
      header = Buffer.concat([p.header, LF]);
      found.dropFirst();
    }
    const { bytes: chunks, at, count } = p.filter(found);
    for (let k = 0; k < count; k += 3) {
      let data = chunks[at[k]];
      let from = at[k + 1];
      let to = at[k + 2];
      if (from === to) {
        data = p.empty;
        from = 0;
        to = data.length;
      }
      const size = to - from + LF.length;
      if (header.length + size > limits.maxBytes) {
        throw new CsvSplitError(`A record of ${size} bytes is larger than the Bulk API allows in one upload (${limits.maxBytes} bytes).`);
      }
      if (part < 0 || partRows + 1 > limits.maxRows || partBytes + size > limits.maxBytes) {
        if (pendingBytes > 0) {
          yield flush();
        }
        part++;
        first = true;
        pending.push(header);
        pendingBytes = header.length;
        partRows = 0;
        partBytes = header.length;
      }
      if (data === run && from === runTo + LF.length && lineBreakAt(data, runTo)) {
        runTo = to;
      } else {
        closeRun();
        run = data;
        runFrom = from;
        runTo = to;
      }
      pendingBytes += size;
      pendingRows++;
      partRows++;
      partBytes += size;
      if (pendingBytes >= SLICE_BYTES) {
        yield flush();
      }
    }
  }
  if (header === undefined) {
    throw new CsvSplitError('The file is empty: it has no header line.');
  }
  if (pendingBytes > 0) {
    yield flush();
  }
}
