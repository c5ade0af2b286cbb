import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { showError } from '../../orgs/showError';
import { inView, jobArg } from './jobCommandHelpers';

/** `Bulk Jobs: Refresh`: one job (and its batches when they are shown), now. */
export async function refreshJob(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job to refresh'));
  if (!ref) {
    return;
  }
  try {
    await inView(vscode.l10n.t('Refreshing…'), () => deps.store.refresh(ref, { withBatches: deps.store.get(ref)?.batches !== undefined }));
  } catch (e) {
    await showError(e, () => refreshJob(deps, ref));
  }
}
