import * as vscode from 'vscode';
import type { BulkBatch, BulkJob } from '../../salesforce/types';
import type { Deps } from '../../deps';
import { refOf } from '../jobStore';
import { plainMessage } from '../../util/markdown';

/** What "Copy as JSON" copies: the normalised job, with its batches (1.0) when known. */
export function jobAsJson(job: BulkJob, batches: readonly BulkBatch[] | undefined): string {
  return JSON.stringify(batches ? { ...job, batches } : job, null, 2);
}

/** `bulkJobs.copyJobAsJson`: argument a JobRef or a tree node; fetches the job first if nothing is known. */
export async function copyJobAsJson(deps: Deps, arg?: unknown): Promise<void> {
  const ref = refOf(arg);
  if (!ref) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a job first: Copy as JSON copies the job shown in a details panel or selected in the Jobs view.'));
    return;
  }
  let entry = deps.store.get(ref);
  if (!entry?.job) {
    try {
      entry = await deps.store.refresh(ref, { withBatches: true });
    } catch (e) {
      void vscode.window.showErrorMessage(plainMessage(e instanceof Error ? e.message : String(e)));
      return;
    }
  }
  if (!entry.job) {
    return;
  }
  await vscode.env.clipboard.writeText(jobAsJson(entry.job, entry.batches));
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied job {0} as JSON', entry.jobId), 3000);
}
