/**
 * The failed rows of a `<jobId>-failed.csv` as an editor shows them: each row's sf__Error text and
 * where the row and its error cell are in the text (offsets), read with THE CSV reader. Pure: the
 * diagnostics and the hover (failedRowDiagnostics.ts) turn offsets into positions.
 */
import { csvRecordsWithStarts } from '../salesforce/csv';

export interface FailedRow {
  /** 1-based record number after the header. */
  record: number;
  /** The sf__Error cell. */
  error: string;
  /** Where the record starts and ends (without its line break). */
  start: number;
  end: number;
  /** Where the sf__Error cell starts. */
  errorStart: number;
}

export interface FailedRows {
  /** The sf__Error column's index. */
  errorColumn: number;
  header: string[];
  rows: FailedRow[];
  /** True when more rows had errors than were read (`max`). */
  truncated: boolean;
}

/** The sf__Error column of a results header (any case, spaces ignored), or -1. */
export function errorColumnOf(header: readonly string[]): number {
  return header.findIndex((h) => h.replace(/\s+/g, '').toLowerCase() === 'sf__error');
}

/**
 * The rows whose sf__Error is not empty, at most `max`; undefined when the text has no sf__Error
 * column. A CSV error (an unclosed quote as the person edits) keeps the rows read before it.
 */
export async function readFailedRows(fullText: string, max = 5000): Promise<FailedRows | undefined> {
  const bom = fullText.charCodeAt(0) === 0xfeff ? 1 : 0; // offsets are the editor's, which keeps it
  const text = fullText.slice(bom);
  let header: string[] | undefined;
  let errorColumn = -1;
  const rows: FailedRow[] = [];
  let record = 0;
  let truncated = false;
  let pending: { row: string[]; start: number; starts: number[] } | undefined;
  const finish = (next: number): boolean => {
    if (pending === undefined) {
      return true;
    }
    const { row, start, starts } = pending;
    pending = undefined;
    const error = (row[errorColumn] ?? '').trim();
    if (error === '') {
      return true;
    }
    if (rows.length >= max) {
      truncated = true;
      return false;
    }
    let end = next;
    while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) {
      end--;
    }
    rows.push({ record, error, start: start + bom, end: end + bom, errorStart: (starts[errorColumn] ?? start) + bom });
    return true;
  };
  try {
    for await (const piece of csvRecordsWithStarts(single(text))) {
      for (let i = 0; i < piece.rows.length; i++) {
        const row = piece.rows[i];
        const starts = piece.starts[i] ?? [];
        if (header === undefined) {
          header = row;
          errorColumn = errorColumnOf(header);
          if (errorColumn < 0) {
            return undefined;
          }
          continue;
        }
        const start = starts[0] ?? 0;
        if (!finish(start)) {
          return { errorColumn, header, rows, truncated };
        }
        if (row.length === 1 && row[0] === '') {
          continue; // an empty line
        }
        record++;
        pending = { row, start, starts };
      }
    }
  } catch {
    // A CSV error: the rows before it stand.
  }
  if (header === undefined || errorColumn < 0) {
    return undefined;
  }
  finish(text.length);
  return { errorColumn, header, rows, truncated };
}

async function* single(text: string): AsyncGenerator<string> {
  yield text;
}
