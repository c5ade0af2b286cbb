import * as vscode from 'vscode';
import { BulkBatch } from '../salesforce/types';
import { Deps } from '../deps';
import type { JobEntry } from '../job/jobEntry';
import type { PollStatusSource } from './poller';
import type { PollStatus } from '../schedule/pollRules';
import { JobRef, jobKey } from '../job/jobRef';
import { actionTokens, runningCount } from '../job/jobRules';
import type { OrgConnection } from '../orgs/orgRegistry';
import { pollText } from '../schedule/pollText';
import { batchNumbers } from '../details/timeline';
import { ModelTreeProvider } from '../ui/modelTreeProvider';
import { TreeModel } from '../ui/treeModel';
import { batchDescription, batchIcon, batchLabel, batchRowDescription, count, jobDescription, jobIcon, jobTitle } from '../ui/jobText';
import { jobTooltip } from './jobTooltip';
import { isManualOrgKey, orgKeyLabel } from '../orgs/orgKey';
import type { OrgUserNames } from '../salesforce/org/userNames';


/** What VS Code holds per row (one object per id, `ui/modelTreeProvider.ts`): what commands take from it. */
export class OrgNode {
  readonly type = 'org';
  constructor(readonly id: string, readonly orgKey: string) {}
}

export class JobNode {
  readonly type = 'job';
  /** `key`: the store's key, also the node id. */
  constructor(readonly orgKey: string, readonly jobId: string, readonly key: string) {}
  get id(): string {
    return this.key;
  }
  get ref(): JobRef {
    return { orgKey: this.orgKey, jobId: this.jobId };
  }
}

export class BatchNode {
  readonly type = 'batch';
  /** `n`: the batch's number in its job, in created order (#1 first). */
  constructor(readonly id: string, readonly job: JobNode, readonly batch: BulkBatch, readonly n?: number) {}
}

export class ErrorNode {
  readonly type = 'error';
  constructor(readonly id: string, readonly job: JobNode, readonly message: string) {}
}

export type JobsNode = OrgNode | JobNode | BatchNode | ErrorNode;

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

/** A row as the last build drew it: the model of `ui/treeModel.ts`, its fingerprint taken from `item`. */
interface Row {
  id: string;
  item: vscode.TreeItem;
  handle(): JobsNode;
}

/** What a drawn row shows; a row fires when this changes. */
function fingerprint(item: vscode.TreeItem): string {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? `${item.iconPath.id}/${item.iconPath.color?.id ?? ''}` : '';
  const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip ?? '';
  const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
  return [label, String(item.description ?? ''), tooltip, item.contextValue ?? '', String(item.collapsibleState), icon].join('\u0000');
}

/**
 * The Jobs view: tracked jobs grouped by org (a flat list when one org is used); 1.0 jobs expand
 * to their batches; a job whose last refresh failed shows an error child and keeps its last state.
 * Drawn the way every tree is (`ui/modelTreeProvider.ts`): a change in the store, the poller or the
 * orgs marks the tree stale, the next read or a coalesced rebuild draws it again, and only the rows
 * whose drawing changed are fired. Never shows a popup from getChildren.
 */
export class JobsView extends ModelTreeProvider<Row, JobsNode> {
  private readonly jobNodes = new Map<string, JobNode>();
  private orgLabels = new Map<string, string>();
  private stale = true;
  private pending: NodeJS.Timeout | undefined;
  private askedForOrgs = false;
  private readonly disposables: vscode.Disposable[] = [];
  private names: OrgUserNames | undefined;

  constructor(private readonly deps: Deps, private readonly polling: PollStatusSource) {
    super();
    this.disposables.push(
      deps.store.onDidChange((entry) => { if (!entry || entry.tracked) { this.invalidate(); } }), // a job only cached for a lookup or hover is not drawn
      polling.onDidChangeStatus(() => this.invalidate()),
      deps.orgs.onDidChange(() => { this.orgLabels.clear(); this.invalidate(); }),
    );
    void deps.names().then((names) => { // the creators' names, for the tooltips (drawn again when one arrives)
      this.names = names;
      this.disposables.push(names.onDidChange(() => this.invalidate()));
      this.invalidate();
    }, (e: unknown) => deps.log.warn(`[jobsView] users' names unavailable: ${String(e)}`));
  }

  override dispose(): void {
    clearTimeout(this.pending);
    this.disposables.forEach((d) => d.dispose());
    super.dispose();
  }

  /** Draws again on the next read, or in 20 ms (changes that come together are drawn once). */
  private invalidate(): void {
    this.stale = true;
    this.pending ??= setTimeout(() => { this.pending = undefined; this.fresh(); }, 20);
  }

  protected override fresh(): void {
    if (this.stale) {
      this.stale = false;
      this.update(this.build(), true);
    }
  }

  /** The job node for a ref, if it is shown (for reveal). */
  nodeFor(ref: JobRef): JobNode | undefined {
    return this.jobNodes.get(jobKey(ref));
  }

  override async getChildren(node?: JobsNode): Promise<JobsNode[]> {
    const { store } = this.deps;
    if (!node) {
      const tracked = store.tracked();
      this.loadMissing(tracked);
      if (new Set(tracked.map((e) => e.orgKey)).size > 1) {
        await this.loadOrgLabels();
      }
    } else if (node.type === 'job') {
      const entry = store.get(node.ref);
      if (entry?.job?.flavour === '1.0' && !entry.batches && !entry.lastError) {
        // Expanding a 1.0 job lists its batches; a failure shows as a child, never as a popup.
        await store.refresh(node.ref, { withBatches: true }).catch(() => undefined);
      }
    }
    return this.childrenOf(node);
  }

  protected handle(row: Row): JobsNode {
    return row.handle();
  }

