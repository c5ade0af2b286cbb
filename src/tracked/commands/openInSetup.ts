import * as vscode from 'vscode';
import { setupDeepLink } from '../../salesforce/ids';
import type { Deps } from '../../deps';
import { showError } from '../../orgs/showError';
import { jobArg } from './jobCommandHelpers';

export async function openInSetup(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job to open in Salesforce Setup'));
  if (!ref) {
    return;
  }
  const org = await deps.orgs.get(ref.orgKey);
  if (!org) {
    await showError(new Error(vscode.l10n.t('Org {0} is not connected any more.', ref.orgKey)));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(setupDeepLink(org.instanceUrl, ref.jobId)));
}
