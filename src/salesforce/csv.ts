/**
 * The project's one CSV reader (RFC 4180), streamed: used for the files Salesforce sends (results,
 * requests, query results) and for the files a person loads (the preflight and the upload's
 * splitter read a file the same way, so a file the preflight passes is cut the same way when it is
 * sent). Quoted fields may hold the delimiter, doubled quotes and CR/LF line breaks; records end
 * with LF, CRLF or CR. The parser takes text in pieces cut anywhere — inside a quoted field,
 * between a quote and its double, between CR and LF — and hands back whole records only. Bytes are
 * decoded as UTF-8 across chunk boundaries and a leading BOM is dropped.
 *
 * Quotes, decided once for every reader here:
 * - a quote opens a field only as its first character; inside a quoted field a quote is doubled or
 *   closes the field;
 * - any other quote (`5" pipe` in an unquoted field, `"a"b"`) is a stray quote: a `CsvError` at its
 *   line and column (Salesforce rejects such a file, and a reader that guessed would cut it
 *   somewhere else than the upload does);
 * - a quoted field still open at the end of the input is a `CsvError` at the line of its opening quote.
 * Leniency kept (Salesforce files are well-formed; people's files are not always): characters
 * other than a quote after a closing quote are appended to the field; blank lines are skipped.
 * With `maxRecord`, a record longer than that (in UTF-16 units, or bytes for the byte splitter) is
 * a `CsvError` as soon as it is read that far, so memory stays bounded even when a quote is never closed.
 */
import { StringDecoder } from 'string_decoder';

export type CsvProblem = 'strayQuote' | 'unclosedQuote' | 'recordTooLong' | 'delimiter' | 'encoding';

export class CsvError extends Error {
  /** `line`, `column`: 1-based, where the problem is (0 when it has no place in the file). */
  constructor(message: string, readonly problem: CsvProblem, readonly line = 0, readonly column = 0) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  /** One character (`,` by default; Bulk 2.0 jobs may use `|`, `;`, tab, `^`, `` ` ``). */
  delimiter?: string;
  /** The longest record read (UTF-16 units; bytes for the byte splitter); unlimited by default. */
  maxRecord?: number;
}

export interface CsvByteOptions extends CsvOptions {
  /**
   * The byte splitter only: how many leading fields to leave out of every record after the header,
   * asked once the header is read (it is handed out whole). A record with no field after them comes
   * out empty (not dropped): its values are all empty or missing.
   */
  skipFields?: (header: Buffer) => number;
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/** Where `char` is next in `text` from `from` on; `text.length` when nowhere. */
function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

export class CsvParser {
  private readonly delimiter: number;
  private readonly delimiterText: string;
  private readonly maxRecord: number;
  /** Text of the fields is kept (false: only where records end, for the byte splitter). */
  private keep = true;
  private row: string[] = [];
  /** Fields of the current record ended so far (by `pushExtents`: only whether any were). */
  private fields = 0;
  private field = '';
  /** Something (even an empty quoted field) has been read for the current field. */
  private started = false;
  private inQuotes = false;
  /** In a quoted field, the last character was a quote: either a doubled quote or the closing one. */
  private quotePending = false;
  /** The last record ended with CR: a LF right after it belongs to the same line break. */
  private skipLf = false;
  // Positions, as a person sees the file: 1-based lines (every line break counts, also inside
  // quotes and on blank lines) and columns in UTF-16 units from the start of the line.
  /** Characters pushed before the current piece. */
  private base = 0;
  private line = 1;
  /** Absolute offset of the current line's first character. */
  private lineStart = 0;
  /** Absolute offset of the current record's first character (after the previous line break). */
  private recordStart = 0;
  private recordLine = 1;
  /** Inside quotes, the last character was a CR: a LF right after it ends the same line. */
  private quotedCr = false;
  private fieldLine = 1;
  private fieldCol = 1;
  private rowStarts: number[] = [];
  /** Where each record read by `pushExtents` starts and ends: `[start, kept, end, …]`, absolute offsets. */
  private extents: number[] | undefined;
  /** `pushExtents`: fields at the start of each record left out of its `kept` offset (see `skipFields`). */
  private skip = 0;
  /** Where the first field after the skipped ones starts (absolute), once this record reached it. */
  private keptFrom = 0;

