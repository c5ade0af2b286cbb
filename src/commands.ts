/**
 * The command table: every command of the extension (each id of package.json's `contributes.commands`),
 * the file that holds its code and the call. All are registered at activation, so VS Code knows them at
 * once; a command's file is imported on its first run, into the chunk of its feature (the name in the
 * import: `dist/<chunk>.js`). Arguments come from menus, links and other commands, so each command
 * checks its own. No `vscode` import at run time here: a unit test reads the table in plain Node.
 */
import type * as vscode from 'vscode';
import type { Deps } from './deps';
import type { DetailsPanels } from './details/detailsPanels';
import type { DownloadCommandOptions } from './downloads/commands/downloadResults';
import type { LoadCommandOptions } from './load/commands/loadCsv';
import type { ReloadContext } from './load/registerLoad';
import type { OrgJobsFeature } from './orgJobs/orgJobsChunk';
import type { LazyPoller } from './tracked/lazyPoller';
import { lazy } from './util/lazy';

/** What the commands are given: the shared objects activate() made. */
export interface CommandContext {
  deps: Deps;
  /** The Look Up's recent ids. */
  globalState: vscode.Memento;
  panels: DetailsPanels;
  poller: LazyPoller;
  reload: ReloadContext;
  /** The Org Jobs view's service and controller, started on first use. */
  orgJobs(): Promise<OrgJobsFeature>;
}

/** One row of the table: the command's file, loaded on its first run, and what to call in it. */
export interface Command<M = never> {
  load(): Promise<M>;
  run(module: M, c: CommandContext, ...args: never[]): unknown;
}

const command = <M>(load: () => Promise<M>, run: (module: M, c: CommandContext, ...args: never[]) => unknown): Command<M> => ({ load, run });

