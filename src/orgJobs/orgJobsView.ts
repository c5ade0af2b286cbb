/**
 * The Org Jobs tree (`bulkJobs.orgJobs`): draws the pure model (`orgJobsTree.ts`) the way every tree
 * is drawn (`ui/modelTreeProvider.ts`: only the rows that changed are fired). A job node carries
 * `orgKey` and `jobId`, so the Jobs view's commands take it
 * (`refOf`). Rows look like the Jobs view's: icon by status (`statusIcon`), "tracked" in front of the
 * description of a tracked job.
 */
import * as vscode from 'vscode';
import { escapeMarkdown } from '../util/markdown';
import { deriveProgress } from '../job/jobRules';
import { statusLabel } from '../job/jobStatus';
import { typeOf } from './filter';
import { groupNodeId, type OrgJobsNode as Model } from './orgJobsTree';
import { ModelTreeProvider } from '../ui/modelTreeProvider';
import { count, localTime, statusIcon } from '../ui/jobText';

export { ORG_JOBS_VIEW } from './orgJobsViewId';

/** What VS Code holds: one object per node id for the life of the view. */
export class OrgJobsNode {
  constructor(readonly id: string, readonly orgKey: string, readonly jobId?: string) {}
}

const GROUP_ICON = { running: 'running', failed: 'failed', waiting: 'open', completed: 'completed' } as const;

export class OrgJobsView extends ModelTreeProvider<Model, OrgJobsNode> {
  override getChildren(node?: OrgJobsNode): OrgJobsNode[] {
    return this.childrenOf(node);
  }

  protected handle(model: Model): OrgJobsNode {
    return new OrgJobsNode(model.id, model.orgKey, model.kind === 'job' ? model.jobId : undefined);
  }

  protected item(model: Model | undefined, node: OrgJobsNode): vscode.TreeItem {
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
