import * as vscode from 'vscode';
import { isValidId } from '../../salesforce/ids';

/** The Jobs view's batch row: copies the batch's 18-character id (the row itself leads with "#3"). */
export async function copyBatchId(arg: unknown): Promise<void> {
  const id = (arg as { batch?: { id?: unknown } } | undefined)?.batch?.id;
  if (typeof id === 'string' && isValidId(id)) {
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 3000);
  }
}
