/**
 * Every command of the extension, registered at activation (so VS Code knows them at once); the code
 * behind each is loaded on its first run (`src/chunks.ts`). Arguments come from menus, links and
 * other commands, so each handler checks its own.
 */
import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { LazyModules } from './chunks';
import type { DetailsPanels } from './details/detailsPanels';
import { copyJobAsJson } from './tracked/commands/copyJobAsJson';
import type { DownloadCommandOptions } from './downloads/commands/downloadResults';
import { openJobDetails } from './details/commands/openJobDetails';

type Handler = (...args: never[]) => unknown;

export function registerCommands(context: vscode.ExtensionContext, deps: Deps, modules: LazyModules, panels: DetailsPanels): void {
  const { orgCommands: orgs, jobCommands: jobs, lookup, downloads } = modules;
  const commands: Record<string, Handler> = {
    'bulkJobs.addOrg': async (arg?: { instanceUrl?: string }) => (await orgs()).addOrg(deps, arg),
    'bulkJobs.selectOrg': async () => (await orgs()).selectOrg(deps),
    'bulkJobs.removeOrg': async (arg?: { orgKey?: string }) => (await orgs()).removeOrg(deps, arg),

    'bulkJobs.trackJob': async (arg?: unknown) => (await jobs()).trackJob(deps, arg),
    'bulkJobs.untrackJob': async (arg?: unknown) => (await jobs()).untrackJob(deps, arg),
    'bulkJobs.refreshJob': async (arg?: unknown) => (await jobs()).refreshJob(deps, arg),
    'bulkJobs.refreshAll': async () => (await jobs()).refreshAll(deps),
    'bulkJobs.closeJob': async (arg?: unknown) => (await jobs()).changeJob(deps, arg, 'close'),
    'bulkJobs.abortJob': async (arg?: unknown) => (await jobs()).changeJob(deps, arg, 'abort'),
    'bulkJobs.copyJobId': async (arg?: unknown) => (await jobs()).copyJobId(deps, arg),
    'bulkJobs.copyBatchId': async (arg?: unknown) => (await jobs()).copyBatchId(arg),
    'bulkJobs.openInSetup': async (arg?: unknown) => (await jobs()).openInSetup(deps, arg),
    'bulkJobs.discoverJobs': async () => (await jobs()).discoverJobs(deps),

    'bulkJobs.lookupJob': async (arg?: unknown) => new (await lookup()).JobLookup(context.globalState, deps).run(arg),
    'bulkJobs.findJobOfBatch': async (arg?: unknown) => (await lookup()).findJobOfBatch(context.globalState, deps, arg),
    'bulkJobs.openJobDetails': (arg?: unknown) => openJobDetails(panels, arg),
    'bulkJobs.copyJobAsJson': (arg?: unknown) => copyJobAsJson(deps, arg),

    'bulkJobs.downloadResults': async (arg?: unknown, options?: DownloadCommandOptions) =>
      (await downloads()).downloadCommand(deps, deps.results, arg, options),
    'bulkJobs.showFailedRows': async (args?: unknown) => (await downloads()).showFailedRows(deps, deps.results, args),
  };
  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
  }
}
