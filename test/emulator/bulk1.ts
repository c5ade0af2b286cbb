/**
 * Bulk API 1.0 under `/services/async/{version}/`. The answer's format is the job's (`contentType`
 * JSON → JSON, CSV/XML → XML); for requests about no known job it follows the request's
 * Accept / Content-Type and defaults to XML.
 *
 * Assumption (undocumented): 1.0 endpoints answer `InvalidJob` for the id of a Bulk 2.0 job.
 */
import { csvLine, fieldsToObject, jsonPretty, xmlDocument, xmlListDocument, ASYNC_NS, xmlEscape } from './format';
import { Batch1, batchFields, batchProcessed, batchRows, batchState, changeJob1State, Job1, job1Fields, visibleBatches } from './model';
import { batchResultFile, queryResultFile, requestFile } from './rows';
import { bulk1Error, CT_CSV, CT_JSON, CT_TEXT, CT_XML, header, Reply, RequestContext, requestWantsJson } from './reply';
import { addBatch1, createJob1 } from './ingest';
import { uploadBatchResult } from './upload';
import type { JobStore } from './jobs';

export const MIN_VERSION = 17;
export const MAX_VERSION = 64;

export interface Bulk1Deps {
  jobs: JobStore;
  /** Is this token valid? */
  tokenOk(token: string): boolean;
  /** Records what the request was about. */
  note(info: { jobId?: string; authOk?: boolean }): void;
}

function jobFormat(job: Job1): 'json' | 'xml' {
  return job.contentType.includes('JSON') ? 'json' : 'xml';
}

function jobInfoReply(job: Job1, t: number): Reply {
  const fields = job1Fields(job, t);
  return jobFormat(job) === 'json'
    ? { status: 200, contentType: CT_JSON, body: jsonPretty(fieldsToObject(fields)) }
    : { status: 200, contentType: CT_XML, body: xmlDocument('jobInfo', fields) };
}

function batchInfoReply(job: Job1, b: Batch1, t: number): Reply {
  const fields = batchFields(job, b, t);
  return jobFormat(job) === 'json'
    ? { status: 200, contentType: CT_JSON, body: jsonPretty(fieldsToObject(fields)) }
    : { status: 200, contentType: CT_XML, body: xmlDocument('batchInfo', fields) };
}

function batchListReply(job: Job1, t: number): Reply {
  const items = visibleBatches(job, t).map((b) => batchFields(job, b, t));
  return jobFormat(job) === 'json'
    ? { status: 200, contentType: CT_JSON, body: jsonPretty({ batchInfo: items.map(fieldsToObject) }) }
    : { status: 200, contentType: CT_XML, body: xmlListDocument('batchInfoList', 'batchInfo', items) };
}

/** The state a close/abort request asks for, from an XML or JSON body (by Content-Type). */
function requestedState(ctx: RequestContext): { state?: string; error?: Reply } {
  const json = header(ctx, 'content-type').toLowerCase().includes('json');
  if (json) {
    try {
      const parsed: unknown = JSON.parse(ctx.body);
      const state = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).state : undefined;
      if (typeof state === 'string') {
        return { state };
      }
    } catch {
      // falls through to the error below
    }
    return { error: bulk1Error(true, 'ClientInputError', 'Failed to parse the JSON request body: expected {"state":"Closed"} or {"state":"Aborted"}') };
  }
  const m = /^\s*(?:<\?xml[^>]*\?>\s*)?<jobInfo(?:\s[^>]*)?>\s*<state>\s*([A-Za-z]+)\s*<\/state>\s*<\/jobInfo>\s*$/.exec(ctx.body);
  if (!m) {
    return { error: bulk1Error(false, 'InvalidXml', 'Failed to parse the XML request body: expected <jobInfo><state>Closed</state></jobInfo>') };
  }
  return { state: m[1] };
}

