/**
 * Creating jobs and sending them data, as Salesforce documents it:
 * - 1.0: `POST /services/async/{v}/job` (a jobInfo in XML or JSON) → 201 with the job, Open;
 *   `POST job/{id}/batch` with a CSV body → 201 with the batchInfo, Queued; at most 10,000 records
 *   and 10,000,000 bytes per batch, else `InvalidBatch`. Batches run over the emulator clock as
 *   soon as they are added (Parallel), or one after another (Serial).
 * - 2.0: `POST /services/data/v{v}/jobs/ingest` (JSON) → 200 with the job, Open;
 *   `PUT jobs/ingest/{id}/batches` (`text/csv`) → 201, once per job; at most 150 MB once base64
 *   encoded (~100 MB of CSV); processing starts on `UploadComplete` (model.ts).
 * An unknown object is `InvalidJob` / `INVALIDJOB` "Unable to find object: Video__c"; an upsert
 * without an external id field is "External ID was blank for Account. …".
 */
import { fieldsToObject, jsonPretty, xmlDocument } from './format';
import { batchFields, Job, Job1, Job2, job1Fields, job1State, job2Fields, job2State } from './model';
import { findObject, type ObjectInit } from './describe';
import { DELIMITERS, Upload, UploadScanner } from './upload';
import { bulk1Error, CT_JSON, CT_XML, header, jsonReply, Reply, RequestContext, restError } from './reply';
import type { JobStore } from './jobs';

export const MAX_BATCH_RECORDS = 10_000;
export const MAX_BATCH_BYTES = 10_000_000;
/** 150 MB of base64 (the docs' limit per upload): ~100 MB of CSV. */
const MAX_UPLOAD_BASE64_BYTES = 150 * 1024 * 1024;
const OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];

interface JobRequest {
  operation: string;
  object: string;
  contentType: string;
  externalIdFieldName?: string;
  concurrencyMode?: string;
  lineEnding?: string;
  columnDelimiter?: string;
}

function readJson(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readXmlJobInfo(body: string): Record<string, unknown> | undefined {
  if (!/<jobInfo[\s>]/.test(body)) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const m of body.matchAll(/<(\w+)>\s*([^<]*?)\s*<\/\1>/g)) {
    out[m[1]] = m[2];
  }
  return out;
}

function toRequest(o: Record<string, unknown>): JobRequest {
  const s = (k: string): string | undefined => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined);
  return {
    operation: s('operation') ?? '',
    object: s('object') ?? '',
    contentType: s('contentType') ?? 'CSV',
    externalIdFieldName: s('externalIdFieldName'),
    concurrencyMode: s('concurrencyMode'),
    lineEnding: s('lineEnding'),
    columnDelimiter: s('columnDelimiter'),
  };
}

/** What Salesforce refuses about a job request, in its words. */
function refusal(req: JobRequest): string | undefined {
  if (!OPERATIONS.includes(req.operation)) {
    return `Invalid value for operation: ${req.operation}`;
  }
  const object = findObject(req.object);
  if (object === undefined) {
    return `Unable to find object: ${req.object}`;
  }
  if (req.operation === 'upsert' && req.externalIdFieldName === undefined) {
    return `External ID was blank for ${object.name}. An External ID must be specified for upsert.`;
  }
  if (req.externalIdFieldName !== undefined) {
    const f = object.fields.find((x) => x.name.toLowerCase() === req.externalIdFieldName?.toLowerCase());
    if (f === undefined || !(f.externalId === true || f.type === 'id')) {
      return `Field name provided, ${req.externalIdFieldName} is not an External ID or indexed field for ${object.name}`;
    }
  }
  if (req.concurrencyMode !== undefined && req.concurrencyMode !== 'Parallel' && req.concurrencyMode !== 'Serial') {
    return `Invalid concurrency mode: ${req.concurrencyMode}`;
  }
  return undefined;
}

/** 1.0 `POST job`. */
export function createJob1(ctx: RequestContext, version: string, jobs: JobStore): Reply {
  const json = header(ctx, 'content-type').toLowerCase().includes('json');
  const body = json ? readJson(ctx.body) : readXmlJobInfo(ctx.body);
  if (body === undefined) {
    return json ? bulk1Error(true, 'ClientInputError', 'Failed to parse the JSON jobInfo') : bulk1Error(false, 'InvalidXml', 'Failed to parse the XML jobInfo');
  }
  const req = toRequest(body);
  const refused = refusal(req);
  if (refused !== undefined) {
    return bulk1Error(json, 'InvalidJob', refused);
  }
  if (req.contentType !== 'CSV') {
    return bulk1Error(json, 'InvalidJob', `Unsupported content type in this emulator: ${req.contentType} (only CSV)`);
  }
  const id = jobs.create1({
    state: 'Open',
    createdAt: ctx.now,
    operation: req.operation,
    object: (findObject(req.object) as ObjectInit).name,
    contentType: 'CSV',
    externalIdFieldName: req.externalIdFieldName,
    concurrencyMode: req.concurrencyMode ?? 'Parallel',
    apiVersion: version,
  });
  // The job holds CSV (its later answers are XML); this answer follows the request's format.
  const fields = job1Fields(jobs.find(id) as Job1, ctx.now);
  return json
    ? { status: 201, contentType: CT_JSON, body: jsonPretty(fieldsToObject(fields)) }
    : { status: 201, contentType: CT_XML, body: xmlDocument('jobInfo', fields) };
}

