import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { LEASE_RENEW_MS, Leases } from '../storage/lease';
import { notifyOnFinish } from './notifications';
import { Poller } from './poller';
import { EXPLORER_VIEW, ExplorerNode, ExplorerProvider } from './jobsView';
import { createStatusBar } from './statusBar';

export interface Explorer {
  provider: ExplorerProvider;
  view: vscode.TreeView<ExplorerNode>;
  /** Every automatic refresh (tracked jobs, and jobs a details panel shows). */
  poller: Poller;
}

/**
 * The explorer view, its status bar item, polling of running jobs and completion notifications.
 * Nothing here calls the CLI or the network until the view is shown or a job is due.
 */
export function registerExplorer(context: vscode.ExtensionContext, deps: Deps): Explorer {
  // One window polls an org's tracked jobs; the others show what it writes (JobStore.sync).
  const leases = new Leases(deps.store.sharedState, Date.now, randomUUID());
  const poller = new Poller(deps.store, deps.settings, deps.log, deps.orgs, (orgKey) => leases.acquire(orgKey));
  const provider = new ExplorerProvider(deps, poller);
  const view = vscode.window.createTreeView(EXPLORER_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  deps.orgs.publishFirstGuess(deps.store.tracked().length); // which welcome content to show before the CLI answers
  context.subscriptions.push(
    keepLeases(leases, deps.log),
    provider,
    view,
    createStatusBar(deps.store, poller),
    poller,
    notifyOnFinish(deps.store, deps.settings, deps.reloadLinks),
  );
  return { provider, view, poller };
}

/** Renews this window's leases while it runs and gives them up when it closes (the Org Jobs service's too). */
export function keepLeases(leases: Leases, log: vscode.LogOutputChannel): vscode.Disposable {
  const failed = (e: unknown): void => log.warn(`[poll] could not renew the polling lease: ${String(e)}`);
  const timer = setInterval(() => void leases.renew().catch(failed), LEASE_RENEW_MS);
  return new vscode.Disposable(() => {
    clearInterval(timer);
    void leases.release().catch(failed);
  });
}
