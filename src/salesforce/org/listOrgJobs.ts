/**
 * Every Bulk job of an org in the last 7 days, each once, from the two documented list endpoints:
 *
 * - `GET jobs/ingest` ("Get Information About All Ingest Jobs", API 41.0+): documented as "all jobs
 *   in the org", with a `jobType` filter of `V2Ingest`, `Classic` or `BigObjectIngest`. So it lists
 *   2.0 ingest jobs, Big Object ingest jobs and (unfiltered) Classic jobs too.
 * - `GET jobs/query` ("Get Information About All Query Jobs", API 47.0+): 2.0 query jobs "and all
 *   Bulk API jobs" (Classic, ingest and query alike).
 *
 * Both unfiltered, so nothing is missed whichever of them a given org lists Classic jobs in; a
 * Classic job listed by both is one row (deduplicated by id, the row seen first kept). The other
 * documented filters are not used: `isPkChunkingEnabled` narrows to PK-chunked 1.0 jobs and
 * `concurrencyMode` is "for future use". Pages hold up to 1,000 rows in no fixed order, with a
 * `queryLocator` in `nextRecordsUrl`; there is no date filter, so the window is applied here, and a
 * page carries no "changed since" either: every refresh reads every page.
 *
 * The cheaper read, where it is correct (`splitIngest`): in an org whose unfiltered `jobs/ingest` lists
 * its Classic jobs and whose `jobs/query` lists them too (documented: "all Bulk API jobs"; its `jobType`
 * Classic "includes both query jobs and ingest jobs"), each Classic job is read twice. Then `jobs/ingest`
 * is read by type, `?jobType=V2Ingest` and `?jobType=BigObjectIngest` (its other documented types;
 * usually one short page), and the Classic jobs once, from `jobs/query`. `splitIngestPays` says when:
 * an unfiltered read found a page's worth of Classic jobs in `jobs/ingest`, every one of them listed by
 * `jobs/query` too; a split read keeps splitting while `jobs/query` lists Classic jobs (and is not cut at
 * the page cap). An endpoint cut at `MAX_LIST_PAGES` (100,000 rows) is named in `truncated`, so the screen can say so.
 *
 * The window is by `systemModstamp` (falling back to `createdDate`): a job created 8 days ago that
 * still moved today is worth seeing; Salesforce deletes jobs older than 7 days anyway.
 *
 * The pages of one endpoint are read one after another (each names the next); the two endpoints
 * side by side. A page that fails ends that endpoint's walk: the result is `partial` with the error,
 * so the caller keeps the last complete list on screen.
 */
import { isBulkApiError, BulkApiError } from '../errors';
import { jobListPages, type JobListPages, type V2JobKind } from '../bulk2';
import type { BulkJob, RequestOptions } from '../types';

export const ORG_JOBS_WINDOW_MS = 7 * 24 * 60 * 60_000;

export interface OrgJobsOptions extends RequestOptions {
  /** "Now" in ms since the epoch (the window ends here). */
  now: number;
  /** Default 7 days. */
  windowMs?: number;
  /** Sees every row as its page arrives (e.g. to remember each job's kind). */
  onJob?(job: BulkJob): void;
  /** Read `jobs/ingest` by type (V2Ingest, BigObjectIngest), not its Classic jobs (see above, `splitIngestPays`). */
  splitIngest?: boolean;
}

export interface OrgJobList {
  /** Each job once, newest first (by createdDate). */
  jobs: BulkJob[];
  /** True when a page failed: `jobs` then lacks what the failed page and the ones after it held. */
  partial: boolean;
  error?: BulkApiError;
  /** Pages read (requests sent, retries aside). */
  pages: number;
  /** The endpoints cut at `MAX_LIST_PAGES` (they had more): the older jobs they list are missing. */
  truncated: V2JobKind[];
  /**
   * The Classic (1.0) rows each endpoint listed (whatever their age), and how many of `jobs/ingest`'s
   * `jobs/query` did not list (`splitIngestPays`).
   */
  classic: { ingest: number; query: number; ingestOnly: number };
}

interface Walk {
  pages: number;
  error?: BulkApiError;
  cut: boolean;
  /** The Classic jobs listed. */
  classic: Set<string>;
}

