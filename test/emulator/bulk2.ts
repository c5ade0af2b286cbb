/**
 * Bulk API 2.0 under `/services/data/v{version}/jobs/`: job info, close/abort (PATCH), listings with
 * `nextRecordsUrl` paging, and the result files.
 *
 * Assumptions (undocumented): `jobs/ingest/{id}` and `jobs/query/{id}` answer 404 NOT_FOUND for the
 * id of a Bulk 1.0 (Classic) job, and for a 2.0 job of the other kind. Without `jobType`,
 * `jobs/ingest` lists V2Ingest jobs and `jobs/query` lists V2Query and Classic jobs; with `jobType`
 * either listing returns the jobs of that type. With `ingestListsClassic` (what the documentation's
 * "all jobs in the org" says), unfiltered `jobs/ingest` lists Classic jobs too.
 */
import { fieldsToObject } from './format';
import { changeJob2State, Job, Job2, job2Fields, job2Processed, job2Rows, job2State, listRecordFields } from './model';
import { failedResultsFile, queryResultFile, successfulResultsFile, unprocessedFile } from './rows';
import { CT_CSV, jsonReply, NOT_FOUND_MESSAGE, Reply, RequestContext, restError } from './reply';
import { createJob2, upload2 } from './ingest';
import { DELIMITERS, uploadResultFile } from './upload';
import type { JobStore } from './jobs';

export interface Bulk2Deps {
  jobs: JobStore;
  pageSize: number;
  /** See EmulatorOptions.ingestListsClassic. */
  ingestListsClassic?: boolean;
  note(info: { jobId?: string }): void;
}

function jobTypeOf(job: Job): string {
  if (job.flavour === '1.0') {
    return 'Classic';
  }
  return job.kind === 'query' ? 'V2Query' : 'V2Ingest';
}

const LOCATOR_PREFIX = '01gEM0000000Loc-';

function listJobs(ctx: RequestContext, version: string, kind: 'ingest' | 'query', deps: Bulk2Deps): Reply {
  const jobType = ctx.query.get('jobType') ?? undefined;
  const concurrencyMode = ctx.query.get('concurrencyMode') ?? undefined;
  const locator = ctx.query.get('queryLocator');
  let offset = 0;
  if (locator !== null) {
    const m = locator.startsWith(LOCATOR_PREFIX) ? /^(\d+)$/.exec(locator.slice(LOCATOR_PREFIX.length)) : null;
    if (!m) {
      return restError(400, 'INVALID_QUERY_LOCATOR', `Invalid query locator: ${locator}`);
    }
    offset = Number(m[1]);
  }
  const wanted = (job: Job) => (jobType !== undefined
    ? jobTypeOf(job) === jobType
    : kind === 'ingest' ? jobTypeOf(job) === 'V2Ingest' || (deps.ingestListsClassic === true && jobTypeOf(job) === 'Classic') : jobTypeOf(job) !== 'V2Ingest');
  const all = deps.jobs.all()
    .filter((j) => j.createdAt <= ctx.now && wanted(j) && (concurrencyMode === undefined || j.concurrencyMode === concurrencyMode))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const page = all.slice(offset, offset + deps.pageSize);
  const done = offset + deps.pageSize >= all.length;
  let nextRecordsUrl: string | null = null;
  if (!done) {
    const params = new URLSearchParams();
    params.set('queryLocator', LOCATOR_PREFIX + String(offset + deps.pageSize));
    if (jobType !== undefined) {
      params.set('jobType', jobType);
    }
    if (concurrencyMode !== undefined) {
      params.set('concurrencyMode', concurrencyMode);
    }
    nextRecordsUrl = `/services/data/v${version}/jobs/${kind}?${params.toString()}`;
  }
  return jsonReply({ done, records: page.map((j) => fieldsToObject(listRecordFields(j, ctx.now))), nextRecordsUrl });
}

function parseState(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const state = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).state : undefined;
    return typeof state === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

function methodNotAllowed(method: string, allowed: string): Reply {
  return restError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);
}

