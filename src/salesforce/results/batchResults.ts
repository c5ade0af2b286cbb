/**
 * A Bulk 1.0 ingest batch's result file (CSV, XML or JSON) as `ResultRow`s: id, success, created and
 * the row's errors in one text (see `formatRowError`); and a cursor that takes them one at a time.
 */
import { BulkApiError } from '../errors';
import type { BulkStream } from '../types';
import { csvByteSpans, csvField, csvFieldText, IntList, type RecordSpans } from '../csv';
import type { RawField } from './batchWriter';
import { formatRowError, type ParsedRowError } from './errorSummary';
import { jsonRecords, xmlRecords, type XmlNode } from './records';
import { formatOf } from './tables';

/** One result row of a 1.0 ingest batch. */
export interface ResultRow {
  id: string;
  success: boolean;
  created: boolean;
  error: string;
}

/**
 * A run of result rows without an object (or an id string) per row: row `r` succeeded when
 * `flags[r] & SUCCESS`, was created when `flags[r] & CREATED`, failed with `errors[r]` ('' when it
 * succeeded), and has the id `bytes[idAt[3r]]` from `idAt[3r + 1]` to `idAt[3r + 2]` (raw CSV bytes
 * that read back as themselves: ASCII, unquoted, nothing to quote) or, when `idAt[3r]` is -1, `ids[r]`.
 * A failed row's error is, as CSV, `bytes[errorAt[3r]]` from `errorAt[3r + 1]` to `errorAt[3r + 2]`
 * (as `csvField` writes it) or, when `errorAt[3r]` is -1, `errors[r]` written again.
 */
export interface ResultChunk {
  length: number;
  flags: Uint8Array;
  errors: string[];
  bytes: Buffer[];
  idAt: Int32Array;
  ids: string[];
  errorAt: Int32Array;
}

export const SUCCESS = 1;
export const CREATED = 2;

/** A chunk with room for `rows` rows (sized once: a million rows grow no arrays). */
function newChunk(rows: number): ResultChunk {
  return {
    length: 0, flags: new Uint8Array(rows), errors: new Array<string>(rows), bytes: [], idAt: new Int32Array(3 * rows), ids: new Array<string>(rows),
    errorAt: new Int32Array(3 * rows),
  };
}

function pushRow(chunk: ResultChunk, row: ResultRow): void {
  const r = chunk.length++;
  chunk.flags[r] = (row.success ? SUCCESS : 0) | (row.created ? CREATED : 0);
  chunk.errors[r] = row.error;
  chunk.idAt[3 * r] = -1;
  chunk.ids[r] = row.id;
  chunk.errorAt[3 * r] = -1;
}

/** A 1.0 ingest batch's results, whatever the job's format, as `ResultRow`s. */
export async function* resultRows(stream: BulkStream, jobContentType: string | undefined): AsyncGenerator<ResultRow[]> {
  for await (const chunk of resultChunks(stream, jobContentType)) {
    const rows: ResultRow[] = [];
    for (let r = 0; r < chunk.length; r++) {
      const b = chunk.idAt[3 * r];
      const id = b < 0 ? chunk.ids[r] : chunk.bytes[b].toString('latin1', chunk.idAt[3 * r + 1], chunk.idAt[3 * r + 2]);
      rows.push({ id, success: (chunk.flags[r] & SUCCESS) !== 0, created: (chunk.flags[r] & CREATED) !== 0, error: chunk.errors[r] });
    }
    yield rows;
  }
}

/**
 * A 1.0 ingest batch's results, whatever the job's format, as `ResultChunk`s. A chunk may be filled
 * again for the next one (CSV), so each must be read before the next is asked for.
 */
export async function* resultChunks(stream: BulkStream, jobContentType: string | undefined): AsyncGenerator<ResultChunk> {
  const format = formatOf(stream, jobContentType);
  if (format === 'csv') {
    yield* csvResults(stream.body);
    return;
  }
  const chunkOf = <T>(items: T[], f: (t: T) => ResultRow): ResultChunk => {
    const chunk = newChunk(items.length);
    for (const item of items) {
      pushRow(chunk, f(item));
    }
    return chunk;
  };
  if (format === 'xml') {
    for await (const nodes of xmlRecords(stream.body)) {
      yield chunkOf(nodes, xmlResult);
    }
    return;
  }
  for await (const items of jsonRecords(stream.body)) {
    yield chunkOf(items, jsonResult);
  }
}

