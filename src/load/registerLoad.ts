/**
 * Loading CSVs into Salesforce: the preflight's diagnostics on CSV editors and what the load commands
 * ("Reload Failed Records…" from a job, "Load CSV into Salesforce…" from a file: `commands/loadCsv.ts`,
 * registered in `commands.ts`) share: the confirmation every load asks (a modal; no command argument
 * can skip it). Which original job a file of unsent rows belongs to is kept in `reloadLinks.ts`. The diagnostics
 * (`preflightDiagnostics.ts`, the `preflight` chunk) load with the first CSV file opened, or the first load.
 */
import * as vscode from 'vscode';
import { plainMessage } from '../util/markdown';
import type { Deps } from '../deps';
import type { PreflightDiagnostics } from './preflightDiagnostics';
import { madeWithFirstCsv } from '../ui/firstCsv';

export type Confirm = (message: string, detail: string, button: string) => Thenable<boolean>;

export interface ReloadContext {
  readonly deps: Deps;
  /** The preflight's diagnostics on CSV editors (loaded with the first CSV opened, or here). */
  diagnostics(): Promise<PreflightDiagnostics>;
  /** The modal; only the extension's own tests can answer it otherwise (`answerConfirmations`). */
  readonly confirm: Confirm;
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

export function registerReload(context: vscode.ExtensionContext, deps: Deps, chunk: PreflightChunk): RegisteredLoad {
  // checks the CSV editors already open when made
  const diagnostics = madeWithFirstCsv(context, deps.log, 'preflight', async () => new (await chunk()).PreflightDiagnostics(deps));

  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  let answer: Confirm | undefined;
  const modal: Confirm = async (message, detail, button) =>
    (await vscode.window.showWarningMessage(plainMessage(message), { modal: true, detail: plainMessage(detail) }, button)) === button;
  const confirm: Confirm = (message, detail, button) => (testing && answer ? answer(message, detail, button) : modal(message, detail, button));
  const reload: ReloadContext = Object.freeze({ deps, diagnostics, confirm });
  return { reload, answerConfirmations: testing ? (a) => { answer = a; } : undefined };
}
