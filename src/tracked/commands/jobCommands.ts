import * as vscode from 'vscode';
import { checkId, isValidId, setupDeepLink } from '../../salesforce/ids';
import { JobSummary } from '../../salesforce/types';
import { Deps } from '../../deps';
import { JobEntry, JobRef, refOf } from '../jobStore';
import { batchNotFoundMessage } from '../../job/batchJobs';
import { EXPLORER_VIEW } from '../jobsView';
import { localTime, jobTitle } from '../../ui/jobText';
import { pickJob } from '../../ui/jobPicker';
import { showError } from '../../ui/showError';
import { cliJobsOfOrg, readCliBulkCaches, type CliCachedJob } from '../../orgs/cli/cliJobCache';
import { pickOrg } from '../../orgs/picker';
import { signalOf } from '../../util/cancellation';
import { recordAborted } from '../../orgJobs/sharedOrgState';
import { orgKind } from '../../orgs/orgKind';
import { orgKeyLabel } from '../../orgs/orgKey';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The job a command is about: its argument (a JobRef or tree node), else the person's pick among tracked jobs. */
async function jobArg(deps: Deps, arg: unknown, placeHolder: string): Promise<JobRef | undefined> {
  return refOf(arg) ?? pickJob(deps.store, {
    placeHolder,
    noneMessage: vscode.l10n.t('No Bulk API jobs are tracked yet. Use “Track Job…” first.'),
  });
}

async function orgLabel(deps: Deps, orgKey: string): Promise<string> {
  return (await deps.orgs.get(orgKey).catch(() => undefined))?.label ?? orgKeyLabel(orgKey);
}

/** "Production" / "Sandbox" for a confirmation, read with a progress; a failure to read it says so. */
async function orgKindOf(deps: Deps, orgKey: string): Promise<string> {
  const identity = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the org…') },
    async () => (await deps.orgs.clientFor(orgKey)).orgIdentity()).then((i) => i, () => undefined);
  return orgKind(identity, vscode.l10n.t);
}

function inView<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW }, title }, task);
}

export async function refreshJob(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job to refresh'));
  if (!ref) {
    return;
  }
  try {
    await inView(vscode.l10n.t('Refreshing…'), () => deps.store.refresh(ref, { withBatches: deps.store.get(ref)?.batches !== undefined }));
  } catch (e) {
    await showError(e, () => refreshJob(deps, ref));
  }
}

export async function refreshAll(deps: Deps): Promise<void> {
  await inView(vscode.l10n.t('Refreshing all jobs…'), () => deps.store.refreshAll());
}

async function track(deps: Deps, ref: JobRef): Promise<JobEntry | undefined> {
  let entry: JobEntry;
  try {
    entry = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading job {0}…', ref.jobId) },
      () => deps.store.track(ref));
  } catch (e) {
    await showError(e); // e.g. the most tracked jobs the explorer keeps
    return undefined;
  }
  if (entry.lastError) {
    if (entry.lastError.kind === 'notFound') {
      await deps.store.untrack(ref);
    }
    await showError(new Error(entry.lastError.message));
    return entry.lastError.kind === 'notFound' ? undefined : entry;
  }
  return entry;
}

/** `Bulk Jobs: Track Job…`: a job id (or a batch id of a 1.0 job) in one of the orgs. */
export async function trackJob(deps: Deps, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  if (ref) {
    await track(deps, ref);
    return;
  }
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Track Bulk API Job'),
    prompt: vscode.l10n.t('Job id (750…) or batch id (751…), 15 or 18 characters'),
    placeHolder: '750…',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const check = checkId(v);
      if (!check.ok) {
        return check.message;
      }
      return check.kind === undefined ? vscode.l10n.t('A Bulk API job id starts with 750 and a batch id with 751.') : undefined;
    },
  });
  const check = input === undefined ? undefined : checkId(input);
  if (!check?.ok || check.kind === undefined) {
    return;
  }
  const org = await pickOrg(deps.orgs, { placeHolder: vscode.l10n.t('Org of job {0}', check.id18) });
  if (!org) {
    return;
  }
  let jobId = check.id18;
  if (check.kind === 'batch') {
    try {
      const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Finding the job of batch {0}…', jobId) },
        async () => (await deps.orgs.clientFor(org.key)).findJobOfBatch(check.id18));
      if (!found.jobId) {
        void vscode.window.showWarningMessage(batchNotFoundMessage(check.id18, org.label, found, vscode.l10n.t));
        return;
      }
      jobId = found.jobId;
      deps.batchJobs.remember(org.key, [{ id: check.id18, jobId }]);
    } catch (e) {
      await showError(e);
      return;
    }
  }
  if (await track(deps, { orgKey: org.key, jobId })) {
    await vscode.commands.executeCommand(`${EXPLORER_VIEW}.focus`);
  }
}

