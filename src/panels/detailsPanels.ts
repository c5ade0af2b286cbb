import * as vscode from 'vscode';
import { isValidId, to18 } from '../api/ids';
import type { Deps } from '../deps';
import type { JobRef } from '../jobs/jobStore';
import type { RefreshSchedule } from '../jobs/poller';
import { jobKey } from '../model/jobRef';
import { isPanelState } from '../protocol/messages';
import { panelTitle } from '../model/jobView';
import { DETAILS_VIEW_TYPE, JobDetailsPanel, webviewOptions } from './jobDetailsPanel';

/** The open details panels, one per job; restores them after a window reload. */
export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, JobDetailsPanel>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: Deps, private readonly schedule: RefreshSchedule) {}

  dispose(): void {
    for (const panel of [...this.panels.values()]) {
      panel.dispose();
    }
  }

  get(ref: JobRef): JobDetailsPanel | undefined {
    return this.panels.get(jobKey(ref));
  }

  all(): JobDetailsPanel[] {
    return [...this.panels.values()];
  }

  /** Reveals the job's panel, or opens one (which fetches the job as soon as its webview is ready). */
  show(ref: JobRef, options: { preserveFocus?: boolean } = {}): JobDetailsPanel {
    const existing = this.get(ref);
    if (existing) {
      existing.panel.reveal(undefined, options.preserveFocus ?? false);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      panelTitle(ref.jobId, this.deps.store.get(ref)?.job, vscode.l10n.t),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      webviewOptions(this.extensionUri),
    );
    return this.adopt(panel, ref);
  }

  /** A panel VS Code kept across a window reload: its saved state names the job. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    if (!isPanelState(state) || !isValidId(state.jobId)) {
      this.deps.log.info('[panel] a details panel without a usable saved state was closed after reload');
      panel.dispose();
      return;
    }
    const ref = { orgKey: state.orgKey, jobId: to18(state.jobId) };
    if (this.get(ref)) {
      panel.dispose(); // Already open in another tab (restored twice): keep one.
      return;
    }
    this.adopt(panel, ref);
  }

  private adopt(panel: vscode.WebviewPanel, ref: JobRef): JobDetailsPanel {
    const details = new JobDetailsPanel(panel, ref, this.deps, this.schedule, this.extensionUri, (p) => {
      if (this.panels.get(p.key) === p) {
        this.panels.delete(p.key);
      }
    });
    this.panels.set(details.key, details);
    return details;
  }
}
