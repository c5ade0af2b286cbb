/**
 * The rows of a failed file that belong to one error group (for "show me just these rows"), and the
 * first of them as an example for the details panel: read from disk as a stream, never kept.
 */
import * as fs from 'fs';
import { csvRecords, csvRow } from '../csv';
import { errorGroupKey, OTHER_GROUP_KEY } from './errorSummary';

export interface FilterOptions {
  /** Stop after this many matching rows (default 100,000). */
  limit?: number;
  /** For the `OTHER` group: the keys of every listed group (rows matching none of them are "other"). */
  knownKeys?: readonly string[];
  signal?: AbortSignal;
}

export interface FilteredRows {
  /** CSV text: the header, then the matching rows. */
  csv: string;
  rows: number;
  /** True when `limit` cut the list short. */
  truncated: boolean;
}

/** An example row of one error group, read from the failed file (never kept: shown, then forgotten). */
export interface ExampleRow {
  sfId: string;
  /** The input columns and their values (at most 40 columns, values cut at 200 characters). */
  values: Array<[string, string]>;
}

/** The header, then each row of the failed file that belongs to the group, streamed from disk. */
async function* groupRows(failedFile: string, groupKey: string, options: FilterOptions): AsyncGenerator<string[]> {
  const known = new Set(options.knownKeys ?? []);
  const other = groupKey === OTHER_GROUP_KEY;
  const source = fs.createReadStream(failedFile);
  let header: string[] | undefined;
  let errorIdx = -1;
  try {
    for await (const records of csvRecords(source)) {
      if (options.signal?.aborted) {
        throw new Error('cancelled');
      }
      for (const row of records) {
        if (header === undefined) {
          header = row;
          errorIdx = header.indexOf('sf__Error');
          yield header;
          continue;
        }
        const key = errorGroupKey(row[errorIdx] ?? '');
        if (other ? !known.has(key) : key === groupKey) {
          yield row;
        }
      }
    }
  } finally {
    source.destroy();
  }
}

export async function filterFailedRows(failedFile: string, groupKey: string, options: FilterOptions = {}): Promise<FilteredRows> {
  const limit = options.limit ?? 100_000;
  let csv = '';
  let rows = -1;
  let truncated = false;
  for await (const row of groupRows(failedFile, groupKey, options)) {
    if (rows >= limit) {
      truncated = true;
      break;
    }
    csv += csvRow(row);
    rows++;
  }
  return { csv, rows: Math.max(0, rows), truncated };
}

/** The first row of the group in the failed file (streamed until it is found), or undefined. */
export async function firstFailedRow(failedFile: string, groupKey: string, options: FilterOptions = {}): Promise<ExampleRow | undefined> {
  let header: string[] | undefined;
  for await (const row of groupRows(failedFile, groupKey, options)) {
    if (header === undefined) {
      header = row;
      continue;
    }
    const columns = header.map((c, k) => [c, k] as const).filter(([c]) => c !== 'sf__Id' && c !== 'sf__Error').slice(0, 40);
    return { sfId: row[header.indexOf('sf__Id')] ?? '', values: columns.map(([c, k]) => [c, (row[k] ?? '').slice(0, 200)]) };
  }
  return undefined;
}
