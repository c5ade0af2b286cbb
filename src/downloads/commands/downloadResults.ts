/**
 * `Bulk Jobs: Download Results…` (palette, tree, details panel, the completion notification): a
 * job's merged result files in a folder the person picks (downloadFolder.ts), with a cancellable
 * progress notification. An earlier download's files are never replaced silently (downloadConflict.ts);
 * the files are written into a staging folder and appear together or not at all (results/publish.ts).
 * Then "why records failed" is kept for the details panel (a summary, no row values); "just the
 * rows of one error" is `showFailedRows.ts`.
 */
import * as vscode from 'vscode';
import { BulkApiError } from '../../salesforce/errors';
import { downloadResults } from '../../salesforce/results/download';
import type { DownloadProgress, DownloadResult } from '../../salesforce/results/downloadTypes';
import type { Deps } from '../../deps';
import { jobKey, refOf, type JobRef } from '../../job/jobRef';
import { downloadSet, type PlacedSet } from '../downloadSet';
import { findResultFiles, PublishError, type PublishOptions } from '../publish';
import type { ResultDownloads, StoredDownload } from '../resultDownloads';
import { isDone } from '../../job/jobRules';
import { pickJob } from '../../tracked/jobPicker';
import { count, jobTitle } from '../../ui/jobText';
import { askConflict, modalPrompt, type Prompt } from '../downloadConflict';
import { openFolder, pickFolder, readyDefaultFolder } from '../downloadFolder';
import { showError } from '../../orgs/showError';
import { signalOf } from '../../util/cancellation';
import { plainMessage } from '../../util/markdown';

export interface DownloadCommandOptions {
  /** The folder, skipping the picker (tests, automation). */
  dir?: string;
  /** The default results folder, skipping the picker (the Org Jobs notification's "Why?"). */
  defaultFolder?: boolean;
  /** Open the failed file when done ("Download Failed Records"). */
  openFailed?: boolean;
  /** No completion message (tests). */
  quiet?: boolean;
  /** Asks the "downloaded before" questions (default: a modal); tests answer them. */
  prompt?: Prompt;
  /** How files are moved into place (tests make it fail). */
  publish?: PublishOptions;
}

const PROGRESS_EVERY_MS = 200;

/** The job a command is about: its argument, else a pick among the tracked jobs that are done. */
async function jobArg(deps: Deps, arg: unknown): Promise<JobRef | undefined> {
  return refOf(arg) ?? pickJob(deps.store, {
    placeHolder: vscode.l10n.t('Job whose results to download'),
    filter: isDone,
    noneMessage: vscode.l10n.t('No finished Bulk API job is tracked. Results can be downloaded once a job is done.'),
  });
}

function progressText(p: DownloadProgress): string {
  return p.batchesTotal > 0
    ? vscode.l10n.t('{0} of {1} batches · {2} rows written', count(p.batchesDone), count(p.batchesTotal), count(p.rowsWritten))
    : vscode.l10n.t('{0} rows written', count(p.rowsWritten));
}

/** Runs the download under a cancellable notification; resolves to undefined when cancelled. */
async function runDownload(deps: Deps, ref: JobRef, dir: string): Promise<DownloadResult | undefined> {
  const client = await deps.orgs.clientFor(ref.orgKey);
  const entry = deps.store.get(ref);
  const title = entry?.job ? `${jobTitle(entry)} (${ref.jobId})` : ref.jobId;
  return vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: vscode.l10n.t('Downloading results of {0}', title),
    cancellable: true,
  }, async (progress, cancel) => {
    const signal = signalOf(cancel);
    let shownPercent = 0;
    let shownAt = 0;
    const onProgress = (p: DownloadProgress): void => {
      const now = Date.now();
      const percent = p.batchesTotal > 0 ? (100 * p.batchesDone) / p.batchesTotal : 0;
      if (now - shownAt < PROGRESS_EVERY_MS && percent === shownPercent) {
        return;
      }
      shownAt = now;
      progress.report({ message: progressText(p), increment: Math.max(0, percent - shownPercent) });
      shownPercent = percent;
    };
    try {
      deps.log.info(`[results] downloading the results of ${ref.jobId} (${ref.orgKey}) into ${dir}, moved into place when complete`);
      return await downloadResults(client, ref.jobId, {
        dir,
        concurrency: deps.settings.maxConcurrentRequests(),
        timeoutMs: deps.settings.requestTimeoutMs(),
        signal,
        onProgress,
      });
    } catch (e) {
      if (e instanceof BulkApiError && e.kind === 'cancelled') {
        deps.log.info(`[results] download of ${ref.jobId} cancelled; no files were kept`);
        return undefined;
      }
      throw e;
    }
  });
}

