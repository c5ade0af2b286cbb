/** What the job commands share: the job a command is about, the org's name and kind, progress in the Jobs view. */
import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { refOf, type JobRef } from '../jobStore';
import { JOBS_VIEW } from '../jobsViewId';
import { pickJob } from '../jobPicker';
import { orgKeyLabel } from '../../orgs/orgKey';
import { orgKind } from '../../orgs/orgKind';

/** The job a command is about: its argument (a JobRef or tree node), else the person's pick among tracked jobs. */
export async function jobArg(deps: Deps, arg: unknown, placeHolder: string): Promise<JobRef | undefined> {
  return refOf(arg) ?? pickJob(deps.store, {
    placeHolder,
    noneMessage: vscode.l10n.t('No Bulk API jobs are tracked yet. Use “Track Job…” first.'),
  });
}

export async function orgLabel(deps: Deps, orgKey: string): Promise<string> {
  return (await deps.orgs.get(orgKey).catch(() => undefined))?.label ?? orgKeyLabel(orgKey);
}

/** "Production" / "Sandbox" for a confirmation, read with a progress; a failure to read it says so. */
export async function orgKindOf(deps: Deps, orgKey: string): Promise<string> {
  const identity = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the org…') },
    async () => (await deps.orgs.clientFor(orgKey)).orgIdentity()).then((i) => i, () => undefined);
  return orgKind(identity, vscode.l10n.t);
}

export function inView<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: JOBS_VIEW }, title }, task);
}
