/**
 * What is kept of a download in workspaceState: a summary only (file paths, row counts, error codes,
 * messages as the download grouped them (`genericMessage`: no values), fields and counts, and the size
 * and time of the files as written), never a row value; reading takes only those fields. Plain Node.
 */
import type { ResultFileKind } from '../salesforce/results/downloadTypes';
import type { ErrorGroup } from '../salesforce/results/errorSummary';
import type { FileStamp } from './resultSet';
import { asNumber, isRecord } from '../util/json';

export interface StoredDownload {
  jobId: string;
  dir: string;
  files: Partial<Record<ResultFileKind, string>>;
  rows: Record<ResultFileKind, number>;
  /** Largest first, at most MAX_KEPT_GROUPS. */
  errors: ErrorGroup[];
  /** How many groups there were in all. */
  groupCount: number;
  at: number;
  /** The files this job's downloads wrote (this one's and earlier ones'), to tell whether someone changed them. */
  written: FileStamp[];
}

export const MAX_KEPT_GROUPS = 50;
export const MAX_KEPT_STAMPS = 24;

const KINDS: readonly ResultFileKind[] = ['failed', 'success', 'unprocessed', 'query'];

const num = (value: unknown): number => asNumber(value) ?? 0;

/** Only the summary fields of a group (an example row or anything else is never read back). */
function summaryGroup(value: unknown): ErrorGroup | undefined {
  if (!isRecord(value) || typeof value.statusCode !== 'string' || typeof value.message !== 'string') {
    return undefined;
  }
  const fields = Array.isArray(value.fields) ? value.fields.filter((f): f is string => typeof f === 'string') : [];
  const key = typeof value.key === 'string' ? value.key : `${value.statusCode}:${value.message}`;
  return { key, statusCode: value.statusCode, message: value.message, fields, count: num(value.count) };
}

/** Groups with one key counted as one, largest first. */
export function mergeGroups(groups: readonly ErrorGroup[]): ErrorGroup[] {
  const byKey = new Map<string, ErrorGroup>();
  for (const g of groups) {
    const seen = byKey.get(g.key);
    if (seen) {
      seen.count += g.count;
    } else {
      byKey.set(g.key, { ...g, fields: [...g.fields] });
    }
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function isStamp(value: unknown): value is FileStamp {
  return isRecord(value) && typeof value.path === 'string' && typeof value.size === 'number' && typeof value.mtimeMs === 'number';
}

/** A stored record as this version keeps it, or undefined when it is not one. */
export function readStoredDownload(value: unknown): StoredDownload | undefined {
  if (!isRecord(value) || typeof value.dir !== 'string' || !Array.isArray(value.errors) || !isRecord(value.files)) {
    return undefined;
  }
  const files: StoredDownload['files'] = {};
  const rows = { failed: 0, success: 0, unprocessed: 0, query: 0 };
  for (const kind of KINDS) {
    const file = value.files[kind];
    if (typeof file === 'string') {
      files[kind] = file;
    }
    rows[kind] = num(isRecord(value.rows) ? value.rows[kind] : undefined);
  }
  const errors = mergeGroups(value.errors.map(summaryGroup).filter((g): g is ErrorGroup => g !== undefined));
  return {
    jobId: typeof value.jobId === 'string' ? value.jobId : '',
    dir: value.dir,
    files,
    rows,
    errors,
    groupCount: Math.max(errors.length, num(value.groupCount) - (value.errors.length - errors.length)),
    at: num(value.at),
    written: Array.isArray(value.written) ? value.written.filter(isStamp).map(({ path, size, mtimeMs }) => ({ path, size, mtimeMs })) : [],
  };
}

/** The stamps to keep: the new files', then the earlier ones' (other paths), at most MAX_KEPT_STAMPS. */
export function keptStamps(fresh: readonly FileStamp[], earlier: readonly FileStamp[]): FileStamp[] {
  const paths = new Set(fresh.map((s) => s.path));
  return [...fresh, ...earlier.filter((s) => !paths.has(s.path))].slice(0, MAX_KEPT_STAMPS);
}
