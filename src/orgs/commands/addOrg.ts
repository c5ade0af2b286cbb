import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { checkInstanceUrl, InstanceUrlProblem } from '../../salesforce/instanceUrl';
import { showError } from '../showError';
import { signalOf } from '../../util/cancellation';
import { plainMessage } from '../../util/markdown';

function urlProblemText(problem: InstanceUrlProblem): string {
  switch (problem) {
    case 'empty': return vscode.l10n.t('Enter the instance URL, e.g. https://acme.my.salesforce.com');
    case 'invalid': return vscode.l10n.t('This is not a web address. Enter e.g. https://acme.my.salesforce.com');
    case 'insecure': return vscode.l10n.t('Use https:// (plain http is only accepted on this machine: 127.0.0.1 or localhost).');
    case 'credentials': return vscode.l10n.t('Leave the user name and password out of the URL.');
  }
}

/** `Bulk Jobs: Add Org with Session Id…`: instance URL + session id, checked with one request, token kept in SecretStorage. */
export async function addOrg(deps: Deps, arg?: { instanceUrl?: string }): Promise<void> {
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Org with Session Id (1/2)'),
    prompt: vscode.l10n.t('Instance URL of the org'),
    placeHolder: 'https://acme.my.salesforce.com',
    value: arg?.instanceUrl,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const check = checkInstanceUrl(v);
      return check.ok ? undefined : urlProblemText(check.problem);
    },
  });
  const check = input === undefined ? undefined : checkInstanceUrl(input);
  if (!check?.ok) {
    return;
  }
  const token = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Org with Session Id (2/2)'),
    prompt: vscode.l10n.t('Session id or access token for {0}. It is kept in VS Code\'s secret storage only.', check.url),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Paste the session id (it starts with 00D…).') : undefined),
  });
  if (!token?.trim()) {
    return;
  }
  try {
    const org = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Checking the session with {0}…', check.url),
      cancellable: true,
    }, (_progress, cancel) => {
      return deps.orgs.addManual(check.url, token.trim(), signalOf(cancel));
    });
    if (!(await deps.orgs.getDefault())) {
      await deps.orgs.setDefault(org.key);
    }
    void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('Connected to {0}.', org.label)));
  } catch (e) {
    await showError(e, () => addOrg(deps, { instanceUrl: check.url }));
  }
}