export async function untrackJob(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job to stop tracking'));
  if (ref) {
    await deps.store.untrack(ref);
  }
}

export async function changeJob(deps: Deps, arg: unknown, action: 'close' | 'abort'): Promise<void> {
  const ref = await jobArg(deps, arg, action === 'close' ? vscode.l10n.t('Job to close') : vscode.l10n.t('Job to abort'));
  if (!ref) {
    return;
  }
  const entry = deps.store.get(ref);
  const title = entry?.job ? `${jobTitle(entry)} (${ref.jobId})` : ref.jobId;
  const org = await orgLabel(deps, ref.orgKey);
  const kind = await orgKindOf(deps, ref.orgKey);
  const confirm = action === 'close' ? vscode.l10n.t('Close Job') : vscode.l10n.t('Abort Job');
  const question = action === 'close'
    ? vscode.l10n.t('Close job {0} in org {1} ({2})?', title, org, kind)
    : vscode.l10n.t('Abort job {0} in org {1} ({2})?', title, org, kind);
  const detail = action === 'close'
    ? vscode.l10n.t('No more batches can be added; Salesforce processes the ones it has.')
    : vscode.l10n.t('Salesforce stops processing it. Records already processed stay processed. This cannot be undone.');
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, confirm);
  if (choice !== confirm) {
    return;
  }
  try {
    await inView(confirm, () => (action === 'close' ? deps.store.close(ref) : deps.store.abort(ref)));
    if (action === 'abort') {
      await recordAborted(deps.store.sharedState, ref, Date.now()); // not news to the Org Jobs notifications of any window
    }
  } catch (e) {
    await showError(e);
  }
}

export async function copyJobId(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job whose id to copy'));
  if (ref) {
    await vscode.env.clipboard.writeText(ref.jobId);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', ref.jobId), 3000);
  }
}

/** The explorer's batch row: copies the batch's 18-character id (the row itself leads with "#3"). */
export async function copyBatchId(arg: unknown): Promise<void> {
  const id = (arg as { batch?: { id?: unknown } } | undefined)?.batch?.id;
  if (typeof id === 'string' && isValidId(id)) {
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 3000);
  }
}

export async function openInSetup(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job to open in Salesforce Setup'));
  if (!ref) {
    return;
  }
  const org = await deps.orgs.get(ref.orgKey);
  if (!org) {
    await showError(new Error(vscode.l10n.t('Org {0} is not connected any more.', ref.orgKey)));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(setupDeepLink(org.instanceUrl, ref.jobId)));
}

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
      location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing recent Bulk API jobs in {0}…', org.label), cancellable: true,
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
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no Bulk API jobs from the last 7 days.', org.label));
    return;
  }
  const sorted = [...jobs].sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''));
  const listed = new Set(sorted.map((j) => j.id));
  const items = sorted.map((j) => {
    const tracked = deps.store.get({ orgKey: org.key, jobId: j.id })?.tracked === true;
    const cli = fromCli.get(j.id);
    return {
      label: `${j.object ?? vscode.l10n.t('(unknown object)')} · ${j.operation ?? ''}`,
      description: [j.state, createdText(j), cli ? cliText(cli) : undefined, tracked ? vscode.l10n.t('tracked') : undefined].filter(Boolean).join(' · '),
      detail: `${j.id} · ${j.jobType ?? (j.flavour === '1.0' ? 'Classic' : '')}`,
      id: j.id,
    };
  });
  for (const cli of fromCli.values()) {
    if (!listed.has(cli.jobId)) {
      const tracked = deps.store.get({ orgKey: org.key, jobId: cli.jobId })?.tracked === true;
      items.push({
        label: vscode.l10n.t('Job {0}', cli.jobId),
        description: [cliText(cli), cli.startedAt ? localTime(cli.startedAt) : undefined,
          tracked ? vscode.l10n.t('tracked') : undefined].filter(Boolean).join(' · '),
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
  await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW }, title: vscode.l10n.t('Tracking jobs…') },
    () => Promise.all(picked.map((p) => deps.store.track({ orgKey: org.key, jobId: p.id }))));
  await vscode.commands.executeCommand(`${EXPLORER_VIEW}.focus`);
}