export const COMMANDS = {
  // Orgs
  'bulkJobs.addOrg': command(() => import(/* webpackChunkName: "orgCommands" */ './orgs/commands/addOrg'), (m, c, arg?: { instanceUrl?: string }) => m.addOrg(c.deps, arg)),
  'bulkJobs.selectOrg': command(() => import(/* webpackChunkName: "orgCommands" */ './orgs/commands/selectOrg'), (m, c) => m.selectOrg(c.deps)),
  'bulkJobs.removeOrg': command(() => import(/* webpackChunkName: "orgCommands" */ './orgs/commands/removeOrg'), (m, c, arg?: { orgKey?: string }) => m.removeOrg(c.deps, arg)),

  // Tracked jobs (the Jobs view)
  'bulkJobs.trackJob': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/trackJob'), (m, c, arg?: unknown) => m.trackJob(c.deps, arg)),
  'bulkJobs.untrackJob': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/untrackJob'), (m, c, arg?: unknown) => m.untrackJob(c.deps, arg)),
  'bulkJobs.refreshJob': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/refreshJob'), (m, c, arg?: unknown) => m.refreshJob(c.deps, arg)),
  'bulkJobs.refreshAll': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/refreshAll'), (m, c) => m.refreshAll(c.deps)),
  'bulkJobs.resumePolling': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/resumePolling'), (m, c, arg?: unknown) => m.resumePolling(c.poller, arg)),
  'bulkJobs.closeJob': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/changeJob'), (m, c, arg?: unknown) => m.closeJob(c.deps, arg)),
  'bulkJobs.abortJob': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/changeJob'), (m, c, arg?: unknown) => m.abortJob(c.deps, arg)),
  'bulkJobs.copyJobId': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/copyJobId'), (m, c, arg?: unknown) => m.copyJobId(c.deps, arg)),
  'bulkJobs.copyBatchId': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/copyBatchId'), (m, _c, arg?: unknown) => m.copyBatchId(arg)),
  'bulkJobs.copyJobAsJson': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/copyJobAsJson'), (m, c, arg?: unknown) => m.copyJobAsJson(c.deps, arg)),
  'bulkJobs.openInSetup': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/openInSetup'), (m, c, arg?: unknown) => m.openInSetup(c.deps, arg)),
  'bulkJobs.discoverJobs': command(() => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/discoverJobs'), (m, c) => m.discoverJobs(c.deps)),

  // The details panel
  'bulkJobs.lookupJob': command(() => import(/* webpackChunkName: "lookup" */ './details/commands/lookupJob'), (m, c, arg?: unknown) => new m.JobLookup(c.globalState, c.deps).run(arg)),
  'bulkJobs.findJobOfBatch': command(() => import(/* webpackChunkName: "lookup" */ './details/commands/findJobOfBatch'), (m, c, arg?: unknown) => m.findJobOfBatch(c.globalState, c.deps, arg)),
  'bulkJobs.openJobDetails': command(() => import(/* webpackChunkName: "lookup" */ './details/commands/openJobDetails'), (m, c, arg?: unknown) => m.openJobDetails(c.panels, arg)),

  // Result downloads
  'bulkJobs.downloadResults': command(() => import(/* webpackChunkName: "downloads" */ './downloads/commands/downloadResults'),
    (m, c, arg?: unknown, options?: DownloadCommandOptions) => m.downloadCommand(c.deps, c.deps.results, arg, options)),
  'bulkJobs.showFailedRows': command(() => import(/* webpackChunkName: "downloads" */ './downloads/commands/showFailedRows'), (m, c, arg?: unknown) => m.showFailedRows(c.deps, c.deps.results, arg)),

  // What failed a record (the failed CSV's hover and quick fixes link here)
  'bulkJobs.openCause': command(() => import(/* webpackChunkName: "causes" */ './causes/commands/openCause'), (m, c, arg?: unknown) => m.openCause(c.deps, arg)),

  // Loading a CSV ("Reload Failed Records…" from a job, "Load CSV into Salesforce…" from a file: one command)
  'bulkJobs.reloadFailedRecords': command(() => import(/* webpackChunkName: "reload" */ './load/commands/loadCsv'), (m, c, arg?: unknown, options?: LoadCommandOptions) => m.loadCsv(c.reload, arg, options)),
  'bulkJobs.loadCsv': command(() => import(/* webpackChunkName: "reload" */ './load/commands/loadCsv'), (m, c, arg?: unknown, options?: LoadCommandOptions) => m.loadCsv(c.reload, arg, options)),

  // The Org Jobs view (its commands load with the view's code, in the same chunk)
  'bulkJobs.orgJobs.refresh': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/refresh'), async (m, c) => m.refresh(await c.orgJobs())),
  'bulkJobs.orgJobs.filter': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/filterJobs'), async (m, c) => m.filterJobs(await c.orgJobs())),
  'bulkJobs.orgJobs.clearFilter': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/filterJobs'), async (m, c) => m.clearFilter(await c.orgJobs())),
  'bulkJobs.orgJobs.chooseOrgs': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/chooseOrgs'), async (m, c) => m.chooseOrgs(await c.orgJobs())),
  'bulkJobs.orgJobs.watch': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/watch'), async (m, c) => m.watch(await c.orgJobs())),
  'bulkJobs.orgJobs.unwatch': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/watch'), async (m, c) => m.unwatch(await c.orgJobs())),
  'bulkJobs.orgJobs.showMore': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/showMore'), async (m, c, arg?: unknown) => m.showMore(await c.orgJobs(), arg)),
  'bulkJobs.orgJobs.reveal': command(() => import(/* webpackChunkName: "orgJobs" */ './orgJobs/commands/reveal'), async (m, c, arg?: unknown) => m.reveal(await c.orgJobs(), arg)),
};

/**
 * Registers every command of the table with VS Code (`register`: `vscode.commands.registerCommand`);
 * a command's first run loads its file and logs how long that took.
 */
export function registerCommands(
  register: (id: string, run: (...args: unknown[]) => unknown) => vscode.Disposable,
  c: CommandContext,
  loaded: (name: string, ms: number) => void,
): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, { load, run }]) => {
    const file = lazy(id, load as () => Promise<unknown>, loaded);
    const call = run as (module: unknown, c: CommandContext, ...args: unknown[]) => unknown;
    return register(id, async (...args: unknown[]) => call(await file(), c, ...args));
  });
}
