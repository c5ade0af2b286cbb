/**
 * Word of a watched org's new failures: the events of a refresh (`OrgJobsState.apply`), grouped
 * (`groupNotifications`) by `bulkJobs.orgJobs.notifyOn` and the org's mutes, each job claimed once
 * across windows before it is told. Tracked jobs never get here (they notify as `jobs/notifications.ts` says).
 *
 * One job: Why? (ingest with failed records: downloads them and opens "Why records failed"), Open Details,
 * Download Failed Records, Track, Don't Notify…; a Failed job's message says what its error's code means.
 * Several: Show (the Org Jobs view reveals them), Don't Notify….
 */
import * as vscode from 'vscode';
import { groupNotifications, type OrgJobEvent, type OrgJobNotification } from './newFailures';
import { jobLabel } from '../job/format';
import type { Settings } from '../settings';
import type { SharedOrgState } from './sharedOrgState';
import { canDownloadFailedRecords } from '../job/jobRules';
import { jobErrorMeaning } from '../causes/causeView';
import { escapeIcons, plainMessage } from '../util/markdown';

/** Shows a notification and resolves to the action picked (the in-host test replaces it). */
export type ShowNotification = (severity: 'error' | 'info', message: string, actions: readonly string[]) => Thenable<string | undefined>;

/** Lets the person pick among labelled choices (a quick pick; replaceable too). */
export type PickOne = <T extends vscode.QuickPickItem>(items: readonly T[], placeholder: string) => Thenable<T | undefined>;

export interface NotifierDeps {
  settings: Pick<Settings, 'orgJobsNotifyOn'>;
  shared: SharedOrgState;
  log: vscode.LogOutputChannel;
  /** The org's label for the message ("acme-prod"). */
  orgLabel(orgKey: string): Promise<string>;
  /** A submitter's name, when resolved. */
  nameOf(orgKey: string, userId: string | undefined): string | undefined;
}

export class OrgJobNotifier {
  show: ShowNotification = (severity, message, actions) =>
    severity === 'error' ? vscode.window.showErrorMessage(message, ...actions) : vscode.window.showInformationMessage(message, ...actions);
  pick: PickOne = (items, placeHolder) => vscode.window.showQuickPick(items, { placeHolder });

  constructor(private readonly deps: NotifierDeps) {}

  /** Tells the events not muted, switched off or told by another window; resolves once they are shown (not answered). */
  async notify(orgKey: string, events: readonly OrgJobEvent[], windowMs: number): Promise<void> {
    if (events.length === 0) {
      return;
    }
    const options = {
      enabled: this.deps.settings.orgJobsNotifyOn(),
      mutes: this.deps.shared.mutes(orgKey),
      orgLabel: await this.deps.orgLabel(orgKey),
      windowMs,
      t: vscode.l10n.t,
      locale: vscode.env.language,
    };
    const wanted = groupNotifications(events, options).flatMap((n) => n.events.map((e) => e.job.id));
    const mine = new Set(this.deps.shared.claim(orgKey, wanted));
    const groups = groupNotifications(events.filter((e) => mine.has(e.job.id)), options);
    this.deps.log.info(`[orgJobs] ${orgKey}: ${events.length} new events, ${mine.size} told here`);
    for (const n of groups) {
      void this.tell(orgKey, n);
    }
  }

  private async tell(orgKey: string, n: OrgJobNotification): Promise<void> {
    const actions = new Map<string, () => Thenable<unknown>>();
    const ids = n.events.map((e) => e.job.id);
    let message = n.message;
    if (n.events.length === 1) {
      const job = n.events[0].job;
      const ref = { orgKey, jobId: job.id };
      const meaning = n.events[0].kind === 'failed' ? jobErrorMeaning(job.errorMessage, vscode.l10n.t) : undefined;
      if (meaning) {
        message = `${message} ${meaning}`;
      }
      if (canDownloadFailedRecords({ job })) {
        // The results downloaded into the default results folder (no picker), then "Why records failed"
        // in the details: each cause one more click away.
        actions.set(vscode.l10n.t('Why?'), async () => {
          await vscode.commands.executeCommand('bulkJobs.downloadResults', ref, { defaultFolder: true, quiet: true });
          await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
        });
      }
      actions.set(vscode.l10n.t('Open Details'), () => vscode.commands.executeCommand('bulkJobs.openJobDetails', ref));
      if (canDownloadFailedRecords({ job })) {
        actions.set(vscode.l10n.t('Download Failed Records'), () => vscode.commands.executeCommand('bulkJobs.downloadResults', ref, { openFailed: true }));
      }
      actions.set(vscode.l10n.t('Track'), () => vscode.commands.executeCommand('bulkJobs.trackJob', ref));
    } else {
      actions.set(vscode.l10n.t('Show'), () => vscode.commands.executeCommand('bulkJobs.orgJobs.reveal', { orgKey, jobIds: ids }));
    }
    actions.set(vscode.l10n.t("Don't Notify…"), () => this.mute(orgKey, n.events));
    try {
      const choice = await this.show(n.severity, plainMessage(message), [...actions.keys()]);
      if (choice !== undefined) {
        await actions.get(choice)?.();
      }
    } catch (e) {
      this.deps.log.error(`[orgJobs] ${orgKey}: a notification's action failed: ${String(e)}`);
    }
  }

  /** "Don't notify for this object / this user": a pick among the events' objects and submitters, kept per org. */
  private async mute(orgKey: string, events: readonly OrgJobEvent[]): Promise<void> {
    type Item = vscode.QuickPickItem & { mute: { object: string } | { user: string } };
    const items = new Map<string, Item>();
    for (const { job } of events) {
      if (job.object !== undefined) {
        items.set(`o:${job.object}`, { label: escapeIcons(vscode.l10n.t('For this object ({0})', job.object)), mute: { object: job.object } });
      }
    }
    for (const { job } of events) {
      if (job.createdById !== undefined) {
        const name = this.deps.nameOf(orgKey, job.createdById) ?? job.createdById;
        items.set(`u:${job.createdById}`, { label: escapeIcons(vscode.l10n.t('For this user ({0})', name)), mute: { user: job.createdById } });
      }
    }
    const what = events.length === 1 ? jobLabel(events[0].job, vscode.l10n.t) : vscode.l10n.t('these jobs');
    const picked = await this.pick([...items.values()], vscode.l10n.t("Don't notify about jobs like {0} in this org", what));
    if (picked) {
      await this.deps.shared.mute(orgKey, picked.mute);
    }
  }
}
