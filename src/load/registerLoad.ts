/**
 * Loading CSVs into Salesforce: the preflight's diagnostics on CSV editors and what the load commands
 * ("Reload Failed Records…" from a job, "Load CSV into Salesforce…" from a file: `commands/loadCsv.ts`,
 * registered in `commands.ts`) share. The diagnostics (`preflightDiagnostics.ts`, the `preflight` chunk)
 * load with the first CSV file opened, or with the first load.
 */
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { PreflightDiagnostics } from './preflightDiagnostics';
import type { ReloadContext } from './commands/loadCsv';

/** The `preflight` chunk's loader (`chunks.ts`). */
export type PreflightChunk = () => Promise<{ PreflightDiagnostics: typeof PreflightDiagnostics }>;

const isCsv = (d: vscode.TextDocument): boolean => d.languageId === 'csv' || d.uri.path.toLowerCase().endsWith('.csv');

export function registerReload(context: vscode.ExtensionContext, deps: Deps, chunk: PreflightChunk): ReloadContext {
  let loading: Promise<PreflightDiagnostics> | undefined;
  const diagnostics = (): Promise<PreflightDiagnostics> => {
    loading ??= chunk().then(({ PreflightDiagnostics }) => {
      const made = new PreflightDiagnostics(deps); // checks the CSV editors already open
      context.subscriptions.push(made);
      return made;
    });
    loading.catch((e: unknown) => {
      loading = undefined; // tried again with the next CSV
      deps.log.error(`[preflight] could not load: ${String(e)}`);
    });
    return loading;
  };
  const opened = (d: vscode.TextDocument): void => {
    if (loading === undefined && isCsv(d)) {
      void diagnostics();
    }
  };
  vscode.workspace.textDocuments.forEach(opened);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(opened));
  return { deps, diagnostics };
}
