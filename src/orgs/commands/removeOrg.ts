import * as vscode from 'vscode';
import { isManualOrgKey, orgKeyLabel } from '../orgKey';
import type { Deps } from '../../deps';
import { escapeIcons, plainMessage } from '../../util/markdown';

/** `Bulk Jobs: Remove Org`: forgets a session-id org (its token too). CLI orgs are logged out with the CLI. */
export async function removeOrg(deps: Deps, arg?: { orgKey?: string }): Promise<void> {
  const manual = deps.orgs.manualOrgs();
  let key = typeof arg?.orgKey === 'string' ? arg.orgKey : undefined;
  if (!key) {
    if (manual.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No org was added with a session id. Orgs of the Salesforce CLI are removed with `sf org logout -o ALIAS`.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(manual.map((m) => ({ label: escapeIcons(m.label), description: escapeIcons(m.instanceUrl), key: m.key })),
      { placeHolder: vscode.l10n.t('Org to remove (its session id is deleted)') });
    key = picked?.key;
  }
  if (!key) {
    return;
  }
  if (!isManualOrgKey(key)) {
    void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('{0} comes from the Salesforce CLI: remove it with `sf org logout -o {0}`.', key)));
    return;
  }
  await deps.orgs.removeManual(key);
  const label = manual.find((m) => m.key === key)?.label ?? orgKeyLabel(key);
  void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('Removed {0}.', label)));
}
