/** `Bulk Jobs: Close Job` and `Abort Job`: one confirmation (naming the org and its kind), one request. */
import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { jobTitle } from '../../ui/jobText';
import { showError } from '../../orgs/showError';
import { recordAborted } from '../../orgJobs/sharedOrgState';
import { inView, jobArg, orgKindOf, orgLabel } from './jobCommandHelpers';
import { plainMessage } from '../../util/markdown';

export const closeJob = (deps: Deps, arg: unknown): Promise<void> => changeJob(deps, arg, 'close');
export const abortJob = (deps: Deps, arg: unknown): Promise<void> => changeJob(deps, arg, 'abort');

async function changeJob(deps: Deps, arg: unknown, action: 'close' | 'abort'): Promise<void> {
  const ref = await jobArg(deps, arg, action === 'close' ? vscode.l10n.t('Job to close') : vscode.l10n.t('Job to abort'));
  if (!ref) {
    return;
  }
  const entry = deps.store.get(ref);
  const title = entry?.job ? `${jobTitle(entry)} (${ref.jobId})` : ref.jobId;
  const org = await orgLabel(deps, ref.orgKey);
  const kind = await orgKindOf(deps, ref.orgKey);
  const confirm = action === 'close' ? vscode.l10n.t('Close Job') : vscode.l10n.t('Abort Job');
  const question = action === 'close'
    ? vscode.l10n.t('Close job {0} in org {1} ({2})?', title, org, kind)
    : vscode.l10n.t('Abort job {0} in org {1} ({2})?', title, org, kind);
  const detail = action === 'close'
    ? vscode.l10n.t('No more batches can be added; Salesforce processes the ones it has.')
    : vscode.l10n.t('Salesforce stops processing it. Records already processed stay processed. This cannot be undone.');
  const choice = await vscode.window.showWarningMessage(plainMessage(question), { modal: true, detail }, confirm);
  if (choice !== confirm) {
    return;
  }
  try {
    await inView(confirm, () => (action === 'close' ? deps.store.close(ref) : deps.store.abort(ref)));
    if (action === 'abort') {
      await recordAborted(deps.store.sharedState, ref, Date.now()); // not news to the Org Jobs notifications of any window
    }
  } catch (e) {
    await showError(e);
  }
}
