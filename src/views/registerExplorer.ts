import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { notifyOnFinish } from '../jobs/notifications';
import { Poller } from '../jobs/poller';
import { EXPLORER_VIEW, ExplorerNode, ExplorerProvider } from './explorer';
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
  const provider = new ExplorerProvider(deps);
  const view = vscode.window.createTreeView(EXPLORER_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  deps.orgs.publishFirstGuess(deps.store.tracked().length); // which welcome content to show before the CLI answers
  const poller = new Poller(deps.store, deps.settings, deps.log);
  context.subscriptions.push(
    provider,
    view,
    createStatusBar(deps.store),
    poller,
    notifyOnFinish(deps.store, deps.settings),
  );
  return { provider, view, poller };
}
