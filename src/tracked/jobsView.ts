import * as vscode from 'vscode';
import { BulkBatch } from '../salesforce/types';
import { Deps } from '../deps';
import type { JobEntry } from './jobStore';
import type { PollStatusSource } from './poller';
import type { PollStatus } from './schedule';
import { JobRef, jobKey } from '../job/jobRef';
import { actionTokens, runningCount } from '../job/jobRules';
import type { OrgConnection } from '../orgs/orgRegistry';
import { pollText } from './pollText';
import { batchNumbers } from '../details/timeline';
import { batchDescription, batchIcon, batchLabel, batchRowDescription, count, jobDescription, jobIcon, jobTitle, jobTooltip } from '../ui/jobText';
import { isManualOrgKey, orgKeyLabel } from '../orgs/orgKey';

export const EXPLORER_VIEW = 'bulkJobs.explorer';

export class OrgNode {
  readonly type = 'org';
  constructor(readonly orgKey: string) {}
}

export class JobNode {
  readonly type = 'job';
  constructor(readonly orgKey: string, readonly jobId: string, readonly key: string) {}
  get ref(): JobRef {
    return { orgKey: this.orgKey, jobId: this.jobId };
  }
}

export class BatchNode {
  readonly type = 'batch';
  /** `n`: the batch's number in its job, in created order (#1 first). */
  constructor(readonly job: JobNode, readonly batch: BulkBatch, readonly n?: number) {}
}

export class ErrorNode {
  readonly type = 'error';
  constructor(readonly job: JobNode, readonly message: string) {}
}

export type ExplorerNode = OrgNode | JobNode | BatchNode | ErrorNode;

/** Space-separated tokens matched by `viewItem =~ /token/` in package.json menus. */
export function jobContextValue(entry: JobEntry, poll?: PollStatus): string {
  const tokens = ['job'];
  const job = entry.job;
  if (entry.tracked) { tokens.push('tracked'); }
  if (job) {
    tokens.push(job.flavour === '1.0' ? 'v1' : 'v2');
  }
  tokens.push(...actionTokens(entry)); // `done`: results can be downloaded (bulkJobs.downloadResults)
  if (poll && ['waiting', 'idleStopped', 'signedOut'].includes(poll.kind)) { tokens.push('paused'); } // bulkJobs.resumePolling
  return tokens.join(' ');
}

/**
 * The explorer: tracked jobs grouped by org (a flat list when one org is used); 1.0 jobs expand
 * to their batches; a job whose last refresh failed shows an error child and keeps its last state.
 * Refreshes only the node that changed. Never shows a popup from getChildren.
 */
