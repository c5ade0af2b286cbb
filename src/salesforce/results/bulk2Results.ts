/**
 * Bulk 2.0 results. Ingest: `successfulResults`, `failedResults`, `unprocessedrecords` streamed to
 * the files, columns reordered to the shape of `download.ts`, the job's column delimiter read,
 * commas written. Query: `results` page by page, following `Sforce-Locator`, header once.
 */
import type { Readable } from 'stream';
import { BulkApiError } from '../errors';
import type { BulkJob } from '../types';
import { BatchWriter, FAILED_PREFIX, fieldsOf, SUCCESS_PREFIX, type InputRow } from './batchWriter';
import { csvByteRecords, csvField, csvRecords } from '../csv';
import { isResultColumn } from './resultColumns';
import type { DownloadRun } from './run';
import type { ResultFileKind } from './downloadTypes';

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t', CARET: '^', BACKQUOTE: '`' };

export async function downloadIngest2(run: DownloadRun, job: BulkJob): Promise<void> {
  const delimiter = DELIMITERS[job.columnDelimiter ?? 'COMMA'] ?? ',';
  const files: Array<['successfulResults' | 'failedResults' | 'unprocessedrecords', ResultFileKind]> = [
    ['failedResults', 'failed'],
    ['successfulResults', 'success'],
    ['unprocessedrecords', 'unprocessed'],
  ];
  run.progress.batchesTotal = files.length;
  run.report();
  await run.pool(files, async ([which, kind]) => {
    const stream = await run.client.openIngestResults(job.id, which, run.request);
    try {
      const writer = new BatchWriter(run);
      const prefix = kind === 'failed' ? FAILED_PREFIX : kind === 'success' ? SUCCESS_PREFIX : [];
      let order: number[] = [];
      let inputColumns: string[] = [];
      // Already in the shape, comma-separated: copied record by record as it came.
      let asIs = false;
      const onHeader = (header: string[]): void => {
        ({ order, inputColumns } = shape2(header, prefix));
        asIs = delimiter === ',' && kind !== 'failed' && order.every((k, n) => k === n);
      };
      await eachRecord(stream.body, delimiter, writer, onHeader, (row) => {
        const file = writer.file(kind, prefix, inputColumns);
        if (asIs) {
          file.addRecord(row);
          return;
        }
        const fields = fieldsOf(row);
        const values = order.map((k) => (k < 0 ? '' : fields[k] ?? ''));
        const input = values.slice(prefix.length);
        if (kind === 'failed') {
          run.summary.add(values[1]);
        }
        file.add(values.slice(0, prefix.length).map((v) => csvField(v)).join(','), input);
      });
    } finally {
      stream.close();
    }
    run.progress.batchesDone++;
    run.report();
  });
}

export async function downloadQuery2(run: DownloadRun, job: BulkJob): Promise<void> {
  const delimiter = DELIMITERS[job.columnDelimiter ?? 'COMMA'] ?? ',';
  let locator: string | undefined;
  const seen = new Set<string>();
  let header: string[] | undefined;
  const writer = new BatchWriter(run);
  do {
    const page = await run.client.openQueryResults(job.id, { locator, maxRecords: run.options.maxRecordsPerPage }, run.request);
    run.progress.batchesTotal++;
    try {
      let pageColumns: string[] = [];
      const onHeader = (columns: string[]): void => {
        pageColumns = columns;
        header ??= columns;
      };
      await eachRecord(page.body, delimiter, writer, onHeader, (row) => writer.file('query', [], pageColumns).add('', row));
    } finally {
      page.close();
    }
    run.progress.batchesDone++;
    run.report();
    locator = page.nextLocator;
    if (locator !== undefined && seen.has(locator)) {
      throw new BulkApiError({ kind: 'unexpectedResponse', message: `The results of the job ${job.id} page in a circle (locator ${locator} came twice).` });
    }
    if (locator !== undefined) {
      seen.add(locator);
    }
  } while (locator !== undefined);
  const out = run.output('query');
  if (!out.opened) {
    out.ensureOpen(header ?? ['Id']);
  }
}
/** A 2.0 result header → output order: `sf__Id`, `sf__Error`/`sf__Created` first, then the input columns. */
function shape2(header: string[], prefix: readonly string[]): { order: number[]; inputColumns: string[] } {
  const inputIdx = header.map((_, k) => k).filter((k) => !isResultColumn(header[k]));
  const prefixIdx = prefix.map((name) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase()));
  return { order: [...prefixIdx, ...inputIdx], inputColumns: inputIdx.map((k) => header[k]) };
}

/**
 * Reads a 2.0 result file (comma-separated records are kept raw): its header goes to `onHeader`,
 * each later record to `onRow`; `writer` is flushed as it fills and at the end.
 */
async function eachRecord(body: Readable, delimiter: string, writer: BatchWriter, onHeader: (header: string[]) => void, onRow: (row: InputRow) => void): Promise<void> {
  let headerRead = false;
  for await (const rows of delimiter === ',' ? csvByteRecords(body) : csvRecords(body, delimiter)) {
    for (const row of rows as InputRow[]) {
      if (headerRead) {
        onRow(row);
      } else {
        headerRead = true;
        onHeader(fieldsOf(row));
      }
    }
    await writer.flushIfFull();
  }
  await writer.flush();
}
