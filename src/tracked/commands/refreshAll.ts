import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { inView } from './jobCommandHelpers';

/** `Bulk Jobs: Refresh All`: every tracked job, now. */
export async function refreshAll(deps: Deps): Promise<void> {
  await inView(vscode.l10n.t('Refreshing all jobs…'), () => deps.store.refreshAll());
}
