import * as vscode from 'vscode';
import type { JobRef, JobStore } from './jobStore';
import type { JobEntry } from '../job/jobEntry';
import { jobTitle } from '../ui/jobText';
import { escapeIcons, plainMessage } from '../util/markdown';

export interface PickJobOptions {
  /** What the pick is for: "Job to abort". */
  placeHolder: string;
  /** Which tracked jobs may be picked (all of them when absent). */
  filter?: (entry: JobEntry) => boolean;
  /** Said instead of showing an empty list. */
  noneMessage: string;
}

/** The person's pick among the tracked jobs (title, progress, id and org), or undefined when none or cancelled. */
export async function pickJob(store: JobStore, options: PickJobOptions): Promise<JobRef | undefined> {
  const entries = store.tracked().filter(options.filter ?? (() => true));
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(plainMessage(options.noneMessage));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(entries.map((e) => ({
    label: escapeIcons(jobTitle(e)),
    description: escapeIcons(e.progress?.summary ?? ''),
    detail: escapeIcons(`${e.jobId} · ${e.orgKey}`),
    ref: { orgKey: e.orgKey, jobId: e.jobId },
  })), { placeHolder: options.placeHolder, matchOnDetail: true });
  return picked?.ref;
}