  /** `options`: a delimiter (`,` by default) or the options; see `CsvOptions`. */
  constructor(options: string | CsvOptions = ',') {
    const { delimiter = ',', maxRecord = Number.POSITIVE_INFINITY } = typeof options === 'string' ? { delimiter: options } : options;
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new CsvError(`Unusable CSV delimiter ${JSON.stringify(delimiter)}`, 'delimiter');
    }
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterText = delimiter;
    this.maxRecord = maxRecord;
  }

  /**
   * Parses the next piece of text; complete records are appended to `out`. With `starts`, each
   * record also gets where its fields start: `[line, column, line, column, …]`, 1-based.
   */
  push(text: string, out: string[][], starts?: number[][]): void {
    this.keep = true;
    try {
      this.parse(text, out, starts);
    } finally {
      this.base += text.length;
    }
  }

  /**
   * Like `push`, but only where the complete records are: `[start, kept, end]` offsets for each (counted
   * from the first character ever pushed, line breaks excluded; `kept`: where the fields after the
   * `skipFields` first ones start, `end` when the record has no more) appended to `extents`. The
   * fields' text is not kept.
   */
  pushExtents(text: string, extents: number[]): void {
    this.keep = false;
    this.extents = extents;
    try {
      this.parse(text, [], undefined);
    } finally {
      this.base += text.length;
      this.extents = undefined;
    }
  }

  /**
   * From the next record on, `pushExtents` also finds where field `count` (0-based) starts, by the
   * rules above (a delimiter inside quotes is not one), so a caller can cut leading fields by offset.
   * Set it between records (after the header, say).
   */
  skipFields(count: number): void {
    this.skip = count;
  }

  /** Absolute offset where the record being read starts (all before it is complete). */
  get unfinishedFrom(): number {
    return this.recordStart;
  }

