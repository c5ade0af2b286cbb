/**
 * "These results were downloaded here before": Replace, Keep Both or Cancel, asked in a modal before
 * anything is downloaded. Replace over a file someone changed since it was written (or that no
 * remembered download wrote) asks again, naming the file. The rules are in src/downloads/resultSet.ts.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { editState, timeStamp, type ConflictChoice, type FileStamp, type FoundFile } from './resultSet';
import { plainMessage } from '../util/markdown';

/** Shows a question with buttons; resolves to the button's label, undefined when dismissed (Cancel). */
export type Prompt = (message: string, detail: string, buttons: string[]) => Thenable<string | undefined>;

export const modalPrompt: Prompt = (message, detail, buttons) => vscode.window.showWarningMessage(plainMessage(message), { modal: true, detail: plainMessage(detail) }, ...buttons);

const names = (files: readonly FileStamp[]): string => files.map((f) => path.basename(f.path)).join(', ');

/** Asks what to do with an earlier download's files (`found`, not empty); `written`: the stamps of what was written. */
export async function askConflict(prompt: Prompt, jobId: string, dir: string, found: readonly FoundFile[], written: readonly FileStamp[]): Promise<ConflictChoice> {
  const replace = vscode.l10n.t('Replace');
  const keepBoth = vscode.l10n.t('Keep Both');
  const first = await prompt(
    vscode.l10n.t('The results of job {0} were downloaded to this folder before: {1}.', jobId, names(found)),
    vscode.l10n.t('Replace: the new files take their place. Keep Both: the new files go into a folder of their own, {0}.', `${jobId}-${timeStamp(new Date())}`),
    [replace, keepBoth]);
  if (first === keepBoth) {
    return 'keepBoth';
  }
  if (first !== replace) {
    return 'cancel';
  }
  const edited = found.filter((f) => editState(f, written) === 'edited');
  const unknown = found.filter((f) => editState(f, written) === 'unknown');
  if (edited.length === 0 && unknown.length === 0) {
    return 'replace';
  }
  const replaceAnyway = vscode.l10n.t('Replace Anyway');
  const message = [
    edited.length > 0 ? vscode.l10n.t('{0}: changed since Bulk Jobs wrote it.', names(edited)) : '',
    unknown.length > 0 ? vscode.l10n.t('{0}: Bulk Jobs has no record of writing it, it may hold changes.', names(unknown)) : '',
    vscode.l10n.t('Replace anyway? The changes would be lost.'),
  ].filter((m) => m !== '').join(' ');
  const again = await prompt(message, vscode.l10n.t('In {0}. Keep Both saves the new files next to it instead.', dir), [replaceAnyway, keepBoth]);
  return again === replaceAnyway ? 'replace' : again === keepBoth ? 'keepBoth' : 'cancel';
}
