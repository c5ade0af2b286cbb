/**
 * The org-list service behind the Org Jobs view (`OrgJobsSource`): per org the last complete list
 * (`OrgJobsState`), the submitters' names (`UserNames`), the details of jobs that newly finished
 * (`detailsWanted`, merged with `withDetails`), the session's user; the "Watch This Org" switch and
 * what windows share (`SharedOrgState`); the schedule (`watchPlan`, one timer for all orgs; one
 * window checks each hidden org, by lease); and, after each refresh of a watched org, the notifier.
 * Requests go through `clientFor`, with the caller's AbortSignal; one org's refresh never overlaps itself.
 */
import * as vscode from 'vscode';
import type { BulkClient } from '../api/bulkClient';
import { isBulkApiError, type BulkErrorKind } from '../api/errors';
import type { ApiUsage, BulkJob } from '../api/types';
import { UserNames } from '../api/org/userNames';
import type { Leases } from '../jobs/lease';
import { detailsWanted } from '../model/orgJobs/detailsPolicy';
import { withDetails } from '../model/orgJobs/groups';
import { OrgJobsState } from '../model/orgJobs/orgJobsState';
import { watchNotice, watchPlan, type WatchPlan } from '../model/orgJobs/watchPlan';
import type { Settings } from '../settings';
import type { OrgJobNotifier } from './orgJobNotifier';
import type { SharedOrgState } from './sharedOrgState';
import type { OrgJobsSnapshot, OrgJobsSource } from './source';

/** How often the one timer looks which org is due (it sends nothing by itself). */
export const TICK_MS = 5_000;
/** The lease of an org's background checks, apart from the explorer poller's lease of the same org. */
export const leaseKey = (orgKey: string): string => `orgJobs:${orgKey}`;

export type OrgJobsClient = Pick<BulkClient, 'listOrgJobs' | 'querySoql' | 'getJob' | 'sessionUserId'>;

export interface OrgJobsDeps {
  clientFor(orgKey: string): Promise<OrgJobsClient>;
  lastApiUsage(orgKey: string): ApiUsage | undefined;
  settings: Pick<Settings, 'orgJobsRefreshMs' | 'orgJobsBackgroundMs' | 'orgJobsNotifications' | 'orgJobsCheckWhileUnfocused' | 'apiUsageThresholds'>;
  shared: SharedOrgState;
  leases: Leases;
  log: vscode.LogOutputChannel;
  isTracked(orgKey: string, jobId: string): boolean;
  /** Tells a watched org's new events; `notify` resolves once they are shown, not answered. */
  notifier: OrgJobNotifier;
  now?: () => number;
  random?: () => number;
}

interface OrgEntry {
  state: OrgJobsState;
  /** The last rows read, by id (what `detailsWanted` compares against). */
  previous?: Map<string, BulkJob>;
  details: Map<string, BulkJob>;
  names?: UserNames;
  myUserId?: string;
  refreshing?: Promise<void>;
  error?: string;
  errors?: { count: number; kind: BulkErrorKind; at: number };
  lastReadHere?: number;
}

