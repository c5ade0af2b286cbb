/**
 * The org-list service behind the Org Jobs view (`OrgJobsSource`): per org the last complete list
 * (`OrgJobsState`), the submitters' names (the window's `OrgUserNames`, shared with the panel, the Jobs view and the hover), the details of jobs that newly finished
 * (`detailsWanted`, merged with `withDetails`), the session's user; the "Watch This Org" switch and
 * what windows share (`SharedOrgState`, and each org's last list: `SharedLists`); the schedule
 * (`watchPlan`; one window refreshes each org, by lease: one lease while shown, one for the
 * background checks; the others showing it take its list), run by the window's one `Scheduler` (its
 * task `orgJobs`: due at the next look at what the other windows share, or sooner when an org's
 * refresh is due); and, after each refresh of a watched org, the notifier.
 * Requests go through `clientFor`, with the caller's AbortSignal; one org's refresh never overlaps itself.
 */
import * as vscode from 'vscode';
import { isBulkApiError, type BulkErrorKind } from '../salesforce/errors';
import type { ApiUsage } from '../salesforce/types';
import type { Scheduler } from '../schedule/scheduler';
import type { Leases } from '../storage/lease';
import { budgetEveryMs, watchNotice, watchPlan, type WatchPlan } from './watchPlan';
import type { Settings } from '../settings';
import type { OrgJobNotifier } from './orgJobNotifier';
import { OrgReader, type OrgJobsClient } from './orgReader';
import type { SharedLists } from './sharedLists';
import type { SharedOrgState } from './sharedOrgState';
import type { OrgJobsSnapshot, OrgJobsSource } from './source';
import { orgJobsLeaseName, orgJobsShownLeaseName } from '../storage/keys';
import { FUTURE_TOLERANCE_MS } from '../storage/stamps';
import { errorClass } from '../schedule/pollRules';
import type { OrgUserNames } from '../salesforce/org/userNames';

/** How often the service looks at what the other windows share and which org is due (it sends nothing by itself). */
export const TICK_MS = 5_000;
// Leases (`storage/keys.ts`): one per org for background checks, apart from the Jobs view poller's; and
// one per org for refreshes while shown: taken by a window showing it, given up when it stops showing
// it, so a window with the view hidden (holding the background lease) never slows a visible one.

export interface OrgJobsDeps {
  clientFor(orgKey: string): Promise<OrgJobsClient>;
  lastApiUsage(orgKey: string): ApiUsage | undefined;
  settings: Pick<Settings, 'orgJobsRefreshMs' | 'orgJobsBackgroundMs' | 'orgJobsNotifications' | 'orgJobsCheckWhileUnfocused' | 'apiUsageThresholds' | 'orgJobsMaxSharePerHourPercent'>;
  shared: SharedOrgState;
  /** Each org's last complete list, for and from the other windows. */
  lists: SharedLists;
  /** The window's one lease set (one window id), shared with the tracked jobs' poller. */
  leases: Leases;
  /** The window's one timer, which runs `tick` when due. */
  scheduler: Scheduler;
  log: vscode.LogOutputChannel;
  isTracked(orgKey: string, jobId: string): boolean;
  /** The window's one cache of users' names (each org's reader resolves through it). */
  names: Pick<OrgUserNames, 'of' | 'nameOf' | 'onDidChange'>;
  /** Tells a watched org's new events; `notify` resolves once they are shown, not answered. */
  notifier: OrgJobNotifier;
  now?: () => number;
  random?: () => number;
}

interface OrgEntry {
  reader: OrgReader;
  refreshing?: Promise<void>;
  error?: string;
  errors?: { count: number; kind: BulkErrorKind; at: number };
  /** The backoff's jitter (0..1), drawn once per error so the retry time holds still between ticks. */
  jitter?: number;
  lastReadHere?: number;
  /** The last other window's refresh (its shared stamp) whose list was looked for here. */
  lookedFor?: number;
  /** The org's API usage as the window whose list was taken here saw it. */
  usage?: ApiUsage;
  /** The shared stamp whose list this window could not take (a remote window, a damaged file): it reads the org itself. */
  cannotTake?: number;
  /** Until then (this window's clock) this window leaves the org's leases to others: it could not read the org or share its list. */
  stepAsideUntil?: number;
  /** The list pages the last complete read took (here or in the window whose list was taken): what the budget counts (`watchPlan`). */
  pages?: number;
  /** The list endpoints that read found cut at the page cap ("jobs/query"). */
  truncated?: readonly string[];
}

