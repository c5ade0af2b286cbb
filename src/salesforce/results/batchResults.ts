/**
 * A Bulk 1.0 ingest batch's result file (CSV, XML or JSON) as `ResultRow`s: id, success, created and
 * the row's errors in one text (see `formatRowError`); and a cursor that takes them one at a time.
 */
import { BulkApiError } from '../errors';
import type { BulkStream } from '../types';
import { CsvByteSplitter, csvFieldText, type RecordSpans } from '../csv';
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

/** A 1.0 ingest batch's results, whatever the job's format, as `ResultRow`s. */
export async function* resultRows(stream: BulkStream, jobContentType: string | undefined): AsyncGenerator<ResultRow[]> {
  const format = formatOf(stream, jobContentType);
  if (format === 'csv') {
    yield* csvResults(stream.body);
    return;
  }
  if (format === 'xml') {
    for await (const nodes of xmlRecords(stream.body)) {
      yield nodes.map(xmlResult);
    }
    return;
  }
  for await (const items of jsonRecords(stream.body)) {
    yield items.map(jsonResult);
  }
}

/**
 * A CSV result file's rows: only the four fields a row needs are read, from the raw bytes (most
 * rows succeed, and theirs need no decoding but the id).
 */
async function* csvResults(body: AsyncIterable<Buffer | string>): AsyncGenerator<ResultRow[]> {
  const splitter = new CsvByteSplitter();
  let idx: { id: number; success: number; created: number; error: number } | undefined;
  const rowsOf = (records: RecordSpans, ends: number[]): ResultRow[] => {
    const out: ResultRow[] = [];
    let at = 0;
    for (let r = 0; r < records.at.length; r += 3) {
      const bytes = records.bytes[records.at[r]];
      const from = records.at[r + 1];
      const count = ends[at];
      // Field k: bytes[from + start(k), from + ends[at + 1 + k]).
      const start = (k: number): number => from + (k === 0 ? 0 : ends[at + k] + 1);
      const text = (k: number): string => (k < 0 || k >= count ? '' : csvFieldText(bytes, start(k), from + ends[at + 1 + k]));
      const isTrue = (k: number): boolean => k >= 0 && k < count && isTrueField(bytes, start(k), from + ends[at + 1 + k]);
      if (idx === undefined) {
        const names = Array.from({ length: count }, (_, k) => text(k).trim().toLowerCase());
        idx = { id: names.indexOf('id'), success: names.indexOf('success'), created: names.indexOf('created'), error: names.indexOf('error') };
        if (idx.success < 0) {
          throw new BulkApiError({ kind: 'unexpectedResponse', message: 'A batch result file has no "Success" column.' });
        }
      } else {
        const success = isTrue(idx.success);
        out.push({ id: text(idx.id), success, created: isTrue(idx.created), error: success ? '' : text(idx.error) });
      }
      at += count + 1;
    }
    return out;
  };
  for await (const chunk of body) {
    const records: RecordSpans = { bytes: [], at: [] };
    const ends: number[] = [];
    splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, records, ends);
    yield rowsOf(records, ends);
  }
  const records: RecordSpans = { bytes: [], at: [] };
  const ends: number[] = [];
  splitter.end(records, ends);
  yield rowsOf(records, ends);
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

/** Result rows taken one at a time from batches of them as they stream; no source means no rows. */
export class ResultCursor {
  private readonly source: AsyncIterator<ResultRow[]> | undefined;
  private pending: ResultRow[] = [];
  private at = 0;
  private done: boolean;

  constructor(source: AsyncIterable<ResultRow[]> | undefined) {
    this.source = source?.[Symbol.asyncIterator]();
    this.done = this.source === undefined;
  }

  /** The next row when it is already read (no await per row: a million rows are a million microtasks), else undefined. */
  nextReady(): ResultRow | undefined {
    return this.at < this.pending.length ? this.pending[this.at++] : undefined;
  }

  /** The next row, or undefined after the last. */
  async next(): Promise<ResultRow | undefined> {
    while (this.at >= this.pending.length && !this.done) {
      await this.fill();
    }
    return this.at < this.pending.length ? this.pending[this.at++] : undefined;
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
    const next = await (this.source as AsyncIterator<ResultRow[]>).next();
    if (next.done) {
      this.done = true;
    } else {
      this.pending = next.value;
      this.at = 0;
    }
  }
}
