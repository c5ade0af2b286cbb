/**
 * The Bulk API client: Bulk 1.0 (`/services/async/`) and 2.0 (`/services/data/vXX.X/jobs/`).
 *
 * Requests (see `http.ts`): one deadline per attempt (`timeoutMs`), the caller's AbortSignal honoured,
 * gzip, no redirects, bodies parsed by their Content-Type.
 *
 * Retries: only GETs (idempotent), and only when no usable answer came: a network error before
 * or during the response (refused, reset, broken-off body) or a 5xx status; up to `maxRetries`
 * times with backoff `retryBaseMs · 2^n` capped at 4 s, cancelled by the caller's signal. A timeout
 * is NOT retried: the request already used its whole budget, and retrying would multiply the wait
 * (3 × 30 s) while the user stares at a spinner; the error is transient and the UI offers "Retry".
 * POST/PATCH are never retried on failure (they may have been applied).
 *
 * Session: a rejected token (`InvalidSessionId`, HTTP 401 / `INVALID_SESSION_ID`) makes the client
 * call `getAccessToken(true)` once (shared by concurrent requests) and repeat the request once —
 * for every method, since a rejected request changed nothing. A second rejection is `sessionExpired`.
 *
 * Job kind: a job id alone does not say 1.0 or 2.0, so `getJob` probes 1.0 `job/{id}`, then
 * `jobs/ingest/{id}`, then `jobs/query/{id}` (moving on only on "not found") and remembers the
 * answer per id, as does `listJobs` from each row's `jobType`.
 */
import { BulkApiError, isBulkApiError } from './errors';
import { bodyFormat, BodyUnreadable, parseBody, readServerError, type ServerError } from './body';
import { fromServerError, fromTransport, fromUnreadable, isSessionRejection, type FailureContext } from './failures';
import { createHttpClient, TransportError, type HttpClient, type HttpMethod, type HttpResponse, type HttpStreamResponse } from './http';
import { checkId, type BulkIdKind } from './ids';
import { normalizeInstanceUrl } from './instanceUrl';
import { redactTokens } from '../util/redact';
import {
  normalizeBatchInfo,
  normalizeBatchInfoList,
  normalizeJob,
  normalizeJobInfo,
  normalizeJobListPage,
  toApiVersion,
} from './normalize';
import type {
  ApiUsage,
  BulkApi,
  BulkBatch,
  BulkClientOptions,
  BulkJob,
  GetJobOptions,
  BulkResultsApi,
  BulkStream,
  IngestResultKind,
  JobKind,
  JobSummary,
  ListJobsOptions,
  RequestOptions,
} from './types';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 250;
const MAX_BACKOFF_MS = 4_000;
const DEFAULT_LIST_LIMIT = 2_000;
/** A safety net against a server that pages forever. */
const MAX_LIST_PAGES = 100;
/** How many recent Classic jobs `findJobOfBatch` searches. */
const FIND_BATCH_MAX_JOBS = 50;

const XML_NS = 'http://www.force.com/2009/06/asyncapi/dataload';
const PROBE_ORDER: readonly JobKind[] = ['classic', 'ingest', 'query'];

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

interface Call {
  flavour: '1.0' | '2.0';
  method: HttpMethod;
  /** Path from the instance root, starting with `/services/`. */
  path: string;
  body?: { contentType: string; text: string };
  /** Overrides the flavour's default Accept header (result files are CSV, XML or JSON). */
  accept?: string;
}

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: BulkApiError; retriable: boolean; sessionRejected: boolean };

interface KnownJob {
  kind: JobKind;
  contentType?: string;
}

/** `Sforce-Limit-Info: api-usage=18/15000` → {used, max}. */
export function parseLimitInfo(header: string | undefined, at: number): ApiUsage | undefined {
  const m = header === undefined ? null : /(?:^|[\s,;])api-usage=(\d+)\/(\d+)/.exec(header);
  return m ? { used: Number(m[1]), max: Number(m[2]), at } : undefined;
}

