/**
 * The folder result files go to: the picker, which starts in the default results folder (the
 * `bulkJobs.resultsFolder` setting, the workspace's `bulk-results/`, or the extension's storage when
 * no folder is open; always with a `.gitignore` holding `*`), and "Open Folder" afterwards.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { defaultResultsFolder, ensureResultsFolder, removeIfUnused } from './resultsFolder';

/** The default folder for this window. */
export function resultsFolder(deps: Deps): ReturnType<typeof defaultResultsFolder> {
  const workspace = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return defaultResultsFolder({
    setting: deps.settings.resultsFolder(),
    workspace: workspace?.uri.fsPath,
    globalStorage: deps.results.storageDir,
    home: os.homedir(),
  });
}

/** The default folder, made ready (created, with its `.gitignore`), without asking: "Why?" goes straight to the causes. */
export async function readyDefaultFolder(deps: Deps): Promise<string> {
  const { dir } = resultsFolder(deps);
  await Promise.resolve(vscode.workspace.fs.createDirectory(vscode.Uri.file(dir))).catch(() => undefined);
  await ensureResultsFolder(dir).catch((e: unknown) => deps.log.warn(`[results] no .gitignore in ${dir}: ${String(e)}`));
  return dir;
}

/** Folder picker, starting in the default folder (created for it with its `.gitignore`, removed again if unused). */
export async function pickFolder(deps: Deps, jobId: string): Promise<string | undefined> {
  const { dir } = resultsFolder(deps);
  const defaultUri = vscode.Uri.file(dir);
  // Through VS Code's file service (not Node's fs), so that the dialog, which asks it, sees the new folder.
  const created = !(await vscode.workspace.fs.stat(defaultUri).then(() => true, () => false));
  await Promise.resolve(vscode.workspace.fs.createDirectory(defaultUri)).catch(() => undefined);
  await ensureResultsFolder(dir).catch((e: unknown) => deps.log.warn(`[results] no .gitignore in ${dir}: ${String(e)}`));
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri,
    openLabel: vscode.l10n.t('Save Results Here'),
    title: vscode.l10n.t('Folder for the result files of job {0}', jobId),
  });
  const folder = picked?.[0];
  if (created && folder?.fsPath !== defaultUri.fsPath) {
    await removeIfUnused(dir);
  }
  if (folder && folder.scheme !== 'file') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Result files can only be saved to a folder on this machine\'s disk.'));
    return undefined;
  }
  return folder?.fsPath;
}

/** Shows the folder: in the Explorer when it is inside the workspace, else in the system's file manager. */
export async function openFolder(folder: string, file?: string): Promise<void> {
  const uri = vscode.Uri.file(folder);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined && !path.basename(folder).startsWith('.');
  if (inWorkspace) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else {
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file ?? folder));
  }
}
