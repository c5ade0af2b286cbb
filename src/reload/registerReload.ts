/**
 * Loading CSVs into Salesforce: the preflight's diagnostics on CSV editors, the reload links, and
 * the two commands ("Reload Failed Records…" from a job, "Load CSV into Salesforce…" from a file).
 */
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { PreflightDiagnostics } from './preflightDiagnostics';
import { loadCsv, type LoadCommandOptions, type ReloadContext } from './reloadCommand';

export function registerReload(context: vscode.ExtensionContext, deps: Deps): ReloadContext {
  const diagnostics = new PreflightDiagnostics(deps);
  const ctx: ReloadContext = { deps, diagnostics };
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('bulkJobs.reloadFailedRecords', (arg?: unknown, options?: LoadCommandOptions) => loadCsv(ctx, arg, options)),
    vscode.commands.registerCommand('bulkJobs.loadCsv', (arg?: unknown, options?: LoadCommandOptions) => loadCsv(ctx, arg, options)),
  );
  return ctx;
}
