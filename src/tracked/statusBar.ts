import * as vscode from 'vscode';
import type { JobStore } from './jobStore';
import type { PollStatusSource } from './poller';
import { runningCount } from '../job/jobRules';
import { JOBS_VIEW } from './jobsViewId';

/**
 * How many tracked jobs are running (spinning while any is), and when polling is slowed or paused, why;
 * click focuses the Jobs view. Hidden when nothing is tracked.
 */
export function createStatusBar(store: JobStore, polling: PollStatusSource): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('bulkJobs.status', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Bulk Jobs');
  item.command = `${JOBS_VIEW}.focus`;
  const update = (): void => {
    const tracked = store.tracked();
    const running = runningCount(tracked);
    if (tracked.length === 0) {
      item.hide();
      return;
    }
    const holding = polling.held(Date.now(), vscode.l10n.t, vscode.env.language);
    const status = holding?.status;
    const held = holding?.text;
    const text = running > 0 ? `$(sync~spin) ${vscode.l10n.t('{0} running', running)}` : `$(checklist) ${tracked.length}`;
    // What holds a whole org back is said in the bar; a job waiting for data only shows its icon.
    const said = held && status && ['usagePaused', 'retrying', 'slowed', 'signedOut'].includes(status.kind);
    item.text = held ? `${text} $(${held.icon})${said ? ` ${held.text}` : ''}` : text;
    const tooltip = running > 0
      ? vscode.l10n.t('{0} of {1} tracked Bulk API jobs running. Click to show them.', running, tracked.length)
      : vscode.l10n.t('{0} tracked Bulk API jobs, none running. Click to show them.', tracked.length);
    item.tooltip = held ? `${tooltip}\n${held.text}` : tooltip;
    item.accessibilityInformation = { label: String(item.tooltip) };
    item.show();
  };
  update();
  return vscode.Disposable.from(item, store.onDidChange(update), polling.onDidChangeStatus(update));
}
