import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import type { Deps } from './deps';
import { JobStore } from './jobs/jobStore';
import { ReloadLinks } from './jobs/reloadLinks';
import { BatchJobs } from './model/batchJobs';
import { OrgRegistry } from './orgs/orgRegistry';
import { DetailsPanels } from './panels/detailsPanels';
import { registerDetailsPanel } from './panels/registerDetailsPanel';
import { registerHover } from './providers/jobHover';
import { registerReload } from './reload/registerReload';
import type { ReloadContext } from './reload/reloadCommand';
import { ResultDownloads } from './results/resultDownloads';
import { lazyModules } from './modules';
import { workspaceSettings } from './settings';
import { Explorer, registerExplorer } from './views/registerExplorer';

/** What activate() returns: for in-host tests (and other extensions), never needed by users. */
export interface BulkJobsApi {
  deps: Deps;
  explorer: Explorer;
  panels: DetailsPanels;
  globalState: vscode.Memento;
  reload: ReloadContext;
}

/**
 * The table of contents: create the few shared objects, then let each feature register itself.
 * Nothing here touches the network or the Salesforce CLI.
 */
export function activate(context: vscode.ExtensionContext): BulkJobsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Bulk Jobs', { log: true });
  context.subscriptions.push(log);
  const settings = workspaceSettings(vscode.workspace, (e) => log.error(`[settings] a change listener failed: ${String(e)}`));
  const modules = lazyModules(log); // code loaded on first use: the Salesforce client, the CLI, …
  const orgs = new OrgRegistry(context, log, settings, modules); // no CLI call, no network here
  const store = new JobStore(context.globalState, orgs, log, settings);
  const results = new ResultDownloads(context.workspaceState);
  context.subscriptions.push(settings, orgs, store, results);
  const batchJobs = new BatchJobs(); // batch → job, memory only, filled wherever batches are listed
  const reloadLinks = new ReloadLinks(context.globalState); // which job reloaded which
  const deps: Deps = { log, settings, orgs, store, results, batchJobs, reloadLinks };

  const explorer = registerExplorer(context, deps); // tree, status bar, polling, notifications
  const panels = registerDetailsPanel(context, deps, explorer.poller, modules.panel); // details webviews + serializer
  registerCommands(context, deps, modules, panels); // every command; their code loads on first use
  registerHover(context, deps);
  const reload = registerReload(context, deps, modules); // preflight diagnostics on CSVs, "Reload Failed Records…", "Load CSV…"

  log.info(`Bulk Job Inspector activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { deps, explorer, panels, globalState: context.globalState, reload };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
