/**
 * One org's list between refreshes and how one refresh reads it: the list (both endpoints), the
 * details of finished jobs (the news queue `newsDetails` first, then `detailsWanted`; merged with
 * `withDetails`), the news since the org's `checkedThrough` (`newsSince`) and the new `checkedThrough`
 * (held back while a finished job's details are unread, so the next refresh asks again), the
 * submitters' names (`UserNames`), the session's user once; and the list as other windows take it
 * (`shareable`, `adopt`, `learn`). No `vscode` import here: the service schedules it, the bench
 * counts its requests.
 */
import type { BulkClient } from '../salesforce/bulkClient';
import type { BulkApiError } from '../salesforce/errors';
import type { BulkJob, RequestOptions } from '../salesforce/types';
import type { V2JobKind } from '../salesforce/bulk2';
import { splitIngestPays } from '../salesforce/org/listOrgJobs';
import { UserNames } from '../salesforce/org/userNames';
import { DETAILS_PER_REFRESH, NEWS_DETAILS_PER_REFRESH, detailsWanted, newsDetails } from './detailsPolicy';
import { NEWS_SLACK_MS, movedAt, newsSince, type DiffOptions, type OrgJobEvent, type OrgJobEventKind } from './newFailures';
import { runBounded } from '../util/concurrency';
import { withDetails } from './groups';
import { OrgJobsState, type Shown } from './orgJobsState';
import type { SharedList } from './sharedLists';

export type OrgJobsClient = Pick<BulkClient, 'listOrgJobs' | 'querySoql' | 'getJob' | 'sessionUserId'>;

export interface ReadResult {
  events: OrgJobEvent[];
  jobs: number;
  pages: number;
  details: number;
  nameQueries: number;
  /** The failed page's error, when the list is partial (the last complete one stays shown). */
  error?: BulkApiError;
  /** The org's time through which every finished job was looked at (to share, merged by max); undefined: no complete list yet. */
  checkedThrough?: number;
  /** Finished jobs whose news waits for their details (asked again at the next refresh). */
  pending: number;
  /** The list endpoints cut at the page cap (`listOrgJobs`): older jobs are missing. */
  truncated: V2JobKind[];
}

/** How many details are asked at once. */
const DETAILS_AT_ONCE = 6;

export class OrgReader {
  private readonly state = new OrgJobsState();
  /** The last rows read, by id (what `detailsWanted` compares against). */
  private previous: Map<string, BulkJob> | undefined;
  private readonly details = new Map<string, BulkJob>();
  private me: string | undefined;
  /** The `checkedThrough` of this reader's last read (or of a list taken). */
  private through: number | undefined;
  /** The news this reader returned, by job (a job in the slack is not returned twice by one reader). */
  private returned = new Map<string, OrgJobEventKind>();
  /** Read `jobs/ingest` by type next time (`splitIngestPays`). */
  private splitIngest = false;

  /**
   * `warn`: problems that do not fail the refresh (a job's details, the names, the session user).
   * `names`: the org's names, shared with the window (`OrgUserNames.of`); queried through each read's client.
   */
  constructor(private readonly warn: (message: string) => void = () => undefined, private readonly names: UserNames = new UserNames()) {}

  get current(): Shown | undefined {
    return this.state.current;
  }

  get myUserId(): string | undefined {
    return this.me;
  }

  nameOf(userId: string | undefined): string | undefined {
    return this.names.nameOf(userId);
  }

  /** The last complete list as another window takes it; undefined until there is one. */
  shareable(): SharedList | undefined {
    const current = this.state.current;
    return current && {
      asOf: current.asOf,
      jobs: current.jobs,
      detailed: current.jobs.filter((j) => this.details.has(j.id)).map((j) => j.id),
      names: this.names.entries(),
      me: this.me,
      ...(this.through === undefined ? {} : { checkedThrough: this.through }),
    };
  }

  /**
   * Takes a list another window read, when it is newer than the one here: shown, compared against by
   * the next read here (which tells only what moved since), its details and names known. True when taken.
   */
  adopt(list: SharedList): boolean {
    if (list.asOf <= (this.state.current?.asOf ?? -Infinity)) {
      return false;
    }
    this.learn(list);
    this.state.adopt(list.jobs, list.asOf);
    this.previous = new Map(list.jobs.map((j) => [j.id, j]));
    return true;
  }

  /**
   * Takes only what does not age from a list of any age (one left before a reload, say): the details of
   * finished jobs (a row moved since is asked again, `detailsWanted`), the names, the session user.
   */
  learn(list: SharedList): void {
    const byId = new Map(list.jobs.map((j) => [j.id, j]));
    for (const id of list.detailed) {
      const job = byId.get(id);
      const known = this.details.get(id);
      if (job && (known === undefined || (known.systemModstamp ?? '') < (job.systemModstamp ?? ''))) {
        this.details.set(id, job);
      }
    }
    this.names.remember(list.names);
    this.me ??= list.me;
    if (list.checkedThrough !== undefined) {
      this.through = Math.max(this.through ?? -Infinity, list.checkedThrough);
    }
  }

