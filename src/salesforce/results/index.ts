/** Result files of a job (merged, streamed) and the "why records failed" summary. Plain Node. */
export { canDownloadResults, downloadResults, resultFileName } from './download';
export type { DownloadOptions, DownloadProgress, DownloadResult, ResultFileKind, ResultsClient } from './download';
export { ErrorSummary, errorGroupKey, formatRowError, genericMessage, OTHER_GROUP_KEY, parseRowError } from './errorSummary';
export type { ErrorGroup, ParsedRowError } from './errorSummary';
export { CsvError, CsvParser, csvField, csvRecords, csvRow } from '../csv';
export { filterFailedRows, firstFailedRow } from './filter';
export type { ExampleRow } from './filter';
