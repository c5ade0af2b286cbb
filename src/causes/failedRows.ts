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
  /** The record's first and last lines (1-based; a quoted cell may hold line breaks). */
  line: number;
  lastLine: number;
  /** The record's text (its lines joined with `\n`): a row whose text changed is taken as fixed. */
  text: string;
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
export async function readFailedRows(text: string, max = 5000): Promise<FailedRows | undefined> {
  const lines = text.split(/\r\n|\r|\n/);
  let last = lines.length;
  while (last > 0 && lines[last - 1] === '') {
    last--; // trailing blank lines belong to no record
  }
  let header: string[] | undefined;
  let errorColumn = -1;
  const rows: FailedRow[] = [];
  let record = 0;
  let truncated = false;
  let pending: { error: string; line: number } | undefined;
  /** The pending record ends before line `next`; false once `max` rows are read. */
  const finish = (next: number): boolean => {
    if (pending === undefined) {
      return true;
    }
    const { error, line } = pending;
    pending = undefined;
    if (error === '') {
      return true;
    }
    if (rows.length >= max) {
      truncated = true;
      return false;
    }
    let lastLine = Math.max(line, next - 1);
    while (lastLine > line && lines[lastLine - 1] === '') {
      lastLine--;
    }
    rows.push({ record, error, line, lastLine, text: lines.slice(line - 1, lastLine).join('\n') });
    return true;
  };
  try {
    for await (const piece of csvRecordsWithStarts(single(text))) {
      for (let i = 0; i < piece.rows.length; i++) {
        const row = piece.rows[i];
        const line = piece.starts[i]?.[0] ?? 1;
        if (header === undefined) {
          header = row;
          errorColumn = errorColumnOf(header);
          if (errorColumn < 0) {
            return undefined;
          }
          continue;
        }
        if (!finish(line)) {
          return { errorColumn, header, rows, truncated };
        }
        record++;
        pending = { error: (row[errorColumn] ?? '').trim(), line };
      }
    }
  } catch {
    // A CSV error: the rows before it stand (the one being read when it happened is left out; the
    // last complete one is taken to end on its first line, as where the broken one starts is not known).
    if (pending !== undefined) {
      finish(pending.line + 1);
    }
  }
  if (header === undefined || errorColumn < 0) {
    return undefined;
  }
  finish(last + 1);
  return { errorColumn, header, rows, truncated };
}

async function* single(text: string): AsyncGenerator<string> {
  yield text;
}
