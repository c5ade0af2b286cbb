import * as vscode from 'vscode';
import { count, jobTitle } from '../ui/jobText';
import type { JobEntry } from '../job/jobEntry';
import type { ReloadLinks } from '../load/reloadLinks';
import { canDownloadFailedRecords } from '../job/jobRules';
import { plainMessage } from '../util/markdown';

/**
 * "Account · insert finished: 1,204 records processed, 3 failed." with "Open Details": what a tracked
 * job's "finished" notification says and offers. Loaded the first time a job finishes (the `notifications`
 * chunk); `registerJobsView.ts` decides when (`bulkJobs.notifyOnCompletion`, once in all windows).
 */
/** The finish message, as shown (no link: `plainMessage`); for a reload (`links` knows its original), how many of the reloaded records succeeded this time. */
export function finishMessage(entry: JobEntry, links?: ReloadLinks): { text: string; severity: 'info' | 'warning' | 'error' } {
  const message = baseMessage(entry);
  message.text = plainMessage(message.text); // the errorMessage and the object are server text: no link of theirs is rendered
  const original = links?.originalOf(entry);
  if (!original || entry.progress?.status === 'failed' || entry.progress?.status === 'aborted') {
    return message;
  }
  const p = entry.progress!;
  const succeeded = count(Math.max(0, p.recordsProcessed - p.recordsFailed));
  const again = vscode.l10n.t('Reload of {0}: {1} of {2} records succeeded this time.', original.jobId, succeeded, count(p.recordsProcessed));
  return { ...message, text: `${message.text} ${again}` };
}

function baseMessage(entry: JobEntry): { text: string; severity: 'info' | 'warning' | 'error' } {
  const p = entry.progress!;
  const title = jobTitle(entry);
  const processed = count(p.recordsProcessed);
  const failed = count(p.recordsFailed);
  switch (p.status) {
    case 'failed':
      return {
        severity: 'error',
        text: entry.job?.errorMessage
          ? vscode.l10n.t('Bulk job {0} failed: {1} ({2} records processed, {3} failed).', title, entry.job.errorMessage, processed, failed)
          : vscode.l10n.t('Bulk job {0} failed ({1} records processed, {2} failed).', title, processed, failed),
      };
    case 'aborted':
      return { severity: 'warning', text: vscode.l10n.t('Bulk job {0} was aborted ({1} records processed, {2} failed).', title, processed, failed) };
    case 'completedWithFailures':
      return { severity: 'warning', text: vscode.l10n.t('Bulk job {0} finished: {1} records processed, {2} failed.', title, processed, failed) };
    default:
      return { severity: 'info', text: vscode.l10n.t('Bulk job {0} finished: {1} records processed.', title, processed) };
  }
}

export async function showFinished(entry: JobEntry, links: ReloadLinks | undefined): Promise<void> {
  const { text, severity } = finishMessage(entry, links);
  const open = vscode.l10n.t('Open Details');
  const actions = [open];
  const failedAction = entry.progress!.recordsFailed > 0 ? vscode.l10n.t('Show {0} Failed', count(entry.progress!.recordsFailed)) : undefined;
  if (failedAction) {
    actions.push(failedAction);
  }
  // The failed rows with their errors, as a CSV that can be fixed and loaded again.
  const downloadAction = canDownloadFailedRecords(entry) ? vscode.l10n.t('Download Failed Records') : undefined;
  if (downloadAction) {
    actions.push(downloadAction);
  }
  const showMessage = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await showMessage(text, ...actions);
  if (choice !== undefined && choice === downloadAction) {
    await vscode.commands.executeCommand('bulkJobs.downloadResults', { orgKey: entry.orgKey, jobId: entry.jobId }, { openFailed: true });
    return;
  }
  if (choice === open || (choice !== undefined && choice === failedAction)) {
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', { orgKey: entry.orgKey, jobId: entry.jobId });
  }
}
