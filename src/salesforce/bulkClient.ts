/**
 * The Bulk API client: Bulk 1.0 (`/services/async/`, `classic.ts`) and 2.0
 * (`/services/data/vXX.X/jobs/`, `v2.ts`) behind one facade. Requests, retries and the session
 * are `transport.ts` and `session.ts`; this file checks ids and knows which kind each job is.
 *
 * Job kind: a job id alone does not say 1.0 or 2.0, so `getJob` probes 1.0 `job/{id}`, then
 * `jobs/ingest/{id}`, then `jobs/query/{id}` (moving on only on "not found") and remembers the
 * answer per id, as does `listJobs` from each row's `jobType`. A kind hint (seen before a reload)
 * is tried first. Batches remember their job, so `findJobOfBatch` asks again only for a new batch.
 */
import { ClassicEndpoints, requireResultId } from './bulk1';
import { BulkApiError, isBulkApiError } from './errors';
import { checkId, type BulkIdKind } from './ids';
import { normalizeInstanceUrl } from './instanceUrl';
import { toApiVersion } from './normalize';
import { Session } from './session';
import { Transport } from './transport';
import { V2Endpoints } from './bulk2';
import { LoadEndpoints } from './load/endpoints';
import { loadCsv } from './load/load';
import { sentShape } from './load/fileFormat';
import { listOrgJobs, type OrgJobList, type OrgJobsOptions } from './org/listOrgJobs';
import { querySoql } from './org/soql';
import { sessionUserId } from './org/userInfo';
import { LruMap } from '../util/lru';
import type {
  ApiUsage,
  BatchSearch,
  BulkApi,
  BulkBatch,
  BulkClientOptions,
  BulkJob,
  BulkStream,
  FindBatchOptions,
  GetJobOptions,
  IngestResultKind,
  JobKind,
  JobSummary,
  ListJobsOptions,
  LoadOptions,
  LoadResult,
  LoadSpec,
  OrgIdentity,
  RequestOptions,
  SObjectDescribe,
} from './types';
import type { Readable } from 'stream';

export { parseLimitInfo } from './transport';

const DEFAULT_LIST_LIMIT = 2_000;
/** How many recent Classic jobs `findJobOfBatch` searches. */
const FIND_BATCH_MAX_JOBS = 50;
/** How many batch ids the client remembers the job of. */
const BATCH_MEMORY = 10_000;
const PROBE_ORDER: readonly JobKind[] = ['classic', 'ingest', 'query'];

interface KnownJob {
  kind: JobKind;
  contentType?: string;
}

export class BulkClient implements BulkApi {
  readonly instanceUrl: string;
  private readonly session: Session;
  private readonly transport: Transport;
  private readonly classic: ClassicEndpoints;
  private readonly v2: V2Endpoints;
  private readonly loads: LoadEndpoints;
  /** Describes by object (lower case), for the client's life; a failed one is forgotten. */
  private readonly describes = new Map<string, Promise<SObjectDescribe>>();
  private readonly orgLabel: string;
  private readonly apiVersion: string;
  private readonly knownJobs = new Map<string, KnownJob>();
  /** Batch → job of the batches listed so far, bounded (the least recently used go first). */
  private readonly batchJobs = new LruMap<string, string>(BATCH_MEMORY);

  constructor(options: BulkClientOptions) {
    this.instanceUrl = normalizeInstanceUrl(options.instanceUrl);
    const version = /^\d{2,3}(\.\d)?$/.test(options.apiVersion.trim()) ? toApiVersion(options.apiVersion) : undefined;
    if (version === undefined) {
      throw new BulkApiError({ kind: 'invalidRequest', message: `The API version ${JSON.stringify(options.apiVersion.slice(0, 20))} is not valid (expected a number like 64.0).` });
    }
    this.session = new Session(options);
    this.transport = new Transport(this.instanceUrl, this.session, options);
    this.classic = new ClassicEndpoints(this.transport, version);
    this.v2 = new V2Endpoints(this.transport, version);
    this.loads = new LoadEndpoints(this.transport, version);
    this.apiVersion = version;
    this.orgLabel = options.orgLabel ?? new URL(this.instanceUrl).host;
  }

  get lastApiUsage(): ApiUsage | undefined {
    return this.transport.lastApiUsage;
  }

  // -------------------------------------------------------------------------------------------
  // BulkApi

