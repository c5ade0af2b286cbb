/**
 * The example row of one error group for the details panel: read from the failed file on disk when
 * the webview asks (the first matching row, streamed until found) and sent by postMessage only.
 * Neither the stored summary nor the webview's saved state holds row values.
 */
import * as vscode from 'vscode';
import { OTHER_GROUP_KEY } from '../salesforce/results/errorSummary';
import { firstFailedRow } from '../salesforce/results/failedRows';
import type { ExampleRowMessage } from '../details/protocol';
import type { StoredDownload } from './resultDownloads';

export async function exampleRow(stored: StoredDownload | undefined, key: string): Promise<ExampleRowMessage> {
  const answer = (problem?: string, exampleId = '', values: Array<[string, string]> = []): ExampleRowMessage => ({ type: 'exampleRow', key, exampleId, values, problem });
  const failed = stored?.files.failed;
  if (!stored || !failed) {
    return answer(vscode.l10n.t('Download the results of this job first.'));
  }
  try {
    const knownKeys = key === OTHER_GROUP_KEY ? stored.errors.map((g) => g.key) : undefined;
    const row = await firstFailedRow(failed, key, { knownKeys });
    return row ? answer(undefined, row.sfId, row.values) : answer(vscode.l10n.t('No row of this error is in the failed file any more.'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return answer(code === 'ENOENT'
      ? vscode.l10n.t('The failed file is gone. Download the results again.')
      : vscode.l10n.t('The failed file could not be read: {0}', e instanceof Error ? e.message : String(e)));
  }
}
