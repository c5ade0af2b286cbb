/**
 * Turns what the Bulk API sends (1.0 XML or JSON, 2.0 JSON) into the shapes of `types.ts`, and
 * derives what a person wants to know from a job (`deriveProgress`).
 *
 * Rules: numbers become numbers, booleans booleans, dates ISO-8601 UTC with milliseconds
 * (`2015-12-15T20:45:25.000+0000` → `2015-12-15T20:45:25.000Z`), `apiVersion` a one-decimal string,
 * 2.0 `retries` becomes `numberRetries`. A field Salesforce did not send stays absent. A field this
 * code does not know — or a known one whose value cannot be read — is kept in `other`.
 */
import { BulkApiError } from './errors';
import type { BulkBatch, BulkFlavour, BulkJob, FieldValue, JobKind } from './types';
import type { XmlObject, XmlValue } from './xml';

type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'apiVersion';

const JOB_FIELDS: Record<string, FieldType> = {
  id: 'string',
  state: 'string',
  operation: 'string',
  object: 'string',
  createdById: 'string',
  createdDate: 'date',
  systemModstamp: 'date',
  externalIdFieldName: 'string',
  concurrencyMode: 'string',
  contentType: 'string',
  apiVersion: 'apiVersion',
  jobType: 'string',
  assignmentRuleId: 'string',
  fastPathEnabled: 'boolean',
  numberBatchesQueued: 'number',
  numberBatchesInProgress: 'number',
  numberBatchesCompleted: 'number',
  numberBatchesFailed: 'number',
  numberBatchesTotal: 'number',
  numberRecordsProcessed: 'number',
  numberRecordsFailed: 'number',
  numberRetries: 'number',
  totalProcessingTime: 'number',
  apiActiveProcessingTime: 'number',
  apexProcessingTime: 'number',
  lineEnding: 'string',
  columnDelimiter: 'string',
  contentUrl: 'string',
  errorMessage: 'string',
  isPkChunkingSupported: 'boolean',
};

const BATCH_FIELDS: Record<string, FieldType> = {
  id: 'string',
  jobId: 'string',
  state: 'string',
  stateMessage: 'string',
  createdDate: 'date',
  systemModstamp: 'date',
  numberRecordsProcessed: 'number',
  numberRecordsFailed: 'number',
  totalProcessingTime: 'number',
  apiActiveProcessingTime: 'number',
  apexProcessingTime: 'number',
};

/** Names Salesforce uses that map onto one of ours. */
const JOB_ALIASES: Record<string, string> = { retries: 'numberRetries' };