/** 2.0 `POST jobs/ingest`. */
export function createJob2(ctx: RequestContext, version: string, jobs: JobStore): Reply {
  const body = readJson(ctx.body);
  if (body === undefined) {
    return restError(400, 'JSON_PARSER_ERROR', 'Failed to parse the request body as a JSON object');
  }
  const req = toRequest(body);
  const refused = refusal(req);
  if (refused !== undefined) {
    return restError(400, 'INVALIDJOB', refused);
  }
  if (req.contentType !== 'CSV') {
    return restError(400, 'INVALIDJOB', `Invalid content type: ${req.contentType}`);
  }
  if (req.columnDelimiter !== undefined && DELIMITERS[req.columnDelimiter] === undefined) {
    return restError(400, 'INVALIDJOB', `Invalid column delimiter: ${req.columnDelimiter}`);
  }
  if (req.lineEnding !== undefined && req.lineEnding !== 'LF' && req.lineEnding !== 'CRLF') {
    return restError(400, 'INVALIDJOB', `Invalid line ending: ${req.lineEnding}`);
  }
  const id = jobs.create2({
    kind: 'ingest',
    state: 'Open',
    createdAt: ctx.now,
    operation: req.operation,
    object: (findObject(req.object) as ObjectInit).name,
    externalIdFieldName: req.externalIdFieldName,
    lineEnding: req.lineEnding ?? 'LF',
    columnDelimiter: req.columnDelimiter ?? 'COMMA',
    records: 0,
    apiVersion: version,
  });
  return jsonReply(fieldsToObject(job2Fields(jobs.find(id) as Job2, ctx.now)));
}

/** The upload paths whose body is read as it streams (see `scannerFor`). */
export function uploadTarget(method: string, path: string): string | undefined {
  const m = method === 'POST' ? /^\/services\/async\/\d+\.0\/job\/(\w+)\/batch\/?$/.exec(path) : method === 'PUT' ? /^\/services\/data\/v\d+\.0\/jobs\/ingest\/(\w+)\/batches\/?$/.exec(path) : null;
  return m?.[1];
}

/** A scanner for data sent to this job, or undefined when the job cannot take any (the route says why). */
export function scannerFor(job: Job | undefined, jobs: JobStore): UploadScanner | undefined {
  const object = job === undefined ? undefined : findObject(job.object);
  if (job === undefined || object === undefined || (job.flavour === '2.0' && job.kind !== 'ingest')) {
    return undefined;
  }
  const delimiter = job.flavour === '2.0' ? DELIMITERS[job.columnDelimiter] ?? ',' : ',';
  return new UploadScanner(object, job.operation, job.externalIdFieldName, jobs.newUploadSerial() * 1_000_000_000, delimiter, job.flavour === '2.0' ? job.lineEnding : undefined);
}

/** 1.0 `POST job/{id}/batch`: the CSV was already read into `upload`. */
export function addBatch1(job: Job1, upload: Upload | undefined, jobs: JobStore, now: number): Reply {
  const json = false; // a CSV job answers in XML
  if (job1State(job, now) !== 'Open') {
    return bulk1Error(json, 'InvalidJobState', `Job ${job.id} is not open: batches can only be added to an Open job`);
  }
  if (upload === undefined) {
    return bulk1Error(json, 'InvalidBatch', 'The batch has no CSV data');
  }
  if (upload.bytes > MAX_BATCH_BYTES) {
    return bulk1Error(json, 'InvalidBatch', `Exceeded max size limit of ${MAX_BATCH_BYTES}`);
  }
  if (upload.count > MAX_BATCH_RECORDS) {
    return bulk1Error(json, 'InvalidBatch', `Exceeded number of records : ${upload.count}. Number of records should be less than or equal to ${MAX_BATCH_RECORDS}`);
  }
  const previous = job.batches[job.batches.length - 1];
  const earliest = now + 1_000;
  const startAt = job.concurrencyMode === 'Serial' && previous !== undefined ? Math.max(earliest, previous.endAt) : earliest;
  const failed = upload.batchError !== undefined;
  const batch = {
    id: jobs.newBatchId(),
    createdAt: now,
    startAt,
    endAt: startAt + (failed ? 500 : Math.min(30_000, 2_000 + upload.count * 2)),
    finalState: failed ? ('Failed' as const) : ('Completed' as const),
    stateMessage: upload.batchError,
    records: upload.count,
    failed: upload.failures.size,
    processedOnFailure: 0,
    resultIds: [],
    upload,
  };
  job.batches.push(batch);
  return { status: 201, contentType: CT_XML, body: xmlDocument('batchInfo', batchFields(job, batch, now)) };
}

/** 2.0 `PUT jobs/ingest/{id}/batches`: one upload per job. */
export function upload2(job: Job2, upload: Upload | undefined, now: number): Reply {
  const state = job2State(job, now);
  if (state !== 'Open') {
    return restError(400, 'INVALIDJOBSTATE', `Unable to upload data because the job is in state ${state}`);
  }
  if (job.upload !== undefined) {
    return restError(400, 'API_ERROR', `Found multiple contents for job: ${job.id}, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure the content is uploaded only once.`);
  }
  if (upload === undefined || upload.count === 0 && upload.columns.length === 0) {
    return restError(400, 'API_ERROR', 'The CSV data is empty');
  }
  if (Math.ceil(upload.bytes / 3) * 4 > MAX_UPLOAD_BASE64_BYTES) {
    return restError(400, 'API_ERROR', 'The data exceeds the limit of 150 MB of base64 encoded content per upload');
  }
  job.upload = upload;
  job.records = upload.count;
  job.failed = upload.failures.size;
  job.processingMs = Math.min(60_000, 3_000 + Math.ceil(upload.count / 50));
  if (upload.batchError !== undefined) {
    job.finalState = 'Failed';
    job.errorMessage = upload.batchError;
    job.processedOnFailure = 0;
  }
  return { status: 201, contentType: CT_JSON, body: '' };
}
