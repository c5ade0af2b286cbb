/**
 * The Org Jobs view (`bulkJobs.orgJobs`): its tree, what it shows (`OrgJobsController`) and its own
 * commands (refresh, filter, orgs, watch, show more, reveal). Row actions are the Jobs view's
 * commands, which take the row's `{ orgKey, jobId }`.
 */
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { chooseOrgs } from './chooseOrgs';
import { pickFilter } from './filterCommand';
import { OrgJobsController } from './orgJobsController';
import { ORG_JOBS_VIEW, OrgJobsView } from './orgJobsView';
import type { OrgJobsSource } from './source';

export interface OrgJobsViewApi {
  provider: OrgJobsView;
  view: vscode.TreeView<import('./orgJobsView').OrgJobsNode>;
  controller: OrgJobsController;
}

export function registerOrgJobsView(context: vscode.ExtensionContext, deps: Deps, source: OrgJobsSource): OrgJobsViewApi {
  const provider = new OrgJobsView();
  const view = vscode.window.createTreeView(ORG_JOBS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  const controller = new OrgJobsController(deps, source, context.workspaceState, provider, view);
  const command = (id: string, run: (arg?: unknown) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    provider,
    view,
    controller,
    command('bulkJobs.orgJobs.refresh', () => Promise.all(controller.orgKeys.map((k) => controller.refresh(k)))),
    command('bulkJobs.orgJobs.filter', async () => {
      const next = await pickFilter({ filter: controller.filter, jobs: controller.allJobs() ?? [], nameOf: (id) => controller.orgKeys.map((k) => source.nameOf(k, id)).find(Boolean) });
      if (next !== undefined) {
        await controller.setFilter(next);
      }
    }),
    command('bulkJobs.orgJobs.clearFilter', () => controller.setFilter({})),
    command('bulkJobs.orgJobs.chooseOrgs', async () => {
      const keys = await chooseOrgs(context.workspaceState, deps.orgs, controller.orgKeys);
      if (keys !== undefined) {
        await controller.loadOrgs(keys);
      }
    }),
    command('bulkJobs.orgJobs.watch', () => setWatched(deps, source, controller, true)),
    command('bulkJobs.orgJobs.unwatch', () => setWatched(deps, source, controller, false)),
    command('bulkJobs.orgJobs.showMore', (arg) => {
      const groupId = (arg as { groupId?: unknown } | undefined)?.groupId;
      if (typeof groupId === 'string') {
        controller.showMore(groupId);
      }
    }),
    command('bulkJobs.orgJobs.reveal', (arg) => reveal(controller, view, arg)),
  );
  void controller.loadOrgs();
  return { provider, view, controller };
}

/** `{ orgKey, jobIds }`: shows the org, focuses the view, selects the first job and expands its group. */
async function reveal(controller: OrgJobsController, view: vscode.TreeView<import('./orgJobsView').OrgJobsNode>, arg: unknown): Promise<void> {
  const { orgKey, jobIds } = (arg ?? {}) as { orgKey?: unknown; jobIds?: unknown };
  if (typeof orgKey !== 'string' || !Array.isArray(jobIds) || typeof jobIds[0] !== 'string') {
    return;
  }
  if (!controller.orgKeys.includes(orgKey)) {
    await controller.loadOrgs([...controller.orgKeys, orgKey]);
  }
  await vscode.commands.executeCommand(`${ORG_JOBS_VIEW}.focus`);
  let node = controller.nodeForJob(orgKey, jobIds[0]);
  if (node === undefined && !isFilterOff(controller)) {
    await controller.setFilter({}); // the job is filtered out: show it anyway
    node = controller.nodeForJob(orgKey, jobIds[0]);
  }
  if (node !== undefined) {
    await view.reveal(node, { select: true, focus: true, expand: true });
  }
}

function isFilterOff(controller: OrgJobsController): boolean {
  return Object.keys(controller.filter).length === 0;
}

/** Watch / stop watching the shown orgs, and say on screen what that does. */
async function setWatched(deps: Deps, source: OrgJobsSource, controller: OrgJobsController, on: boolean): Promise<void> {
  await Promise.all(controller.orgKeys.map((k) => source.setWatched(k, on)));
  const names = controller.orgKeys.map((k) => controller.labelOf(k)).join(', ');
  const secs = String(Math.round(deps.settings.orgJobsRefreshMs() / 1000));
  const text = !on
    ? vscode.l10n.t('Stopped watching {0}: no background checks or failure notifications', names)
    : deps.settings.orgJobsNotifications()
      ? vscode.l10n.t('Watching {0}: refreshed every {1} s while shown; failures notified', names, secs)
      : vscode.l10n.t('Watching {0}: refreshed every {1} s while shown; notifications are off in the settings', names, secs);
  vscode.window.setStatusBarMessage(text, 8000);
}
