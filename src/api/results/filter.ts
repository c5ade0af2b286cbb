/**
 * The rows of a failed file that belong to one error group (for "show me just these rows"),
 * read from disk as a stream.
 */
import * as fs from 'fs';
import { csvRecords, csvRow } from './csv';
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

export async function filterFailedRows(failedFile: string, groupKey: string, options: FilterOptions = {}): Promise<FilteredRows> {
  const limit = options.limit ?? 100_000;
  const known = new Set(options.knownKeys ?? []);
  const other = groupKey === OTHER_GROUP_KEY;
  const source = fs.createReadStream(failedFile);
  let header: string[] | undefined;
  let errorIdx = -1;
  let csv = '';
  let rows = 0;
  let truncated = false;
  try {
    outer: for await (const records of csvRecords(source)) {
      if (options.signal?.aborted) {
        throw new Error('cancelled');
      }
      for (const row of records) {
        if (header === undefined) {
          header = row;
          errorIdx = header.indexOf('sf__Error');
          csv += csvRow(header);
          continue;
        }
        const key = errorGroupKey(row[errorIdx] ?? '');
        if (other ? !known.has(key) : key === groupKey) {
          if (rows >= limit) {
            truncated = true;
            break outer;
          }
          csv += csvRow(row);
          rows++;
        }
      }
    }
  } finally {
    source.destroy();
  }
  return { csv, rows, truncated };
}