export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly jobNodes = new Map<string, JobNode>();
  private readonly orgNodes = new Map<string, OrgNode>();
  private orgLabels = new Map<string, string>();
  private grouped = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: Deps, private readonly polling: PollStatusSource) {
    this.disposables.push(
      this.changed,
      deps.store.onDidChange((entry) => this.onStoreChange(entry)),
      polling.onDidChangeStatus((key) => this.onStoreChange(key === undefined ? undefined : deps.store.tracked().find((e) => e.key === key) ?? null)),
      deps.orgs.onDidChange(() => { this.orgLabels.clear(); this.changed.fire(undefined); }),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  /** `null`: a job that is not tracked (nothing to redraw). */
  private onStoreChange(entry: JobEntry | undefined | null): void {
    if (entry === null || (entry && !entry.tracked)) {
      return; // only cached for a lookup or hover; untracking fires a full change
    }
    const node = entry ? this.jobNodes.get(entry.key) : undefined;
    if (!entry || !node || this.isGrouped() !== this.grouped) {
      this.changed.fire(undefined);
      return;
    }
    this.changed.fire(node);
    const org = this.orgNodes.get(entry.orgKey);
    if (this.grouped && org) {
      this.changed.fire(org);
    }
  }

  private isGrouped(): boolean {
    return new Set(this.deps.store.tracked().map((e) => e.orgKey)).size > 1;
  }

  /** The job node for a ref, if it is shown (for reveal). */
  nodeFor(ref: JobRef): JobNode | undefined {
    return this.jobNodes.get(jobKey(ref));
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    switch (node.type) {
      case 'job': return this.grouped ? this.orgNodes.get(node.orgKey) : undefined;
      case 'batch':
      case 'error': return node.job;
      default: return undefined;
    }
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const { store } = this.deps;
    if (!node) {
      const tracked = store.tracked();
      this.grouped = this.isGrouped();
      this.loadMissing(tracked);
      if (this.grouped) {
        await this.loadOrgLabels();
        const keys = [...new Set(tracked.map((e) => e.orgKey))];
        return keys.map((k) => this.orgNode(k));
      }
      return tracked.map((e) => this.jobNode(e));
    }
    if (node.type === 'org') {
      return store.tracked().filter((e) => e.orgKey === node.orgKey).map((e) => this.jobNode(e));
    }
    if (node.type !== 'job') {
      return [];
    }
    const entry = store.get(node.ref);
    if (!entry) {
      return [];
    }
    const children: ExplorerNode[] = [];
    if (entry.job?.flavour === '1.0' && !entry.batches && !entry.lastError) {
      // Expanding a 1.0 job lists its batches; a failure shows as a child, never as a popup.
      await store.refresh(node.ref, { withBatches: true }).catch(() => undefined);
    }
    if (entry.lastError) {
      children.push(new ErrorNode(node, entry.lastError.message));
    }
    const numbers = batchNumbers(entry.batches ?? []);
    for (const b of entry.batches ?? []) {
      children.push(new BatchNode(node, b, numbers.get(b.id)));
    }
    return children;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    switch (node.type) {
      case 'org': return this.orgItem(node);
      case 'job': return this.jobItem(node);
      case 'batch': return this.batchItem(node);
      case 'error': return this.errorItem(node);
    }
  }

  private askedForOrgs = false;

  /**
   * Jobs known only by id (restored or seeded) are fetched once the view shows them; with nothing
   * tracked, the orgs are listed once so the welcome view can offer the right next step.
   */
  private loadMissing(tracked: JobEntry[]): void {
    for (const e of tracked) {
      if (!e.job && !e.lastError && !e.refreshing) {
        this.deps.store.refresh(e).catch(() => undefined);
      }
    }
    if (tracked.length === 0 && !this.askedForOrgs) {
      this.askedForOrgs = true;
      this.deps.orgs.list().catch(() => undefined);
    }
  }

  private jobNode(entry: JobEntry): JobNode {
    let node = this.jobNodes.get(entry.key);
    if (!node) {
      node = new JobNode(entry.orgKey, entry.jobId, entry.key);
      this.jobNodes.set(entry.key, node);
    }
    return node;
  }

  private orgNode(orgKey: string): OrgNode {
    let node = this.orgNodes.get(orgKey);
    if (!node) {
      node = new OrgNode(orgKey);
      this.orgNodes.set(orgKey, node);
    }
    return node;
  }

  private async loadOrgLabels(): Promise<void> {
    if (this.orgLabels.size > 0) {
      return;
    }
    const orgs: OrgConnection[] = await this.deps.orgs.list().catch(() => []);
    this.orgLabels = new Map(orgs.map((o) => [o.key, o.label]));
  }

  private orgLabel(orgKey: string): string {
    return this.orgLabels.get(orgKey) ?? orgKeyLabel(orgKey);
  }

  private orgItem(node: OrgNode): vscode.TreeItem {
    const item = new vscode.TreeItem(this.orgLabel(node.orgKey), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `org:${node.orgKey}`;
    item.contextValue = isManualOrgKey(node.orgKey) ? 'org manual' : 'org cli';
    item.iconPath = new vscode.ThemeIcon('cloud');
    const usage = this.deps.orgs.lastApiUsage(node.orgKey);
    const jobs = this.deps.store.tracked().filter((e) => e.orgKey === node.orgKey);
    const running = runningCount(jobs);
    const parts = [vscode.l10n.t('{0} jobs', count(jobs.length))];
    if (running > 0) { parts.push(vscode.l10n.t('{0} running', count(running))); }
    if (usage) { parts.push(vscode.l10n.t('api {0}/{1}', count(usage.used), count(usage.max))); }
    item.description = parts.join(' · ');
    item.tooltip = node.orgKey;
    return item;
  }

  private jobItem(node: JobNode): vscode.TreeItem {
    const entry = this.deps.store.get(node.ref);
    if (!entry) {
      return new vscode.TreeItem(node.jobId);
    }
    const expandable = entry.lastError !== undefined || entry.job?.flavour === '1.0';
    const item = new vscode.TreeItem(jobTitle(entry), expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const poll = this.polling.status(node.ref);
    const polling = poll && pollText(poll, Date.now(), vscode.l10n.t, vscode.env.language);
    item.id = entry.key;
    item.description = [jobDescription(entry), polling?.text].filter(Boolean).join(' · ');
    item.iconPath = polling && !entry.lastError ? new vscode.ThemeIcon(polling.icon) : jobIcon(entry);
    item.tooltip = jobTooltip(entry, this.orgLabel(entry.orgKey), polling?.text, this.deps.history?.get(entry));
    item.contextValue = jobContextValue(entry, poll);
    item.accessibilityInformation = { label: `${jobTitle(entry)}, ${item.description}` };
    item.command = { command: 'bulkJobs.openJobDetails', title: vscode.l10n.t('Open Details'), arguments: [node.ref] };
    return item;
  }

  private batchItem(node: BatchNode): vscode.TreeItem {
    const b = node.batch;
    const item = new vscode.TreeItem(batchLabel(b, node.n), vscode.TreeItemCollapsibleState.None);
    item.id = `${node.job.key}|${b.id}`;
    item.description = batchRowDescription(b);
    item.accessibilityInformation = { label: vscode.l10n.t('Batch {0}, {1}', batchLabel(b, node.n), item.description) };
    item.iconPath = batchIcon(b);
    item.contextValue = 'batch';
    const tip = new vscode.MarkdownString();
    tip.appendText(`${vscode.l10n.t('Batch {0}', b.id)}\n${batchDescription(b)}`);
    item.tooltip = tip;
    return item;
  }

  private errorItem(node: ErrorNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.job.key}|error`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'jobError';
    item.tooltip = node.message;
    item.command = { command: 'bulkJobs.refreshJob', title: vscode.l10n.t('Refresh'), arguments: [node.job.ref] };
    return item;
  }
}