  private parse(text: string, out: string[][], starts: number[][] | undefined): void {
    const n = text.length;
    let i = 0;
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) {
        i = 1;
        this.lineStart = this.base + 1;
        this.recordStart = this.lineStart;
        this.recordLine = this.line;
        this.fieldCol = 1;
      }
    }
    if (this.quotePending && i < n) {
      this.quotePending = false;
      if (text.charCodeAt(i) === QUOTE) {
        if (this.keep) this.field += '"';
        this.quotedCr = false;
        i++;
      } else {
        this.inQuotes = false;
        this.quotedCr = false;
      }
    }
    // The next quote, LF, CR and delimiter at or after `i` (n: none), found again only once passed.
    let q = -1;
    let lf = -1;
    let cr = -1;
    let d = -1;
    const fields = this.keep || starts !== undefined;
    while (i < n) {
      if (q < i) q = indexOrEnd(text, '"', i);
      if (this.inQuotes) {
        this.countBreaks(text, i, q);
        if (this.keep) this.field += text.slice(i, q);
        if (q === n) break;
        i = q + 1;
        if (i === n) {
          this.quotePending = true;
          break;
        }
        if (text.charCodeAt(i) === QUOTE) {
          if (this.keep) this.field += '"';
          this.quotedCr = false;
          i++;
        } else {
          this.inQuotes = false;
          this.quotedCr = false;
        }
        continue;
      }
      // Unquoted text up to the next quote or line break; delimiters in it end fields.
      if (lf < i) lf = indexOrEnd(text, '\n', i);
      if (cr < i) cr = indexOrEnd(text, '\r', i);
      const stop = q < lf ? (q < cr ? q : cr) : lf < cr ? lf : cr;
      if (fields) {
        for (;;) {
          if (d < i) d = indexOrEnd(text, this.delimiterText, i);
          if (d >= stop) break;
          if (this.keep) this.row.push(this.field + text.slice(i, d));
          if (starts) this.rowStarts.push(this.fieldLine, this.fieldCol);
          this.endField(d + 1);
          i = d + 1;
        }
      } else {
        // Only where records end is wanted (and where the skipped fields end): fields matter only
        // where a quote opens one.
        while (this.fields < this.skip) {
          if (d < i) d = indexOrEnd(text, this.delimiterText, i);
          if (d >= stop) break;
          this.endField(d + 1);
          i = d + 1;
          if (this.fields === this.skip) this.keptFrom = this.base + i;
        }
        if (stop === q && q > i && text.charCodeAt(q - 1) === this.delimiter) {
          this.endField(q);
          i = q;
        }
      }
      if (stop > i) {
        if (this.keep) this.field += text.slice(i, stop);
        this.started = true;
        i = stop;
      }
      if (i === n) break;
      if (stop === q) {
        if (this.started) {
          const column = this.base + q - this.lineStart + 1;
          throw new CsvError(`Line ${this.line}, column ${column}: a quote inside a field that does not start with one (quote the whole field and double the quote: "5"" pipe").`,
            'strayQuote', this.line, column);
        }
        this.inQuotes = true;
        this.started = true;
        i = q + 1;
        continue;
      }
      // A line break ends the record.
      this.endRecord(out, starts, this.base + stop);
      i = stop + 1;
      if (stop === cr) {
        if (i === n) {
          this.skipLf = true;
        } else if (text.charCodeAt(i) === LF) {
          i++;
        }
      }
      this.line++;
      this.lineStart = this.base + i;
      this.recordStart = this.lineStart;
      this.recordLine = this.line;
      this.fieldLine = this.line;
      this.fieldCol = 1;
    }
    this.checkLength(this.base + n);
  }

  /** The field being read ends; the next starts at `next`, an index in the current piece. */
  private endField(next: number): void {
    this.fields++;
    this.field = '';
    this.started = false;
    this.fieldLine = this.line;
    this.fieldCol = this.base + next - this.lineStart + 1;
  }

  /** Line breaks inside a quoted field, `text[from, to)`. */
  private countBreaks(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === LF) {
        if (!(this.quotedCr && k === from)) {
          this.line++;
        }
        this.lineStart = this.base + k + 1;
      } else if (c === CR) {
        this.line++;
        this.lineStart = this.base + k + 1;
        if (k + 1 < to && text.charCodeAt(k + 1) === LF) {
          k++;
          this.lineStart++;
        }
      }
    }
    if (to > from) {
      this.quotedCr = text.charCodeAt(to - 1) === CR;
    }
  }

  /** The record read so far reaches `end` (absolute): an error once it is longer than `maxRecord`. */
  private checkLength(end: number): void {
    if (end - this.recordStart > this.maxRecord && (this.fields > 0 || this.started)) {
      throw new CsvError(`The record that starts on line ${this.recordLine} is longer than ${this.maxRecord} characters${this.inQuotes ? ': a quote is probably never closed' : ''}.`,
        'recordTooLong', this.recordLine, 1);
    }
  }

  /** The end of the input: the last record (if it had no line break) goes to `out`. */
  end(out: string[][], starts?: number[][]): void {
    this.keep = true;
    this.finish(out, starts);
  }

  /** `end` for `pushExtents`. */
  endExtents(extents: number[]): void {
    this.keep = false;
    this.extents = extents;
    try {
      this.finish([], undefined);
    } finally {
      this.extents = undefined;
    }
  }

  private finish(out: string[][], starts: number[][] | undefined): void {
    if (this.inQuotes && !this.quotePending) {
      throw new CsvError(`Line ${this.fieldLine}, column ${this.fieldCol}: a quote was never closed (it opens the field that starts here).`, 'unclosedQuote', this.fieldLine, this.fieldCol);
    }
    this.inQuotes = false;
    this.quotePending = false;
    this.endRecord(out, starts, this.base);
  }

  private endRecord(out: string[][], starts: number[][] | undefined, end: number): void {
    if (this.fields === 0 && !this.started) {
      return; // a blank line
    }
    this.checkLength(end);
    if (this.keep) {
      this.row.push(this.field);
      out.push(this.row);
    }
    this.extents?.push(this.recordStart, this.skip === 0 ? this.recordStart : this.fields >= this.skip ? this.keptFrom : end, end);
    this.row = [];
    this.fields = 0;
    this.field = '';
    this.started = false;
    if (starts) {
      this.rowStarts.push(this.fieldLine, this.fieldCol);
      starts.push(this.rowStarts);
      this.rowStarts = [];
    }
  }
}

/**
 * Records from a byte stream, a few hundred at a time (one array per chunk that completed any),
 * decoded as UTF-8 with a leading BOM dropped. Records read before a `CsvError` are handed out first.
 */
export async function* csvRecords(source: AsyncIterable<Buffer | string>, options: string | CsvOptions = ','): AsyncGenerator<string[][]> {
  for await (const piece of decodedRecords(source, options, false)) {
    yield piece.rows;
  }
}

