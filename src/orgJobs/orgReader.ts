/**
 * One org's list between refreshes and how one refresh reads it: the list (both endpoints), the
 * details of jobs that newly finished (`detailsWanted`, merged with `withDetails`), the events
 * against the previous list (`OrgJobsState`), the submitters' names (`UserNames`), the session's
 * user once; and the list as other windows take it (`shareable`, `adopt`, `learn`). No `vscode`
 * import here: the service schedules it, the bench counts its requests.
 */
import type { BulkClient } from '../salesforce/bulkClient';
import type { BulkApiError } from '../salesforce/errors';
import type { BulkJob, RequestOptions } from '../salesforce/types';
import { UserNames } from '../salesforce/org/userNames';
import { detailsWanted } from './detailsPolicy';
import type { DiffOptions, OrgJobEvent } from './newFailures';
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
}

export class OrgReader {
  private readonly state = new OrgJobsState();
  /** The last rows read, by id (what `detailsWanted` compares against). */
  private previous: Map<string, BulkJob> | undefined;
  private readonly details = new Map<string, BulkJob>();
  /** The client of the read under way (the names are queried through it). */
  private client: OrgJobsClient | undefined;
  private readonly names = new UserNames((soql, o) => {
    if (this.client === undefined) {
      throw new Error('no read under way');
    }
    return this.client.querySoql(soql, o);
  });
  private me: string | undefined;

  /** Problems that do not fail the refresh (a job's details, the names, the session user). */
  constructor(private readonly warn: (message: string) => void = () => undefined) {}

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
  }

  /**
   * One refresh started at `at`; throws what `listOrgJobs` throws (a partial list is no throw).
   * `backlog`: the list is on screen, so the recent completed jobs' details are caught up too (`detailsWanted`).
   */
  async read(client: OrgJobsClient, at: number, diff: DiffOptions, options: RequestOptions & { backlog: boolean }): Promise<ReadResult> {
    const signal = options.signal;
    this.client = client;
    this.me ??= await client.sessionUserId({ signal }).catch((e: unknown) => void this.warn(`the session user is unknown: ${String(e)}`));
    const list = await client.listOrgJobs({ now: at, signal });
    const wanted = detailsWanted(list.jobs, this.previous, this.details, at, { backlog: options.backlog });
    await Promise.all(wanted.map((id) => client.getJob(id, { signal }).then(
      (job) => void this.details.set(id, job),
      (e: unknown) => this.warn(`details of ${id} not read: ${String(e)}`),
    )));
    const jobs = list.jobs.map((job) => withDetails(job, this.details.get(job.id)));
    const events = this.state.apply({ jobs, partial: list.partial, error: list.error?.message, at }, diff);
    this.previous = new Map([...(list.partial ? (this.previous ?? []) : []), ...jobs.map((j) => [j.id, j] as const)]);
    const nameQueries = await this.names.resolve(jobs.map((j) => j.createdById), { signal }).catch((e: unknown) => {
      this.warn(`submitters' names not read: ${String(e)}`);
      return 0;
    });
    return { events, jobs: jobs.length, pages: list.pages, details: wanted.length, nameQueries, error: list.error };
  }
}
