/**
 * `Bulk Jobs: Download Results…` (palette, tree, details panel, the completion notification): a
 * job's merged result files in a folder the person picks (default: the workspace's `bulk-results/`),
 * with a cancellable progress notification, then "why records failed" kept for the details panel,
 * and "just the rows of one error" opened in a new editor.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { BulkApiError } from '../api/errors';
import { canDownloadResults, downloadResults, type DownloadProgress, type DownloadResult } from '../api/results/download';
import { OTHER_GROUP_KEY } from '../api/results/errorSummary';
import { filterFailedRows } from '../api/results/filter';
import type { Deps } from '../deps';
import { jobKey, refOf, type JobRef } from '../model/jobRef';
import type { ResultDownloads, StoredDownload } from '../results/resultDownloads';
import { isDone } from '../model/jobRules';
import { pickJob } from '../views/jobPicker';
import { count, jobTitle } from '../views/jobText';
import { showError } from './showError';
import { signalOf } from '../util/cancellation';


export interface DownloadCommandOptions {
  /** The folder, skipping the picker (tests, automation). */
  dir?: string;
  /** Open the failed file when done ("Download Failed Records"). */
  openFailed?: boolean;
  /** No completion message (tests). */
  quiet?: boolean;
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

/** Folder picker, starting in the workspace's `bulk-results/` (created for it, removed again if unused). */
async function pickFolder(jobId: string): Promise<string | undefined> {
  const workspace = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  let defaultUri: vscode.Uri | undefined;
  let created = false;
  if (workspace) {
    // Through VS Code's file service (not Node's fs), so that the dialog, which asks it, sees the new folder.
    defaultUri = vscode.Uri.joinPath(workspace.uri, 'bulk-results');
    created = !(await vscode.workspace.fs.stat(defaultUri).then(() => true, () => false));
    await Promise.resolve(vscode.workspace.fs.createDirectory(defaultUri)).catch(() => undefined);
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri,
    openLabel: vscode.l10n.t('Save Results Here'),
    title: vscode.l10n.t('Folder for the result files of job {0}', jobId),
  });
  const folder = picked?.[0];
  if (created && defaultUri && folder?.fsPath !== defaultUri.fsPath) {
    const empty = (await Promise.resolve(vscode.workspace.fs.readDirectory(defaultUri)).catch(() => [undefined])).length === 0;
    if (empty) {
      await Promise.resolve(vscode.workspace.fs.delete(defaultUri)).catch(() => undefined);
    }
  }
  if (folder && folder.scheme !== 'file') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Result files can only be saved to a folder on this machine\'s disk.'));
    return undefined;
  }
  return folder?.fsPath;
}

function progressText(p: DownloadProgress): string {
  return p.batchesTotal > 0
    ? vscode.l10n.t('{0} of {1} batches · {2} rows written', count(p.batchesDone), count(p.batchesTotal), count(p.rowsWritten))
    : vscode.l10n.t('{0} rows written', count(p.rowsWritten));
}

/** Runs the download under a cancellable notification; resolves to undefined when cancelled. */
async function runDownload(deps: Deps, ref: JobRef, dir: string): Promise<DownloadResult | undefined> {
  const client = await deps.orgs.clientFor(ref.orgKey);
  if (!canDownloadResults(client)) {
    throw new BulkApiError({ kind: 'invalidRequest', message: vscode.l10n.t('This connection cannot download result files.') });
  }
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
      deps.log.info(`[results] downloading the results of ${ref.jobId} (${ref.orgKey}) to ${dir}`);
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
  const dir = options.dir ?? (await pickFolder(ref.jobId));
  if (!dir) {
    return undefined;
  }
  let result: DownloadResult | undefined;
  downloads.running.add(jobKey(ref));
  try {
    result = await runDownload(deps, ref, dir);
  } catch (e) {
    deps.log.warn(`[results] download of ${ref.jobId} failed: ${e instanceof Error ? e.message : String(e)}`);
    downloads.running.delete(jobKey(ref));
    await showError(e, () => downloadCommand(deps, downloads, ref, { ...options, dir }));
    return undefined;
  } finally {
    downloads.running.delete(jobKey(ref));
  }
  if (!result) {
    return undefined;
  }
  for (const w of result.warnings) {
    deps.log.warn(`[results] ${ref.jobId}: ${w}`);
  }
  const stored = downloads.set(ref, result, dir);
  const failedFile = result.files.failed;
  if (options.openFailed && failedFile) {
    await vscode.window.showTextDocument(vscode.Uri.file(failedFile), { preview: false });
  }
  if (!options.quiet) {
    void announce(result, dir);
  }
  return stored;
}

async function announce(result: DownloadResult, dir: string): Promise<void> {
  const openFailed = vscode.l10n.t('Open Failed Records');
  const openResults = vscode.l10n.t('Open Results');
  const reveal = vscode.l10n.t('Reveal Folder');
  const actions = [result.files.failed ? openFailed : undefined, result.files.query ? openResults : undefined, reveal].filter((a): a is string => a !== undefined);
  const choice = await vscode.window.showInformationMessage(summaryText(result), ...actions);
  const file = choice === openFailed ? result.files.failed : choice === openResults ? result.files.query : undefined;
  if (file) {
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  } else if (choice === reveal) {
    const first = Object.values(result.files)[0];
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(first ?? dir));
  }
}

/** Arguments of `bulkJobs.showFailedRows` (from the panel's "Why records failed" links). */
export interface ShowFailedRowsArgs {
  orgKey: string;
  jobId: string;
  /** `ErrorGroup.key`. */
  key: string;
}

/** A new editor with the header and just the failed rows of one error group. */
export async function showFailedRows(deps: Deps, downloads: ResultDownloads, args: unknown): Promise<vscode.TextDocument | undefined> {
  const ref = refOf(args);
  const key = (args as { key?: unknown } | undefined)?.key;
  const stored = ref ? downloads.get(ref) : undefined;
  if (!ref || typeof key !== 'string' || !stored?.files.failed) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Download the results of this job first.'));
    return undefined;
  }
  const failed = stored.files.failed;
  if (!fs.existsSync(failed)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The failed file {0} is gone. Download the results again.', path.basename(failed)));
    return undefined;
  }
  try {
    const knownKeys = key === OTHER_GROUP_KEY ? stored.errors.map((g) => g.key) : undefined;
    const rows = await filterFailedRows(failed, key, { knownKeys, limit: 100_000 });
    const document = await vscode.workspace.openTextDocument({ content: rows.csv, language: 'csv' }).then(undefined,
      () => vscode.workspace.openTextDocument({ content: rows.csv }));
    await vscode.window.showTextDocument(document, { preview: false });
    if (rows.truncated) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Showing the first {0} rows of this error.', count(rows.rows)));
    }
    return document;
  } catch (e) {
    deps.log.warn(`[results] filtering ${failed} failed: ${e instanceof Error ? e.message : String(e)}`);
    await showError(e);
    return undefined;
  }
}

/** Registers the commands; the downloads are kept in `deps.results`. */
