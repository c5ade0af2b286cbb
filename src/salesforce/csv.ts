/**
 * The project's one CSV reader (RFC 4180), streamed: used for the files Salesforce sends (results,
 * requests, query results) and for the files a person loads (the preflight and the upload's
 * splitter read a file the same way, so a file the preflight passes is cut the same way when it is
 * sent). Quoted fields may hold the delimiter, doubled quotes and CR/LF line breaks; records end
 * with LF, CRLF or CR. The parser takes text in pieces cut anywhere — inside a quoted field,
 * between a quote and its double, between CR and LF — and hands back whole records only. Bytes are
 * decoded as UTF-8 across chunk boundaries and a leading BOM is dropped.
 *
 * Two readers, held by a property test to the same records, problems and lines: `CsvParser` reads
 * text (the preflight, `csvRecords`); `CsvByteSplitter` reads UTF-8 bytes without decoding them (the
 * upload's splitter, downloads: rows are copied as bytes, and a result row's few fields read from them).
 *
 * Quotes, decided once for both:
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

// The problems, worded once for the parser and the byte splitter.
function strayQuote(line: number, column: number): CsvError {
  return new CsvError(`Line ${line}, column ${column}: a quote inside a field that does not start with one (quote the whole field and double the quote: "5"" pipe").`,
    'strayQuote', line, column);
}

function unclosedQuote(line: number, column: number): CsvError {
  return new CsvError(`Line ${line}, column ${column}: a quote was never closed (it opens the field that starts here).`, 'unclosedQuote', line, column);
}

function recordTooLong(line: number, maxRecord: number, inQuotes: boolean): CsvError {
  return new CsvError(`The record that starts on line ${line} is longer than ${maxRecord} characters${inQuotes ? ': a quote is probably never closed' : ''}.`,
    'recordTooLong', line, 1);
}

/** Where `char` is next in `text` from `from` on; `text.length` when nowhere. */
function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/** Where `byte` is next in `bytes` from `from` on; `n` (its length) when nowhere. */
function nextOf(bytes: Buffer, byte: number, from: number, n: number): number {
  const at = bytes.indexOf(byte, from);
  return at < 0 ? n : at;
}

export class CsvParser {
  private readonly delimiterText: string;
  private readonly maxRecord: number;
  private row: string[] = [];
  /** Fields of the current record ended so far. */
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

