/**
 * CSV as RFC 4180 has it, streamed: quoted fields may hold the delimiter, doubled quotes and CR/LF
 * line breaks; records end with LF, CRLF or CR. The parser takes text in pieces cut anywhere —
 * inside a quoted field, between a quote and its double, between CR and LF — and hands back whole
 * records only. Bytes are decoded as UTF-8 across chunk boundaries and a leading BOM is dropped.
 *
 * Leniency (Salesforce files are well-formed; people's files are not always): a quote inside an
 * unquoted field is kept as a character; characters after a closing quote are appended to the
 * field; blank lines are skipped. An unterminated quoted field at the end is an error.
 */
import { StringDecoder } from 'string_decoder';

export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

export class CsvParser {
  private readonly delimiter: number;
  private row: string[] = [];
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
  /** Inside quotes, the last character was a CR: a LF right after it ends the same line. */
  private quotedCr = false;
  private fieldLine = 1;
  private fieldCol = 1;
  private rowStarts: number[] = [];

  /** `delimiter`: one character (`,` by default; Bulk 2.0 jobs may use `|`, `;`, tab, `^`, `` ` ``). */
  constructor(delimiter = ',') {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new CsvError(`Unusable CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = delimiter.charCodeAt(0);
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
    const delim = this.delimiter;
    let i = 0;
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) {
        i = 1;
        this.lineStart = this.base + 1;
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
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.countBreaks(text, i, n);
          this.field += text.slice(i);
          return;
        }
        this.countBreaks(text, i, q);
        this.field += text.slice(i, q);
        i = q + 1;
        if (i === n) {
          this.quotePending = true;
          return;
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
      if (!this.started && text.charCodeAt(i) === QUOTE) {
        this.inQuotes = true;
        this.started = true;
        i++;
        continue;
      }
      // An unquoted run: up to the next delimiter or line break.
      let j = i;
      let c = 0;
      while (j < n) {
        c = text.charCodeAt(j);
        if (c === delim || c === LF || c === CR) {
          break;
        }
        j++;
      }
      if (j > i) {
        this.field += text.slice(i, j);
        this.started = true;
      }
      if (j === n) {
        return;
      }
      i = j + 1;
      if (c === delim) {
        this.row.push(this.field);
        if (starts) {
          this.rowStarts.push(this.fieldLine, this.fieldCol);
        }
        this.field = '';
        this.started = false;
        this.fieldLine = this.line;
        this.fieldCol = this.base + i - this.lineStart + 1;
        continue;
      }
      this.endRecord(out, starts);
      if (c === CR) {
        if (i === n) {
          this.skipLf = true;
        } else if (text.charCodeAt(i) === LF) {
          i++;
        }
      }
      this.line++;
      this.lineStart = this.base + i;
      this.fieldLine = this.line;
      this.fieldCol = 1;
    }
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

  /** The end of the input: the last record (if it had no line break) goes to `out`. */
  end(out: string[][], starts?: number[][]): void {
    if (this.inQuotes && !this.quotePending) {
      throw new CsvError('The CSV ends inside a quoted field (a quote was never closed).');
    }
    this.inQuotes = false;
    this.quotePending = false;
    this.endRecord(out, starts);
  }

  private endRecord(out: string[][], starts: number[][] | undefined): void {
    if (this.row.length === 0 && !this.started) {
      return; // a blank line
    }
    this.row.push(this.field);
    out.push(this.row);
    this.row = [];
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
 * decoded as UTF-8 with a leading BOM dropped.
 */
export async function* csvRecords(source: AsyncIterable<Buffer | string>, delimiter = ','): AsyncGenerator<string[][]> {
  for await (const piece of decodedRecords(source, delimiter, false)) {
    yield piece.rows;
  }
}

/** Records with where their fields start in the file (see `CsvParser.push`), for messages that point at a cell. */
export function csvRecordsWithStarts(source: AsyncIterable<Buffer | string>, delimiter = ','): AsyncGenerator<{ rows: string[][]; starts: number[][] }> {
  return decodedRecords(source, delimiter, true);
}

async function* decodedRecords(source: AsyncIterable<Buffer | string>, delimiter: string, withStarts: boolean): AsyncGenerator<{ rows: string[][]; starts: number[][] }> {
  const parser = new CsvParser(delimiter);
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }
    const rows: string[][] = [];
    const starts: number[][] = [];
    parser.push(text, rows, withStarts ? starts : undefined);
    if (rows.length > 0) {
      yield { rows, starts };
    }
  }
  const rows: string[][] = [];
  const starts: number[][] = [];
  parser.push(decoder.end(), rows, withStarts ? starts : undefined);
  parser.end(rows, withStarts ? starts : undefined);
  if (rows.length > 0) {
    yield { rows, starts };
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: quoted only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One record with its LF line ending. A record of a single empty field is written `""` so that it
 * does not read back as a blank line.
 */
export function csvRow(values: readonly string[]): string {
  if (values.length === 1 && values[0] === '') {
    return '""\n';
  }
  let line = '';
  for (let k = 0; k < values.length; k++) {
    line += (k === 0 ? '' : ',') + csvField(values[k]);
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

const BYTE_QUOTE = 0x22;
const BYTE_LF = 0x0a;
const BYTE_CR = 0x0d;

/**
 * CsvRecordSplitter on bytes: records as views into the downloaded chunks (copied only when a record
 * spans two chunks), never decoded. Quotes and line breaks are ASCII, so UTF-8 text inside needs no
 * care; a leading UTF-8 BOM is dropped. Used to copy input rows to the result files as they came.
 */
export class CsvByteSplitter {
  private partial: Buffer[] = [];
  private inQuotes = false;
  private skipLf = false;
  private atStart = true;
  private pendingBom: Buffer | undefined;

  push(input: Buffer, out: Buffer[]): void {
    let chunk = input;
    if (this.atStart) {
      // The BOM (EF BB BF) may itself be cut by a chunk boundary.
      chunk = this.pendingBom ? Buffer.concat([this.pendingBom, chunk]) : chunk;
      this.pendingBom = undefined;
      if (chunk.length < 3 && chunk.every((b, k) => b === [0xef, 0xbb, 0xbf][k])) {
        this.pendingBom = chunk;
        return;
      }
      this.atStart = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
      }
    }
    const n = chunk.length;
    let i = 0;
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (chunk[0] === BYTE_LF) {
        i = 1;
      }
    }
    let start = i;
    let q = -2;
    let lf = -2;
    let cr = -2;
    while (i < n) {
      if (q < i) {
        q = chunk.indexOf(BYTE_QUOTE, i);
        if (q < 0) q = n;
      }
      if (this.inQuotes) {
        if (q === n) {
          break; // the rest is inside quotes
        }
        this.inQuotes = false;
        i = q + 1;
        continue;
      }
      if (lf < i) {
        lf = chunk.indexOf(BYTE_LF, i);
        if (lf < 0) lf = n;
      }
      if (cr < i) {
        cr = chunk.indexOf(BYTE_CR, i);
        if (cr < 0) cr = n;
      }
      const eol = lf < cr ? lf : cr;
      if (q < eol) {
        this.inQuotes = true;
        i = q + 1;
        continue;
      }
      if (eol === n) {
        break; // the start of a record
      }
      const piece = chunk.subarray(start, eol);
      const record = this.partial.length === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      if (record.length > 0) {
        out.push(record);
      }
      i = eol + 1;
      if (eol === cr) {
        if (i === n) {
          this.skipLf = true;
        } else if (chunk[i] === BYTE_LF) {
          i++;
        }
      }
      start = i;
    }
    if (start < n) {
      // Copied: the chunk itself is not kept.
      this.partial.push(Buffer.from(chunk.subarray(start, n)));
    }
  }

  end(out: Buffer[]): void {
    if (this.inQuotes) {
      throw new CsvError('The CSV ends inside a quoted field (a quote was never closed).');
    }
    if (this.partial.length > 0) {
      const record = Buffer.concat(this.partial);
      if (record.length > 0) {
        out.push(record);
      }
    }
    this.partial = [];
  }
}

/** Records as raw bytes (see CsvByteSplitter), a chunk's worth at a time. */
export async function* csvByteRecords(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer[]> {
  const splitter = new CsvByteSplitter();
  for await (const chunk of source) {
    const records: Buffer[] = [];
    splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, records);
    if (records.length > 0) {
      yield records;
    }
  }
  const records: Buffer[] = [];
  splitter.end(records);
  if (records.length > 0) {
    yield records;
  }
}
