/**
 * Loading CSVs into Salesforce: the preflight's diagnostics on CSV editors and what the load commands
 * ("Reload Failed Records…" from a job, "Load CSV into Salesforce…" from a file: `commands/loadCsv.ts`,
 * registered in `commands.ts`) share.
 */
import type * as vscode from 'vscode';
import type { Deps } from '../deps';
import { PreflightDiagnostics } from './preflightDiagnostics';
import type { ReloadContext } from './commands/loadCsv';

export function registerReload(context: vscode.ExtensionContext, deps: Deps): ReloadContext {
  const diagnostics = new PreflightDiagnostics(deps);
  context.subscriptions.push(diagnostics);
  return { deps, diagnostics };
}
