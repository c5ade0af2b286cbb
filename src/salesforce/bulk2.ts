/**
 * Bulk API 2.0 endpoints under `/services/data/vXX.X/jobs/`: an ingest or query job, closing and
 * aborting (PATCH of its state), the job lists page by page (`nextRecordsUrl` followed only inside
 * this org), the ingest result files, and query results page by page (`Sforce-Locator`). Ids come
 * checked and 18 characters long (see `BulkClient`); the session is sent as a bearer token.
 */
import { BulkApiError } from './errors';
import { jobListPageHead, normalizeJob } from './normalize';
import type { Transport } from './transport';
import type { BulkJob, BulkStream, IngestResultKind, RequestOptions } from './types';

/** A safety net against a server that pages forever. */
export const MAX_LIST_PAGES = 100;

export type V2JobKind = 'ingest' | 'query';

/** One page of a job list: where the next is (known first), and its rows, read when asked for. */
export interface ListedPage {
  jobs(): BulkJob[];
  nextPath?: string;
}

/** What paging a job list needs of the 2.0 endpoints (`V2Endpoints` is one). */
export interface JobListPages {
  listPath(listedUnder: V2JobKind, query: string): string;
  listPage(listedUnder: V2JobKind, path: string, options: RequestOptions): Promise<ListedPage>;
}

/**
 * The pages of one job list (`jobs/ingest` or `jobs/query`; `query` is appended to the first
 * page's path), each page's rows as it arrives, following each page's next path: the one owner of
 * paging a job list. Stops after the last page, after `MAX_LIST_PAGES`, or at a page already read
 * (a server that loops); a page that fails throws. The caller may stop early (`break`). `onCut` is
 * called when the list had more pages than `MAX_LIST_PAGES` (what was read lacks the rest).
 *
 * With `readAhead`, the next page is asked for as soon as this one says where it is, before this
 * one's rows are read and handed out: a walk then costs its pages' round trips and little more (for
 * a caller that reads every page; one that stops early would have asked for a page it never reads).
 */
export async function* jobListPages(
  endpoints: JobListPages,
  listedUnder: V2JobKind,
  query: string,
  options: RequestOptions,
  walk: { readAhead?: boolean; onCut?: () => void } = {},
): AsyncGenerator<BulkJob[]> {
  const first = endpoints.listPath(listedUnder, query);
  const seen = new Set<string>([first]);
  let pending: Promise<ListedPage> | undefined = endpoints.listPage(listedUnder, first, options);
  for (let page = 1; pending !== undefined; page++) {
    const result: ListedPage = await pending;
    const next = result.nextPath;
    pending = undefined;
    const ask = (): Promise<ListedPage> | undefined => {
      if (next === undefined || seen.has(next)) {
        return undefined;
      }
      if (page >= MAX_LIST_PAGES) {
        walk.onCut?.();
        return undefined;
      }
      seen.add(next);
      return endpoints.listPage(listedUnder, next, options);
    };
    if (walk.readAhead) {
      pending = ask();
      pending?.catch(() => undefined); // a failure is met when awaited; none goes unhandled if the caller stops first
    }
    yield result.jobs();
    if (!walk.readAhead) {
      pending = ask();
    }
  }
}

export class V2Endpoints {
  private readonly base: string;

  constructor(private readonly transport: Transport, apiVersion: string) {
    this.base = `/services/data/v${apiVersion}`;
  }

  async getJob(id: string, kind: V2JobKind, options: RequestOptions): Promise<BulkJob> {
    const ctx = this.transport.context(`getting the job ${id}`, `The job ${id}`, options);
    const body = await this.transport.request({ flavour: '2.0', method: 'GET', path: `${this.base}/jobs/${kind}/${id}` }, ctx, options);
    return this.transport.shape(() => normalizeJob(body, kind), ctx);
  }

  /** Ingest: close (UploadComplete) or abort; query: abort only (a query job starts by itself). */
  async changeState(id: string, kind: V2JobKind, change: 'close' | 'abort', options: RequestOptions): Promise<BulkJob> {
    const verb = change === 'close' ? 'closing' : 'aborting';
    const ctx = this.transport.context(`${verb} the job ${id}`, `The job ${id}`, options);
    if (kind === 'query' && change === 'close') {
      throw new BulkApiError({
        kind: 'invalidRequest',
        message: `The job ${id} is a Bulk API 2.0 query job: it cannot be closed (it starts by itself), only aborted.`,
      });
    }
    const state = change === 'close' ? 'UploadComplete' : 'Aborted';
    const body = { contentType: 'application/json; charset=UTF-8', text: JSON.stringify({ state }) };
    const answer = await this.transport.request({ flavour: '2.0', method: 'PATCH', path: `${this.base}/jobs/${kind}/${id}`, body }, ctx, options);
    return this.transport.shape(() => normalizeJob(answer, kind), ctx);
  }