  protected item(row: Row | undefined, node: JobsNode): vscode.TreeItem {
    return row?.item ?? new vscode.TreeItem(node.type === 'job' ? node.jobId : node.id);
  }

  /** Every tracked job as drawn now; grouped by org when more than one org is used. */
  private build(): TreeModel<Row> {
    const tree = new TreeModel<Row>();
    const add = (row: Row, parent: Row | undefined): Row => { tree.add(row, parent, fingerprint(row.item)); return row; };
    const tracked = this.deps.store.tracked();
    const orgKeys = [...new Set(tracked.map((e) => e.orgKey))];
    for (const orgKey of orgKeys.length > 1 ? orgKeys : [undefined]) {
      const jobs = orgKey === undefined ? tracked : tracked.filter((e) => e.orgKey === orgKey);
      const id = `org:${orgKey}`;
      const org = orgKey === undefined ? undefined : add({ id, item: this.orgItem(orgKey, jobs), handle: () => new OrgNode(id, orgKey) }, undefined);
      for (const entry of jobs) {
        const job = add({ id: entry.key, item: this.jobItem(entry), handle: () => this.jobNode(entry) }, org);
        const jobNode = (): JobNode => this.jobNode(entry);
        if (entry.lastError) {
          const message = entry.lastError.message;
          const errorId = `${entry.key}|error`;
          add({ id: errorId, item: this.errorItem(errorId, entry, message), handle: () => new ErrorNode(errorId, jobNode(), message) }, job);
        }
        const numbers = batchNumbers(entry.batches ?? []);
        for (const b of entry.batches ?? []) {
          const batchId = `${entry.key}|${b.id}`;
          const n = numbers.get(b.id);
          add({ id: batchId, item: this.batchItem(batchId, b, n), handle: () => new BatchNode(batchId, jobNode(), b, n) }, job);
        }
      }
    }
    return tree;
  }

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

  private async loadOrgLabels(): Promise<void> {
    if (this.orgLabels.size > 0) {
      return;
    }
    const orgs: OrgConnection[] = await this.deps.orgs.list().catch(() => []);
    this.orgLabels = new Map(orgs.map((o) => [o.key, o.label]));
    this.stale = true;
  }

  private orgLabel(orgKey: string): string {
    return this.orgLabels.get(orgKey) ?? orgKeyLabel(orgKey);
  }

  private orgItem(orgKey: string, jobs: JobEntry[]): vscode.TreeItem {
    const item = new vscode.TreeItem(this.orgLabel(orgKey), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `org:${orgKey}`;
    item.contextValue = isManualOrgKey(orgKey) ? 'org manual' : 'org cli';
    item.iconPath = new vscode.ThemeIcon('cloud');
    const usage = this.deps.orgs.lastApiUsage(orgKey);
    const running = runningCount(jobs);
    const parts = [vscode.l10n.t('{0} jobs', count(jobs.length))];
    if (running > 0) { parts.push(vscode.l10n.t('{0} running', count(running))); }
    if (usage) { parts.push(vscode.l10n.t('api {0}/{1}', count(usage.used), count(usage.max))); }
    item.description = parts.join(' · ');
    item.tooltip = orgKey;
    return item;
  }

  private jobItem(entry: JobEntry): vscode.TreeItem {
    const ref = { orgKey: entry.orgKey, jobId: entry.jobId };
    const expandable = entry.lastError !== undefined || entry.job?.flavour === '1.0';
    const item = new vscode.TreeItem(jobTitle(entry), expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const poll = this.polling.status(ref);
    const polling = poll && pollText(poll, Date.now(), vscode.l10n.t, vscode.env.language);
    item.id = entry.key;
    item.description = [jobDescription(entry), polling?.text].filter(Boolean).join(' · ');
    item.iconPath = polling && !entry.lastError ? new vscode.ThemeIcon(polling.icon) : jobIcon(entry);
    item.tooltip = new vscode.MarkdownString(jobTooltip(entry, {
      t: vscode.l10n.t, locale: vscode.env.language, now: Date.now(), orgLabel: this.orgLabel(entry.orgKey),
      polling: polling?.text, history: this.deps.history?.get(entry), createdByName: this.names?.nameOrAsk(entry.orgKey, entry.job?.createdById),
    }), true); // theme icons for the warning and info lines; not trusted, no HTML
    item.contextValue = jobContextValue(entry, poll);
    item.accessibilityInformation = { label: `${jobTitle(entry)}, ${item.description}` };
    item.command = { command: 'bulkJobs.openJobDetails', title: vscode.l10n.t('Open Details'), arguments: [ref] };
    return item;
  }

  private batchItem(id: string, b: BulkBatch, n: number | undefined): vscode.TreeItem {
    const item = new vscode.TreeItem(batchLabel(b, n), vscode.TreeItemCollapsibleState.None);
    item.id = id;
    item.description = batchRowDescription(b);
    item.accessibilityInformation = { label: vscode.l10n.t('Batch {0}, {1}', batchLabel(b, n), item.description) };
    item.iconPath = batchIcon(b);
    item.contextValue = 'batch';
    const tip = new vscode.MarkdownString();
    tip.appendText(`${vscode.l10n.t('Batch {0}', b.id)}\n${batchDescription(b)}`);
    item.tooltip = tip;
    return item;
  }

  private errorItem(id: string, entry: JobEntry, message: string): vscode.TreeItem {
    const item = new vscode.TreeItem(message, vscode.TreeItemCollapsibleState.None);
    item.id = id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'jobError';
    item.tooltip = message;
    item.command = { command: 'bulkJobs.refreshJob', title: vscode.l10n.t('Refresh'), arguments: [{ orgKey: entry.orgKey, jobId: entry.jobId }] };
    return item;
  }
}
