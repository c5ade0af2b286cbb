import * as vscode from 'vscode';
import { isBulkApiError } from '../salesforce/errors';
import { deriveProgress } from '../job/jobRules';
import type { JobProgress } from '../salesforce/types';
import type { Deps } from '../deps';
import type { JobRef } from '../tracked/jobStore';
import type { JobEntry } from '../job/jobEntry';
import type { RefreshSchedule } from '../tracked/poller';
import { jobKey } from '../job/jobRef';
import { isDone } from '../job/jobRules';
import { ErrorBanner, FailuresView, HostMessage, JobUpdateMessage, WebviewMessage, isWebviewMessage } from './protocol';
/** For `DetailsPanels.revive`: a restored panel's saved state is checked once this chunk is loaded. */
export { isPanelState } from './protocol';
import { panelTitle } from '../job/format';
import { webviewOptions } from './detailsView';
import { exampleRow } from '../downloads/exampleRow';
import { buildPanelHtml, makeNonce } from './panelHtml';
import { buildCauseView, ruleTitle } from '../causes/causeView';
import type { MatchedRule } from '../causes/causeTypes';
import type { OrgUserNames } from '../salesforce/org/userNames';

/**
 * One job's details panel. It renders nothing itself: it sends the store's entry to the webview
 * whenever it changes and turns the webview's (checked) messages into store calls and commands.
 * It keeps no timer: while it is visible with auto-refresh on, it asks the poller to watch its job.
 */