  /** `options`: a delimiter (`,` by default) or the options; see `CsvOptions`. */
  constructor(options: string | CsvOptions = ',') {
    const { delimiter = ',', maxRecord = Number.POSITIVE_INFINITY } = typeof options === 'string' ? { delimiter: options } : options;
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new CsvError(`Unusable CSV delimiter ${JSON.stringify(delimiter)}`, 'delimiter');
    }
    this.delimiterText = delimiter;
    this.maxRecord = maxRecord;
  }

  /**
   * Parses the next piece of text; complete records are appended to `out`. With `starts`, each
   * record also gets where its fields start: `[line, column, line, column, …]`, 1-based.
   */
  push(text: string, out: string[][], starts?: number[][]): void {
    try {
      this.parse(text, out, starts);
    } finally {
      this.base += text.length;
    }
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
        this.field += '"';
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
    while (i < n) {
      if (q < i) q = indexOrEnd(text, '"', i);
      if (this.inQuotes) {
        this.countBreaks(text, i, q);
        this.field += text.slice(i, q);
        if (q === n) break;
        i = q + 1;
        if (i === n) {
          this.quotePending = true;
          break;
        }
        if (text.charCodeAt(i) === QUOTE) {
          this.field += '"';
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
      for (;;) {
        if (d < i) d = indexOrEnd(text, this.delimiterText, i);
        if (d >= stop) break;
        this.row.push(this.field + text.slice(i, d));
        if (starts) this.rowStarts.push(this.fieldLine, this.fieldCol);
        this.endField(d + 1);
        i = d + 1;
      }
      if (stop > i) {
        this.field += text.slice(i, stop);
        this.started = true;
        i = stop;
      }
      if (i === n) break;
      if (stop === q) {
        if (this.started) {
          const column = this.base + q - this.lineStart + 1;
          throw strayQuote(this.line, column);
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
      throw recordTooLong(this.recordLine, this.maxRecord, this.inQuotes);
    }
  }

  /** The end of the input: the last record (if it had no line break) goes to `out`. */
  end(out: string[][], starts?: number[][]): void {
    this.finish(out, starts);
  }

  private finish(out: string[][], starts: number[][] | undefined): void {
    if (this.inQuotes && !this.quotePending) {
      throw unclosedQuote(this.fieldLine, this.fieldCol);
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
    this.row.push(this.field);
    out.push(this.row);
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

/**
 * Integers in one typed store, `at[0, count)`, that `clear` keeps: a reader of millions of rows that
 * clears it for each chunk allocates it once (an emptied `number[]` frees its store, and every chunk
 * would grow a new one). With the byte splitter, where records' fields end (see `CsvByteSplitter.push`):
 * for each record, its number of fields `n`, then `n` offsets from the record's start (each field's
 * end, the last one the record's end).
 */
export class IntList {
  at = new Int32Array(4096);
  count = 0;

  push(n: number): void {
    if (this.count === this.at.length) {
      const bigger = new Int32Array(this.at.length * 2);
      bigger.set(this.at);
      this.at = bigger;
    }
    this.at[this.count++] = n;
  }

  clear(): void {
    this.count = 0;
  }
}

/**
 * Records without an object each (for readers of millions of rows): record `k` is
 * `bytes[at[3k]]` from `at[3k + 1]` to `at[3k + 2]`, for `3k < count`; a chunk's records share its
 * buffer. Cleared and filled again for each chunk (see `csvByteSpans`).
 */
export class RecordSpans extends IntList {
  bytes: Buffer[] = [];

  /** `bytes[b]` from `start` to `end`. */
  add(b: number, start: number, end: number): void {
    this.push(b);
    this.push(start);
    this.push(end);
  }

  /** Leaves out the first record (a header). */
  dropFirst(): void {
    this.at.copyWithin(0, 3, this.count);
    this.count = Math.max(0, this.count - 3);
  }

  override clear(): void {
    super.clear();
    this.bytes = [];
  }
}

// What the byte splitter is reading: the start of a field, an unquoted field (or the rest of a field
// after its closing quote), a quoted field, or a quote inside a quoted field (doubled or closing).
const AT_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/**
 * Records as views into the chunks of a byte stream (copied only when a record spans two chunks),
 * never decoded: bytes are read with `CsvParser`'s rules (above; a property test holds
 * the two to the same records, problems and lines), and since quotes, delimiters and line breaks are
 * ASCII, which no byte of a multi-byte UTF-8 character is, a character cut by a chunk boundary does
 * not matter. Columns in problems count bytes. A leading UTF-8 BOM is dropped. Used to copy input
 * rows as they came (result files, the upload's parts); with `fieldEnds`, also where each record's
 * fields end, so that a reader can take the few fields it needs without decoding the rest.
 */
export class CsvByteSplitter {
  private readonly delimiter: number;
  private readonly maxRecord: number;
  private state = AT_START;
  /** Fields of the current record ended so far (with `fieldEnds`: where, absolute, in `ends[0, fields)`). */
  private fields = 0;
  /** Reused from record to record (emptying it would free its store, and a million records would make a million). */
  private readonly ends: number[] = [];
  /**
   * The records found in the chunk being read: `[start, kept, end]` triples in `extents[0, extentCount)`;
   * reused from chunk to chunk. Absolute offsets, which pass 2 GB in a big file: not an `IntList`.
   */
  private readonly extents: number[] = [];
  private extentCount = 0;
  /** Bytes of the record being read that came in earlier chunks (copies), from offset `heldFrom`. */
  private held: Buffer[] = [];
  private heldFrom = 0;
  /** Bytes pushed before the current chunk. */
  private base = 0;
  // Positions, absolute (bytes from the first pushed after the BOM); lines are 1-based and count
  // every line break, also inside quotes and on blank lines.
  private recordStart = 0;
  private recordLine = 1;
  private line = 1;
  private lineStart = 0;
  /** Where a LF would be the second half of a CRLF that ended a record (-1: nowhere). */
  private lfAfterCr = -1;
  /** Where the last CR inside quotes was (a LF right after it ends the same line). */
  private quotedCr = -1;
  private fieldLine = 1;
  private fieldCol = 1;
  private atStart = true;
  private pendingBom: Buffer | undefined;
  /** Asked for the fields to skip once the header is out (then dropped). */
  private skipAfterHeader: ((header: Buffer) => number) | undefined;
  /** Leading fields left out of each record (see `CsvByteOptions.skipFields`). */
  private skip = 0;
  /** Where the first field after the skipped ones starts (absolute), once this record reached it. */
  private keptFrom = 0;

  /** `maxRecord`, in bytes: see `CsvOptions`; `skipFields`: see `CsvByteOptions`. */
  constructor(options: CsvByteOptions = {}) {
    const { delimiter = ',', maxRecord = Number.POSITIVE_INFINITY } = options;
    this.skipAfterHeader = options.skipFields;
    const code = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || code >= 0x80 || code === QUOTE || code === CR || code === LF) {
      throw new CsvError(`Unusable CSV delimiter ${JSON.stringify(delimiter)}`, 'delimiter');
    }
    this.delimiter = code;
    this.maxRecord = maxRecord;
  }

  /**
   * Complete records of the next chunk go to `out` (views, or spans: see `RecordSpans`). With
   * `fieldEnds`, each record there also gets its fields' count `n` then the `n` offsets (in the
   * record as handed out) where they end: `[n, end1, …, endN, n, …]`.
   */
  push(input: Buffer, out: Buffer[] | RecordSpans, fieldEnds?: IntList): void {
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
      // Until the header is out, the chunk goes in line by line (the scan takes bytes cut anywhere), so
      // that the records after it are read knowing which fields to skip.
      const cr = chunk.indexOf(CR);
      const lf = chunk.indexOf(LF);
      const cut = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      const piece = cut < 0 ? chunk : chunk.subarray(0, cut + 1);
      const headers: Buffer[] = [];
      this.read(piece, headers, fieldEnds);
      chunk = chunk.subarray(piece.length);
      if (headers.length > 0) {
        this.skip = this.skipAfterHeader(headers[0]);
        this.skipAfterHeader = undefined;
      }
      hand(headers, out);
    }
    if (chunk.length > 0) this.read(chunk, out, fieldEnds);
  }

  /** Records ending in `chunk` to `out`; the unfinished one held. */
  private read(chunk: Buffer, out: Buffer[] | RecordSpans, fieldEnds: IntList | undefined): void {
    this.extentCount = 0;
    this.scan(chunk, fieldEnds);
    this.take(chunk, out);
    const from = this.recordStart;
    if (from < this.base) {
      this.held.push(Buffer.from(chunk)); // copied: the chunk itself is not kept
    } else if (from < this.base + chunk.length) {
      this.held = [Buffer.from(chunk.subarray(from - this.base))];
      this.heldFrom = from;
    }
    this.base += chunk.length;
  }

  end(out: Buffer[] | RecordSpans, fieldEnds?: IntList): void {
    if (this.state === QUOTED) {
      throw unclosedQuote(this.fieldLine, this.fieldCol);
    }
    this.extentCount = 0;
    this.endRecord(this.base, fieldEnds);
    if (this.skipAfterHeader) {
      // The header was the whole file.
      const headers: Buffer[] = [];
      this.take(Buffer.alloc(0), headers);
      if (headers.length > 0) this.skip = this.skipAfterHeader(headers[0]);
      this.skipAfterHeader = undefined;
      hand(headers, out);
    } else {
      this.take(Buffer.alloc(0), out);
    }
    this.held = [];
  }

  /**
   * Finds the records that end in `chunk`: `[start, kept, end)` triples, absolute, into `extents` (see
   * `endRecord`). Only quotes, line breaks and (while fields are counted) delimiters matter: the scan
   * jumps from one to the next with `Buffer.indexOf` (native, memchr), each searched again only once
   * passed, so the bytes between them are never looped over in JS. Past the skipped fields, when no
   * `fieldEnds` are asked for, delimiters are not counted: a quote right after one opens a field.
   */
  private scan(chunk: Buffer, fieldEnds: IntList | undefined): void {
    const n = chunk.length;
    const base = this.base;
    const delimiter = this.delimiter;
    let state = this.state;
    // The next quote, LF, CR and delimiter at or after `i` (n: none).
    let q = -1;
    let lf = -1;
    let cr = -1;
    let d = -1;
    let i = 0;
    try {
      while (i < n) {
        if (state === QUOTED) {
          if (q < i) q = nextOf(chunk, QUOTE, i, n);
          if (lf < i) lf = nextOf(chunk, LF, i, n);
          if (cr < i) cr = nextOf(chunk, CR, i, n);
          i = q < lf ? (q < cr ? q : cr) : lf < cr ? lf : cr;
          if (i === n) break;
          if (i === q) {
            state = QUOTE_SEEN;
          } else {
            const at = base + i;
            const c = chunk[i];
            if (c === CR || this.quotedCr !== at - 1) {
              this.line++;
            }
            this.lineStart = at + 1;
            if (c === CR) this.quotedCr = at;
          }
          i++;
          continue;
        }
        let c = chunk[i];
        if (state === QUOTE_SEEN) {
          if (c === QUOTE) {
            state = QUOTED; // a doubled quote
            i++;
            continue;
          }
          state = UNQUOTED; // closed: what follows is read as after a field's text
        } else if (state === AT_START) {
          if (c === QUOTE) {
            state = QUOTED;
            i++;
            continue;
          }
        } else {
          // Inside an unquoted field: on to the next quote or line break, or delimiter while fields are counted.
          const from = i;
          if (q < i) q = nextOf(chunk, QUOTE, i, n);
          if (lf < i) lf = nextOf(chunk, LF, i, n);
          if (cr < i) cr = nextOf(chunk, CR, i, n);
          i = q < lf ? (q < cr ? q : cr) : lf < cr ? lf : cr;
          if (fieldEnds || this.fields < this.skip) {
            if (d < from) d = nextOf(chunk, delimiter, from, n);
            if (d < i) i = d;
          } else if (i > from && this.fields === 0) {
            this.fields = 1; // (uncounted from here: only known not to be a blank line)
          }
          if (i === n) {
            if (chunk[n - 1] === delimiter) {
              state = AT_START; // a field starts with the next chunk
              this.fieldLine = this.line;
              this.fieldCol = base + n - this.lineStart + 1;
            }
            break;
          }
          c = chunk[i];
          if (c === QUOTE && i > from && chunk[i - 1] === delimiter) {
            // The uncounted fields passed end with a delimiter: this quote opens the next.
            this.fieldLine = this.line;
            this.fieldCol = base + i - this.lineStart + 1;
            state = QUOTED;
            i++;
            continue;
          }
        }
        const at = base + i;
        i++;
        if (c === delimiter) {
          this.fields++;
          if (this.fields === this.skip) this.keptFrom = at + 1;
          if (fieldEnds) this.ends[this.fields - 1] = at;
          state = AT_START;
          this.fieldLine = this.line;
          this.fieldCol = at + 1 - this.lineStart + 1;
        } else if (c === LF || c === CR) {
          if (c === LF && at === this.lfAfterCr) {
            this.recordStart = at + 1; // the LF of a CRLF
            this.lineStart = at + 1;
            continue;
          }
          this.state = state;
          this.endRecord(at, fieldEnds);
          state = AT_START;
          this.line++;
          this.lineStart = at + 1;
          this.recordStart = at + 1;
          this.recordLine = this.line;
          this.fieldLine = this.line;
          this.fieldCol = 1;
          this.lfAfterCr = c === CR ? at + 1 : -1;
        } else if (c === QUOTE) {
          throw strayQuote(this.line, at - this.lineStart + 1);
        } else {
          state = UNQUOTED;
        }
      }
    } finally {
      this.state = state;
    }
    this.checkLength(base + n);
  }

  /** The record read so far reaches `end` (absolute): an error once it is longer than `maxRecord`. */
  private checkLength(end: number): void {
    if (end - this.recordStart > this.maxRecord && (this.fields > 0 || this.state !== AT_START)) {
      throw recordTooLong(this.recordLine, this.maxRecord, this.state === QUOTED || this.state === QUOTE_SEEN);
    }
  }

  /**
   * The record being read ends at `end` (absolute; a blank line is no record): `[start, kept, end]`
   * to `extents`, `kept` where the fields after the skipped ones start (`end`: it has none).
   */
  private endRecord(end: number, fieldEnds: IntList | undefined): void {
    if (this.fields === 0 && this.state === AT_START) {
      return;
    }
    this.checkLength(end);
    const kept = this.skip === 0 ? this.recordStart : this.fields >= this.skip ? this.keptFrom : end;
    const x = this.extents;
    const n = this.extentCount;
    x[n] = this.recordStart;
    x[n + 1] = kept;
    x[n + 2] = end;
    this.extentCount = n + 3;
    if (fieldEnds) {
      // The kept fields' ends (those of the skipped ones left out), no array made per record.
      const count = this.fields;
      const from = count >= this.skip ? this.skip : count;
      fieldEnds.push(count - from + 1);
      for (let k = from; k < count; k++) {
        fieldEnds.push(this.ends[k] - kept);
      }
      fieldEnds.push(end - kept);
    }
    this.fields = 0;
    this.state = AT_START;
  }

  private take(chunk: Buffer, out: Buffer[] | RecordSpans): void {
    const views = Array.isArray(out);
    const extents = this.extents;
    for (let k = 0; k < this.extentCount; k += 3) {
      // Handed out from `kept` (the record's first byte, or its first kept field's) to its end.
      const kept = extents[k + 1];
      const start = kept - this.base;
      const end = extents[k + 2] - this.base;
      let record: Buffer | undefined;
      if (start < 0) {
        // Spans chunks: copied into one buffer of its own.
        record = Buffer.concat([...this.held, chunk.subarray(0, end)]).subarray(kept - this.heldFrom);
      }
      if (extents[k] < this.base) {
        this.held = []; // the record started in an earlier chunk and ends in this one
      }
      if (record) {
        hand([record], out);
      } else if (views) {
        out.push(chunk.subarray(start, end));
      } else {
        if (out.bytes[out.bytes.length - 1] !== chunk) {
          out.bytes.push(chunk);
        }
        out.add(out.bytes.length - 1, start, end);
      }
    }
  }
}

/** Whole records (buffers of their own, or views of a piece read alone) to `out`. */
function hand(records: Buffer[], out: Buffer[] | RecordSpans): void {
  for (const record of records) {
    if (Array.isArray(out)) {
      out.push(record);
    } else {
      out.bytes.push(record);
      out.add(out.bytes.length - 1, 0, record.length);
    }
  }
}

/**
 * A field's text from its raw bytes `record[start, end)` (as `CsvByteSplitter` finds them with
 * `fieldEnds`): unquoted, or quoted with doubled quotes, read by `CsvParser`'s rules.
 */
export function csvFieldText(record: Buffer, start: number, end: number): string {
  if (record[start] !== QUOTE) {
    return record.toString('utf8', start, end);
  }
  if (end - start >= 2 && record[end - 1] === QUOTE) {
    const inner = record.indexOf(QUOTE, start + 1);
    const text = record.toString('utf8', start + 1, end - 1);
    // No quote inside (the common case), or only doubled ones: the splitter lets no other through.
    return inner === end - 1 ? text : text.replace(/""/g, '"');
  }
  return parseCsvRecord(record.toString('utf8', start, end))[0];
}

/** Records as raw bytes (see CsvByteSplitter), a chunk's worth at a time. */
export async function* csvByteRecords(source: AsyncIterable<Buffer | string>, options: CsvByteOptions = {}): AsyncGenerator<Buffer[]> {
  yield* byteRecords(source, options, (): Buffer[] => [], (records) => records.length > 0);
}

/**
 * Where the records are (see `RecordSpans`), a chunk's worth at a time: the same `RecordSpans`, filled
 * again for each chunk, so each must be read before the next is asked for. With `fieldEnds`, where
 * the records' fields end too (see `CsvByteSplitter.push`), cleared and filled again in the same way.
 */
export async function* csvByteSpans(source: AsyncIterable<Buffer | string>, options: CsvByteOptions = {}, fieldEnds?: IntList): AsyncGenerator<RecordSpans> {
  const spans = new RecordSpans();
  yield* byteRecords(source, options, (): RecordSpans => {
    spans.clear();
    fieldEnds?.clear();
    return spans;
  }, () => spans.count > 0, fieldEnds);
}

async function* byteRecords<T extends Buffer[] | RecordSpans>(source: AsyncIterable<Buffer | string>, options: CsvByteOptions,
  made: () => T, any: (out: T) => boolean, fieldEnds?: IntList): AsyncGenerator<T> {
  const splitter = new CsvByteSplitter(options);
  for await (const chunk of source) {
    const out = made();
    splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, out, fieldEnds);
    if (any(out)) {
      yield out;
    }
  }
  const out = made();
  splitter.end(out, fieldEnds);
  if (any(out)) {
    yield out;
  }
}