// ---------------------------------------------------------------------------------------------
// Scalars

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    return v === 'true' ? true : v === 'false' ? false : undefined;
  }
  return undefined;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2015-12-15T20:45:25.000+0000`, `…Z`, `…+01:00`, no fraction → `2015-12-15T20:45:25.000Z`. */
export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const m = DATE_RE.exec(value.trim());
  if (!m) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMin = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  // Reject impossible dates such as 2015-02-31 rather than rolling them over.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offsetMin * 60_000;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** `36`, `36.0`, `"36.0"`, `"36"` → `"36.0"`. */
export function toApiVersion(value: unknown): string | undefined {
  const n = toNumber(value);
  return n === undefined || n <= 0 ? undefined : n.toFixed(1);
}

function convert(type: FieldType, value: unknown): string | number | boolean | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    case 'number':
      return toNumber(value);
    case 'boolean':
      return toBoolean(value);
    case 'date':
      return toIsoDate(value);
    case 'apiVersion':
      return toApiVersion(value);
  }
}

/** An unknown field, kept as a scalar (dates normalised too; nested values as JSON text). */
function otherValue(value: unknown): FieldValue {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return toIsoDate(value) ?? value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

function own(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function normalizeRecord(
  raw: Record<string, unknown>,
  fields: Record<string, FieldType>,
  aliases: Record<string, string>,
): { known: Record<string, string | number | boolean>; other: Record<string, FieldValue> } {
  const known: Record<string, string | number | boolean> = {};
  const other: Record<string, FieldValue> = {};
  for (const [rawName, value] of Object.entries(raw)) {
    if (rawName === '__proto__' || rawName === 'constructor' || rawName === 'prototype') {
      continue; // never a Salesforce field; keeps `other` a plain object
    }
    const name = own(aliases, rawName) ? aliases[rawName] : rawName;
    const type = own(fields, name) ? fields[name] : undefined;
    if (type !== undefined && (value === null || value === '')) {
      continue; // sent empty: treated as not sent
    }
    const converted = type === undefined ? undefined : convert(type, value);
    if (converted !== undefined) {
      known[name] = converted;
    } else {
      other[rawName] = otherValue(value);
    }
  }
  return { known, other };
}

function unexpected(what: string): BulkApiError {
  return new BulkApiError({ kind: 'unexpectedResponse', message: `Salesforce sent ${what} that this extension cannot read.` });
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw unexpected(what);
  }
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Jobs and batches

/** Which endpoint family a job of this `jobType` lives under; `fallback` when jobType is absent or new. */
export function kindOfJobType(jobType: string | undefined, fallback: JobKind): JobKind {
  switch (jobType) {
    case 'Classic':
      return 'classic';
    case 'V2Query':
      return 'query';
    case 'V2Ingest':
    case 'BigObjectIngest':
      return 'ingest';
    default:
      return fallback;
  }
}

/** A job from a 1.0 `jobInfo` (XML element content or JSON object) or a 2.0 job info / list record. */
export function normalizeJob(raw: unknown, kind: JobKind): BulkJob {
  const { known, other } = normalizeRecord(asRecord(raw, 'job information'), JOB_FIELDS, JOB_ALIASES);
  if (typeof known.id !== 'string' || typeof known.state !== 'string') {
    throw unexpected('job information without an id or a state');
  }
  const finalKind = kindOfJobType(known.jobType as string | undefined, kind);
  const flavour: BulkFlavour = finalKind === 'classic' ? '1.0' : '2.0';
  return { ...(known as unknown as Omit<BulkJob, 'flavour' | 'kind' | 'other'>), flavour, kind: finalKind, other };
}

export function normalizeBatch(raw: unknown): BulkBatch {
  const { known, other } = normalizeRecord(asRecord(raw, 'batch information'), BATCH_FIELDS, {});
  if (typeof known.id !== 'string' || typeof known.jobId !== 'string' || typeof known.state !== 'string') {
    throw unexpected('batch information without an id, a job id or a state');
  }
  return { ...(known as unknown as Omit<BulkBatch, 'other'>), other };
}

/** The content of `<root>` in a parsed XML document, or the JSON object itself. */
function unwrap(body: unknown, root: string): unknown {
  const rec = asRecord(body, `a response without <${root}>`);
  if (own(rec, root)) {
    const inner = rec[root];
    // `<batchInfoList/>` parses as an empty string.
    return inner === '' ? {} : inner;
  }
  return rec;
}

/** 1.0 `<jobInfo>` (parsed XML) or a JSON jobInfo. */
export function normalizeJobInfo(body: XmlObject | unknown): BulkJob {
  return normalizeJob(unwrap(body, 'jobInfo'), 'classic');
}

/** 1.0 `<batchInfo>` or a JSON batchInfo. */
export function normalizeBatchInfo(body: XmlObject | unknown): BulkBatch {
  return normalizeBatch(unwrap(body, 'batchInfo'));
}

/** 1.0 `<batchInfoList>` (0, 1 or many `<batchInfo>`) or JSON `{"batchInfo":[…]}`. */
export function normalizeBatchInfoList(body: XmlObject | unknown): BulkBatch[] {
  const list = asRecord(unwrap(body, 'batchInfoList'), 'a batch list');
  const items = list.batchInfo as XmlValue | undefined;
  if (items === undefined || items === '') {
    return [];
  }
  return (Array.isArray(items) ? items : [items]).map(normalizeBatch);
}

export interface JobListPage {
  jobs: BulkJob[];
  done: boolean;
  nextRecordsUrl?: string;
}

/** A job list page's paging, its rows not read yet: whether it is the last, and the next page's URL. */
export interface JobListPageHead {
  records: unknown[];
  done: boolean;
  nextRecordsUrl?: string;
}

/** The paging of one page of 2.0 `jobs/ingest` or `jobs/query` (`{done, records, nextRecordsUrl}`), its rows unread. */
export function jobListPageHead(body: unknown): JobListPageHead {
  const rec = asRecord(body, 'a job list');
  if (!Array.isArray(rec.records)) {
    throw unexpected('a job list without records');
  }
  const next = typeof rec.nextRecordsUrl === 'string' && rec.nextRecordsUrl !== '' ? rec.nextRecordsUrl : undefined;
  const done = toBoolean(rec.done) ?? next === undefined;
  return next === undefined ? { records: rec.records, done } : { records: rec.records, done, nextRecordsUrl: next };
}

/** One page of 2.0 `jobs/ingest` or `jobs/query`: `{done, records, nextRecordsUrl}`. */
export function normalizeJobListPage(body: unknown, listedUnder: 'ingest' | 'query'): JobListPage {
  const { records, done, nextRecordsUrl } = jobListPageHead(body);
  const jobs = records.map((r) => normalizeJob(r, listedUnder));
  return nextRecordsUrl === undefined ? { jobs, done } : { jobs, done, nextRecordsUrl };
}