export class BulkClient implements BulkApi, BulkResultsApi {
  readonly instanceUrl: string;
  private readonly apiVersion: string;
  private readonly orgLabel: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly http: HttpClient = createHttpClient();
  private readonly knownJobs = new Map<string, KnownJob>();
  private readonly batchJobs = new Map<string, string>();
  /** Every token this client was handed, so that none can slip into a message. */
  private readonly seenTokens = new Set<string>();
  private tokenPromise: Promise<string> | undefined;
  private currentToken: string | undefined;
  private refreshPromise: Promise<string> | undefined;
  private usage: ApiUsage | undefined;

  constructor(private readonly options: BulkClientOptions) {
    this.instanceUrl = normalizeInstanceUrl(options.instanceUrl);
    const version = /^\d{2,3}(\.\d)?$/.test(options.apiVersion.trim()) ? toApiVersion(options.apiVersion) : undefined;
    if (version === undefined) {
      throw new BulkApiError({ kind: 'invalidRequest', message: `The API version ${JSON.stringify(options.apiVersion.slice(0, 20))} is not valid (expected a number like 64.0).` });
    }
    this.apiVersion = version;
    this.orgLabel = options.orgLabel ?? new URL(this.instanceUrl).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.retryBaseMs = Math.max(0, options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS);
  }

  get lastApiUsage(): ApiUsage | undefined {
    return this.usage;
  }

  // -------------------------------------------------------------------------------------------
  // BulkApi

  async getJob(jobId: string, options: GetJobOptions = {}): Promise<BulkJob> {
    const id = this.requireId(jobId, 'job');
    const known = this.knownJobs.get(id);
    if (known !== undefined) {
      return this.fetchJob(id, known.kind, options);
    }
    // A hint (the kind seen before a reload) is tried first; a wrong one only costs the usual probe.
    const hint = options.kind;
    const order = hint === undefined ? PROBE_ORDER : [hint, ...PROBE_ORDER.filter((k) => k !== hint)];
    let firstMiss: BulkApiError | undefined;
    for (const kind of order) {
      try {
        return await this.fetchJob(id, kind, options);
      } catch (e) {
        if (!(isBulkApiError(e) && e.kind === 'notFound' && e.exceptionCode !== 'Gone')) {
          throw e;
        }
        this.logLine('debug', `job ${id} is not a ${kind} job (${e.exceptionCode ?? e.status})`);
        firstMiss ??= e;
      }
    }
    // "The job … was not found in …", with the 1.0 probe's InvalidJob code.
    throw firstMiss as BulkApiError;
  }

  async listBatches(jobId: string, options: RequestOptions = {}): Promise<BulkBatch[]> {
    const id = this.requireId(jobId, 'job');
    this.requireClassic(id);
    const ctx = this.context(`listing the batches of the job ${id}`, `The job ${id}`, options);
    const body = await this.request({ flavour: '1.0', method: 'GET', path: `${this.classicBase()}/job/${id}/batch` }, ctx, options);
    const batches = this.shape(() => normalizeBatchInfoList(body), ctx);
    this.rememberJob(id, { kind: 'classic' });
    for (const b of batches) {
      this.batchJobs.set(b.id, b.jobId);
    }
    return batches;
  }

  async getBatch(jobId: string, batchId: string, options: RequestOptions = {}): Promise<BulkBatch> {
    const id = this.requireId(jobId, 'job');
    const bid = this.requireId(batchId, 'batch');
    this.requireClassic(id);
    const ctx = this.context(`getting the batch ${bid} of the job ${id}`, `The batch ${bid} of the job ${id}`, options);
    const body = await this.request({ flavour: '1.0', method: 'GET', path: `${this.classicBase()}/job/${id}/batch/${bid}` }, ctx, options);
    const batch = this.shape(() => normalizeBatchInfo(body), ctx);
    this.batchJobs.set(batch.id, batch.jobId);
    return batch;
  }

  closeJob(jobId: string, options: RequestOptions = {}): Promise<BulkJob> {
    return this.changeState(jobId, 'close', options);
  }

