/**
 * The Org Jobs tree (`bulkJobs.orgJobs`): draws the pure model (`model/orgJobs/orgJobsTree.ts`) and
 * fires only the nodes its diff lists. Node objects are stable per id (VS Code matches fired
 * elements by identity); a job node carries `orgKey` and `jobId`, so the explorer's commands take it
 * (`refOf`). Rows look like the explorer's: icon by status (`statusIcon`), "tracked" in front of the
 * description of a tracked job.
 */
import * as vscode from 'vscode';
import { escapeMarkdown } from '../hover/hoverMarkdown';
import { deriveProgress } from '../salesforce/normalize';
import { statusLabel } from '../job/jobStatus';
import { typeOf } from './filter';
import { buildTree, diffTree, groupNodeId, type OrgJobsNode as Model, type OrgJobsTree } from './orgJobsTree';
import { count, localTime, statusIcon } from '../ui/jobText';

export const ORG_JOBS_VIEW = 'bulkJobs.orgJobs';

/** What VS Code holds: one object per node id for the life of the view. */
export class OrgJobsNode {
  constructor(readonly id: string, readonly orgKey: string, readonly jobId?: string) {}
}

const GROUP_ICON = { running: 'running', failed: 'failed', waiting: 'open', completed: 'completed' } as const;

export class OrgJobsView implements vscode.TreeDataProvider<OrgJobsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OrgJobsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, OrgJobsNode>();
  private tree: OrgJobsTree | undefined;
  private static readonly EMPTY = buildTree({ orgs: [], filter: {}, limits: new Map(), now: 0, t: (m) => m,
    nameOf: () => undefined, myUserId: () => undefined, isTracked: () => false });

  dispose(): void {
    this.changed.dispose();
  }

  /**
   * Shows a new build, redrawing only what changed (`sameFilterAndOrgs` false: everything).
   * Returns how many nodes were fired (undefined: all).
   */
  update(next: OrgJobsTree, sameFilterAndOrgs: boolean): number | undefined {
    const diff = diffTree(this.tree, next, sameFilterAndOrgs);
    this.tree = next;
    if (diff.all) {
      this.changed.fire(undefined);
      return undefined;
    }
    const fired = diff.changed.map((id) => this.nodes.get(id)).filter((n): n is OrgJobsNode => n !== undefined);
    if (fired.length > 0) {
      this.changed.fire(fired);
    }
    return fired.length;
  }

  get current(): OrgJobsTree {
    return this.tree ?? OrgJobsView.EMPTY;
  }

  nodeOf(id: string): OrgJobsNode | undefined {
    const model = this.current.node(id);
    return model === undefined ? undefined : this.handle(model);
  }

  private handle(model: Model): OrgJobsNode {
    let node = this.nodes.get(model.id);
    if (node === undefined) {
      node = new OrgJobsNode(model.id, model.orgKey, model.kind === 'job' ? model.jobId : undefined);
      this.nodes.set(model.id, node);
    }
    return node;
  }

  getChildren(node?: OrgJobsNode): OrgJobsNode[] {
    if (node === undefined) {
      return this.current.roots.map((m) => this.handle(m));
    }
    return this.current.children(node.id).map((m) => this.handle(m));
  }

  getParent(node: OrgJobsNode): OrgJobsNode | undefined {
    const parent = this.current.parent(node.id);
    return parent === undefined ? undefined : this.handle(parent);
  }

  getTreeItem(node: OrgJobsNode): vscode.TreeItem {
    const model = this.current.node(node.id);
    if (model === undefined) {
      return new vscode.TreeItem(node.jobId ?? node.id);
    }
    switch (model.kind) {
      case 'org': {
        const item = new vscode.TreeItem(model.label, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('cloud');
        item.description = model.description;
        item.contextValue = 'orgJobsOrg';
        return withId(item, model.id);
      }
      case 'group': {
        const open = model.group === 'running' || model.group === 'failed';
        const item = new vscode.TreeItem(model.label, model.count === 0 ? vscode.TreeItemCollapsibleState.None
          : open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = statusIcon(GROUP_ICON[model.group]);
        item.contextValue = 'orgJobsGroup';
        return withId(item, model.id);
      }
      case 'more': {
        const item = new vscode.TreeItem(model.label, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'bulkJobs.orgJobs.showMore', title: model.label, arguments: [{ groupId: groupNodeId(model.orgKey, model.group) }] };
        return withId(item, model.id);
      }
      case 'job': return this.jobItem(model);
    }
  }

  private jobItem(model: Extract<Model, { kind: 'job' }>): vscode.TreeItem {
    const item = new vscode.TreeItem(model.row.label, vscode.TreeItemCollapsibleState.None);
    item.description = model.row.tracked ? `${vscode.l10n.t('tracked')} · ${model.row.description}` : model.row.description;
    item.iconPath = statusIcon(model.row.status);
    item.contextValue = model.contextValue;
    item.tooltip = jobTooltip(model);
    item.accessibilityInformation = { label: `${model.row.label}, ${String(item.description)}` };
    item.command = { command: 'bulkJobs.openJobDetails', title: vscode.l10n.t('Open Details'), arguments: [{ orgKey: model.orgKey, jobId: model.jobId }] };
    return withId(item, model.id);
  }
}

function withId(item: vscode.TreeItem, id: string): vscode.TreeItem {
  item.id = id;
  return item;
}

function jobTooltip(model: Extract<Model, { kind: 'job' }>): vscode.MarkdownString {
  const { job, row: view } = model;
  const progress = deriveProgress(job);
  const known = job.numberRecordsProcessed !== undefined;
  const tip = new vscode.MarkdownString(undefined, false);
  tip.isTrusted = false;
  tip.appendMarkdown(`**${escapeMarkdown(view.label)}**\n\n`);
  const rows: [string, string | undefined][] = [
    [vscode.l10n.t('Job id'), job.id],
    [vscode.l10n.t('Type'), typeOf(job)],
    [vscode.l10n.t('Submitted by'), view.submitter],
    [vscode.l10n.t('Created'), job.createdDate ? localTime(job.createdDate) : undefined],
    [vscode.l10n.t('Modified'), job.systemModstamp ? localTime(job.systemModstamp) : undefined],
    [vscode.l10n.t('Status'), statusLabel(progress.status, vscode.l10n.t)],
    [vscode.l10n.t('State'), job.state],
    [vscode.l10n.t('Records processed'), known ? count(progress.recordsProcessed) : undefined],
    [vscode.l10n.t('Records failed'), known ? count(progress.recordsFailed) : undefined],
    [vscode.l10n.t('Error'), job.errorMessage],
    [vscode.l10n.t('Tracked'), view.tracked ? vscode.l10n.t('yes, in the Jobs view') : undefined],
  ];
  for (const [name, value] of rows) {
    if (value !== undefined && value !== '') {
      tip.appendMarkdown(`${escapeMarkdown(name)}: ${escapeMarkdown(value)}  \n`);
    }
  }
  return tip;
}
