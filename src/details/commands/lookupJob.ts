import * as vscode from 'vscode';
import { BulkApiError, isBulkApiError } from '../../salesforce/errors';
import type { Deps } from '../../deps';
import type { JobRef } from '../../tracked/jobStore';
import type { JobEntry } from '../../job/jobEntry';
import type { BatchSearch } from '../../salesforce/types';
import { batchNotFoundMessage } from '../../job/batchJobs';
import { panelTitle } from '../../job/format';
import { checkLookupInput, firstBulkId, idAtOffset } from '../../job/idText';
import { isOrgError } from '../../orgs/connectionErrors';
import { reauthenticate } from '../../orgs/login';
import { pickOrg } from '../../orgs/picker';
import { showError } from '../../orgs/showError';
import { signalOf } from '../../util/cancellation';
import { orgKeyLabel } from '../../orgs/orgKey';
import { RECENT_LOOKUPS_KEY } from '../../storage/keys';
import { escapeIcons, plainMessage } from '../../util/markdown';

const MAX_RECENT = 10;

interface RecentLookup {
  jobId: string;
  orgKey: string;
  orgLabel?: string;
  /** "Account · insert · Closed" when it was last looked up. */
  summary?: string;
  at: number;
}

/** What the command resolves to (tests and other commands read it; a person sees the UI). */
export type LookupResult =
  | { ok: true; ref: JobRef }
  | { ok: false; reason: 'invalid' | 'cancelled' | 'noOrg' | 'notFound' | 'failed'; message?: string };

/** `bulkJobs.lookupJob` may be given `{ id, orgKey? }` (a link, a test): then nothing is asked but the org when needed. */
interface LookupArgs {
  id?: string;
  orgKey?: string;
  /** Orgs not to offer again ("Try Another Org"). */
  excludeOrgs?: string[];
}

interface Target {
  id18: string;
  kind: 'job' | 'batch';
  orgKey?: string;
}

type LookupItem = vscode.QuickPickItem & { target?: Target };

function parseArgs(arg: unknown): LookupArgs {
  if (typeof arg === 'string') {
    return { id: arg };
  }
  if (typeof arg !== 'object' || arg === null) {
    return {};
  }
  const a = arg as Record<string, unknown>;
  return {
    id: typeof a.id === 'string' ? a.id : undefined,
    orgKey: typeof a.orgKey === 'string' ? a.orgKey : undefined,
    excludeOrgs: Array.isArray(a.excludeOrgs) ? a.excludeOrgs.filter((k): k is string => typeof k === 'string') : undefined,
  };
}

function isRecent(value: unknown): value is RecentLookup {
  const v = value as RecentLookup;
  return typeof v === 'object' && v !== null && typeof v.jobId === 'string' && typeof v.orgKey === 'string' && typeof v.at === 'number';
}

/**
 * `Bulk Jobs: Look Up Job…`: an id from the selection, the cursor or the clipboard (or typed,
 * checked as you type), the org it belongs to, a fetch with cancellable progress, then the panel.
 */
export class JobLookup {
  constructor(private readonly memento: vscode.Memento, private readonly deps: Deps) {}

  async run(arg?: unknown): Promise<LookupResult> {
    const args = parseArgs(arg);
    let target: Target | undefined;
    if (args.id !== undefined) {
      const check = checkLookupInput(args.id, vscode.l10n.t);
      if (!check.ok) {
        void vscode.window.showErrorMessage(plainMessage(check.message));
        return { ok: false, reason: 'invalid', message: check.message };
      }
      target = { id18: check.id18, kind: check.kind, orgKey: args.orgKey };
    } else {
      target = await this.ask();
      if (!target) {
        return { ok: false, reason: 'cancelled' };
      }
    }
    return this.lookUp(target, args.excludeOrgs ?? []);
  }

  // ------------------------------------------------------------------------------------------
  // Asking for the id.