  abortJob(jobId: string, options: RequestOptions = {}): Promise<BulkJob> {
    return this.changeState(jobId, 'abort', options);
  }

  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const limit = Math.max(0, options.limit ?? DEFAULT_LIST_LIMIT);
    const [ingest, query] = await Promise.all([
      this.listAll('ingest', `${this.v2Base()}/jobs/ingest`, limit, options),
      this.listAll('query', `${this.v2Base()}/jobs/query`, limit, options),
    ]);
    const byId = new Map<string, BulkJob>();
    for (const job of [...ingest, ...query]) {
      if (!byId.has(job.id)) {
        byId.set(job.id, job);
      }
    }
    const since = options.since;
    return [...byId.values()]
      .filter((j) => since === undefined || j.createdDate === undefined || Date.parse(j.createdDate) >= since)
      .sort(newestFirst)
      .slice(0, limit);
  }

  async findJobOfBatch(batchId: string, options: RequestOptions = {}): Promise<string | undefined> {
    const bid = this.requireId(batchId, 'batch');
    const cached = this.batchJobs.get(bid);
    if (cached !== undefined) {
      return cached;
    }
    const classic = (await this.listAll('query', `${this.v2Base()}/jobs/query?jobType=Classic`, DEFAULT_LIST_LIMIT, options))
      .filter((j) => j.kind === 'classic' && (j.numberBatchesTotal === undefined || j.numberBatchesTotal > 0))
      .sort(newestFirst)
      .slice(0, FIND_BATCH_MAX_JOBS);
    for (const job of classic) {
      const batches = await this.listBatches(job.id, options);
      if (batches.some((b) => b.id === bid)) {
        return job.id;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // BulkResultsApi: result files, streamed

  openBatchRequest(jobId: string, batchId: string, options: RequestOptions = {}): Promise<BulkStream> {
    return this.batchStream(jobId, batchId, 'request', 'the request', options);
  }

  openBatchResult(jobId: string, batchId: string, options: RequestOptions = {}): Promise<BulkStream> {
    return this.batchStream(jobId, batchId, 'result', 'the results', options);
  }

  async listQueryResultIds(jobId: string, batchId: string, options: RequestOptions = {}): Promise<string[]> {
    const id = this.requireId(jobId, 'job');
    const bid = this.requireId(batchId, 'batch');
    this.requireClassic(id);
    const ctx = this.context(`listing the results of the batch ${bid} of the job ${id}`, `The batch ${bid} of the job ${id}`, options);
    const body = await this.request({ flavour: '1.0', method: 'GET', path: `${this.classicBase()}/job/${id}/batch/${bid}/result` }, ctx, options);
    return this.shape(() => resultIdList(body), ctx);
  }

  async openQueryBatchResult(jobId: string, batchId: string, resultId: string, options: RequestOptions = {}): Promise<BulkStream> {
    const id = this.requireId(jobId, 'job');
    const bid = this.requireId(batchId, 'batch');
    if (!/^[A-Za-z0-9]{15,18}$/.test(resultId)) {
      throw new BulkApiError({ kind: 'invalidRequest', message: `That is not a Bulk API result id: ${JSON.stringify(resultId.slice(0, 40))}.` });
    }
    this.requireClassic(id);
    const ctx = this.context(`downloading the result ${resultId} of the batch ${bid}`, `The result ${resultId} of the batch ${bid}`, options);
    return this.stream({ flavour: '1.0', method: 'GET', path: `${this.classicBase()}/job/${id}/batch/${bid}/result/${resultId}`, accept: '*/*' }, ctx, options);
  }

  async openIngestResults(jobId: string, which: IngestResultKind, options: RequestOptions = {}): Promise<BulkStream> {
    const id = this.requireId(jobId, 'job');
    const ctx = this.context(`downloading the ${which} of the job ${id}`, `The job ${id}`, options);
    return this.stream({ flavour: '2.0', method: 'GET', path: `${this.v2Base()}/jobs/ingest/${id}/${which}`, accept: 'text/csv' }, ctx, options);
  }

  async openQueryResults(
    jobId: string,
    page: { locator?: string; maxRecords?: number },
    options: RequestOptions = {},
  ): Promise<BulkStream & { nextLocator?: string }> {
    const id = this.requireId(jobId, 'job');
    const params = new URLSearchParams();
    if (page.locator !== undefined) {
      params.set('locator', page.locator);
    }
    if (page.maxRecords !== undefined) {
      params.set('maxRecords', String(Math.max(1, Math.floor(page.maxRecords))));
    }
    const query = params.size > 0 ? `?${params.toString()}` : '';
    const ctx = this.context(`downloading the results of the query job ${id}`, `The job ${id}`, options);
    const stream = await this.stream({ flavour: '2.0', method: 'GET', path: `${this.v2Base()}/jobs/query/${id}/results${query}`, accept: 'text/csv' }, ctx, options);
    const locator = (stream.headers['sforce-locator'] ?? '').trim();
    return { ...stream, nextLocator: locator === '' || locator === 'null' ? undefined : locator };
  }

  private async batchStream(jobId: string, batchId: string, part: 'request' | 'result', what: string, options: RequestOptions): Promise<BulkStream> {
    const id = this.requireId(jobId, 'job');
    const bid = this.requireId(batchId, 'batch');
    this.requireClassic(id);
    const ctx = this.context(`downloading ${what} of the batch ${bid} of the job ${id}`, `The batch ${bid} of the job ${id}`, options);
    return this.stream({ flavour: '1.0', method: 'GET', path: `${this.classicBase()}/job/${id}/batch/${bid}/${part}`, accept: '*/*' }, ctx, options);
  }

  /**
   * Opens a streamed GET with the same session refresh and retries as `request` (a retry happens
   * only before the body starts). Errors while the body is read become `BulkApiError`s.
   */
  private async stream(call: Call, ctx: FailureContext, options: RequestOptions): Promise<BulkStream> {
    let refreshed = false;
    let retries = 0;
    for (;;) {
      throwIfAborted(options.signal, ctx);
      const token = await untilAborted(this.token(false, ctx), options.signal, ctx);
      const started = Date.now();
      let res: HttpStreamResponse;
      try {
        res = await this.http.openStream({ method: call.method, url: this.instanceUrl + call.path, headers: this.headers(call, token), timeoutMs: ctx.timeoutMs, signal: options.signal });
      } catch (e) {
        if (!(e instanceof TransportError)) {
          throw e;
        }
        this.logLine('warn', `${call.method} ${call.path} failed: ${e.failure} (${e.detail}) after ${Date.now() - started} ms`);
        if ((e.failure === 'network' || e.failure === 'truncated') && retries < this.maxRetries) {
          await this.backoff(retries++, options.signal, ctx);
          continue;
        }
        throw this.safe(fromTransport(e, ctx));
      }
      this.logLine('debug', `${call.method} ${call.path} → ${res.status} ${res.contentType || '-'} (streaming) ${Date.now() - started} ms`);
      const usage = parseLimitInfo(res.headers['sforce-limit-info'], Date.now());
      if (usage !== undefined) {
        this.usage = usage;
      }
      if (res.status >= 200 && res.status < 300) {
        return this.wrapStream(res, ctx);
      }
      const whole = await readSmallBody(res);
      const outcome = this.failure(whole, ctx);
      if (outcome.ok) {
        throw new Error('unreachable');
      }
      if (outcome.sessionRejected && !refreshed) {
        refreshed = true;
        await untilAborted(this.token(true, ctx, token), options.signal, ctx);
        continue;
      }
      if (outcome.retriable && retries < this.maxRetries) {
        this.logLine('warn', `${call.method} ${call.path}: ${outcome.error.kind} (${outcome.error.status ?? 'no answer'}); retrying`);
        await this.backoff(retries++, options.signal, ctx);
        continue;
      }
      throw this.safe(outcome.error);
    }
  }

  /** The body with transport errors turned into BulkApiErrors naming the org and the file. */
  private wrapStream(res: HttpStreamResponse, ctx: FailureContext): BulkStream {
    const body = res.body;
    const original = body.destroy.bind(body);
    // Errors surface from `for await` as whatever the stream was destroyed with: translate them.
    body.destroy = (error?: Error) => {
      if (error instanceof TransportError) {
        this.logLine('warn', `stream failed: ${error.failure} (${error.detail}) while ${ctx.action}`);
        return original(this.safe(fromTransport(error, ctx)));
      }
      return original(error);
    };
    return {
      body,
      contentType: res.contentType,
      headers: res.headers,
      close: () => {
        res.release();
        if (!body.readableEnded) {
          original();
        }
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Jobs

  private async fetchJob(id: string, kind: JobKind, options: RequestOptions): Promise<BulkJob> {
    const ctx = this.context(`getting the job ${id}`, `The job ${id}`, options);
    const call: Call =
      kind === 'classic'
        ? { flavour: '1.0', method: 'GET', path: `${this.classicBase()}/job/${id}` }
        : { flavour: '2.0', method: 'GET', path: `${this.v2Base()}/jobs/${kind}/${id}` };
    let body: unknown;
    try {
      body = await this.request(call, ctx, options);
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'notFound') {
        this.knownJobs.delete(id);
      }
      throw e;
    }
    const job = this.shape(() => (kind === 'classic' ? normalizeJobInfo(body) : normalizeJob(body, kind)), ctx);
    this.rememberJob(id, { kind: job.kind, contentType: job.contentType });
    return job;
  }

  private async changeState(jobId: string, change: 'close' | 'abort', options: RequestOptions): Promise<BulkJob> {
    const id = this.requireId(jobId, 'job');
    let known = this.knownJobs.get(id);
    if (known === undefined || (known.kind === 'classic' && known.contentType === undefined)) {
      await this.getJob(id, options);
      known = this.knownJobs.get(id) as KnownJob;
    }
    const verb = change === 'close' ? 'closing' : 'aborting';
    const ctx = this.context(`${verb} the job ${id}`, `The job ${id}`, options);
    let call: Call;
    if (known.kind === 'classic') {
      const state = change === 'close' ? 'Closed' : 'Aborted';
      const json = known.contentType === 'JSON' || known.contentType === 'ZIP_JSON';
      const body = json
        ? { contentType: 'application/json; charset=UTF-8', text: JSON.stringify({ state }) }
        : {
            contentType: 'application/xml; charset=UTF-8',
            text: `<?xml version="1.0" encoding="UTF-8"?>\n<jobInfo xmlns="${XML_NS}"><state>${state}</state></jobInfo>`,
          };
      call = { flavour: '1.0', method: 'POST', path: `${this.classicBase()}/job/${id}`, body };
    } else {
      if (known.kind === 'query' && change === 'close') {
        throw new BulkApiError({
          kind: 'invalidRequest',
          message: `The job ${id} is a Bulk API 2.0 query job: it cannot be closed (it starts by itself), only aborted.`,
        });
      }
      const state = change === 'close' ? 'UploadComplete' : 'Aborted';
      call = {
        flavour: '2.0',
        method: 'PATCH',
        path: `${this.v2Base()}/jobs/${known.kind}/${id}`,
        body: { contentType: 'application/json; charset=UTF-8', text: JSON.stringify({ state }) },
      };
    }
    const body = await this.request(call, ctx, options);
    const kind = known.kind;
    const job = this.shape(() => (kind === 'classic' ? normalizeJobInfo(body) : normalizeJob(body, kind)), ctx);
    this.rememberJob(id, { kind: job.kind, contentType: job.contentType ?? known.contentType });
    return job;
  }

  /** Every page of one 2.0 job list, up to `limit` rows. */
  private async listAll(listedUnder: 'ingest' | 'query', firstPath: string, limit: number, options: RequestOptions): Promise<BulkJob[]> {
    const ctx = this.context('listing jobs', 'The job list', options);
    const jobs: BulkJob[] = [];
    const seen = new Set<string>();
    let path: string | undefined = firstPath;
    for (let page = 0; path !== undefined && jobs.length < limit && page < MAX_LIST_PAGES && !seen.has(path); page++) {
      seen.add(path);
      const body = await this.request({ flavour: '2.0', method: 'GET', path }, ctx, options);
      const result = this.shape(() => normalizeJobListPage(body, listedUnder), ctx);
      for (const job of result.jobs) {
        jobs.push(job);
        this.rememberJob(job.id, { kind: job.kind, contentType: job.contentType });
      }
      path = result.done ? undefined : this.nextPagePath(result.nextRecordsUrl);
    }
    return jobs.slice(0, limit);
  }

  /** Follows `nextRecordsUrl` only within this org's `/services/data/` (the token must not go elsewhere). */
  private nextPagePath(next: string | undefined): string | undefined {
    if (next === undefined) {
      return undefined;
    }
    const url = new URL(next, this.instanceUrl);
    if (url.origin !== this.instanceUrl || !url.pathname.startsWith('/services/data/')) {
      this.logLine('warn', 'ignored a nextRecordsUrl outside this org\'s /services/data/');
      return undefined;
    }
    return url.pathname + url.search;
  }

  private rememberJob(id: string, job: KnownJob): void {
    const previous = this.knownJobs.get(id);
    this.knownJobs.set(id, { kind: job.kind, contentType: job.contentType ?? previous?.contentType });
  }

  private requireClassic(id: string): void {
    const known = this.knownJobs.get(id);
    if (known !== undefined && known.kind !== 'classic') {
      throw new BulkApiError({
        kind: 'invalidRequest',
        message: `The job ${id} is a Bulk API 2.0 ${known.kind} job: it has no batches.`,
      });
    }
  }

  private requireId(input: string, kind: BulkIdKind): string {
    const check = checkId(input, kind);
    if (!check.ok) {
      const what = kind === 'job' ? 'job' : 'batch';
      throw new BulkApiError({ kind: 'invalidRequest', message: `That is not a Bulk API ${what} id: ${check.message}` });
    }
    return check.id18;
  }

  private classicBase(): string {
    return `/services/async/${this.apiVersion}`;
  }

  private v2Base(): string {
    return `/services/data/v${this.apiVersion}`;
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  private context(action: string, subject: string, options: RequestOptions): FailureContext {
    return { orgLabel: this.orgLabel, instanceUrl: this.instanceUrl, action, subject, timeoutMs: options.timeoutMs ?? this.timeoutMs };
  }

  /** Runs a normaliser; a body of the wrong shape becomes an `unexpectedResponse` naming the org. */
  private shape<T>(normalise: () => T, ctx: FailureContext): T {
    try {
      return normalise();
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'unexpectedResponse') {
        throw this.safe(
          new BulkApiError({ kind: 'unexpectedResponse', status: 200, message: `${e.message.replace(/\.$/, '')} (from ${ctx.orgLabel}, while ${ctx.action}).` }),
        );
      }
      throw e;
    }
  }

  /** Sends a call with session refresh and retries; resolves to the parsed body of a 2xx answer. */
  private async request(call: Call, ctx: FailureContext, options: RequestOptions): Promise<unknown> {
    let refreshed = false;
    let retries = 0;
    for (;;) {
      throwIfAborted(options.signal, ctx);
      const token = await untilAborted(this.token(false, ctx), options.signal, ctx);
      const outcome = await this.attempt(call, token, ctx, options);
      if (outcome.ok) {
        return outcome.value;
      }
      if (outcome.sessionRejected && !refreshed) {
        refreshed = true;
        this.logLine('info', `${call.method} ${call.path}: session rejected; getting a fresh token`);
        await untilAborted(this.token(true, ctx, token), options.signal, ctx);
        continue;
      }
      if (outcome.retriable && call.method === 'GET' && retries < this.maxRetries) {
        this.logLine('warn', `${call.method} ${call.path}: ${outcome.error.kind} (${outcome.error.status ?? 'no answer'}); retrying`);
        await this.backoff(retries++, options.signal, ctx);
        continue;
      }
      throw this.safe(outcome.error);
    }
  }

  /**
   * One HTTP exchange. `retriable`: no usable answer came (network, broken-off body, 5xx) — the
   * caller decides whether the method may be repeated. `sessionRejected`: the token was refused.
   */
  private async attempt(call: Call, token: string, ctx: FailureContext, options: RequestOptions): Promise<Outcome> {
    const started = Date.now();
    let res: HttpResponse;
    try {
      res = await this.http.send({
        method: call.method,
        url: this.instanceUrl + call.path,
        headers: this.headers(call, token),
        body: call.body?.text,
        timeoutMs: ctx.timeoutMs,
        signal: options.signal,
      });
    } catch (e) {
      if (!(e instanceof TransportError)) {
        throw e;
      }
      this.logLine('warn', `${call.method} ${call.path} failed: ${e.failure} (${e.detail}) after ${Date.now() - started} ms`);
      // A timeout is not retried (see the top of this file); cancellation never.
      const retriable = e.failure === 'network' || e.failure === 'truncated';
      return { ok: false, error: fromTransport(e, ctx), retriable, sessionRejected: false };
    }
    this.logLine('debug', `${call.method} ${call.path} → ${res.status} ${res.contentType || '-'} ${Date.now() - started} ms`);
    const usage = parseLimitInfo(res.headers['sforce-limit-info'], Date.now());
    if (usage !== undefined) {
      this.usage = usage;
    }

    if (res.status >= 200 && res.status < 300) {
      try {
        return { ok: true, value: parseBody(res.contentType, res.body).value };
      } catch (e) {
        if (!(e instanceof BodyUnreadable)) {
          throw e;
        }
        this.logLine('warn', `${call.method} ${call.path}: unreadable ${e.format} body: ${e.detail}`);
        return { ok: false, error: fromUnreadable(res.status, e.format, ctx), retriable: false, sessionRejected: false };
      }
    }
    return this.failure(res, ctx);
  }

  /** What a non-2xx answer means. */
  private failure(res: HttpResponse, ctx: FailureContext): Outcome {
    if (res.status >= 300 && res.status < 400) {
      return { ok: false, error: fromUnreadable(res.status, 'redirect', ctx), retriable: false, sessionRejected: false };
    }

    const serverError = readErrorBody(res);
    const retriable = res.status >= 500;
    if (isSessionRejection(res.status, serverError)) {
      const error = fromServerError(res.status, { code: serverError?.code ?? 'INVALID_SESSION_ID', message: serverError?.message }, ctx);
      return { ok: false, error, retriable: false, sessionRejected: true };
    }
    const format = bodyFormat(res.contentType, res.body);
    // 429 means "slow down / allowance used up" whatever page a gateway wraps it in.
    if (serverError === undefined && format !== 'empty' && res.status !== 429) {
      return { ok: false, error: fromUnreadable(res.status, format, ctx), retriable, sessionRejected: false };
    }
    return { ok: false, error: fromServerError(res.status, serverError, ctx), retriable, sessionRejected: false };
  }

  private headers(call: Call, token: string): Record<string, string> {
    const headers: Record<string, string> =
      call.flavour === '1.0'
        ? { 'X-SFDC-Session': token, Accept: call.accept ?? 'application/xml' }
        : { Authorization: `Bearer ${token}`, Accept: call.accept ?? 'application/json' };
    if (call.body !== undefined) {
      headers['Content-Type'] = call.body.contentType;
    }
    return headers;
  }

  /**
   * The current token; with `refresh`, a fresh one unless another request already replaced
   * `rejected`. Concurrent callers share one `getAccessToken` call.
   */
  private async token(refresh: boolean, ctx: FailureContext, rejected?: string): Promise<string> {
    if (refresh && this.currentToken !== undefined && this.currentToken !== rejected && this.tokenPromise !== undefined) {
      return this.tokenPromise; // another request already refreshed it
    }
    if (refresh) {
      this.refreshPromise ??= this.track(this.fetchToken(true, ctx)).finally(() => {
        this.refreshPromise = undefined;
      });
      return this.refreshPromise;
    }
    return this.tokenPromise ?? this.track(this.fetchToken(false, ctx));
  }

  /** Makes `p` the current token; forgets it again if it fails, so the next request asks anew. */
  private track(p: Promise<string>): Promise<string> {
    this.tokenPromise = p;
    p.catch(() => {
      if (this.tokenPromise === p) {
        this.tokenPromise = undefined;
      }
    });
    return p;
  }

  private async fetchToken(refresh: boolean, ctx: FailureContext): Promise<string> {
    try {
      const token = await this.options.getAccessToken(refresh);
      if (typeof token !== 'string' || token === '') {
        throw new Error('no token');
      }
      this.seenTokens.add(token);
      if (this.seenTokens.size > 20) {
        this.seenTokens.delete(this.seenTokens.values().next().value as string);
      }
      this.currentToken = token;
      return token;
    } catch (e) {
      if (isBulkApiError(e)) {
        throw this.safe(e);
      }
      this.logLine('warn', `getting a token for ${ctx.orgLabel} failed: ${this.scrub(e instanceof Error ? e.message : String(e))}`);
      throw new BulkApiError({
        kind: 'sessionExpired',
        message: `Could not get a session for ${ctx.orgLabel}. Sign in again (sf org login web -o ${ctx.orgLabel}) or add a new session id.`,
      });
    }
  }

  private async backoff(attempt: number, signal: AbortSignal | undefined, ctx: FailureContext): Promise<void> {
    const ms = Math.min(this.retryBaseMs * 2 ** attempt, MAX_BACKOFF_MS);
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(this.safe(fromTransport(new TransportError('cancelled', 'aborted during backoff'), ctx)));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) {
        onAbort();
      }
    });
  }

  /** Removes any token this client has seen, and anything shaped like a token, from a text. */
  private scrub(text: string): string {
    return redactTokens(text, this.seenTokens);
  }

  /** The same error with any token removed from its texts (a belt to go with the braces). */
  private safe(e: BulkApiError): BulkApiError {
    const message = this.scrub(e.message);
    const serverMessage = e.serverMessage === undefined ? undefined : this.scrub(e.serverMessage);
    if (message === e.message && serverMessage === e.serverMessage) {
      return e;
    }
    return new BulkApiError({ kind: e.kind, message, exceptionCode: e.exceptionCode, status: e.status, serverMessage });
  }

  private logLine(level: Level, message: string): void {
    this.options.log?.(level, this.scrub(message));
  }
}

/** An error answer's body (at most 1 MB of it) as a plain response. */
async function readSmallBody(res: HttpStreamResponse): Promise<HttpResponse> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const b = chunk as Buffer;
      size += b.length;
      if (size > 1024 * 1024) {
        break;
      }
      chunks.push(b);
    }
  } catch {
    // a broken-off error body: use what came
  } finally {
    res.release();
    res.body.destroy();
  }
  return { status: res.status, headers: res.headers, contentType: res.contentType, body: Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '') };
}