  /** The `checkedThrough` of the last read here (or of a list taken). */
  get checkedThrough(): number | undefined {
    return this.through;
  }

  /**
   * One refresh started at `at`; throws what `listOrgJobs` throws (a partial list is no throw).
   * `checkedThrough`: the org's, as every window shares it (when the option is absent, this reader's own); undefined: the baseline.
   * `backlog`: the list is on screen, so the recent completed jobs' details are caught up too (`detailsWanted`).
   */
  async read(client: OrgJobsClient, at: number, diff: DiffOptions, options: RequestOptions & { backlog: boolean; checkedThrough?: number }): Promise<ReadResult> {
    const signal = options.signal;
    // Given (even undefined: Watch was just switched on, or never checked), the shared one decides; else this reader's own.
    const since = 'checkedThrough' in options ? options.checkedThrough : this.through;
    this.me ??= await client.sessionUserId({ signal }).catch((e: unknown) => void this.warn(`the session user is unknown: ${String(e)}`));
    const list = await client.listOrgJobs({ now: at, signal, splitIngest: this.splitIngest });
    this.splitIngest = splitIngestPays(list, this.splitIngest);
    const queue = newsDetails(list.jobs, this.details, since).map((j) => j.id);
    const first = queue.slice(0, NEWS_DETAILS_PER_REFRESH);
    const inQueue = new Set(queue);
    const others = detailsWanted(list.jobs, this.previous, this.details, at, { backlog: options.backlog, limit: Infinity })
      .filter((id) => !inQueue.has(id))
      .slice(0, Math.max(0, DETAILS_PER_REFRESH - first.length));
    const wanted = [...first, ...others];
    await runBounded(wanted, DETAILS_AT_ONCE, (id) => client.getJob(id, { signal }).then(
      (job) => void this.details.set(id, job),
      (e: unknown) => this.warn(`details of ${id} not read (asked again at the next refresh): ${String(e)}`),
    ));
    signal?.throwIfAborted();
    const jobs = list.jobs.map((job) => withDetails(job, this.details.get(job.id)));
    const rows = new Map(list.jobs.map((j) => [j.id, j]));
    const pending = new Set(queue.filter((id) => (this.details.get(id)?.systemModstamp ?? '\u0000') < (rows.get(id)?.systemModstamp ?? '')
      || !this.details.has(id)));
    const events = newsSince(jobs, since, { ...diff, pending }).filter((e) => this.returned.get(e.job.id) !== e.kind);
    this.state.apply({ jobs, partial: list.partial, error: list.error?.message, at });
    if (!list.partial) {
      this.through = nextCheckedThrough(jobs, since, pending);
      const listed = new Set(jobs.map((j) => j.id));
      this.returned = new Map([...this.returned].filter(([id]) => listed.has(id)));
    }
    for (const e of events) {
      this.returned.set(e.job.id, e.kind);
    }
    this.previous = new Map([...(list.partial ? (this.previous ?? []) : []), ...jobs.map((j) => [j.id, j] as const)]);
    const nameQueries = await this.names.resolve(jobs.map((j) => j.createdById), (soql, o) => client.querySoql(soql, o), { signal }).catch((e: unknown) => {
      this.warn(`submitters' names not read: ${String(e)}`);
      return 0;
    });
    return {
      events, jobs: jobs.length, pages: list.pages, details: wanted.length, nameQueries, error: list.error, pending: pending.size, truncated: list.truncated,
      ...(this.through === undefined ? {} : { checkedThrough: this.through }),
    };
  }
}

/**
 * The org's time through which a complete list was looked at: its newest move; held back while a
 * finished job's details are unread (so it stays within the slack of the next look); never below
 * `since`. A baseline (no `since`) starts the slack at the list's newest move: what moved before is no news.
 */
export function nextCheckedThrough(jobs: readonly BulkJob[], since: number | undefined, pending: ReadonlySet<string>): number {
  const newest = jobs.reduce((max, j) => Math.max(max, movedAt(j)), 0);
  if (since === undefined) {
    return newest + NEWS_SLACK_MS;
  }
  const oldestWaiting = jobs.reduce((min, j) => (pending.has(j.id) ? Math.min(min, movedAt(j)) : min), Infinity);
  const held = Math.min(newest, oldestWaiting + NEWS_SLACK_MS - 1);
  return Math.max(since, held);
}