/** Rows a list page holds at most (the documented 1,000). */
const PAGE_ROWS = 1_000;

/**
 * Whether the next read should read `jobs/ingest` by type (`splitIngest`), from this read (which was
 * split or not, `split`): see the top of this file. A partial read changes nothing; a `jobs/query` cut at
 * the page cap may lack Classic jobs `jobs/ingest` lists, so it is not split then.
 */
export function splitIngestPays(list: Pick<OrgJobList, 'classic' | 'partial' | 'truncated'>, split: boolean): boolean {
  if (list.partial) {
    return split;
  }
  if (list.truncated.includes('query')) {
    return false;
  }
  if (split) {
    return list.classic.query > 0;
  }
  return list.classic.ingest >= PAGE_ROWS && list.classic.ingestOnly === 0;
}

export async function listOrgJobs(endpoints: JobListPages, options: OrgJobsOptions): Promise<OrgJobList> {
  const since = options.now - (options.windowMs ?? ORG_JOBS_WINDOW_MS);
  // Kept as the rows arrive: each job once, inside the window (a Classic job listed twice is held once).
  const byId = new Map<string, BulkJob>();
  const keep = (job: BulkJob): void => {
    options.onJob?.(job);
    if (!byId.has(job.id) && lastMoved(job) >= since) {
      byId.set(job.id, job);
    }
  };
  const ingestWalks = options.splitIngest === true
    ? [walk(endpoints, 'ingest', '?jobType=V2Ingest', keep, options), walk(endpoints, 'ingest', '?jobType=BigObjectIngest', keep, options)]
    : [walk(endpoints, 'ingest', '', keep, options)];
  const [query, ...ingest] = await Promise.all([walk(endpoints, 'query', '', keep, options), ...ingestWalks]);
  const walks = [...ingest, query];
  // A cancellation is the caller's: it does not become a partial list.
  for (const w of walks) {
    if (w.error?.kind === 'cancelled') {
      throw w.error;
    }
  }
  // ISO dates in one zone order as text; a plain comparison (localeCompare took 0.2 s for 10,000 jobs).
  const jobs = [...byId.values()].sort((a, b) => {
    const x = a.createdDate ?? '';
    const y = b.createdDate ?? '';
    return x < y ? 1 : x > y ? -1 : 0;
  });
  const error = walks.find((w) => w.error !== undefined)?.error;
  const pages = walks.reduce((n, w) => n + w.pages, 0);
  const truncated: V2JobKind[] = [...(ingest.some((w) => w.cut) ? ['ingest' as const] : []), ...(query.cut ? ['query' as const] : [])];
  const ingestClassic = new Set(ingest.flatMap((w) => [...w.classic]));
  const classic = {
    ingest: ingestClassic.size, query: query.classic.size, ingestOnly: [...ingestClassic].filter((id) => !query.classic.has(id)).length,
  };
  return error === undefined ? { jobs, partial: false, pages, truncated, classic } : { jobs, partial: true, error, pages, truncated, classic };
}

/** When the job last changed (ms), or -Infinity when the list row says neither date. */
export function lastMoved(job: BulkJob): number {
  const t = Date.parse(job.systemModstamp ?? job.createdDate ?? '');
  return Number.isNaN(t) ? -Infinity : t;
}

async function walk(endpoints: JobListPages, listedUnder: V2JobKind, query: string, keep: (job: BulkJob) => void, options: RequestOptions): Promise<Walk> {
  let pages = 0;
  let cut = false;
  const classic = new Set<string>();
  try {
    for await (const jobs of jobListPages(endpoints, listedUnder, query, options, { readAhead: true, onCut: () => { cut = true; } })) {
      for (const job of jobs) {
        if (job.jobType === 'Classic') {
          classic.add(job.id);
        }
        keep(job);
      }
      pages++;
    }
  } catch (e) {
    // The page that failed was asked for too.
    const error = isBulkApiError(e) ? e : new BulkApiError({ kind: 'unexpectedResponse', message: `The job list could not be read: ${String(e)}` });
    return { pages: pages + 1, error, cut, classic };
  }
  return { pages, cut, classic };
}
