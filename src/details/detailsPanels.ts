import * as vscode from 'vscode';
import { isValidId, to18 } from '../salesforce/ids';
import type { Deps } from '../deps';
import type { JobRef } from '../tracked/jobStore';
import type { RefreshSchedule } from '../tracked/poller';
import { jobKey } from '../job/jobRef';
import { panelTitle } from '../job/format';
import { DETAILS_VIEW_TYPE, webviewOptions } from './detailsView';
import type { JobDetailsPanel } from './jobDetailsPanel';

/** The `panel` chunk's loader (`chunks.ts`): the panel's host, loaded when the first panel opens. */
export type PanelChunk = () => Promise<typeof import('./jobDetailsPanel')>;

/** The open details panels, one per job; restores them after a window reload. */
export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, JobDetailsPanel>();
  /** Panels created while the panel's code loads (first use), so a second show() reveals, not duplicates. */
  private readonly opening = new Map<string, Promise<JobDetailsPanel>>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: Deps,
    private readonly schedule: RefreshSchedule,
    private readonly host: PanelChunk,
  ) {}

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
  async show(ref: JobRef, options: { preserveFocus?: boolean } = {}): Promise<JobDetailsPanel> {
    const existing = this.get(ref) ?? await this.opening.get(jobKey(ref));
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
  async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const { isPanelState } = await this.host();
    if (!isPanelState(state) || !isValidId(state.jobId)) {
      this.deps.log.info('[panel] a details panel without a usable saved state was closed after reload');
      panel.dispose();
      return;
    }
    const ref = { orgKey: state.orgKey, jobId: to18(state.jobId) };
    if (this.get(ref) || this.opening.has(jobKey(ref))) {
      panel.dispose(); // Already open in another tab (restored twice): keep one.
      return;
    }
    await this.adopt(panel, ref);
  }

  private adopt(panel: vscode.WebviewPanel, ref: JobRef): Promise<JobDetailsPanel> {
    const key = jobKey(ref);
    const adopting = this.host().then(({ JobDetailsPanel }) => {
      const details = new JobDetailsPanel(panel, ref, this.deps, this.schedule, this.extensionUri, (p) => {
        if (this.panels.get(p.key) === p) {
          this.panels.delete(p.key);
        }
      });
      this.panels.set(details.key, details);
      return details;
    }).finally(() => this.opening.delete(key));
    this.opening.set(key, adopting);
    return adopting;
  }
}