  async getJob(jobId: string, options: GetJobOptions = {}): Promise<BulkJob> {
    const id = requireId(jobId, 'job');
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
        this.session.log('debug', `job ${id} is not a ${kind} job (${e.exceptionCode ?? e.status})`);
        firstMiss ??= e;
      }
    }
    // "The job … was not found in …", with the 1.0 probe's InvalidJob code.
    throw firstMiss as BulkApiError;
  }

  async listBatches(jobId: string, options: RequestOptions = {}): Promise<BulkBatch[]> {
    const id = requireId(jobId, 'job');
    this.requireClassic(id);
    const batches = await this.classic.listBatches(id, options);
    this.rememberJob(id, { kind: 'classic' });
    for (const b of batches) {
      this.batchJobs.set(b.id, b.jobId);
    }
    return batches;
  }

  async getBatch(jobId: string, batchId: string, options: RequestOptions = {}): Promise<BulkBatch> {
    const id = requireId(jobId, 'job');
    const bid = requireId(batchId, 'batch');
    this.requireClassic(id);
    const batch = await this.classic.getBatch(id, bid, options);
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
    const [ingest, query] = await Promise.all([this.listV2('ingest', '', limit, options), this.listV2('query', '', limit, options)]);
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

  /** Every job of the org in the last 7 days, each once (see `org/listOrgJobs.ts`); a failed page makes it `partial`. */
  listOrgJobs(options: OrgJobsOptions): Promise<OrgJobList> {
    return listOrgJobs(this.v2, {
      ...options,
      onJob: (job) => {
        this.rememberJob(job.id, { kind: job.kind, contentType: job.contentType });
        options.onJob?.(job);
      },
    });
  }

  /** One SOQL query's records (first page); for `org/userNames.ts`. */
  querySoql(soql: string, options: RequestOptions = {}): Promise<Array<Record<string, unknown>>> {
    return querySoql(this.transport, this.apiVersion, soql, options);
  }

  /** One Tooling API SOQL query's records (first page); for `tooling.ts`. */
  queryTooling(soql: string, options: RequestOptions = {}): Promise<Array<Record<string, unknown>>> {
    return querySoql(this.transport, this.apiVersion, soql, options, 'tooling');
  }

  /** The session's user id (005…), from the UserInfo endpoint (`org/userInfo.ts`). */
  sessionUserId(options: RequestOptions = {}): Promise<string> {
    return sessionUserId(this.transport, options);
  }

  /**
   * The explicit search (never a hover): the Classic jobs listed newest first, then the batches of at
   * most `maxJobs` of them (default 50), one listing at a time, stopping at the first match. The
   * caller's signal aborts whatever request is in flight.
   */
  async findJobOfBatch(batchId: string, options: FindBatchOptions = {}): Promise<BatchSearch> {
    const bid = requireId(batchId, 'batch');
    const cached = this.batchJobs.get(bid);
    if (cached !== undefined) {
      return { jobId: cached, searched: 0, gaveUp: false };
    }
    const maxJobs = Math.max(0, options.maxJobs ?? FIND_BATCH_MAX_JOBS);
    const classic = (await this.listV2('query', '?jobType=Classic', DEFAULT_LIST_LIMIT, options))
      .filter((j) => j.kind === 'classic' && (j.numberBatchesTotal === undefined || j.numberBatchesTotal > 0))
      .sort(newestFirst);
    let searched = 0;
    for (const job of classic.slice(0, maxJobs)) {
      const batches = await this.listBatches(job.id, options);
      searched++;
      if (batches.some((b) => b.id === bid)) {
        return { jobId: job.id, searched, gaveUp: false };
      }
    }
    return { searched, gaveUp: classic.length > searched };
  }

  // -------------------------------------------------------------------------------------------
  // Result files, streamed (src/salesforce/results/ reads them)

  /** 1.0: what the client uploaded for a batch (CSV, XML or JSON, as the job's content type). */
  openBatchRequest(jobId: string, batchId: string, options: RequestOptions = {}): Promise<BulkStream> {
    return this.openBatchFile(jobId, batchId, 'request', options);
  }

  /** 1.0 ingest: a batch's results, one per request row, in the same order. */
  openBatchResult(jobId: string, batchId: string, options: RequestOptions = {}): Promise<BulkStream> {
    return this.openBatchFile(jobId, batchId, 'result', options);
  }

  /** 1.0 query: the ids of a batch's result sets. */
  async listQueryResultIds(jobId: string, batchId: string, options: RequestOptions = {}): Promise<string[]> {
    const id = requireId(jobId, 'job');
    const bid = requireId(batchId, 'batch');
    this.requireClassic(id);
    return this.classic.listQueryResultIds(id, bid, options);
  }

  /** 1.0 query: one result set. */
  async openQueryBatchResult(jobId: string, batchId: string, resultId: string, options: RequestOptions = {}): Promise<BulkStream> {
    const id = requireId(jobId, 'job');
    const bid = requireId(batchId, 'batch');
    requireResultId(resultId);
    this.requireClassic(id);
    return this.classic.openQueryBatchResult(id, bid, resultId, options);
  }

  /** 2.0 ingest: `successfulResults`, `failedResults` or `unprocessedrecords`. */
  async openIngestResults(jobId: string, which: IngestResultKind, options: RequestOptions = {}): Promise<BulkStream> {
    return this.v2.openIngestResults(requireId(jobId, 'job'), which, options);
  }

  /** 2.0 query: one page of `results`; `nextLocator` is the `Sforce-Locator` of the next page (undefined after the last). */
  async openQueryResults(jobId: string, page: { locator?: string; maxRecords?: number }, options: RequestOptions = {}): Promise<BulkStream & { nextLocator?: string }> {
    return this.v2.openQueryResults(requireId(jobId, 'job'), page, options);
  }

  // -------------------------------------------------------------------------------------------
  // Loading data

  describe(object: string, options: RequestOptions = {}): Promise<SObjectDescribe> {
    const key = object.toLowerCase();
    let cached = this.describes.get(key);
    if (cached === undefined) {
      cached = this.loads.describe(object, options);
      this.describes.set(key, cached);
      cached.catch(() => this.describes.delete(key));
    }
    return cached;
  }

  orgIdentity(options: RequestOptions = {}): Promise<OrgIdentity> {
    return this.loads.orgIdentity(options);
  }

  load(spec: LoadSpec, source: () => Readable, options: LoadOptions = {}): Promise<LoadResult> {
    return loadCsv(
      {
        endpoints: this.loads,
        create: async (o) => {
          const job = await this.loads.createJob(spec, o, sentShape(spec.flavour, options.format));
          this.rememberJob(job.id, { kind: job.kind, contentType: job.contentType });
          return job;
        },
        close: (id, o) => this.closeJob(id, o),
        abort: (id, o) => this.abortJob(id, o),
        get: (id, o) => this.getJob(id, o),
        batches: (id, o) => this.listBatches(id, o),
        orgLabel: this.orgLabel,
        log: (level, message) => this.session.log(level, `load: ${message}`),
      },
      spec,
      source,
      options,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Jobs and what is known of them

  private async openBatchFile(jobId: string, batchId: string, part: 'request' | 'result', options: RequestOptions): Promise<BulkStream> {
    const id = requireId(jobId, 'job');
    const bid = requireId(batchId, 'batch');
    this.requireClassic(id);
    return this.classic.openBatchFile(id, bid, part, options);
  }

  private async fetchJob(id: string, kind: JobKind, options: RequestOptions): Promise<BulkJob> {
    let job: BulkJob;
    try {
      job = kind === 'classic' ? await this.classic.getJob(id, options) : await this.v2.getJob(id, kind, options);
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'notFound') {
        this.knownJobs.delete(id);
      }
      throw e;
    }
    this.rememberJob(id, { kind: job.kind, contentType: job.contentType });
    return job;
  }

  private async changeState(jobId: string, change: 'close' | 'abort', options: RequestOptions): Promise<BulkJob> {
    const id = requireId(jobId, 'job');
    let known = this.knownJobs.get(id);
    if (known === undefined || (known.kind === 'classic' && known.contentType === undefined)) {
      await this.getJob(id, options);
      known = this.knownJobs.get(id) as KnownJob;
    }
    const kind = known.kind;
    const job =
      kind === 'classic' ? await this.classic.changeState(id, change, known.contentType, options) : await this.v2.changeState(id, kind, change, options);
    this.rememberJob(id, { kind: job.kind, contentType: job.contentType ?? known.contentType });
    return job;
  }

  /** One 2.0 job list, every row remembered as it arrives. */
  private listV2(listedUnder: 'ingest' | 'query', query: string, limit: number, options: RequestOptions): Promise<BulkJob[]> {
    return this.v2.listJobs(listedUnder, query, limit, options, (job) => this.rememberJob(job.id, { kind: job.kind, contentType: job.contentType }));
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
}

/** The 18-character id, or an `invalidRequest` saying which rule the input breaks. */
function requireId(input: string, kind: BulkIdKind): string {
  const check = checkId(input, kind);
  if (!check.ok) {
    const what = kind === 'job' ? 'job' : 'batch';
    throw new BulkApiError({ kind: 'invalidRequest', message: `That is not a Bulk API ${what} id: ${check.message}` });
  }
  return check.id18;
}

function newestFirst(a: BulkJob, b: BulkJob): number {
  return (b.createdDate ?? '').localeCompare(a.createdDate ?? '');
}
