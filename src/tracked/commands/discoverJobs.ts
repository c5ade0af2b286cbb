import * as vscode from 'vscode';
import type { JobSummary } from '../../salesforce/types';
import type { Deps } from '../../deps';
import { JOBS_VIEW } from '../jobsViewId';
import { localTime } from '../../ui/jobText';
import { showError } from '../../orgs/showError';
import { cliJobsOfOrg, readCliBulkCaches, type CliCachedJob } from '../../orgs/cli/cliJobCache';
import { pickOrg } from '../../orgs/picker';
import { signalOf } from '../../util/cancellation';
import { escapeIcons, plainMessage } from '../../util/markdown';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

function createdText(job: JobSummary): string {
  return job.createdDate ? localTime(job.createdDate) : '';
}

/** `Discover Recent Jobs`: the org's jobs of the last 7 days, pick several to track. */
export async function discoverJobs(deps: Deps): Promise<void> {
  const org = await pickOrg(deps.orgs, { placeHolder: vscode.l10n.t('Org whose recent jobs to show') });
  if (!org) {
    return;
  }
  let jobs: JobSummary[];
  try {
    jobs = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: plainMessage(vscode.l10n.t('Listing recent Bulk API jobs in {0}…', org.label)), cancellable: true,
    }, async (_p, cancel) => {
      const signal = signalOf(cancel);
      return (await deps.orgs.clientFor(org.key)).listJobs({ since: Date.now() - WEEK_MS, signal });
    });
  } catch (e) {
    await showError(e, () => discoverJobs(deps));
    return;
  }
  // The Bulk 2.0 jobs the Salesforce CLI started for this org (its bulk-data caches), marked as such.
  const fromCli = new Map<string, CliCachedJob>(cliJobsOfOrg(await readCliBulkCaches(), org.username ?? (org.source === 'cli' ? org.key : undefined))
    .map((c) => [c.jobId, c]));
  const cliText = (c: CliCachedJob): string => vscode.l10n.t('started from the CLI (sf data {0})', c.command);
  if (jobs.length === 0 && fromCli.size === 0) {
    void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('{0} has no Bulk API jobs from the last 7 days.', org.label)));
    return;
  }
  const sorted = [...jobs].sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''));
  const listed = new Set(sorted.map((j) => j.id));
  const items = sorted.map((j) => {
    const tracked = deps.store.get({ orgKey: org.key, jobId: j.id })?.tracked === true;
    const cli = fromCli.get(j.id);
    return {
      label: escapeIcons(`${j.object ?? vscode.l10n.t('(unknown object)')} · ${j.operation ?? ''}`),
      description: escapeIcons([j.state, createdText(j), cli ? cliText(cli) : undefined, tracked ? vscode.l10n.t('tracked') : undefined].filter(Boolean).join(' · ')),
      detail: escapeIcons(`${j.id} · ${j.jobType ?? (j.flavour === '1.0' ? 'Classic' : '')}`),
      id: j.id,
    };
  });
  for (const cli of fromCli.values()) {
    if (!listed.has(cli.jobId)) {
      const tracked = deps.store.get({ orgKey: org.key, jobId: cli.jobId })?.tracked === true;
      items.push({
        label: vscode.l10n.t('Job {0}', cli.jobId),
        description: escapeIcons([cliText(cli), cli.startedAt ? localTime(cli.startedAt) : undefined,
          tracked ? vscode.l10n.t('tracked') : undefined].filter(Boolean).join(' · ')),
        detail: `${cli.jobId} · V2 · ${vscode.l10n.t('from the Salesforce CLI\'s bulk-data cache')}`,
        id: cli.jobId,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true, placeHolder: vscode.l10n.t('Jobs to track ({0} from the last 7 days)', items.length), matchOnDetail: true, matchOnDescription: true,
  });
  if (!picked || picked.length === 0) {
    return;
  }
  await vscode.window.withProgress({ location: { viewId: JOBS_VIEW }, title: vscode.l10n.t('Tracking jobs…') },
    () => Promise.all(picked.map((p) => deps.store.track({ orgKey: org.key, jobId: p.id }))));
  await vscode.commands.executeCommand(`${JOBS_VIEW}.focus`);
}