/**
 * Whether the bytes `record[start, end)` are written back the same by `csvField`: none of them is
 * `"` `,` CR or LF and, when `ascii`, each is ASCII (a table lookup per byte).
 */
function passesThrough(record: Buffer, start: number, end: number, ascii: boolean): boolean {
  const unsafe = ascii ? UNSAFE_IN_ID : UNSAFE_IN_TEXT;
  for (let k = start; k < end; k++) {
    if (unsafe[record[k]] !== 0) {
      return false;
    }
  }
  return true;
}

/**
 * How the field `record[start, end)` is copied so that it reads as `csvField` writes its text: 1, the
 * bytes between its quotes (nothing inside needs them); 0, as it is (unquoted and nothing to quote, or,
 * unless `ascii`, quoted with what needs the quotes, doubled ones included); -1, it cannot be (the text
 * is written instead). An id (`ascii`) is copied only as ASCII with nothing to quote.
 */
function copyTrim(record: Buffer, start: number, end: number, ascii: boolean): number {
  const quoted = end - start >= 2 && record[start] === QUOTE && record[end - 1] === QUOTE;
  if (!quoted) {
    return passesThrough(record, start, end, ascii) ? 0 : -1;
  }
  return passesThrough(record, start + 1, end - 1, ascii) ? 1 : ascii ? -1 : 0;
}

/** Places row `row`'s field in `at` (see `ResultChunk`): `bytes[b]` from `start + trim` to `end - trim`, or none when `trim` is -1. */
function placeField(at: Int32Array, row: number, b: number, start: number, end: number, trim: number): void {
  at[3 * row] = trim < 0 ? -1 : b;
  at[3 * row + 1] = start + trim;
  at[3 * row + 2] = end - trim;
}

const QUOTE = 0x22;

/** Bytes that `csvField` would quote (1); for an id, also every byte past ASCII (an id is ASCII). */
const UNSAFE_IN_TEXT = new Uint8Array(256);
for (const c of [0x22, 0x2c, 0x0d, 0x0a]) UNSAFE_IN_TEXT[c] = 1;
const UNSAFE_IN_ID = UNSAFE_IN_TEXT.map((u, c) => (c >= 0x80 ? 1 : u));

/**
 * A CSV result file's rows: only the four fields a row needs are read, from the raw bytes (most
 * rows succeed, and theirs need no decoding at all: the id's bytes are passed through).
 */
async function* csvResults(body: AsyncIterable<Buffer | string>): AsyncGenerator<ResultChunk> {
  let idx: { id: number; success: number; created: number; error: number } | undefined;
  let out = newChunk(0);
  const rowsOf = (records: RecordSpans, fieldEnds: IntList): ResultChunk => {
    const ends = fieldEnds.at;
    if (out.flags.length < records.count / 3) {
      out = newChunk(records.count / 3);
    }
    out.length = 0;
    out.bytes = records.bytes;
    let at = 0;
    for (let r = 0; r < records.count; r += 3) {
      const b = records.at[r];
      const bytes = records.bytes[b];
      const from = records.at[r + 1];
      const count = ends[at];
      // Field k: bytes[from + (k === 0 ? 0 : ends[at + k] + 1), from + ends[at + 1 + k]).
      if (idx === undefined) {
        const text = (k: number): string => csvFieldText(bytes, from + (k === 0 ? 0 : ends[at + k] + 1), from + ends[at + 1 + k]);
        const names = Array.from({ length: count }, (_, k) => text(k).trim().toLowerCase());
        idx = { id: names.indexOf('id'), success: names.indexOf('success'), created: names.indexOf('created'), error: names.indexOf('error') };
        if (idx.success < 0) {
          throw new BulkApiError({ kind: 'unexpectedResponse', message: 'A batch result file has no "Success" column.' });
        }
      } else {
        // No closure per row: a million rows would make a million of each.
        const row = out.length++;
        let k = idx.success;
        const success = k < count && isTrueField(bytes, from + (k === 0 ? 0 : ends[at + k] + 1), from + ends[at + 1 + k]);
        k = idx.created;
        const created = k >= 0 && k < count && isTrueField(bytes, from + (k === 0 ? 0 : ends[at + k] + 1), from + ends[at + 1 + k]);
        out.flags[row] = (success ? SUCCESS : 0) | (created ? CREATED : 0);
        k = idx.error;
        if (success || k < 0 || k >= count) {
          out.errors[row] = '';
          out.errorAt[3 * row] = -1;
        } else {
          const errorStart = from + (k === 0 ? 0 : ends[at + k] + 1);
          const errorEnd = from + ends[at + 1 + k];
          out.errors[row] = csvFieldText(bytes, errorStart, errorEnd);
          placeField(out.errorAt, row, b, errorStart, errorEnd, copyTrim(bytes, errorStart, errorEnd, false));
        }
        k = idx.id;
        if (k < 0 || k >= count) {
          out.ids[row] = '';
          out.idAt[3 * row] = -1;
        } else {
          const idStart = from + (k === 0 ? 0 : ends[at + k] + 1);
          const idEnd = from + ends[at + 1 + k];
          // Salesforce quotes every field ("001…"): the text between the quotes, when nothing in it needs them.
          const trim = copyTrim(bytes, idStart, idEnd, true);
          out.ids[row] = trim < 0 ? csvFieldText(bytes, idStart, idEnd) : '';
          placeField(out.idAt, row, b, idStart, idEnd, trim);
        }
      }
      at += count + 1;
    }
    return out;
  };
  // Read by rowsOf, and `out` by the reader, before the next chunk: cleared, not made again.
  const ends = new IntList();
  for await (const records of csvByteSpans(body, {}, ends)) {
    yield rowsOf(records, ends);
  }
}