export class JobDetailsPanel implements vscode.Disposable {
  readonly key: string;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;
  /** Increases with every refresh this panel starts; an older refresh's outcome is ignored. */
  private refreshGeneration = 0;
  private orgLabel: string;
  private ready = false;
  /** The person's choice; undefined = the default (on while the job is not done). */
  private autoRefreshChoice: boolean | undefined;
  /** The poller's watch of this job, held while the panel is visible with auto-refresh on. */
  private watch: vscode.Disposable | undefined;
  /** An error from outside the store's entry (no entry could be made). */
  private localError: ErrorBanner | undefined;
  /** The last generation the webview says it rendered (and how long the patch took): for tests and the bench. */
  lastRendered: { generation: number; ms: number } | undefined;
  /** The last update sent to the webview (tests and the bench compare it with `lastRendered`). */
  lastPosted: JobUpdateMessage | undefined;
  /** Validation rules matched to error groups (group key → rule; null: looked for, none); the workspace's when the panel shows, the org's once opened. */
  private readonly rules = new Map<string, MatchedRule | null>();
  /** The window's users' names, once loaded (`deps.names()`). */
  private names: OrgUserNames | undefined;
  private disposed = false;
  private readonly renderedEmitter = new vscode.EventEmitter<{ generation: number; ms: number }>();
  readonly onDidRender = this.renderedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ref: JobRef,
    private readonly deps: Deps,
    private readonly schedule: RefreshSchedule,
    extensionUri: vscode.Uri,
    private readonly onDisposed: (panel: JobDetailsPanel) => void,
  ) {
    this.key = jobKey(ref);
    this.orgLabel = ref.orgKey;
    const webview = panel.webview;
    webview.options = webviewOptions(extensionUri);
    webview.html = buildPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css')).toString(),
      title: vscode.l10n.t('Bulk job details'),
      lang: vscode.env.language,
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'bulk-jobs.svg');
    this.updateTitle();
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => this.dispose()),
      // Refreshed while looked at, not in the background.
      panel.onDidChangeViewState(() => this.updateWatch()),
      deps.store.onDidChange((entry) => {
        if (!entry || entry.key === this.key) {
          this.onEntryChanged();
        }
      }),
      deps.orgs.onDidChange(() => void this.loadOrgLabel()),
      this.renderedEmitter,
    );
    if (deps.history) {
      this.disposables.push(deps.history.retain(ref)); // kept (and shared with other windows) while shown
    }
    if (deps.results) {
      // A download of this job's results brings "Why records failed".
      this.disposables.push(deps.results.onDidChange((ref) => {
        if (jobKey(ref) === this.key) {
          this.post();
        }
      }));
    }
    void this.loadOrgLabel();
    void this.loadNames();
    this.updateWatch();
  }

  dispose(): void {
    this.disposed = true;
    this.watch?.dispose();
    this.watch = undefined;
    while (this.disposables.length) {
      this.disposables.pop()?.dispose();
    }
    this.onDisposed(this);
    this.panel.dispose();
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  get entry(): JobEntry | undefined {
    return this.deps.store.get(this.ref);
  }

  /** Fetches the job and its batches through the store (shared with any other caller asking at the same time). */
  async refresh(): Promise<void> {
    const generation = ++this.refreshGeneration;
    this.localError = undefined;
    try {
      await this.deps.store.refresh(this.ref, { withBatches: true });
    } catch (e) {
      if (generation === this.refreshGeneration && !this.entry?.lastError) {
        this.localError = { kind: isBulkApiError(e) ? e.kind : 'unknown', message: e instanceof Error ? e.message : String(e), at: Date.now() };
      }
    } finally {
      if (generation === this.refreshGeneration) {
        this.post();
      }
    }
  }

  /** The job's progress: the store's, else derived from what is known. */
  private progress(): JobProgress | undefined {
    const entry = this.entry;
    return entry?.progress ?? (entry?.job ? deriveProgress(entry.job, entry.batches) : undefined);
  }

  /** Whether the job is done; unknown jobs are not. */
  private isDone(): boolean {
    return isDone({ job: this.entry?.job, progress: this.progress() });
  }

  private autoRefreshOn(): boolean {
    return (this.autoRefreshChoice ?? true) && !this.isDone();
  }

  /** Has the poller watch the job while the panel is visible with auto-refresh on (it stops by itself once the job is done). */
  private updateWatch(): void {
    const wanted = this.panel.visible && this.autoRefreshOn();
    if (wanted && !this.watch) {
      this.watch = this.schedule.watch(this.ref, 'details panel');
    } else if (!wanted && this.watch) {
      this.watch.dispose();
      this.watch = undefined;
    }
  }

  private onEntryChanged(): void {
    this.updateWatch();
    this.updateTitle();
    this.post();
  }

  private async loadOrgLabel(): Promise<void> {
    try {
      const org = await this.deps.orgs.get(this.ref.orgKey);
      if (org && org.label !== this.orgLabel) {
        this.orgLabel = org.label;
        this.post();
      }
    } catch (e) {
      this.deps.log.debug(`[panel] no label for org ${this.ref.orgKey}: ${String(e)}`);
    }
  }

  /** The window's users' names: the creator's, asked once, sent when it arrives. */
  private async loadNames(): Promise<void> {
    try {
      const names = await this.deps.names();
      if (this.disposed) {
        return;
      }
      this.names = names;
      this.disposables.push(names.onDidChange((orgKey) => {
        if (orgKey === this.ref.orgKey) {
          this.post();
        }
      }));
      this.post();
    } catch (e) {
      this.deps.log.debug(`[panel] users' names unavailable: ${String(e)}`);
    }
  }

  private updateTitle(): void {
    const title = panelTitle(this.ref.jobId, this.entry?.job, vscode.l10n.t);
    if (this.panel.title !== title) {
      this.panel.title = title;
    }
  }

  /** The whole state as one message; the webview patches what changed. */
  private message(): JobUpdateMessage {
    const entry = this.entry;
    const autoRefresh = this.autoRefreshOn();
    const lastError = entry?.lastError && (entry.fetchedAt === undefined || entry.lastError.at >= entry.fetchedAt) ? entry.lastError : undefined;
    return {
      type: 'job',
      generation: ++this.generation,
      ref: { orgKey: this.ref.orgKey, jobId: this.ref.jobId },
      orgLabel: this.orgLabel,
      job: entry?.job,
      batches: entry?.batches,
      progress: this.progress(),
      fetchedAt: entry?.fetchedAt,
      refreshing: entry?.refreshing ?? false,
      error: lastError ? { kind: lastError.kind, message: lastError.message, at: lastError.at } : this.localError,
      autoRefresh: { enabled: autoRefresh, nextAt: autoRefresh ? this.schedule.nextRefreshAt(this.ref) : undefined },
      tracked: entry?.tracked ?? false,
      failures: this.failures(),
      history: this.deps.history?.get(this.ref),
      createdByName: this.names?.nameOrAsk(this.ref.orgKey, entry?.job?.createdById),
      ...this.reloadLinks(),
    };
  }

  /** "reload of 750…" / "reloaded as 750…" (links within the same org). */
  private reloadLinks(): { reloadOf?: string; reloadedAs?: string[] } {
    const of = this.deps.reloadLinks?.originalOf(this.ref);
    const as = this.deps.reloadLinks?.reloadsOf(this.ref).filter((r) => r.orgKey === this.ref.orgKey).map((r) => r.jobId) ?? [];
    return { reloadOf: of?.orgKey === this.ref.orgKey ? of.jobId : undefined, reloadedAs: as.length ? as : undefined };
  }

  /** "Why records failed", from the last download of this job's results. */
  private failures(): FailuresView | undefined {
    const stored = this.deps.results?.get(this.ref);
    if (!stored || stored.files.query !== undefined) {
      return undefined;
    }
    return {
      at: stored.at,
      folder: stored.dir,
      failedRows: stored.rows.failed,
      successRows: stored.rows.success,
      unprocessedRows: stored.rows.unprocessed,
      groupCount: stored.groupCount,
      groups: stored.errors.map((g) => {
        const cause = buildCauseView(g, vscode.l10n.t, this.entry?.job?.object);
        const rule = this.rules.get(g.key);
        if (rule) {
          cause.rule = rule;
        }
        return { key: g.key, statusCode: g.statusCode, message: g.message, fields: g.fields, count: g.count, cause };
      }),
    };
  }

  /** Names the validation rules of the groups from the workspace (free: files only), once per group. */
  private matchWorkspaceRules(failures: FailuresView | undefined): void {
    const causes = this.deps.causes;
    for (const group of failures?.groups ?? []) {
      const link = group.cause?.links.find((l) => l.kind === 'validationRule');
      if (!causes || !link || link.kind !== 'validationRule' || !link.object || this.rules.has(group.key)) {
        continue;
      }
      this.rules.set(group.key, null);
      const object = link.object;
      void causes().then((c) => c.workspaceRule(link.message, object)).then((rule) => {
        if (rule) {
          this.rules.set(group.key, { title: ruleTitle(vscode.l10n.t, rule.name, rule.object || object), formula: rule.errorConditionFormula || undefined });
          this.post();
        }
      }, (e: unknown) => this.deps.log.debug(`[panel] no workspace rule for ${group.key}: ${String(e)}`));
    }
  }

  /** The group's cause as last sent. */
  private causeOf(key: string) {
    return this.lastPosted?.failures?.groups.find((g) => g.key === key)?.cause;
  }

  private async openCause(key: string, index: number): Promise<void> {
    const link = this.causeOf(key)?.links[index];
    if (!link || !this.deps.causes) {
      return;
    }
    const opened = await (await this.deps.causes()).open(link, { orgKey: this.ref.orgKey, failedCsv: this.deps.results?.get(this.ref)?.files.failed });
    if (opened.rule) {
      this.rules.set(key, opened.rule);
      this.post();
    }
  }

  private async causeAction(key: string): Promise<void> {
    const ref = { orgKey: this.ref.orgKey, jobId: this.ref.jobId };
    switch (this.causeOf(key)?.actionId) {
      case 'reloadSerial':
        await vscode.commands.executeCommand('bulkJobs.reloadFailedRecords', ref, { proposal: { flavour: '1.0', concurrencyMode: 'Serial' } });
        return;
      case 'reloadAsUpsert':
        await vscode.commands.executeCommand('bulkJobs.reloadFailedRecords', ref, { proposal: { operation: 'upsert' } });
        return;
    }
  }

  private post(): void {
    if (this.ready) {
      this.lastPosted = this.message();
      this.matchWorkspaceRules(this.lastPosted.failures);
      void this.panel.webview.postMessage(this.lastPosted);
    }
  }

  private onMessage(message: unknown): void {
    void this.receive(message);
  }

  /** A message as the webview sends it (in-host tests send theirs here): checked, then handled; resolves when handled. */
  async receive(message: unknown): Promise<void> {
    if (!isWebviewMessage(message)) {
      this.deps.log.warn('[panel] ignored a message the details panel does not know');
      return;
    }
    await this.handle(message).catch((e: unknown) => {
      this.deps.log.error(`[panel] ${message.type} failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const ref = { orgKey: this.ref.orgKey, jobId: this.ref.jobId };
    switch (message.type) {
      case 'ready': {
        // First load, a reload of the webview, or a panel restored after a window reload.
        this.ready = true;
        const init: HostMessage = { type: 'init', l10n: vscode.l10n.bundle, locale: vscode.env.language };
        await this.panel.webview.postMessage(init);
        this.post();
        const entry = this.entry;
        if (!entry?.job || !this.isDone() || (entry.job.flavour === '1.0' && !entry.batches)) {
          await this.refresh();
        }
        return;
      }
      case 'rendered':
        this.lastRendered = { generation: message.generation, ms: message.ms };
        this.renderedEmitter.fire(this.lastRendered);
        return;
      case 'refresh':
        return this.refresh();
      case 'toggleAutoRefresh':
        this.autoRefreshChoice = !this.autoRefreshOn();
        this.updateWatch();
        this.post();
        return;
      case 'close':
        await vscode.commands.executeCommand('bulkJobs.closeJob', ref);
        return;
      case 'abort':
        await vscode.commands.executeCommand('bulkJobs.abortJob', ref);
        return;
      case 'openInSetup':
        await vscode.commands.executeCommand('bulkJobs.openInSetup', ref);
        return;
      case 'copyJson':
        await vscode.commands.executeCommand('bulkJobs.copyJobAsJson', ref);
        return;
      case 'copyId':
        await vscode.env.clipboard.writeText(message.id);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', message.id), 3000);
        return;
      case 'track':
        await vscode.commands.executeCommand('bulkJobs.trackJob', ref);
        return;
      case 'untrack':
        await vscode.commands.executeCommand('bulkJobs.untrackJob', ref);
        return;
      case 'downloadResults':
        await vscode.commands.executeCommand('bulkJobs.downloadResults', ref);
        return;
      case 'showFailedRows':
        await vscode.commands.executeCommand('bulkJobs.showFailedRows', { ...ref, key: message.key });
        return;
      case 'showExample':
        await this.panel.webview.postMessage(await exampleRow(this.deps.results?.get(this.ref), message.key));
        return;
      case 'reloadFailed':
        await vscode.commands.executeCommand('bulkJobs.reloadFailedRecords', ref);
        return;
      case 'openCause':
        return this.openCause(message.key, message.index);
      case 'causeAction':
        return this.causeAction(message.key);
      case 'openCauseSource': {
        const source = this.causeOf(message.key)?.source;
        if (source?.startsWith('https://')) {
          await vscode.env.openExternal(vscode.Uri.parse(source));
        }
        return;
      }
      case 'openLinkedJob':
        await vscode.commands.executeCommand('bulkJobs.openJobDetails', { orgKey: ref.orgKey, jobId: message.jobId });
        return;
    }
  }
}
