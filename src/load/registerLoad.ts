/**
 * Loading CSVs into Salesforce: the preflight's diagnostics on CSV editors and what the load commands
 * ("Reload Failed Records…" from a job, "Load CSV into Salesforce…" from a file: `commands/loadCsv.ts`,
 * registered in `commands.ts`) share: the confirmation every load asks (a modal; no command argument
 * can skip it) and which original job a file of unsent rows belongs to. The diagnostics
 * (`preflightDiagnostics.ts`, the `preflight` chunk) load with the first CSV file opened, or the first load.
 */
import * as vscode from 'vscode';
import { plainMessage } from '../util/markdown';
import type { Deps } from '../deps';
import type { JobRef } from '../job/jobRef';
import type { PreflightDiagnostics } from './preflightDiagnostics';

export type Confirm = (message: string, detail: string, button: string) => Thenable<boolean>;

export interface ReloadContext {
  readonly deps: Deps;
  /** The preflight's diagnostics on CSV editors (loaded with the first CSV opened, or here). */
  diagnostics(): Promise<PreflightDiagnostics>;
  /** The modal; only the extension's own tests can answer it otherwise (`answerConfirmations`). */
  readonly confirm: Confirm;
  /** A file of unsent rows → the job the load it is the rest of reloaded (so its jobs are linked too). */
  readonly restOf: Map<string, JobRef>;
}

export interface RegisteredLoad {
  reload: ReloadContext;
  /**
   * Only when VS Code runs the extension's own tests (`ExtensionMode.Test`): answers the
   * confirmations instead of the modal, which in-host tests cannot click. Undefined otherwise.
   */
  answerConfirmations?: (answer: Confirm | undefined) => void;
}

/** The `preflight` chunk's loader (`chunks.ts`). */
export type PreflightChunk = () => Promise<{ PreflightDiagnostics: typeof PreflightDiagnostics }>;

const isCsv = (d: vscode.TextDocument): boolean => d.languageId === 'csv' || d.uri.path.toLowerCase().endsWith('.csv');

export function registerReload(context: vscode.ExtensionContext, deps: Deps, chunk: PreflightChunk): RegisteredLoad {
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

  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  let answer: Confirm | undefined;
  const modal: Confirm = async (message, detail, button) =>
    (await vscode.window.showWarningMessage(plainMessage(message), { modal: true, detail: plainMessage(detail) }, button)) === button;
  const confirm: Confirm = (message, detail, button) => (testing && answer ? answer(message, detail, button) : modal(message, detail, button));
  const reload: ReloadContext = Object.freeze({ deps, diagnostics, confirm, restOf: new Map<string, JobRef>() });
  return { reload, answerConfirmations: testing ? (a) => { answer = a; } : undefined };
}
