import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import { runningCount } from '../model/jobRules';
import { EXPLORER_VIEW } from './explorer';

/** How many tracked jobs are running (spinning while any is); click focuses the explorer. Hidden when nothing is tracked. */
export function createStatusBar(store: JobStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('bulkJobs.status', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Bulk Jobs');
  item.command = `${EXPLORER_VIEW}.focus`;
  const update = (): void => {
    const tracked = store.tracked();
    const running = runningCount(tracked);
    if (tracked.length === 0) {
      item.hide();
      return;
    }
    item.text = running > 0 ? `$(sync~spin) ${vscode.l10n.t('{0} running', running)}` : `$(checklist) ${tracked.length}`;
    item.tooltip = running > 0
      ? vscode.l10n.t('{0} of {1} tracked Bulk API jobs running. Click to show them.', running, tracked.length)
      : vscode.l10n.t('{0} tracked Bulk API jobs, none running. Click to show them.', tracked.length);
    item.accessibilityInformation = { label: String(item.tooltip) };
    item.show();
  };
  update();
  const sub = store.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