function summaryText(result: DownloadResult): string {
  if (result.kind === 'query') {
    return vscode.l10n.t('Query results of job {0}: {1} rows.', result.jobId, count(result.rows.query));
  }
  return vscode.l10n.t('Results of job {0}: {1} failed, {2} succeeded, {3} unprocessed.',
    result.jobId, count(result.rows.failed), count(result.rows.success), count(result.rows.unprocessed));
}

export async function downloadCommand(deps: Deps, downloads: ResultDownloads, arg: unknown, options: DownloadCommandOptions = {}): Promise<StoredDownload | undefined> {
  const ref = await jobArg(deps, arg);
  if (!ref) {
    return undefined;
  }
  if (downloads.running.has(jobKey(ref))) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The results of job {0} are being downloaded already.', ref.jobId));
    return undefined;
  }
  const dir = options.dir ?? (options.defaultFolder ? await readyDefaultFolder(deps) : await pickFolder(deps, ref.jobId));
  if (!dir) {
    return undefined;
  }
  let placed: PlacedSet | undefined;
  downloads.running.add(jobKey(ref));
  try {
    const found = await findResultFiles(dir, ref.jobId);
    const choice = found.length > 0 ? await askConflict(options.prompt ?? modalPrompt, ref.jobId, dir, found, downloads.get(ref)?.written ?? []) : undefined;
    if (choice === 'cancel') {
      return undefined;
    }
    placed = await downloadSet({ dir, jobId: ref.jobId, choice, found, publish: options.publish }, (staging) => runDownload(deps, ref, staging));
  } catch (e) {
    deps.log.warn(`[results] download of ${ref.jobId} failed: ${e instanceof Error ? e.message : String(e)}`);
    downloads.running.delete(jobKey(ref));
    await showDownloadError(e, dir, (again) => downloadCommand(deps, downloads, ref, { ...options, dir: again }));
    return undefined;
  } finally {
    downloads.running.delete(jobKey(ref));
  }
  if (!placed) {
    return undefined;
  }
  const { result, plan } = placed;
  if (plan.changedMeanwhile) {
    deps.log.warn(`[results] the earlier files of ${ref.jobId} in ${dir} changed during the download; the new files were kept apart`);
  }
  deps.log.info(`[results] results of ${ref.jobId} saved in ${placed.folder} (${plan.kind})`);
  const stored = downloads.set(ref, result, { dir: placed.folder, files: placed.files, stamps: placed.stamps });
  for (const w of result.warnings) {
    deps.log.warn(`[results] ${ref.jobId}: ${w}`);
  }
  const failedFile = stored.files.failed;
  if (options.openFailed && failedFile) {
    await vscode.window.showTextDocument(vscode.Uri.file(failedFile), { preview: false });
  }
  if (!options.quiet) {
    void announce(result, stored, plan.changedMeanwhile);
  }
  return stored;
}

/**
 * A failed download's message. Salesforce's errors go through showError (Retry where it helps); a
 * folder that cannot take the files offers another folder; a set that could not be moved into place
 * (a file open in another program) offers Retry. The earlier files are as they were in every case.
 */
async function showDownloadError(e: unknown, dir: string, rerun: (dir: string | undefined) => Thenable<unknown>): Promise<void> {
  const isFileError = e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
  if (!(e instanceof PublishError) && !isFileError) {
    return showError(e, () => rerun(dir));
  }
  const code = (e as PublishError | NodeJS.ErrnoException).code ?? (e as Error).message;
  const [message, action, again] = e instanceof PublishError
    ? [vscode.l10n.t('The new result files could not be moved into {0} ({1}); the earlier files there are as they were. Close any program that has one of them open, then try again.', dir, code),
      vscode.l10n.t('Retry'), dir]
    : [vscode.l10n.t('The result files could not be written to {0} ({1}); nothing there was changed. Choose a folder you can write to, or free some space, then try again.', dir, code),
      vscode.l10n.t('Choose Another Folder…'), undefined];
  if ((await vscode.window.showErrorMessage(plainMessage(message), action)) === action) {
    await rerun(again);
  }
}

async function announce(result: DownloadResult, stored: StoredDownload, changedMeanwhile: boolean): Promise<void> {
  const openFailed = vscode.l10n.t('Open Failed');
  const openResults = vscode.l10n.t('Open Results');
  const open = vscode.l10n.t('Open Folder');
  const actions = [stored.files.failed ? openFailed : undefined, stored.files.query ? openResults : undefined, open].filter((a): a is string => a !== undefined);
  const where = changedMeanwhile
    ? vscode.l10n.t('The earlier files changed during the download, so they were kept: the new files are in {0}.', stored.dir)
    : vscode.l10n.t('Saved in {0}.', stored.dir);
  const choice = await vscode.window.showInformationMessage(plainMessage(`${summaryText(result)} ${where}`), ...actions);
  const file = choice === openFailed ? stored.files.failed : choice === openResults ? stored.files.query : undefined;
  if (file) {
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  } else if (choice === open) {
    await openFolder(stored.dir, Object.values(stored.files)[0]);
  }
}
