import * as vscode from 'vscode';
import { checkId } from '../../salesforce/ids';
import type { Deps } from '../../deps';
import { refOf, type JobRef } from '../jobStore';
import type { JobEntry } from '../../job/jobEntry';
import { batchNotFoundMessage } from '../../job/batchJobs';
import { JOBS_VIEW } from '../jobsViewId';
import { showError } from '../../orgs/showError';
import { pickOrg } from '../../orgs/picker';
import { plainMessage } from '../../util/markdown';

async function track(deps: Deps, ref: JobRef): Promise<JobEntry | undefined> {
  let entry: JobEntry;
  try {
    entry = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading job {0}…', ref.jobId) },
      () => deps.store.track(ref));
  } catch (e) {
    await showError(e); // e.g. the most tracked jobs the Jobs view keeps
    return undefined;
  }
  if (entry.lastError) {
    if (entry.lastError.kind === 'notFound') {
      await deps.store.untrack(ref);
    }
    await showError(new Error(entry.lastError.message));
    return entry.lastError.kind === 'notFound' ? undefined : entry;
  }
  return entry;
}

/** `Bulk Jobs: Track Job…`: a job id (or a batch id of a 1.0 job) in one of the orgs. */
export async function trackJob(deps: Deps, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  if (ref) {
    await track(deps, ref);
    return;
  }
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Track Bulk API Job'),
    prompt: vscode.l10n.t('Job id (750…) or batch id (751…), 15 or 18 characters'),
    placeHolder: '750…',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const check = checkId(v);
      if (!check.ok) {
        return check.message;
      }
      return check.kind === undefined ? vscode.l10n.t('A Bulk API job id starts with 750 and a batch id with 751.') : undefined;
    },
  });
  const check = input === undefined ? undefined : checkId(input);
  if (!check?.ok || check.kind === undefined) {
    return;
  }
  const org = await pickOrg(deps.orgs, { placeHolder: vscode.l10n.t('Org of job {0}', check.id18) });
  if (!org) {
    return;
  }
  let jobId = check.id18;
  if (check.kind === 'batch') {
    try {
      const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Finding the job of batch {0}…', jobId) },
        async () => (await deps.orgs.clientFor(org.key)).findJobOfBatch(check.id18));
      if (!found.jobId) {
        void vscode.window.showWarningMessage(plainMessage(batchNotFoundMessage(check.id18, org.label, found, vscode.l10n.t)));
        return;
      }
      jobId = found.jobId;
      deps.batchJobs.remember(org.key, [{ id: check.id18, jobId }]);
    } catch (e) {
      await showError(e);
      return;
    }
  }
  if (await track(deps, { orgKey: org.key, jobId })) {
    await vscode.commands.executeCommand(`${JOBS_VIEW}.focus`);
  }
}
