/**
 * A request file or query result of any format as a table: its columns (known once the first row
 * is read) and its rows. CSV records are kept raw; XML and JSON records are flattened (nested
 * relationship fields become `Parent.Field` columns; a null, `xsi:nil="true"` or JSON `null`,
 * becomes the given nil value).
 */
import type { BulkStream } from '../types';
import { fieldsOf, type InputRow } from './batchWriter';
import { csvByteRecords, csvByteSpans, type RecordSpans } from '../csv';
import { flattenJson, flattenXml, jsonRecords, xmlRecords } from './records';

type FileFormat = 'csv' | 'xml' | 'json';

/** Rows of a request / query result with their columns (known once the first row is read). */
export interface Table {
  columns: string[] | undefined;
  /** CSV: raw records; XML / JSON: fields in `columns` order. */
  rows: AsyncIterable<InputRow[]>;
}

/** A CSV file's rows as spans (see `RecordSpans`: no object per row), with its columns (known once the first chunk is read). */
export interface SpanTable {
  columns: string[] | undefined;
  rows: AsyncIterable<RecordSpans>;
}

/** A CSV request file as a `SpanTable`: its header read into `columns`, its records as they came. */
export function csvSpanTable(stream: BulkStream): SpanTable {
  const table: SpanTable = { columns: undefined, rows: { [Symbol.asyncIterator]: () => gen() } };
  async function* gen(): AsyncGenerator<RecordSpans> {
    for await (const spans of csvByteSpans(stream.body)) {
      if (table.columns === undefined) {
        table.columns = fieldsOf(spans.bytes[spans.at[0]].subarray(spans.at[1], spans.at[2]));
        spans.dropFirst();
      }
      if (spans.count > 0) {
        yield spans;
      }
    }
  }
  return table;
}

export function formatOf(stream: BulkStream, jobContentType: string | undefined): FileFormat {
  const ct = stream.contentType;
  if (ct.includes('csv')) {
    return 'csv';
  }
  if (ct.endsWith('/xml') || ct.endsWith('+xml')) {
    return 'xml';
  }
  if (ct.endsWith('/json') || ct.endsWith('+json')) {
    return 'json';
  }
  const job = (jobContentType ?? 'CSV').toUpperCase();
  return job.includes('XML') ? 'xml' : job.includes('JSON') ? 'json' : 'csv';
}

/** `nilValue`: what a null becomes (`#N/A` in an input file, so that a reload sets null; '' in query results). */
export function tableOf(stream: BulkStream, jobContentType: string | undefined, nilValue: string): Table {
  const format = formatOf(stream, jobContentType);
  const table: Table = { columns: undefined, rows: { [Symbol.asyncIterator]: () => gen() } };
  async function* fromMaps(maps: AsyncIterable<Array<Map<string, string>>>): AsyncGenerator<string[][]> {
    for await (const records of maps) {
      const rows: string[][] = [];
      for (const rec of records) {
        table.columns ??= [...rec.keys()];
        rows.push((table.columns as string[]).map((c) => rec.get(c) ?? ''));
      }
      yield rows;
    }
  }
  async function* gen(): AsyncGenerator<InputRow[]> {
    if (format === 'csv') {
      for await (const rows of csvByteRecords(stream.body)) {
        if (table.columns === undefined) {
          table.columns = fieldsOf(rows.shift() as Buffer);
        }
        if (rows.length > 0) {
          yield rows;
        }
      }
    } else if (format === 'xml') {
      const skip = new Set(['type']); // XML query results name the sObject type as a field
      yield* fromMaps(mapEach(xmlRecords(stream.body), (n) => flattenXml(n, nilValue, nilValue === '' ? skip : undefined)));
    } else {
      yield* fromMaps(mapEach(jsonRecords(stream.body), (r) => flattenJson(r, nilValue)));
    }
  }
  return table;
}

async function* mapEach<T, U>(source: AsyncIterable<T[]>, f: (t: T) => U): AsyncGenerator<U[]> {
  for await (const items of source) {
    yield items.map(f);
  }
}