/** How long a window that could not read an org, or share its list, leaves the org's leases to the others. */
export const STEP_ASIDE_MS = 5 * 60_000;

export class OrgJobsService implements OrgJobsSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly watchChanged = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeWatched = this.watchChanged.event;
  private readonly orgs = new Map<string, OrgEntry>();
  private shown: readonly string[] = [];
  private visible = false;
  /** The watched orgs last seen, so a switch flipped in another window is heard here (at the next tick). */
  private watchedSeen: readonly string[] = [];
  private readonly now: () => number;
  /** When `tick` last looked. */
  private lookedAt: number;
  /** This service's task in the window's scheduler. */
  private readonly task: { dispose(): void };
  private readonly namesChanged: { dispose(): void };

  /** `deps` is public for in-host tests (the notifier's `show`, the shared state). */
  constructor(readonly deps: OrgJobsDeps) {
    this.now = deps.now ?? Date.now;
    this.lookedAt = this.now();
    this.task = deps.scheduler.add('orgJobs', { dueAt: () => this.dueAt(), run: () => this.tick() });
    // Names learnt elsewhere (a panel, a hover) redraw the org's rows; a read's own end redraws them anyway.
    this.namesChanged = deps.names.onDidChange((orgKey) => {
      const entry = this.orgs.get(orgKey);
      if (entry && !entry.refreshing) {
        this.changed.fire(orgKey);
      }
    });
    void deps.shared.prune().catch((e: unknown) => deps.log.warn(`[orgJobs] old shared state not pruned: ${String(e)}`));
  }

  dispose(): void {
    this.task.dispose();
    this.namesChanged.dispose();
    this.changed.dispose();
    this.watchChanged.dispose();
  }

  snapshot(orgKey: string): OrgJobsSnapshot {
    const entry = this.orgs.get(orgKey);
    const current = entry?.reader.current;
    return {
      orgKey,
      jobs: current?.jobs,
      asOf: current?.asOf,
      error: entry?.error,
      usage: this.usageOf(orgKey),
      refreshing: entry?.refreshing !== undefined,
      notice: watchNotice(this.plan(orgKey).status, this.now(), vscode.l10n.t, vscode.env.language),
      myUserId: entry?.reader.myUserId,
      truncated: entry?.truncated?.length ? entry.truncated : undefined,
    };
  }

  nameOf(orgKey: string, userId: string | undefined): string | undefined {
    return this.deps.names.nameOf(orgKey, userId);
  }

  refresh(orgKey: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.start(orgKey, options.signal, true);
  }

  /** `backlog`: catch up the recent completed jobs' details (asked for, or on screen); a background check reads only the new ones. */
  private start(orgKey: string, signal: AbortSignal | undefined, backlog: boolean): Promise<void> {
    const entry = this.entry(orgKey);
    if (entry.refreshing) {
      return entry.refreshing;
    }
    entry.refreshing = this.read(orgKey, entry, signal, backlog).finally(() => {
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
      for (const orgKey of orgKeys) {
        void this.catchUp(orgKey);
      }
    }
  }

  /** A shown org's list older than `refreshSeconds`: another window's, when it is fresh enough, else read now. */
  private async catchUp(orgKey: string): Promise<void> {
    // Fresh within the refresh interval, stretched as the budget stretches it (showing the view does not spend more).
    const every = Math.max(this.deps.settings.orgJobsRefreshMs(), this.budgetMs(orgKey) ?? 0);
    const fresh = (at: number | undefined): boolean => at !== undefined && this.now() - at < every;
    const upToDate = (): boolean => fresh(this.orgs.get(orgKey)?.lastReadHere) || fresh(this.orgs.get(orgKey)?.reader.current?.asOf);
    if (upToDate()) {
      return;
    }
    if (fresh(this.deps.shared.lastRefresh(orgKey))) {
      await this.takeShared(orgKey);
      if (upToDate()) {
        return;
      }
    } else if (this.orgs.get(orgKey)?.reader.current === undefined) {
      // An older list (before a reload, or another window's): its details and names are not asked again.
      const list = await this.deps.lists.read(orgKey);
      if (list) {
        this.entry(orgKey).reader.learn(list);
      }
    }
    await this.refresh(orgKey);
  }

  /** Takes the org's list another window read, when it is newer than the one here; true when taken. */
  private async takeShared(orgKey: string): Promise<boolean> {
    const entry = this.entry(orgKey);
    const stamp = this.deps.shared.lastRefresh(orgKey);
    entry.lookedFor = stamp;
    const list = await this.deps.lists.read(orgKey);
    if (list === undefined || list.asOf > this.now() + FUTURE_TOLERANCE_MS) {
      // No list this window can take (another machine's storage, a damaged file, a clock ahead): read the org here.
      entry.cannotTake = stamp;
      return false;
    }
    entry.cannotTake = undefined;
    if (entry.refreshing || !entry.reader.adopt(list)) {
      return false;
    }
    entry.error = undefined;
    entry.usage = list.usage ?? entry.usage;
    if (list.read) {
      entry.pages = list.read.pages;
      entry.truncated = list.read.truncated;
    }
    this.deps.log.info(`[orgJobs] ${orgKey}: took another window's list of ${list.jobs.length} jobs`);
    this.changed.fire(orgKey);
    return true;
  }

  isWatched(orgKey: string): boolean {
    return this.deps.shared.isWatched(orgKey);
  }

  async setWatched(orgKey: string, on: boolean): Promise<void> {
    await this.deps.shared.setWatched(orgKey, on);
    // Watching starts from the list on screen here, when there is one: what fails after it is news (what
    // failed before, while unwatched, is not); with none, the next read is the baseline.
    const through = on ? this.orgs.get(orgKey)?.reader.checkedThrough : undefined;
    if (through !== undefined) {
      await this.deps.shared.noteCheckedThrough(orgKey, through);
    }
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

  /**
   * When `tick` is due: `TICK_MS` after the last look, or sooner when a shown or watched org's refresh
   * falls due before that (by this window's leases as they are; `tick` takes a lease that is wanted and
   * free; the watched orgs as of the last look). A refresh already due at the last look and not
   * started then waits for the next look.
   */
  private dueAt(): number {
    let at = this.lookedAt + TICK_MS;
    for (const orgKey of new Set([...this.shown, ...this.watchedSeen])) {
      const planned = this.plan(orgKey).at;
      if (planned !== undefined && planned > this.lookedAt && planned < at) {
        at = planned;
      }
    }
    return at;
  }

  /** Looks at what the other windows share and refreshes every org that is due (run by the scheduler; also called by tests). */
  tick(): void {
    this.lookedAt = this.now();
    const watched = this.deps.shared.watched();
    if (watched.join('\n') !== this.watchedSeen.join('\n')) {
      this.watchedSeen = watched;
      this.watchChanged.fire();
    }
    for (const orgKey of this.visible ? this.shown : []) {
      const entry = this.orgs.get(orgKey);
      const stamp = this.deps.shared.lastRefresh(orgKey);
      if (entry && !entry.refreshing && stamp !== undefined && stamp > (entry.reader.current?.asOf ?? -Infinity) && stamp !== entry.lookedFor) {
        void this.takeShared(orgKey);
      }
    }
    for (const orgKey of new Set([...this.orgs.keys(), ...watched])) {
      if (!this.isVisible(orgKey) && this.deps.leases.holder(orgJobsShownLeaseName(orgKey)) === this.deps.leases.windowId) {
        void this.deps.leases.release(orgJobsShownLeaseName(orgKey));
      }
    }
    for (const orgKey of new Set([...this.shown, ...watched])) {
      const at = this.plan(orgKey, true).at;
      if (at !== undefined && at <= this.now() && !this.orgs.get(orgKey)?.refreshing) {
        // Shown: the recent completed jobs' details are caught up too, unless the budget already holds the org back.
        void this.start(orgKey, undefined, this.isVisible(orgKey) && !this.budgetBinds(orgKey));
      }
    }
  }

  /** When this window refreshes the org next, and why; `takeLease` takes the background lease when it is wanted. */
  private plan(orgKey: string, takeLease = false): WatchPlan {
    const s = this.deps.settings;
    const entry = this.orgs.get(orgKey);
    const visible = this.isVisible(orgKey);
    const watched = this.isWatched(orgKey);
    const steppedAside = entry?.stepAsideUntil !== undefined && this.now() < entry.stepAsideUntil;
    const wantsLease = watched && (visible || s.orgJobsNotifications()) && !steppedAside;
    const key = visible ? orgJobsShownLeaseName(orgKey) : orgJobsLeaseName(orgKey);
    const leaseHere = wantsLease && (takeLease ? this.deps.leases.acquire(key) : this.deps.leases.holder(key) === this.deps.leases.windowId);
    const stamp = this.deps.shared.lastRefresh(orgKey);
    return watchPlan({
      now: this.now(), watched, visible, notifications: s.orgJobsNotifications(), leaseHere,
      // A list this window could not take does not count as a refresh here (or it would wait for it forever).
      lastReadHere: entry?.lastReadHere, lastRefreshAnywhere: stamp !== undefined && stamp === entry?.cannotTake ? undefined : stamp,
      lastFocusAnywhere: this.deps.shared.lastFocus(), checkWhileUnfocused: s.orgJobsCheckWhileUnfocused(),
      usage: this.usageOf(orgKey), thresholds: s.apiUsageThresholds(), errors: entry?.errors,
      refreshMs: s.orgJobsRefreshMs(), backgroundMs: s.orgJobsBackgroundMs(), random: entry?.jitter ?? 0.5,
      pagesPerRead: this.pagesOf(orgKey), maxSharePerHourPercent: s.orgJobsMaxSharePerHourPercent(),
    });
  }

  /** The list pages a read of the org takes: the last one's, else at least a page per 1,000 jobs shown on each list endpoint. */
  private pagesOf(orgKey: string): number | undefined {
    const entry = this.orgs.get(orgKey);
    const shown = entry?.reader.current?.jobs.length;
    return entry?.pages ?? (shown === undefined ? undefined : 2 * Math.max(1, Math.ceil(shown / 1_000)));
  }

  /** The interval the budget asks for between two reads of the org; undefined: none known. */
  private budgetMs(orgKey: string): number | undefined {
    return budgetEveryMs(this.pagesOf(orgKey), this.usageOf(orgKey), this.deps.settings.orgJobsMaxSharePerHourPercent());
  }

  /** The budget stretches the org's refreshes while shown: its list pages alone take the share, so no backlog of details is read on top. */
  private budgetBinds(orgKey: string): boolean {
    return (this.budgetMs(orgKey) ?? 0) > this.deps.settings.orgJobsRefreshMs();
  }

  /** The newest usage seen of the org: by this window, or by the window whose list was taken here. */
  private usageOf(orgKey: string): ApiUsage | undefined {
    const here = this.deps.lastApiUsage(orgKey);
    const taken = this.orgs.get(orgKey)?.usage;
    return taken !== undefined && (here === undefined || taken.at > here.at) ? taken : here;
  }

  private isVisible(orgKey: string): boolean {
    return this.visible && this.shown.includes(orgKey);
  }

  private failed(entry: OrgEntry, kind: BulkErrorKind, at: number): void {
    entry.errors = { count: (entry.errors?.count ?? 0) + 1, kind, at };
    entry.jitter = (this.deps.random ?? Math.random)();
  }

  /** This window cannot read the org or share its list: it gives up the org's leases for a while, so a window that can takes over. */
  private stepAside(orgKey: string, entry: OrgEntry, why: string): void {
    entry.stepAsideUntil = this.now() + STEP_ASIDE_MS;
    this.deps.log.warn(`[orgJobs] ${orgKey}: leaving its refreshes to another window for now: ${why}`);
    for (const name of [orgJobsLeaseName(orgKey), orgJobsShownLeaseName(orgKey)]) {
      if (this.deps.leases.holder(name) === this.deps.leases.windowId) {
        void this.deps.leases.release(name);
      }
    }
  }

  private entry(orgKey: string): OrgEntry {
    let entry = this.orgs.get(orgKey);
    if (!entry) {
      entry = { reader: new OrgReader((message) => this.deps.log.warn(`[orgJobs] ${orgKey}: ${message}`), this.deps.names.of(orgKey)) };
      this.orgs.set(orgKey, entry);
    }
    return entry;
  }

  private async read(orgKey: string, entry: OrgEntry, signal: AbortSignal | undefined, backlog: boolean): Promise<void> {
    const at = this.now();
    const visible = this.isVisible(orgKey);
    try {
      const client = await this.deps.clientFor(orgKey).catch((e: unknown) => {
        this.stepAside(orgKey, entry, `no session here: ${String(e)}`);
        throw e;
      });
      const read = await entry.reader.read(client, at, { isTracked: (id) => this.deps.isTracked(orgKey, id), abortedHere: this.deps.shared.aborted(orgKey) }, {
        signal, backlog, checkedThrough: this.deps.shared.checkedThrough(orgKey),
      });
      const { events, error } = read;
      entry.error = error?.message;
      if (error) {
        this.failed(entry, error.kind, at);
      } else {
        entry.errors = undefined;
      }
      entry.lastReadHere = at;
      if (!error) {
        entry.pages = read.pages;
        entry.truncated = read.truncated.map((kind) => `jobs/${kind}`);
      }
      const list = entry.reader.shareable();
      if (!error && list?.asOf === at) {
        // The stamp tells the other windows a list they can take exists: raised only once it is written whole.
        if (await this.deps.lists.write(orgKey, { ...list, usage: this.usageOf(orgKey), read: { pages: read.pages, truncated: read.truncated.map((kind) => `jobs/${kind}`) } })) {
          void this.deps.shared.noteRefresh(orgKey, at);
        } else {
          this.stepAside(orgKey, entry, 'its list could not be shared with the other windows');
        }
      }
      if (read.checkedThrough !== undefined) {
        void this.deps.shared.noteCheckedThrough(orgKey, read.checkedThrough);
      }
      this.deps.log.info(`[orgJobs] ${orgKey}: ${read.jobs} jobs, ${read.pages} pages, ${read.details} details, ${read.nameQueries} name queries, `
        + `${events.length} events, ${read.pending} awaiting details${read.truncated.length > 0 ? `, cut at the page cap: ${read.truncated.join(', ')}` : ''}`
        + `${error ? ` (partial: ${error.message})` : ''}`);
      if (this.isWatched(orgKey) && this.deps.settings.orgJobsNotifications() && events.length > 0) {
        const windowMs = visible ? this.deps.settings.orgJobsRefreshMs() : this.deps.settings.orgJobsBackgroundMs();
        await this.deps.notifier.notify(orgKey, events, windowMs).catch((e: unknown) => this.deps.log.error(`[orgJobs] ${orgKey}: notification failed: ${String(e)}`));
      }
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'cancelled') {
        return;
      }
      entry.error = e instanceof Error ? e.message : String(e);
      const kind = isBulkApiError(e) ? e.kind : 'unexpectedResponse';
      this.failed(entry, kind, at);
      if (['session', 'stop'].includes(errorClass(kind))) {
        this.stepAside(orgKey, entry, entry.error);
      }
      this.deps.log.warn(`[orgJobs] ${orgKey}: refresh failed: ${entry.error}`);
    }
  }
}
