/**
 * What the Org Jobs view shows and why: the orgs shown, the filter, how many rows each group shows;
 * rebuilds the tree model when a list, the tracked jobs or the filter change (coalesced) and hands it
 * to the view, which redraws only what changed. Writes the view's message, description, progress
 * and context keys.
 */
import * as vscode from 'vscode';
import { isValidId, to18 } from '../salesforce/ids';
import type { Deps } from '../deps';
import { filterDescription, isFilterEmpty, type OrgJobFilter } from './filter';
import { readFilter } from './filterState';
import { groupOf } from './groups';
import { buildTree, groupNodeId, jobNodeId, ROWS_PER_PAGE } from './orgJobsTree';
import { messageLine } from './rowView';
import { shownOrgs } from './shownOrgs';
import type { OrgJobsNode, OrgJobsView } from './orgJobsView';
import { ORG_JOBS_VIEW } from './orgJobsView';
import type { OrgJobsSource } from './source';
import { orgKeyLabel } from '../orgs/orgKey';
import { ORG_JOBS_FILTER_KEY } from '../storage/keys';


export class OrgJobsController implements vscode.Disposable {
  orgKeys: string[] = [];
  private loadCall = 0;
  filter: OrgJobFilter;
  private readonly limits = new Map<string, number>();
  private labels = new Map<string, string>();
  /** The orgs or the filter changed since the last build: redraw everything. */
  private reshaped = true;
  private pending: NodeJS.Timeout | undefined;
  private readonly progress = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The last rebuild's fired node count (undefined: all), for tests. */
  lastFired: number | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly source: OrgJobsSource,
    private readonly state: vscode.Memento,
    private readonly provider: OrgJobsView,
    private readonly view: vscode.TreeView<OrgJobsNode>,
  ) {
    this.filter = readFilter(state.get(ORG_JOBS_FILTER_KEY));
    this.disposables.push(
      source.onDidChange((orgKey) => { if (this.orgKeys.includes(orgKey)) { this.schedule(); } }),
      source.onDidChangeWatched(() => this.setContextKeys()),
      deps.store.onDidChange(() => this.schedule()),
      deps.orgs.onDidChange(() => void this.loadOrgs()),
      view.onDidChangeVisibility(() => this.tellShown()),
    );
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.disposables.forEach((d) => d.dispose());
  }

  /** Reads the orgs shown (kept, else the default org) and their labels. */
  async loadOrgs(keys?: string[]): Promise<void> {
    // Calls overlap (an org change while the CLI is asked): only the latest one applies.
    const call = ++this.loadCall;
    const orgKeys = keys ?? await shownOrgs(this.state, this.deps.orgs);
    const all = await this.deps.orgs.list().catch(() => []);
    if (call !== this.loadCall) {
      return;
    }
    this.orgKeys = orgKeys;
    this.labels = new Map(all.map((o) => [o.key, o.label]));
    this.reshaped = true;
    this.tellShown();
    this.rebuild();
  }

  labelOf(orgKey: string): string {
    return this.labels.get(orgKey) ?? orgKeyLabel(orgKey);
  }

  /** The service reads what it must (`setShown`: a list taken from another window, or read now). */
  private tellShown(): void {
    this.source.setShown(this.orgKeys, this.view.visible);
    this.setContextKeys();
  }

  /** Refreshes one org now, with progress in the view. */
  refresh(orgKey: string): Promise<void> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: ORG_JOBS_VIEW } }, () => this.source.refresh(orgKey)));
  }

  async setFilter(filter: OrgJobFilter): Promise<void> {
    this.filter = filter;
    await this.state.update(ORG_JOBS_FILTER_KEY, isFilterEmpty(filter) ? undefined : filter);
    this.limits.clear();
    this.reshaped = true;
    this.rebuild();
  }

  showMore(groupId: string): void {
    this.limits.set(groupId, (this.limits.get(groupId) ?? ROWS_PER_PAGE) + ROWS_PER_PAGE);
    this.rebuild();
  }

  /** Makes a job's row shown (its group's page), if the filter lets it through; returns its node. */
  nodeForJob(orgKey: string, jobId: string): OrgJobsNode | undefined {
    const to18ish = (id: string): string => (isValidId(id) ? to18(id) : id);
    const id = jobNodeId({ orgKey, jobId: to18ish(jobId) });
    const job = this.source.snapshot(orgKey).jobs?.find((j) => to18ish(j.id) === to18ish(jobId));
    if (job !== undefined && this.provider.nodeOf(id) === undefined) {
      // Its group's whole list, so the row is there (when the filter lets it through).
      const groupId = groupNodeId(orgKey, groupOf(job));
      const group = this.provider.current.node(groupId);
      this.limits.set(groupId, group?.kind === 'group' ? group.count : Number.MAX_SAFE_INTEGER);
      this.rebuild();
    }
    return this.provider.nodeOf(id);
  }

  /** Every job of the orgs shown, before the filter (for the filter's values). */
  allJobs(): ReturnType<OrgJobsSource['snapshot']>['jobs'] {
    return this.orgKeys.flatMap((k) => this.source.snapshot(k).jobs ?? []);
  }

  private schedule(): void {
    if (this.pending === undefined) {
      this.pending = setTimeout(() => { this.pending = undefined; this.rebuild(); }, 20);
    }
  }

  rebuild(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    const snaps = this.orgKeys.map((k) => this.source.snapshot(k));
    const tree = buildTree({
      orgs: snaps.map((s) => ({ orgKey: s.orgKey, label: this.labelOf(s.orgKey), snapshot: s })),
      filter: this.filter,
      limits: this.limits,
      nameOf: (orgKey, userId) => this.source.nameOf(orgKey, userId),
      myUserId: (orgKey) => this.source.snapshot(orgKey).myUserId,
      isTracked: (ref) => this.deps.store.get(ref)?.tracked === true,
      now: Date.now(),
      t: vscode.l10n.t,
      locale: vscode.env.language,
    });
    this.lastFired = this.provider.update(tree, !this.reshaped);
    this.reshaped = false;
    this.view.message = snaps.map((s) => {
      const label = snaps.length > 1 ? `${this.labelOf(s.orgKey)}: ` : '';
      const line = s.asOf === undefined
        ? (s.error ?? (s.refreshing ? vscode.l10n.t('reading the list of jobs…') : undefined))
        : messageLine({ asOf: s.asOf, jobs: s.jobs?.length ?? 0, usage: s.usage, error: s.error, truncated: s.truncated }, { t: vscode.l10n.t, locale: vscode.env.language });
      return line === undefined ? undefined : label + [line, s.notice].filter(Boolean).join(' · ');
    }).filter(Boolean).join('\n') || undefined;
    this.view.description = filterDescription(this.filter, vscode.l10n.t);
    for (const s of snaps) {
      if (s.refreshing && !this.progress.has(s.orgKey)) {
        this.showProgress(s.orgKey);
      }
    }
    this.setContextKeys();
  }

  /** A refresh started elsewhere (the schedule): progress in the view until it ends. */
  private showProgress(orgKey: string): void {
    this.progress.add(orgKey);
    void vscode.window.withProgress({ location: { viewId: ORG_JOBS_VIEW } }, () => new Promise<void>((resolve) => {
      const done = (): void => { this.progress.delete(orgKey); sub.dispose(); resolve(); };
      const sub = this.source.onDidChange((k) => { if (k === orgKey && !this.source.snapshot(orgKey).refreshing) { done(); } });
      if (!this.source.snapshot(orgKey).refreshing) { done(); }
    }));
  }

  private setContextKeys(): void {
    const watched = this.orgKeys.length > 0 && this.orgKeys.every((k) => this.source.isWatched(k));
    void vscode.commands.executeCommand('setContext', 'bulkJobs.orgJobs.watched', watched);
    void vscode.commands.executeCommand('setContext', 'bulkJobs.orgJobs.filtered', !isFilterEmpty(this.filter));
  }
}