  /**
   * Every page of one job list (`jobs/ingest` or `jobs/query`, which also lists 1.0 jobs as
   * `Classic`), up to `limit` rows; `query` is appended to the first page's path (`?jobType=…`).
   * `onJob` sees each row as its page arrives.
   */
  async listJobs(listedUnder: V2JobKind, query: string, limit: number, options: RequestOptions, onJob: (job: BulkJob) => void): Promise<BulkJob[]> {
    const jobs: BulkJob[] = [];
    for await (const page of jobListPages(this, listedUnder, query, options)) {
      for (const job of page) {
        jobs.push(job);
        onJob(job);
      }
      if (jobs.length >= limit) {
        break;
      }
    }
    return jobs.slice(0, limit);
  }

  /** The first page's path of a job list; `query` is `''` or `?jobType=…`. */
  listPath(listedUnder: V2JobKind, query: string): string {
    return `${this.base}/jobs/${listedUnder}${query}`;
  }

  /** One page of a job list; `nextPath` is the next page's (undefined after the last, or if it leaves this org); the rows are normalised when read. */
  async listPage(listedUnder: V2JobKind, path: string, options: RequestOptions): Promise<ListedPage> {
    const ctx = this.transport.context('listing jobs', 'The job list', options);
    const body = await this.transport.request({ flavour: '2.0', method: 'GET', path }, ctx, options);
    const head = this.transport.shape(() => jobListPageHead(body), ctx);
    const nextPath = head.done ? undefined : this.nextPagePath(head.nextRecordsUrl);
    const jobs = (): BulkJob[] => this.transport.shape(() => head.records.map((r) => normalizeJob(r, listedUnder)), ctx);
    return nextPath === undefined ? { jobs } : { jobs, nextPath };
  }

  /** `successfulResults`, `failedResults` or `unprocessedrecords` of an ingest job. */
  openIngestResults(id: string, which: IngestResultKind, options: RequestOptions): Promise<BulkStream> {
    const ctx = this.transport.context(`downloading the ${which} of the job ${id}`, `The job ${id}`, options);
    return this.transport.stream({ flavour: '2.0', method: 'GET', path: `${this.base}/jobs/ingest/${id}/${which}`, accept: 'text/csv' }, ctx, options);
  }

  /** One page of a query job's results; `nextLocator` is undefined after the last. */
  async openQueryResults(id: string, page: { locator?: string; maxRecords?: number }, options: RequestOptions): Promise<BulkStream & { nextLocator?: string }> {
    const params = new URLSearchParams();
    if (page.locator !== undefined) {
      params.set('locator', page.locator);
    }
    if (page.maxRecords !== undefined) {
      params.set('maxRecords', String(Math.max(1, Math.floor(page.maxRecords))));
    }
    const query = params.size > 0 ? `?${params.toString()}` : '';
    const ctx = this.transport.context(`downloading the results of the query job ${id}`, `The job ${id}`, options);
    const stream = await this.transport.stream({ flavour: '2.0', method: 'GET', path: `${this.base}/jobs/query/${id}/results${query}`, accept: 'text/csv' }, ctx, options);
    const locator = (stream.headers['sforce-locator'] ?? '').trim();
    return { ...stream, nextLocator: locator === '' || locator === 'null' ? undefined : locator };
  }

  /** Follows `nextRecordsUrl` only within this org's `/services/data/` (the token must not go elsewhere). */
  private nextPagePath(next: string | undefined): string | undefined {
    if (next === undefined) {
      return undefined;
    }
    const instanceUrl = this.transport.instanceUrl;
    const url = new URL(next, instanceUrl);
    if (url.origin !== instanceUrl || !url.pathname.startsWith('/services/data/')) {
      this.transport.session.log('warn', 'ignored a nextRecordsUrl outside this org\'s /services/data/');
      return undefined;
    }
    return url.pathname + url.search;
  }
}
