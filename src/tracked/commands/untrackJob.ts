import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { jobArg } from './jobCommandHelpers';

/** `Bulk Jobs: Stop Tracking`. */
export async function untrackJob(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job to stop tracking'));
  if (ref) {
    await deps.store.untrack(ref);
  }
}