export class OrgJobsService implements OrgJobsSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly watchChanged = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeWatched = this.watchChanged.event;
  private readonly orgs = new Map<string, OrgEntry>();
  private shown: readonly string[] = [];
  private visible = false;
  private readonly now: () => number;
  private readonly timer: ReturnType<typeof setInterval>;

  /** `deps` is public for in-host tests (the notifier's `show`, the shared state). */
  constructor(readonly deps: OrgJobsDeps) {
    this.now = deps.now ?? Date.now;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
    this.watchChanged.dispose();
  }

  snapshot(orgKey: string): OrgJobsSnapshot {
    const entry = this.orgs.get(orgKey);
    const current = entry?.state.current;
    return {
      orgKey,
      jobs: current?.jobs,
      asOf: current?.asOf,
      error: entry?.error,
      usage: this.deps.lastApiUsage(orgKey),
      refreshing: entry?.refreshing !== undefined,
      notice: watchNotice(this.plan(orgKey).status, this.now(), vscode.l10n.t, vscode.env.language),
      myUserId: entry?.myUserId,
    };
  }

  nameOf(orgKey: string, userId: string | undefined): string | undefined {
    return this.orgs.get(orgKey)?.names?.nameOf(userId);
  }

  refresh(orgKey: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const entry = this.entry(orgKey);
    if (entry.refreshing) {
      return entry.refreshing;
    }
    entry.refreshing = this.read(orgKey, entry, options.signal).finally(() => {
      entry.refreshing = undefined;
      this.changed.fire(orgKey);
    });
    this.changed.fire(orgKey);
    return entry.refreshing;
  }

  setShown(orgKeys: readonly string[], visible: boolean): void {
    this.shown = [...orgKeys];
    this.visible = visible;
    if (visible) {
      const now = this.now();
      for (const orgKey of orgKeys) {
        const read = this.orgs.get(orgKey)?.lastReadHere;
        if (read === undefined || now - read >= this.deps.settings.orgJobsRefreshMs()) {
          void this.refresh(orgKey);
        }
      }
    }
  }

  isWatched(orgKey: string): boolean {
    return this.deps.shared.isWatched(orgKey);
  }

  async setWatched(orgKey: string, on: boolean): Promise<void> {
    await this.deps.shared.setWatched(orgKey, on);
    this.watchChanged.fire();
    this.changed.fire(orgKey);
  }

  /** The org's session came back (`orgs.onDidChange`): its refreshes stopped for a lost session resume. */
  sessionsChanged(): void {
    for (const [orgKey, entry] of this.orgs) {
      if (entry.errors?.kind === 'sessionExpired') {
        entry.errors = undefined;
        this.changed.fire(orgKey);
      }
    }
  }

  /** Refreshes every org that is due (the one timer; also called by tests). */
  tick(): void {
    for (const orgKey of new Set([...this.shown, ...this.deps.shared.watched()])) {
      const at = this.plan(orgKey, true).at;
      if (at !== undefined && at <= this.now() && !this.orgs.get(orgKey)?.refreshing) {
        void this.refresh(orgKey);
      }
    }
  }

  /** When this window refreshes the org next, and why; `takeLease` takes the background lease when it is wanted. */
  private plan(orgKey: string, takeLease = false): WatchPlan {
    const s = this.deps.settings;
    const entry = this.orgs.get(orgKey);
    const visible = this.visible && this.shown.includes(orgKey);
    const watched = this.isWatched(orgKey);
    const wantsLease = watched && !visible && s.orgJobsNotifications();
    const leaseHere = wantsLease && (takeLease ? this.deps.leases.acquire(leaseKey(orgKey)) : this.deps.leases.holder(leaseKey(orgKey)) === this.deps.leases.windowId);
    return watchPlan({
      now: this.now(), watched, visible, notifications: s.orgJobsNotifications(), leaseHere,
      lastReadHere: entry?.lastReadHere, lastRefreshAnywhere: this.deps.shared.lastRefresh(orgKey),
      lastFocusAnywhere: this.deps.shared.lastFocus(), checkWhileUnfocused: s.orgJobsCheckWhileUnfocused(),
      usage: this.deps.lastApiUsage(orgKey), thresholds: s.apiUsageThresholds(), errors: entry?.errors,
      refreshMs: s.orgJobsRefreshMs(), backgroundMs: s.orgJobsBackgroundMs(), random: this.deps.random?.() ?? Math.random(),
    });
  }

  private entry(orgKey: string): OrgEntry {
    let entry = this.orgs.get(orgKey);
    if (!entry) {
      entry = { state: new OrgJobsState(), details: new Map() };
      this.orgs.set(orgKey, entry);
    }
    return entry;
  }

  private async read(orgKey: string, entry: OrgEntry, signal: AbortSignal | undefined): Promise<void> {
    const at = this.now();
    const visible = this.visible && this.shown.includes(orgKey);
    try {
      const client = await this.deps.clientFor(orgKey);
      entry.myUserId ??= await client.sessionUserId({ signal }).catch((e: unknown) => {
        this.deps.log.warn(`[orgJobs] ${orgKey}: the session user is unknown: ${String(e)}`);
        return undefined;
      });
      const list = await client.listOrgJobs({ now: at, signal });
      const wanted = detailsWanted(list.jobs, entry.previous, entry.details, at);
      await Promise.all(wanted.map((id) => client.getJob(id, { signal }).then(
        (job) => void entry.details.set(id, job),
        (e: unknown) => this.deps.log.warn(`[orgJobs] ${orgKey}: details of ${id} not read: ${String(e)}`),
      )));
      const jobs = list.jobs.map((job) => withDetails(job, entry.details.get(job.id)));
      const events = entry.state.apply(
        { jobs, partial: list.partial, error: list.error?.message, at },
        { isTracked: (id) => this.deps.isTracked(orgKey, id), abortedHere: this.deps.shared.aborted(orgKey) },
      );
      entry.previous = list.partial ? new Map([...(entry.previous ?? []), ...jobs.map((j) => [j.id, j] as const)]) : new Map(jobs.map((j) => [j.id, j]));
      entry.names ??= new UserNames((soql, o) => client.querySoql(soql, o));
      const queries = await entry.names.resolve(jobs.map((j) => j.createdById), { signal }).catch((e: unknown) => {
        this.deps.log.warn(`[orgJobs] ${orgKey}: submitters' names not read: ${String(e)}`);
        return 0;
      });
      entry.error = list.error?.message;
      entry.errors = list.error ? { count: (entry.errors?.count ?? 0) + 1, kind: list.error.kind, at } : undefined;
      entry.lastReadHere = at;
      void this.deps.shared.noteRefresh(orgKey, at);
      this.deps.log.info(`[orgJobs] ${orgKey}: ${jobs.length} jobs, ${list.pages} pages, ${wanted.length} details, ${queries} name queries`
        + `${list.partial ? ` (partial: ${list.error?.message ?? ''})` : ''}, ${events.length} events`);
      if (this.isWatched(orgKey) && this.deps.settings.orgJobsNotifications() && events.length > 0) {
        const windowMs = visible ? this.deps.settings.orgJobsRefreshMs() : this.deps.settings.orgJobsBackgroundMs();
        await this.deps.notifier.notify(orgKey, events, windowMs).catch((e: unknown) => this.deps.log.error(`[orgJobs] ${orgKey}: notification failed: ${String(e)}`));
      }
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'cancelled') {
        return;
      }
      entry.error = e instanceof Error ? e.message : String(e);
      const kind: BulkErrorKind = isBulkApiError(e) ? e.kind : 'unexpectedResponse';
      entry.errors = { count: (entry.errors?.count ?? 0) + 1, kind, at };
      this.deps.log.warn(`[orgJobs] ${orgKey}: refresh failed: ${entry.error}`);
    }
  }
}
