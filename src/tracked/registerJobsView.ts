import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { notifyOnFinish } from './notifications';
import { Poller } from './poller';
import { JOBS_VIEW, JobsNode, JobsView } from './jobsView';
import { createStatusBar } from './statusBar';

export interface JobsViewApi {
  provider: JobsView;
  view: vscode.TreeView<JobsNode>;
  /** Every automatic refresh (tracked jobs, and jobs a details panel shows). */
  poller: Poller;
}

/**
 * The Jobs view, its status bar item, polling of running jobs and completion notifications.
 * Nothing here calls the CLI or the network until the view is shown or a job is due.
 */
export function registerJobsView(context: vscode.ExtensionContext, deps: Deps): JobsViewApi {
  // One window polls an org's tracked jobs (its lease); the others show what it writes (JobStore.sync).
  const { scheduler, leases } = deps.schedule;
  const poller = new Poller(deps.store, deps.settings, deps.log, deps.orgs, scheduler, (orgKey) => leases.acquire(orgKey));
  const provider = new JobsView(deps, poller);
  const view = vscode.window.createTreeView(JOBS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  deps.orgs.publishFirstGuess(deps.store.tracked().length); // which welcome content to show before the CLI answers
  context.subscriptions.push(
    provider,
    view,
    createStatusBar(deps.store, poller),
    poller,
    notifyOnFinish(deps.store, deps.settings, deps.reloadLinks),
  );
  return { provider, view, poller };
}
