import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { showFinished } from './notifications';
import type { Poller } from './poller';
import { LazyPoller } from './lazyPoller';
import type { JobsNode, JobsView } from './jobsView';
import { JOBS_VIEW } from './jobsViewId';
import { createStatusBar } from './statusBar';
import { StandInTree } from '../ui/standInTree';
import { once } from '../util/lazy';

export interface JobsViewApi {
  /** The view's drawing, loaded the first time the view is shown (or asked for here). */
  provider(): Promise<JobsView>;
  view: vscode.TreeView<JobsNode>;
  /** Every automatic refresh (tracked jobs, and jobs a details panel shows); the poller loads when there is one. */
  poller: LazyPoller;
}

/** The `jobsView` chunk's loader (`chunks.ts`): the tree's drawing, tooltips and the pace they show. */
export type JobsViewChunk = () => Promise<{ JobsView: typeof JobsView }>;
/** The `notifications` chunk's loader (`chunks.ts`): what a finished job's notification says. */
export type NotificationsChunk = () => Promise<{ showFinished: typeof showFinished }>;
/** The `poller` chunk's loader (`chunks.ts`): the poller and its plan. */
export type PollerChunk = () => Promise<{ Poller: typeof Poller }>;

/**
 * The Jobs view, its status bar item, polling of running jobs and completion notifications.
 * Nothing here calls the CLI or the network until the view is shown or a job is due; the tree's
 * drawing loads when the view is first shown.
 */
export function registerJobsView(context: vscode.ExtensionContext, deps: Deps, chunks: { jobsView: JobsViewChunk; poller: PollerChunk; notifications: NotificationsChunk }): JobsViewApi {
  // One window polls an org's tracked jobs (its lease); the others show what it writes (JobStore.sync).
  const { leases } = deps.schedule;
  const poller = new LazyPoller(async () => {
    const { Poller } = await chunks.poller();
    return new Poller(deps.store, deps.settings, deps.log, deps.orgs, deps.schedule, (orgKey) => leases.acquire(orgKey));
  }, deps.log, deps.store);
  const provider = once(async () => {
    const real = new (await chunks.jobsView()).JobsView(deps, poller);
    context.subscriptions.push(real);
    tree.attach(real);
    return real;
  }, (e) => deps.log.error(`[jobsView] could not load: ${String(e)}`)); // tried again next time
  const tree = new StandInTree<JobsNode>(provider);
  const view = vscode.window.createTreeView(JOBS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  deps.orgs.publishFirstGuess(deps.store.tracked().length); // which welcome content to show before the CLI answers
  context.subscriptions.push(
    tree,
    view,
    createStatusBar(deps.store, poller),
    poller,
    // "Finished" once in all windows (the window that claims it), unless `bulkJobs.notifyOnCompletion` is off.
    deps.store.onDidFinish((entry) => {
      if (deps.settings.notifyOnCompletion() && deps.store.claimNotification(entry)) {
        void chunks.notifications().then(({ showFinished }) => showFinished(entry, deps.reloadLinks));
      }
    }),
  );
  return { provider, view, poller };
}
