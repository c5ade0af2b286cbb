import * as vscode from 'vscode';
import { isBulkApiError } from '../salesforce/errors';
import { isOrgError } from './connectionErrors';
import { CLI_INSTALL_URL, openLoginTerminal } from './login';
import { isManualOrgKey, manualInstanceUrl } from './orgKey';
import { plainMessage } from '../util/markdown';

/**
 * Shows an error from a command with the action that fixes it: install the CLI, log in again,
 * enter a new session id, or retry. Cancellation is silent.
 */
export async function showError(error: unknown, retry?: () => Thenable<unknown>): Promise<void> {
  if (isBulkApiError(error) && error.kind === 'cancelled') {
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const actions = new Map<string, () => Thenable<unknown>>();
  if (isOrgError(error)) {
    switch (error.problem) {
      case 'cliNotFound':
        actions.set(vscode.l10n.t('Install Salesforce CLI'), () => vscode.env.openExternal(vscode.Uri.parse(CLI_INSTALL_URL)));
        actions.set(vscode.l10n.t('Set CLI Path'), () => vscode.commands.executeCommand('workbench.action.openSettings', 'bulkJobs.cliPath'));
        actions.set(vscode.l10n.t('Add Org with Session Id…'), () => vscode.commands.executeCommand('bulkJobs.addOrg'));
        break;
      case 'notAuthenticated':
      case 'unknownOrg': {
        const username = isManualOrgKey(error.orgKey) ? undefined : error.orgKey;
        actions.set(vscode.l10n.t('Log In in Terminal'), async () => openLoginTerminal({ aliases: [error.orgAlias, username] }));
        break;
      }
      case 'tokenRejected':
        actions.set(vscode.l10n.t('Enter New Session Id…'), () => vscode.commands.executeCommand('bulkJobs.addOrg',
          isManualOrgKey(error.orgKey) ? { instanceUrl: manualInstanceUrl(error.orgKey) } : undefined));
        break;
      default:
        break;
    }
  }
  if (retry && isBulkApiError(error) && (error.transient || (isOrgError(error) && error.problem === 'unreachable'))) {
    actions.set(vscode.l10n.t('Retry'), retry);
  }
  const choice = await vscode.window.showErrorMessage(plainMessage(message), ...actions.keys());
  if (choice !== undefined) {
    await actions.get(choice)?.();
  }
}