  private async prefill(): Promise<string> {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const selection = editor.selection;
      const inSelection = selection.isEmpty ? undefined : firstBulkId(editor.document.getText(selection));
      if (inSelection) {
        return inSelection.text;
      }
      const atCursor = idAtOffset(editor.document.lineAt(selection.active.line).text, selection.active.character);
      if (atCursor) {
        return atCursor.text;
      }
    }
    // In a browser (code-server, vscode.dev) reading the clipboard without a paste gesture fails with an
    // error notification, or asks for a permission: only the desktop reads it unasked.
    if (vscode.env.uiKind !== vscode.UIKind.Desktop) {
      return '';
    }
    try {
      return firstBulkId(await vscode.env.clipboard.readText())?.text ?? '';
    } catch {
      return '';
    }
  }

  private recentItems(): LookupItem[] {
    return this.recent().map((r) => ({
      label: r.jobId,
      description: r.summary && escapeIcons(r.summary),
      detail: escapeIcons(r.orgLabel ?? orgKeyLabel(r.orgKey)),
      target: { id18: r.jobId, kind: 'job', orgKey: r.orgKey },
    }));
  }

  /** A quick pick: the typed id checked as you type (the rule that fails shown as the first row), recent lookups below. */
  private async ask(): Promise<Target | undefined> {
    const pick = vscode.window.createQuickPick<LookupItem>();
    pick.title = vscode.l10n.t('Look Up Bulk Job');
    pick.placeholder = vscode.l10n.t('Job id (750…) or batch id (751…), 15 or 18 characters');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const recents = this.recentItems();
    const update = (): void => {
      const value = pick.value.trim();
      if (!value) {
        pick.items = recents.length > 0 ? [{ label: vscode.l10n.t('Recently looked up'), kind: vscode.QuickPickItemKind.Separator }, ...recents] : [];
        return;
      }
      const check = checkLookupInput(value, vscode.l10n.t);
      const first: LookupItem = check.ok
        ? {
          label: `$(search) ${escapeIcons(check.kind === 'batch' ? vscode.l10n.t('Look up the job of batch {0}', value) : vscode.l10n.t('Look up job {0}', value))}`,
          alwaysShow: true,
          target: { id18: check.id18, kind: check.kind },
        }
        : { label: `$(error) ${escapeIcons(check.message)}`, alwaysShow: true };
      pick.items = [first, ...recents.filter((r) => r.target?.id18 !== (check.ok ? check.id18 : undefined))];
    };
    pick.value = await this.prefill();
    update();
    return new Promise<Target | undefined>((resolve) => {
      let done = false;
      const finish = (value: Target | undefined): void => {
        if (!done) {
          done = true;
          resolve(value);
          pick.dispose();
        }
      };
      pick.onDidChangeValue(update);
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0] ?? pick.activeItems[0];
        if (item?.target) {
          finish(item.target);
        }
        // An invalid id: stay open, the first row says what is wrong.
      });
      pick.onDidHide(() => finish(undefined));
      pick.show();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Which org, which job, then fetch and open.

  private recent(): RecentLookup[] {
    const raw = this.memento.get<unknown>(RECENT_LOOKUPS_KEY);
    return Array.isArray(raw) ? raw.filter(isRecent) : [];
  }

  private async remember(entry: JobEntry, orgLabel: string): Promise<void> {
    const job = entry.job;
    const summary = job ? [job.object, job.operation, job.state].filter(Boolean).join(' · ') : undefined;
    const next = [{ jobId: entry.jobId, orgKey: entry.orgKey, orgLabel, summary, at: Date.now() },
      ...this.recent().filter((r) => !(r.jobId === entry.jobId && r.orgKey === entry.orgKey))].slice(0, MAX_RECENT);
    await this.memento.update(RECENT_LOOKUPS_KEY, next);
  }

  /** The org (and for a batch, the job) when the store or the recent lookups already know it. */
  private known(target: Target): { orgKey: string; jobId?: string } | undefined {
    if (target.kind === 'job') {
      const orgs = new Set(this.deps.store.findById(target.id18).map((e) => e.orgKey));
      if (orgs.size === 1) {
        return { orgKey: [...orgs][0] };
      }
      const recent = this.recent().filter((r) => r.jobId === target.id18);
      return recent.length === 1 ? { orgKey: recent[0].orgKey } : undefined;
    }
    const cached = this.deps.batchJobs.jobOf(target.id18);
    if (cached && (!target.orgKey || cached.orgKey === target.orgKey)) {
      return cached;
    }
    for (const entry of this.deps.store.tracked()) {
      if (entry.batches?.some((b) => b.id === target.id18)) {
        return { orgKey: entry.orgKey, jobId: entry.jobId };
      }
    }
    return undefined;
  }

  private async lookUp(target: Target, excludeOrgs: string[]): Promise<LookupResult> {
    const known = target.orgKey && target.kind === 'job' ? { orgKey: target.orgKey } : this.known(target) ?? (target.orgKey ? { orgKey: target.orgKey } : undefined);
    let orgKey = known?.orgKey;
    if (!orgKey || excludeOrgs.includes(orgKey)) {
      const org = await pickOrg(this.deps.orgs, {
        placeHolder: vscode.l10n.t('Which org is {0} in?', target.id18),
        exclude: excludeOrgs,
      });
      if (!org) {
        return { ok: false, reason: 'noOrg' };
      }
      orgKey = org.key;
    }
    const orgLabel = (await this.deps.orgs.get(orgKey).catch(() => undefined))?.label ?? orgKeyLabel(orgKey);
    try {
      let jobId = target.kind === 'job' ? target.id18 : known?.jobId;
      if (!jobId) {
        const search = await this.jobOfBatch(target.id18, orgKey);
        jobId = search.jobId;
        if (!jobId) {
          const message = batchNotFoundMessage(target.id18, orgLabel, search, vscode.l10n.t);
          this.offerAfterError(new BulkApiError({ kind: 'notFound', message }), target, orgKey, excludeOrgs);
          return { ok: false, reason: 'notFound', message };
        }
      }
      const ref = { orgKey, jobId };
      const entry = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Looking up job {0} in {1}…', jobId, orgLabel),
        cancellable: true,
      }, (_progress, token) => this.deps.store.refresh(ref, { withBatches: true, signal: signalOf(token) }));
      await this.remember(entry, orgLabel);
      await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
      if (!entry.tracked) {
        const title = panelTitle(jobId, entry.job, vscode.l10n.t);
        const track = vscode.l10n.t('Track');
        void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('Keep an eye on {0} in the Jobs view?', title)), track)
          .then((choice) => choice === track ? vscode.commands.executeCommand('bulkJobs.trackJob', ref) : undefined);
      }
      return { ok: true, ref };
    } catch (e) {
      const error = isBulkApiError(e) ? e : new BulkApiError({ kind: 'unexpectedResponse', message: e instanceof Error ? e.message : String(e) });
      if (error.kind === 'cancelled') {
        return { ok: false, reason: 'cancelled' };
      }
      this.deps.log.warn(`[lookup] ${target.id18} in ${orgKey}: ${error.message}`);
      this.offerAfterError(error, target, orgKey, excludeOrgs);
      return { ok: false, reason: error.kind === 'notFound' ? 'notFound' : 'failed', message: error.message };
    }
  }

  /** The explicit search ("Find its job", Look Up of a batch id): within the client's budget, cancellable. */
  private jobOfBatch(batchId: string, orgKey: string): Thenable<BatchSearch> {
    return vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Finding the job of batch {0}…', batchId),
      cancellable: true,
    }, async (_progress, token) => {
      const client = await this.deps.orgs.clientFor(orgKey);
      const search = await client.findJobOfBatch(batchId, { signal: signalOf(token) });
      if (search.jobId) {
        this.deps.batchJobs.remember(orgKey, [{ id: batchId, jobId: search.jobId }]);
      }
      return search;
    });
  }

  /** The error as the client worded it, with what can be done next; not awaited (the command has returned). */
  private offerAfterError(error: BulkApiError, target: Target, orgKey: string, excludeOrgs: string[]): void {
    const again = (): Thenable<unknown> => vscode.commands.executeCommand('bulkJobs.lookupJob', { id: target.id18, orgKey });
    if (isOrgError(error)) {
      void showError(error, again); // The org itself is the problem: log in, install the CLI, new session id…
      return;
    }
    const tryAnother = vscode.l10n.t('Try Another Org');
    const signIn = vscode.l10n.t('Sign In Again');
    const retry = vscode.l10n.t('Retry');
    const actions = error.kind === 'notFound' ? [tryAnother]
      : error.kind === 'sessionExpired' ? [signIn]
        : error.transient || error.kind === 'quotaExceeded' ? [retry] : [];
    void vscode.window.showErrorMessage(plainMessage(error.message), ...actions).then(async (choice) => {
      if (choice === tryAnother) {
        await vscode.commands.executeCommand('bulkJobs.lookupJob', { id: target.id18, excludeOrgs: [...excludeOrgs, orgKey] });
      } else if (choice === signIn) {
        await reauthenticate(this.deps.orgs, orgKey);
      } else if (choice === retry) {
        await again();
      }
    });
  }
}