/** Records with where their fields start in the file (see `CsvParser.push`), for messages that point at a cell. */
export function csvRecordsWithStarts(source: AsyncIterable<Buffer | string>, options: string | CsvOptions = ','): AsyncGenerator<{ rows: string[][]; starts: number[][] }> {
  return decodedRecords(source, options, true);
}

async function* decodedRecords(source: AsyncIterable<Buffer | string>, options: string | CsvOptions, withStarts: boolean): AsyncGenerator<{ rows: string[][]; starts: number[][] }> {
  const parser = new CsvParser(options);
  const decoder = new StringDecoder('utf8');
  let first = true;
  let rows: string[][] = [];
  let starts: number[][] = [];
  const take = (): { rows: string[][]; starts: number[][] } => {
    const piece = { rows, starts };
    rows = [];
    starts = [];
    return piece;
  };
  try {
    for await (const chunk of source) {
      let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) {
          text = text.slice(1);
        }
      }
      parser.push(text, rows, withStarts ? starts : undefined);
      if (rows.length > 0) {
        yield take();
      }
    }
    parser.push(decoder.end(), rows, withStarts ? starts : undefined);
    parser.end(rows, withStarts ? starts : undefined);
  } catch (e) {
    if (rows.length > 0) {
      yield take(); // the records before the error
    }
    throw e;
  }
  if (rows.length > 0) {
    yield take();
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: quoted only when it holds the delimiter (comma by default), a quote or a line break. */
export function csvField(value: string, delimiter = ','): string {
  const quote = delimiter === ',' ? NEEDS_QUOTES.test(value) : /["\r\n]/.test(value) || value.includes(delimiter);
  return quote ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One record with its LF line ending. A record of a single empty field is written `""` so that it
 * does not read back as a blank line.
 */
export function csvRow(values: readonly string[], delimiter = ','): string {
  if (values.length === 1 && values[0] === '') {
    return '""\n';
  }
  let line = '';
  for (let k = 0; k < values.length; k++) {
    line += (k === 0 ? '' : delimiter) + csvField(values[k], delimiter);
  }
  return line + '\n';
}

/** The fields of one record's raw text. */
export function parseCsvRecord(raw: string, delimiter = ','): string[] {
  const parser = new CsvParser(delimiter);
  const out: string[][] = [];
  parser.push(raw, out);
  parser.end(out);
  return out[0] ?? [''];
}

const BOM = [0xef, 0xbb, 0xbf];

/** Records found in `data`: `[from, to)` pairs, in order (a record's line break not included). */
export interface RecordSpans {
  data: Buffer;
  bounds: number[];
}

/**
 * Records as views into the chunks of a byte stream (copied only when a record spans two chunks),
 * never decoded: the same `CsvParser` finds where they end, reading the bytes as Latin-1 (one
 * character per byte; quotes, delimiters and line breaks are ASCII, which no byte of a multi-byte
 * UTF-8 character is), so the splitter and the parser cannot disagree. A leading UTF-8 BOM is
 * dropped. Used to copy input rows as they came (result files, the upload's parts): `push` hands
 * out each record as a Buffer, `pushSpans` only where they are in the chunk (no object per record).
 */
export class CsvByteSplitter {
  private readonly parser: CsvParser;
  /** Bytes of the record being read that came in earlier chunks (copies), from offset `heldFrom`. */
  private held: Buffer[] = [];
  private heldFrom = 0;
  /** Bytes pushed to the parser before the current chunk. */
  private base = 0;
  private atStart = true;
  private pendingBom: Buffer | undefined;
  /** Asked for the fields to skip once the header is out (then dropped). */
  private skipAfterHeader: ((header: Buffer) => number) | undefined;

  /** `maxRecord`, in bytes: see `CsvOptions`; `skipFields`: see `CsvByteOptions`. */
  constructor(options: CsvByteOptions = {}) {
    this.parser = new CsvParser(options);
    this.skipAfterHeader = options.skipFields;
  }

  push(input: Buffer, out: Buffer[]): void {
    const spans: RecordSpans[] = [];
    this.pushSpans(input, spans);
    recordsOf(spans, out);
  }

  end(out: Buffer[]): void {
    const spans: RecordSpans[] = [];
    this.endSpans(spans);
    recordsOf(spans, out);
  }

  pushSpans(input: Buffer, out: RecordSpans[]): void {
    let chunk = input;
    if (this.atStart) {
      // The BOM (EF BB BF) may itself be cut by a chunk boundary.
      chunk = this.pendingBom ? Buffer.concat([this.pendingBom, chunk]) : chunk;
      this.pendingBom = undefined;
      if (chunk.length < 3 && chunk.every((b, k) => b === BOM[k])) {
        this.pendingBom = chunk;
        return;
      }
      this.atStart = false;
      if (chunk[0] === BOM[0] && chunk[1] === BOM[1] && chunk[2] === BOM[2]) {
        chunk = chunk.subarray(3);
      }
    }
    while (this.skipAfterHeader && chunk.length > 0) {
      // Until the header is out, the chunk goes in line by line (the parser takes text cut anywhere),
      // so that the records after it are read knowing which fields to skip.
      const cr = chunk.indexOf(CR);
      const lf = chunk.indexOf(LF);
      const cut = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      const piece = cut < 0 ? chunk : chunk.subarray(0, cut + 1);
      const before = out.length;
      this.read(piece, out);
      chunk = chunk.subarray(piece.length);
      if (out.length > before) {
        const { data, bounds } = out[before];
        this.parser.skipFields(this.skipAfterHeader(data.subarray(bounds[0], bounds[1])));
        this.skipAfterHeader = undefined;
      }
    }
    if (chunk.length > 0) this.read(chunk, out);
  }

  endSpans(out: RecordSpans[]): void {
    const extents: number[] = [];
    this.parser.endExtents(extents);
    this.take(Buffer.alloc(0), extents, out);
    this.held = [];
  }

  /** Records ending in `chunk` to `out`; the unfinished one held. */
  private read(chunk: Buffer, out: RecordSpans[]): void {
    const extents: number[] = [];
    this.parser.pushExtents(chunk.toString('latin1'), extents);
    this.take(chunk, extents, out);
    const from = this.parser.unfinishedFrom;
    if (from < this.base) {
      this.held.push(Buffer.from(chunk)); // copied: the chunk itself is not kept
    } else if (from < this.base + chunk.length) {
      this.held = [Buffer.from(chunk.subarray(from - this.base))];
      this.heldFrom = from;
    }
    this.base += chunk.length;
  }

  private take(chunk: Buffer, extents: number[], out: RecordSpans[]): void {
    const bounds: number[] = [];
    for (let k = 0; k < extents.length; k += 3) {
      const start = extents[k];
      const kept = extents[k + 1];
      const end = extents[k + 2];
      if (end === kept && kept === start) continue; // nothing (a record has at least a character; kept parts may be empty)
      if (kept >= this.base) {
        bounds.push(kept - this.base, end - this.base);
      } else {
        // Only the first record ending in a chunk can have started in an earlier one.
        const record = Buffer.concat([...this.held, chunk.subarray(0, end - this.base)]).subarray(kept - this.heldFrom);
        out.push({ data: record, bounds: [0, record.length] });
      }
      if (start < this.base) {
        this.held = [];
      }
    }
    if (bounds.length > 0) {
      out.push({ data: chunk, bounds });
    }
  }
}

/** Each record of `spans` as a view. */
function recordsOf(spans: readonly RecordSpans[], out: Buffer[]): void {
  for (const { data, bounds } of spans) {
    for (let k = 0; k < bounds.length; k += 2) out.push(data.subarray(bounds[k], bounds[k + 1]));
  }
}

/** Records as raw bytes (see CsvByteSplitter), a chunk's worth at a time. */
export async function* csvByteRecords(source: AsyncIterable<Buffer | string>, options: CsvByteOptions = {}): AsyncGenerator<Buffer[]> {
  for await (const spans of csvByteSpans(source, options)) {
    const records: Buffer[] = [];
    recordsOf(spans, records);
    yield records;
  }
}

/** Where the records are (see CsvByteSplitter), a chunk's worth at a time. */
export async function* csvByteSpans(source: AsyncIterable<Buffer | string>, options: CsvByteOptions = {}): AsyncGenerator<RecordSpans[]> {
  const splitter = new CsvByteSplitter(options);
  for await (const chunk of source) {
    const spans: RecordSpans[] = [];
    splitter.pushSpans(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, spans);
    if (spans.length > 0) {
      yield spans;
    }
  }
  const spans: RecordSpans[] = [];
  splitter.endSpans(spans);
  if (spans.length > 0) {
    yield spans;
  }
}
