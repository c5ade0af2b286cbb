/**
 * The org-list service behind the Org Jobs view (`OrgJobsSource`): per org the last complete list
 * (`OrgJobsState`), the submitters' names (`UserNames`), and the "Watch This Org" switch kept in the
 * shared globalState. Requests go through `orgs.clientFor`; one org's refresh never overlaps itself.
 */
import * as vscode from 'vscode';
import type { BulkClient } from '../api/bulkClient';
import type { ApiUsage } from '../api/types';
import { UserNames } from '../api/org/userNames';
import { OrgJobsState } from '../model/orgJobs/orgJobsState';
import type { OrgJobsSnapshot, OrgJobsSource } from './source';

/** What the service needs of the org registry. */
export interface OrgClients {
  clientFor(orgKey: string): Promise<Pick<BulkClient, 'listOrgJobs' | 'querySoql' | 'getJob'>>;
  lastApiUsage(orgKey: string): ApiUsage | undefined;
}

/** What the service needs of globalState (the extension's ordered one). */
export interface WatchStore {
  isWatched(orgKey: string): boolean;
  setWatched(orgKey: string, on: boolean): Thenable<void>;
}

interface OrgEntry {
  state: OrgJobsState;
  names?: UserNames;
  refreshing?: Promise<void>;
  error?: string;
}

export class OrgJobsService implements OrgJobsSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly watchChanged = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeWatched = this.watchChanged.event;
  private readonly orgs = new Map<string, OrgEntry>();
  private shown: readonly string[] = [];
  private visible = false;

  constructor(
    private readonly clients: OrgClients,
    private readonly watch: WatchStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly now: () => number = Date.now,
  ) {}

  dispose(): void {
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
      usage: this.clients.lastApiUsage(orgKey),
      refreshing: entry?.refreshing !== undefined,
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
    const before = new Set(this.visible ? this.shown : []);
    this.shown = [...orgKeys];
    this.visible = visible;
    if (visible) {
      for (const orgKey of orgKeys) {
        if (!before.has(orgKey) && this.orgs.get(orgKey)?.state.current === undefined) {
          void this.refresh(orgKey);
        }
      }
    }
  }

  isWatched(orgKey: string): boolean {
    return this.watch.isWatched(orgKey);
  }

  async setWatched(orgKey: string, on: boolean): Promise<void> {
    await this.watch.setWatched(orgKey, on);
    this.watchChanged.fire();
  }

  private entry(orgKey: string): OrgEntry {
    let entry = this.orgs.get(orgKey);
    if (!entry) {
      entry = { state: new OrgJobsState() };
      this.orgs.set(orgKey, entry);
    }
    return entry;
  }

  private async read(orgKey: string, entry: OrgEntry, signal: AbortSignal | undefined): Promise<void> {
    const at = this.now();
    try {
      const client = await this.clients.clientFor(orgKey);
      const list = await client.listOrgJobs({ now: at, signal });
      entry.state.apply({ jobs: list.jobs, partial: list.partial, error: list.error?.message, at }, { isTracked: () => false });
      entry.error = list.error?.message;
      entry.names ??= new UserNames((soql, o) => client.querySoql(soql, o));
      await entry.names.resolve(list.jobs.map((j) => j.createdById), { signal });
      this.log.info(`[orgJobs] ${orgKey}: ${list.jobs.length} jobs in ${list.pages} pages${list.partial ? ' (partial)' : ''}`);
    } catch (e) {
      entry.error = e instanceof Error ? e.message : String(e);
      this.log.warn(`[orgJobs] ${orgKey}: refresh failed: ${entry.error}`);
    }
  }
}
