import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { Deps } from './deps';
import { JobHistory } from './tracked/jobHistory';
import { JobStore } from './tracked/jobStore';
import { ReloadLinks } from './load/reloadLinks';
import { BatchJobs } from './job/batchJobs';
import { SerialMemento } from './storage/serialMemento';
import { OrgRegistry } from './orgs/orgRegistry';
import { DetailsPanels } from './details/detailsPanels';
import { registerDetailsPanel } from './details/registerDetailsPanel';
import { registerHover } from './hover/jobHover';
import { registerReload } from './load/registerLoad';
import type { Confirm, ReloadContext } from './load/registerLoad';
import { ResultDownloads } from './downloads/resultDownloads';
import { lazyChunks, logLoaded } from './chunks';
import { workspaceSettings } from './settings';
import { registerSchedule } from './schedule/registerSchedule';
import { JobsViewApi, registerJobsView } from './tracked/registerJobsView';
import type { OrgJobsFeature } from './orgJobs/orgJobsChunk';
import { registerOrgJobs } from './orgJobs/registerOrgJobs';
import { causeLinksOnDemand, registerCauses } from './causes/registerCauses';
import type { FailedRowDiagnostics } from './causes/failedRowDiagnostics';
import { once } from './util/lazy';

/** What activate() returns: for in-host tests (and other extensions), never needed by users. */
export interface BulkJobsApi {
  deps: Deps;
  jobsView: JobsViewApi;
  panels: DetailsPanels;
  globalState: vscode.Memento;
  /** For tests that check what is kept per workspace (e.g. no row values). */
  workspaceState: vscode.Memento;
  reload: ReloadContext;
  /** The Org Jobs view's service, tree and controller, started on the first call (they load on first use). */
  orgJobs(): Promise<OrgJobsFeature>;
  /** Only under the extension's own tests (`ExtensionMode.Test`): what in-host tests need and no user has. */
  testing?: {
    /** Answers the load confirmations (in-host tests cannot click a modal); undefined: the modal again. */
    answerConfirmations(answer: Confirm | undefined): void;
  };
  /** The failed CSV's diagnostics, hover and quick fixes. */
  failedRows(): Promise<FailedRowDiagnostics>;
}

/**
 * The table of contents: create the few shared objects, then let each feature register itself.
 * Nothing here touches the network or the Salesforce CLI.
 */
export function activate(extensionContext: vscode.ExtensionContext): BulkJobsApi {
  const started = performance.now();
  const context = withOrderedGlobalState(extensionContext); // every globalState write of the extension in one queue
  const log = vscode.window.createOutputChannel('Bulk Jobs', { log: true });
  context.subscriptions.push(log);
  const settings = workspaceSettings(vscode.workspace, (e) => log.error(`[settings] a change listener failed: ${String(e)}`));
  const chunks = lazyChunks(log); // code loaded on first use: the Salesforce client, the CLI, …
  const orgs = new OrgRegistry(context, log, settings, chunks); // no CLI call, no network here
  const windowId = randomUUID(); // this window's one id: its leases and its writes of tracked jobs
  const store = new JobStore(context.globalState, orgs, log, settings, windowId);
  const results = new ResultDownloads(context.workspaceState, context.globalStorageUri.fsPath);
  const history = new JobHistory(context.globalState, store, log, chunks.pace); // a point per fetch, for the pace and charts
  context.subscriptions.push(settings, orgs, store, results, history);
  const batchJobs = new BatchJobs(); // batch → job, memory only, filled wherever batches are listed
  const reloadLinks = new ReloadLinks(context.globalState); // which job reloaded which
  void reloadLinks.prune().catch((e: unknown) => log.warn(`old reload links not pruned: ${String(e)}`));
  const schedule = registerSchedule(context, windowId, log); // one timer for every automatic refresh, one lease set
  const causes = causeLinksOnDemand({ orgs, log }, chunks); // what failed a record: workspace first, the org's Tooling API on a click
  const names = once(async () => new (await chunks.names()).OrgUserNames({ // users' names by org, made on first use
    query: async (orgKey, soql, o) => (await orgs.clientFor(orgKey)).querySoql(soql, o),
    known: (orgKey) => store.tracked().filter((e) => e.orgKey === orgKey).map((e) => e.job?.createdById), // asked with the creators tracked there
    warn: (message) => log.warn(message),
  }));
  const deps: Deps = { log, settings, orgs, store, results, batchJobs, history, reloadLinks, schedule, causes, names };

  const jobsView = registerJobsView(context, deps, chunks); // tree, status bar, polling, notifications
  const orgJobs = registerOrgJobs(context, deps, chunks.orgJobs); // the Org Jobs view; its service and tree load on first use
  const panels = registerDetailsPanel(context, deps, jobsView.poller, chunks.panel); // details webviews + serializer
  registerHover(context, deps, chunks.hover); // the hover finds ids at once; what it says loads on the first one
  const { reload, answerConfirmations } = registerReload(context, deps, chunks.preflight); // preflight diagnostics on CSVs, what the load commands share
  const failedRows = registerCauses(context, deps, chunks); // each failed row of a failed CSV: its diagnostic, hover and quick fixes
  const commands = { deps, globalState: context.globalState, panels, poller: jobsView.poller, reload, orgJobs };
  context.subscriptions.push(...registerCommands(vscode.commands.registerCommand, commands, (name, ms) => logLoaded(log, name, ms))); // every command; their code loads on first use

  log.info(`Bulk Job Inspector activated in ${(performance.now() - started).toFixed(1)} ms`);
  const testing = answerConfirmations ? { answerConfirmations } : undefined;
  return { deps, jobsView, panels, globalState: context.globalState, workspaceState: context.workspaceState, reload, orgJobs, failedRows, testing };
}

/**
 * The context with a `globalState` that writes one batch at a time (`SerialMemento`: an update made
 * while an earlier one is on its way is otherwise undone by that one's echo). Everything else is the context's.
 */
function withOrderedGlobalState(context: vscode.ExtensionContext): vscode.ExtensionContext {
  const ordered = new SerialMemento(context.globalState);
  const globalState: vscode.ExtensionContext['globalState'] = {
    get: ((key: string, fallback?: unknown) => ordered.get(key) ?? fallback) as vscode.Memento['get'],
    update: (key, value) => ordered.update(key, value),
    keys: () => ordered.keys(),
    setKeysForSync: (keys) => context.globalState.setKeysForSync(keys),
  };
  return Object.create(context, { globalState: { value: globalState } }) as vscode.ExtensionContext;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
