/**
 * Loading CSVs into Salesforce: the preflight's diagnostics on CSV editors, the reload links, and
 * the two commands ("Reload Failed Records…" from a job, "Load CSV into Salesforce…" from a file).
 */
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { LazyModules } from '../chunks';
import { PreflightDiagnostics } from './preflightDiagnostics';
import type { LoadCommandOptions, ReloadContext } from './commands/loadCsv';

export function registerReload(context: vscode.ExtensionContext, deps: Deps, modules: LazyModules): ReloadContext {
  const diagnostics = new PreflightDiagnostics(deps);
  const ctx: ReloadContext = { deps, diagnostics };
  const run = async (arg?: unknown, options?: LoadCommandOptions) => (await modules.reload()).loadCsv(ctx, arg, options);
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('bulkJobs.reloadFailedRecords', run),
    vscode.commands.registerCommand('bulkJobs.loadCsv', run),
  );
  return ctx;
}
