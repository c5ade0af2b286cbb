/**
 * The tooltip of a tracked job's row: its fields, its pace and why polling is slowed. It needs the pace
 * (`job/pace.ts`), so it is part of the Jobs view's chunk, not of activation.
 */
import * as vscode from 'vscode';
import type { JobEntry } from '../job/jobEntry';
import type { HistoryPoint } from '../job/history';
import { jobPace, paceLine } from '../job/pace';
import { statusLabel } from '../job/jobStatus';
import { count, jobTitle, localTime } from '../ui/jobText';
import { escapeMarkdown } from '../util/markdown';

/**
 * `polling`: why polling is slowed or paused (`schedule/pollText.ts`), if it is; `history`: the job's
 * points over time, for its rate and time left (one line).
 */
export function jobTooltip(entry: JobEntry, orgLabel: string, polling?: string, history?: readonly HistoryPoint[]): vscode.MarkdownString {
  const t = new vscode.MarkdownString(undefined, true);
  t.supportHtml = false;
  t.isTrusted = false;
  const job = entry.job;
  t.appendMarkdown(`**${escapeMarkdown(jobTitle(entry))}**\n\n`);
  const rows: [string, string | undefined][] = [
    [vscode.l10n.t('Job id'), entry.jobId],
    [vscode.l10n.t('Org'), orgLabel],
    [vscode.l10n.t('Status'), entry.progress ? statusLabel(entry.progress.status, vscode.l10n.t) : undefined],
    [vscode.l10n.t('State'), job?.state],
    [vscode.l10n.t('API'), job ? `Bulk ${job.flavour}${job.apiVersion ? ` (v${job.apiVersion})` : ''}` : undefined],
    [vscode.l10n.t('Records processed'), entry.progress ? count(entry.progress.recordsProcessed) : undefined],
    [vscode.l10n.t('Records failed'), entry.progress ? count(entry.progress.recordsFailed) : undefined],
    [vscode.l10n.t('Batches'), entry.progress?.batchesTotal !== undefined ? `${count(entry.progress.batchesDone ?? 0)}/${count(entry.progress.batchesTotal)}` : undefined],
    [vscode.l10n.t('Pace'), job && history ? paceLine(jobPace({ job, batches: entry.batches, progress: entry.progress, history, now: Date.now() }), { t: vscode.l10n.t, locale: vscode.env.language }) : undefined],
    [vscode.l10n.t('Created'), job?.createdDate ? localTime(job.createdDate) : undefined],
    [vscode.l10n.t('Error'), job?.errorMessage],
  ];
  for (const [name, value] of rows) {
    if (value !== undefined && value !== '') {
      t.appendMarkdown(`${escapeMarkdown(name)}: ${escapeMarkdown(value)}  \n`);
    }
  }
  if (entry.fetchedAt !== undefined) {
    t.appendMarkdown(`\n_${escapeMarkdown(vscode.l10n.t('as of {0}', localTime(entry.fetchedAt)))}_\n`);
  }
  if (entry.lastError) {
    t.appendMarkdown(`\n$(warning) ${escapeMarkdown(vscode.l10n.t('Last refresh failed ({0}): {1}', localTime(entry.lastError.at), entry.lastError.message))}\n`);
  }
  if (polling) {
    t.appendMarkdown(`\n$(info) ${escapeMarkdown(polling)}\n`);
  }
  return t;
}
