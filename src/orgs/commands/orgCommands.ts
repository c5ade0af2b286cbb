import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { checkInstanceUrl, InstanceUrlProblem } from '../../salesforce/instanceUrl';
import { pickOrg } from '../picker';
import { showError } from '../../ui/showError';
import { signalOf } from '../../util/cancellation';
import { isManualOrgKey, orgKeyLabel } from '../orgKey';

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
    void vscode.window.showInformationMessage(vscode.l10n.t('Connected to {0}.', org.label));
  } catch (e) {
    await showError(e, () => addOrg(deps, { instanceUrl: check.url }));
  }
}

/** `Bulk Jobs: Select Org…`: the default org of this workspace. */
export async function selectOrg(deps: Deps): Promise<void> {
  deps.orgs.reloadCli(); // pick up orgs logged in since the last look
  const org = await pickOrg(deps.orgs, { placeHolder: vscode.l10n.t('Default org for Bulk Jobs in this workspace') });
  if (org) {
    await deps.orgs.setDefault(org.key);
    void vscode.window.showInformationMessage(vscode.l10n.t('Bulk Jobs now uses {0} by default in this workspace.', org.label));
  }
}

/** `Bulk Jobs: Remove Org`: forgets a session-id org (its token too). CLI orgs are logged out with the CLI. */
export async function removeOrg(deps: Deps, arg?: { orgKey?: string }): Promise<void> {
  const manual = deps.orgs.manualOrgs();
  let key = typeof arg?.orgKey === 'string' ? arg.orgKey : undefined;
  if (!key) {
    if (manual.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No org was added with a session id. Orgs of the Salesforce CLI are removed with `sf org logout -o ALIAS`.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(manual.map((m) => ({ label: m.label, description: m.instanceUrl, key: m.key })),
      { placeHolder: vscode.l10n.t('Org to remove (its session id is deleted)') });
    key = picked?.key;
  }
  if (!key) {
    return;
  }
  if (!isManualOrgKey(key)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} comes from the Salesforce CLI: remove it with `sf org logout -o {0}`.', key));
    return;
  }
  await deps.orgs.removeManual(key);
  const label = manual.find((m) => m.key === key)?.label ?? orgKeyLabel(key);
  void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0}.', label));
}