function methodNotAllowed(json: boolean, method: string, allowed: string): Reply {
  return bulk1Error(json, 'InvalidUrl', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`, 405);
}

/** `segs` = the path segments after `/services/async/`. */
export function handleBulk1(ctx: RequestContext, segs: string[], deps: Bulk1Deps): Reply {
  const wantsJson = requestWantsJson(ctx);
  const version = segs[0] ?? '';
  const vm = /^(\d+)\.0$/.exec(version);
  if (!vm || Number(vm[1]) < MIN_VERSION || Number(vm[1]) > MAX_VERSION) {
    return bulk1Error(wantsJson, 'InvalidVersion', `Invalid api version specified on URL: ${version}`);
  }
  const token = header(ctx, 'x-sfdc-session');
  const authOk = token !== '' && deps.tokenOk(token);
  deps.note({ authOk });
  if (!authOk) {
    return bulk1Error(wantsJson, 'InvalidSessionId', 'Invalid session id');
  }
  if (segs[1] === 'job' && segs.length === 2 && ctx.method === 'POST') {
    return createJob1(ctx, version, deps.jobs);
  }
  if (segs[1] !== 'job' || segs.length < 3) {
    return bulk1Error(wantsJson, 'InvalidUrl', `Unknown URL: /services/async/${segs.join('/')}`);
  }
  const jobId = segs[2];
  deps.note({ jobId });
  const found = deps.jobs.find(jobId);
  if (!found || found.flavour !== '1.0' || found.createdAt > ctx.now) {
    return bulk1Error(wantsJson, 'InvalidJob', `Unable to find object: ${jobId}`);
  }
  const job = found;
  const json = jobFormat(job) === 'json';
  if (segs.length === 3) {
    if (ctx.method === 'GET') {
      return jobInfoReply(job, ctx.now);
    }
    if (ctx.method === 'POST') {
      const { state, error } = requestedState(ctx);
      if (error) {
        return error;
      }
      const refused = changeJob1State(job, state ?? '', ctx.now);
      return refused ? bulk1Error(json, 'InvalidJobState', refused) : jobInfoReply(job, ctx.now);
    }
    return methodNotAllowed(json, ctx.method, 'GET,POST');
  }
  if (segs[3] !== 'batch') {
    return bulk1Error(json, 'InvalidUrl', `Unknown resource: ${segs.slice(3).join('/')}`);
  }
  if (segs.length === 4) {
    if (ctx.method === 'POST') {
      return addBatch1(job, ctx.upload, deps.jobs, ctx.now);
    }
    if (ctx.method !== 'GET') {
      return methodNotAllowed(json, ctx.method, 'GET,POST');
    }
    return batchListReply(job, ctx.now);
  }
  const batchId = segs[4];
  const batch = visibleBatches(job, ctx.now).find((b) => b.id === batchId || b.id.slice(0, 15) === batchId);
  if (!batch) {
    return bulk1Error(json, 'InvalidBatch', `Unable to find batch ${batchId} in job ${job.id}`);
  }
  if (ctx.method !== 'GET') {
    return methodNotAllowed(json, ctx.method, 'GET');
  }
  if (segs.length === 5) {
    return batchInfoReply(job, batch, ctx.now);
  }
  const isQuery = job.operation.startsWith('query');
  if (segs[5] === 'request' && segs.length === 6) {
    if (isQuery) {
      return { status: 200, contentType: CT_TEXT, body: job.query ?? '' };
    }
    return batchRequestReply(job, batch);
  }
  if (segs[5] === 'result') {
    const state = batchState(batch, ctx.now);
    if (state !== 'Completed' && state !== 'Failed') {
      return bulk1Error(json, 'InvalidBatch', 'Batch not completed');
    }
    if (isQuery) {
      return queryResultReply(job, batch, segs[6], json);
    }
    if (segs.length === 6) {
      return batchResultReply(job, batch, batchProcessed(batch, ctx.now));
    }
  }
  return bulk1Error(json, 'InvalidUrl', `Unknown resource: ${segs.slice(3).join('/')}`);
}

function batchRequestReply(job: Job1, batch: Batch1): Reply {
  if (batch.upload !== undefined) {
    const u = batch.upload;
    return { status: 200, contentType: CT_CSV, body: [csvLine(u.columns), ...(u.rows ?? []).map((r) => csvLine(r))] };
  }
  const rows = batchRows(job, batch);
  if (job.contentType.includes('JSON')) {
    return { status: 200, contentType: CT_JSON, body: requestFile(rows, 'JSON') };
  }
  if (job.contentType.includes('XML')) {
    return { status: 200, contentType: CT_XML, body: requestFile(rows, 'XML') };
  }
  return { status: 200, contentType: CT_CSV, body: requestFile(rows, 'CSV') };
}

function batchResultReply(job: Job1, batch: Batch1, processed: number): Reply {
  if (batch.upload !== undefined) {
    return { status: 200, contentType: CT_CSV, body: uploadBatchResult(batch.upload, processed) };
  }
  const rows = batchRows(job, batch);
  if (job.contentType.includes('JSON')) {
    return { status: 200, contentType: CT_JSON, body: batchResultFile(rows, processed, 'JSON') };
  }
  if (job.contentType.includes('XML')) {
    return { status: 200, contentType: CT_XML, body: batchResultFile(rows, processed, 'XML') };
  }
  return { status: 200, contentType: CT_CSV, body: batchResultFile(rows, processed, 'CSV') };
}

/** Query batches: `result` lists result ids; `result/{id}` is one result set (CSV, XML or JSON as the job). */
function queryResultReply(job: Job1, batch: Batch1, resultId: string | undefined, json: boolean): Reply {
  if (resultId === undefined) {
    return json
      ? { status: 200, contentType: CT_JSON, body: jsonPretty(batch.resultIds) }
      : {
        status: 200,
        contentType: CT_XML,
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<result-list\n    xmlns="${ASYNC_NS}">\n${batch.resultIds.map((r) => `  <result>${xmlEscape(r)}</result>\n`).join('')}</result-list>\n`,
      };
  }
  const k = batch.resultIds.indexOf(resultId);
  if (k < 0) {
    return bulk1Error(json, 'InvalidBatch', `Unable to find result ${resultId} of batch ${batch.id}`);
  }
  const rows = batchRows(job, batch);
  const per = Math.ceil(rows.count / batch.resultIds.length);
  if (json) {
    return { status: 200, contentType: CT_JSON, body: queryResultFile(rows, k * per, (k + 1) * per, 'JSON') };
  }
  if (job.contentType.includes('XML')) {
    return { status: 200, contentType: CT_XML, body: queryResultFile(rows, k * per, (k + 1) * per, 'XML') };
  }
  return { status: 200, contentType: CT_CSV, body: queryResultFile(rows, k * per, (k + 1) * per) };
}