/** `segs` = the path segments after `/services/data/v{version}/jobs/`. */
export function handleBulk2(ctx: RequestContext, version: string, segs: string[], deps: Bulk2Deps): Reply {
  const kind = segs[0];
  const v = Number(version);
  if ((kind !== 'ingest' && kind !== 'query') || (kind === 'ingest' && v < 41) || (kind === 'query' && v < 47)) {
    return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
  }
  if (segs.length === 1) {
    if (ctx.method === 'POST' && kind === 'ingest') {
      return createJob2(ctx, version, deps.jobs);
    }
    if (ctx.method !== 'GET') {
      return methodNotAllowed(ctx.method, kind === 'ingest' ? 'GET,POST' : 'GET');
    }
    return listJobs(ctx, version, kind, deps);
  }
  const jobId = segs[1];
  deps.note({ jobId });
  const found = deps.jobs.find(jobId);
  if (!found || found.flavour !== '2.0' || found.kind !== kind || found.createdAt > ctx.now) {
    return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
  }
  const job: Job2 = found;
  if (segs.length === 2) {
    switch (ctx.method) {
      case 'GET':
        return jsonReply(fieldsToObject(job2Fields(job, ctx.now)));
      case 'PATCH': {
        const state = parseState(ctx.body);
        if (state === undefined) {
          return restError(400, 'JSON_PARSER_ERROR', 'Failed to parse the request body: expected {"state":"UploadComplete"} or {"state":"Aborted"}');
        }
        const refused = changeJob2State(job, state, ctx.now);
        return refused ? restError(400, 'INVALIDJOBSTATE', refused) : jsonReply(fieldsToObject(job2Fields(job, ctx.now)));
      }
      case 'DELETE': {
        const state = job2State(job, ctx.now);
        if (state === 'UploadComplete' || state === 'InProgress') {
          return restError(400, 'INVALIDJOBSTATE', `Unable to delete the job because it is in state ${state}`);
        }
        deps.jobs.remove(job.id);
        return { status: 204, contentType: CT_CSV, body: '' };
      }
      default:
        return methodNotAllowed(ctx.method, 'GET,PATCH,DELETE');
    }
  }
  if (kind === 'ingest' && segs.length === 3 && segs[2] === 'batches') {
    return ctx.method === 'PUT' ? upload2(job, ctx.upload, ctx.now) : methodNotAllowed(ctx.method, 'PUT');
  }
  if (ctx.method !== 'GET' || segs.length !== 3) {
    return segs.length === 3 ? methodNotAllowed(ctx.method, 'GET') : restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
  }
  const processed = job2Processed(job, ctx.now);
  const rows = job2Rows(job);
  if (kind === 'ingest' && job.upload !== undefined && (segs[2] === 'successfulResults' || segs[2] === 'failedResults' || segs[2] === 'unprocessedrecords')) {
    return { status: 200, contentType: CT_CSV, body: uploadResultFile(job.upload, segs[2], processed, DELIMITERS[job.columnDelimiter] ?? ',') };
  }
  if (kind === 'ingest') {
    switch (segs[2]) {
      case 'successfulResults':
        return { status: 200, contentType: CT_CSV, body: successfulResultsFile(rows, processed) };
      case 'failedResults':
        return { status: 200, contentType: CT_CSV, body: failedResultsFile(rows, processed) };
      case 'unprocessedrecords':
        return { status: 200, contentType: CT_CSV, body: unprocessedFile(rows, processed) };
      default:
        return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    }
  }
  if (segs[2] !== 'results') {
    return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
  }
  if (job2State(job, ctx.now) !== 'JobComplete') {
    return restError(400, 'INVALIDJOBSTATE', `Results are available when the job is JobComplete; it is ${job2State(job, ctx.now)}`);
  }
  const from = Number(ctx.query.get('locator') ?? '0') || 0;
  const max = Number(ctx.query.get('maxRecords') ?? '0') || job.resultsPageSize || rows.count;
  const to = Math.min(rows.count, from + max);
  return {
    status: 200,
    contentType: CT_CSV,
    body: queryResultFile(rows, from, to),
    headers: { 'Sforce-Locator': to < rows.count ? String(to) : 'null', 'Sforce-NumberOfRecords': String(to - from) },
  };
}
