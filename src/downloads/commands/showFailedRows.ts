import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { OTHER_GROUP_KEY } from '../../salesforce/results/errorSummary';
import { filterFailedRows } from '../../salesforce/results/failedRows';
import type { Deps } from '../../deps';
import { refOf } from '../../job/jobRef';
import type { ResultDownloads } from '../resultDownloads';
import { count } from '../../ui/jobText';
import { showError } from '../../orgs/showError';
import { plainMessage } from '../../util/markdown';

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
    void vscode.window.showWarningMessage(plainMessage(vscode.l10n.t('The failed file {0} is gone. Download the results again.', path.basename(failed))));
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
