import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { pickOrg } from '../picker';
import { plainMessage } from '../../util/markdown';

/** `Bulk Jobs: Select Org…`: the default org of this workspace. */
export async function selectOrg(deps: Deps): Promise<void> {
  deps.orgs.reloadCli(); // pick up orgs logged in since the last look
  const org = await pickOrg(deps.orgs, { placeHolder: vscode.l10n.t('Default org for Bulk Jobs in this workspace') });
  if (org) {
    await deps.orgs.setDefault(org.key);
    void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('Bulk Jobs now uses {0} by default in this workspace.', org.label)));
  }
}