/** Whether `record[start, end)` is `true` in any case, quoted or not. */
function isTrueField(record: Buffer, start: number, end: number): boolean {
  let s = start;
  let e = end;
  if (e - s === 6 && record[s] === 0x22 && record[e - 1] === 0x22) {
    s++;
    e--;
  }
  return e - s === 4 && (record[s] | 0x20) === 0x74 && (record[s + 1] | 0x20) === 0x72 && (record[s + 2] | 0x20) === 0x75 && (record[s + 3] | 0x20) === 0x65;
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

/**
 * Result rows taken one at a time from chunks of them as they stream; no source means no rows. The
 * current row is read from the cursor itself (`success`, `created`, `error`, the id: see `RawField`,
 * and the error as CSV, `errorField`), so that a million rows make no million objects.
 */
export class ResultCursor implements RawField {
  private readonly source: AsyncIterator<ResultChunk> | undefined;
  private pending: ResultChunk = newChunk(0);
  private at = 0;
  private done: boolean;
  success = false;
  created = false;
  error = '';
  bytes: Buffer | undefined;
  start = 0;
  end = 0;
  csv = '';
  /** A failed row's error as it is written (see `RawField`). */
  readonly errorField: RawField = { bytes: undefined, start: 0, end: 0, csv: '' };

  constructor(source: AsyncIterable<ResultChunk> | undefined) {
    this.source = source?.[Symbol.asyncIterator]();
    this.done = this.source === undefined;
  }

  /** Moves to the next row when it is already read (no await per row: a million rows are a million microtasks); false if it is not. */
  nextReady(): boolean {
    if (this.at >= this.pending.length) {
      return false;
    }
    const c = this.pending;
    const r = this.at++;
    this.success = (c.flags[r] & SUCCESS) !== 0;
    this.created = (c.flags[r] & CREATED) !== 0;
    this.error = c.errors[r];
    readField(this, c, c.idAt, r, c.ids[r]);
    if (!this.success) {
      readField(this.errorField, c, c.errorAt, r, this.error);
    }
    return true;
  }

  /** Moves to the next row; false after the last. */
  async next(): Promise<boolean> {
    while (this.at >= this.pending.length && !this.done) {
      await this.fill();
    }
    return this.nextReady();
  }

  /** Reads what is left; resolves to how many rows were never taken. */
  async countRest(): Promise<number> {
    let rest = 0;
    while (!this.done) {
      rest += this.pending.length - this.at;
      this.at = this.pending.length;
      await this.fill();
    }
    return rest + this.pending.length - this.at;
  }

  private async fill(): Promise<void> {
    const next = await (this.source as AsyncIterator<ResultChunk>).next();
    if (next.done) {
      this.done = true;
    } else {
      this.pending = next.value;
      this.at = 0;
    }
  }
}

/** Sets `field` to row `r`'s field placed in `at` (see `ResultChunk`), or else to `text` written as CSV. */
function readField(field: RawField, c: ResultChunk, at: Int32Array, r: number, text: string): void {
  const b = at[3 * r];
  if (b < 0) {
    field.bytes = undefined;
    field.csv = csvField(text);
  } else {
    field.bytes = c.bytes[b];
    field.start = at[3 * r + 1];
    field.end = at[3 * r + 2];
  }
}