/** 1.0 `<result-list><result>752…</result></result-list>` or JSON `["752…"]`. */
function resultIdList(body: unknown): string[] {
  let list: unknown = body;
  if (list !== null && typeof list === 'object' && !Array.isArray(list)) {
    const o = list as Record<string, unknown>;
    list = o['result-list'] ?? o.result ?? o;
    if (list !== null && typeof list === 'object' && !Array.isArray(list) && 'result' in list) {
      list = (list as Record<string, unknown>).result;
    }
  }
  const items = (Array.isArray(list) ? list : [list]).filter((x) => x !== '');
  const ids = items.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String);
  if (ids.length !== items.length) {
    throw new BulkApiError({ kind: 'unexpectedResponse', message: 'The list of result ids has an unexpected shape' });
  }
  return ids;
}

function readErrorBody(res: HttpResponse): ServerError | undefined {
  try {
    return readServerError(parseBody(res.contentType, res.body).value);
  } catch {
    return undefined;
  }
}

/** Waits for `p` unless the caller aborts first (a slow token provider must not outlive a cancel). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined, ctx: FailureContext): Promise<T> {
  if (signal === undefined) {
    return p;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(fromTransport(new TransportError('cancelled', 'aborted'), ctx));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function throwIfAborted(signal: AbortSignal | undefined, ctx: FailureContext): void {
  if (signal?.aborted) {
    throw fromTransport(new TransportError('cancelled', 'aborted'), ctx);
  }
}

function newestFirst(a: BulkJob, b: BulkJob): number {
  return (b.createdDate ?? '').localeCompare(a.createdDate ?? '');
}
