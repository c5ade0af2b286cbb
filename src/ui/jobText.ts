import * as vscode from 'vscode';
import { BulkBatch, DerivedStatus } from '../salesforce/types';
import type { JobEntry } from '../job/jobEntry';
import { formatCount, formatDate, jobLabel } from '../job/format';
import { type Codicon, stateLabel, statusCodicon } from '../job/jobStatus';

/**
 * Labels, descriptions, icons and tooltips of jobs and batches, shared by the tree, notifications
 * and the status bar. The words and numbers come from model/format in VS Code's display language.
 */

/** `formatCount` in VS Code's display language. */
export function count(n: number): string {
  return formatCount(n, vscode.env.language);
}

/** "Account · insert" (or the id while nothing is known). */
export function jobTitle(entry: JobEntry): string {
  return entry.job ? jobLabel(entry.job, vscode.l10n.t) : entry.jobId;
}

/** "Closed · 38/40 batches · 1,204 failed", "In progress · 12,000 records", "refresh failed · …". */
export function jobDescription(entry: JobEntry): string {
  const job = entry.job;
  const parts: string[] = [];
  if (!job) {
    parts.push(entry.lastError ? vscode.l10n.t('could not be loaded') : vscode.l10n.t('loading…'));
  } else {
    const p = entry.progress;
    parts.push(job.flavour === '2.0' ? stateLabel(job.state, vscode.l10n.t) : job.state);
    if (job.flavour === '1.0' && p?.batchesTotal) {
      parts.push(vscode.l10n.t('{0}/{1} batches', count(p.batchesDone ?? 0), count(p.batchesTotal)));
    } else if (job.flavour === '2.0' && p && p.recordsProcessed > 0) {
      parts.push(vscode.l10n.t('{0} records', count(p.recordsProcessed)));
    }
    if (p && p.recordsFailed > 0) {
      parts.push(vscode.l10n.t('{0} failed', count(p.recordsFailed)));
    }
    if (entry.lastError) {
      parts.push(vscode.l10n.t('refresh failed'));
    }
  }
  return parts.join(' · ');
}

/** A codicon (`job/jobStatus.ts`) as VS Code draws it. */
export function themeIcon(icon: Codicon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

export function statusIcon(status: DerivedStatus): vscode.ThemeIcon {
  return themeIcon(statusCodicon(status));
}

export function jobIcon(entry: JobEntry): vscode.ThemeIcon {
  if (entry.lastError) {
    return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('errorForeground'));
  }
  if (!entry.progress) {
    return new vscode.ThemeIcon(entry.refreshing ? 'loading~spin' : 'question');
  }
  return statusIcon(entry.progress.status);
}

/** A point in time (ISO date or ms since epoch) as local date and time, the way the details panel writes it. */
export function localTime(value: string | number): string {
  return formatDate(value, vscode.env.language).text;
}


const BATCH_ICON: Record<string, [string, string | undefined]> = {
  Queued: ['clock', 'charts.blue'],
  InProgress: ['sync~spin', undefined],
  Completed: ['pass', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  NotProcessed: ['circle-slash', 'disabledForeground'],
};

export function batchIcon(batch: BulkBatch): vscode.ThemeIcon {
  const [id, color] = BATCH_ICON[batch.state] ?? ['circle-outline', undefined];
  const failedRecords = batch.state === 'Completed' && (batch.numberRecordsFailed ?? 0) > 0;
  return failedRecords
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    : new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** "#3 · Failed": what a person scans a batch row for first (the id is in the tooltip and Copy Batch Id). */
export function batchLabel(batch: BulkBatch, n: number | undefined): string {
  return n === undefined ? batch.state : `#${n} · ${batch.state}`;
}

/** The first words of a failure message, for a row of normal width. */
export function firstWords(text: string, words = 6): string {
  const all = text.trim().split(/\s+/);
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}

/** "120 processed · 3 failed · InvalidBatch : Field name not…" (the state is in the label). */
export function batchRowDescription(batch: BulkBatch): string {
  const parts: string[] = [];
  if (batch.numberRecordsProcessed !== undefined) {
    parts.push(vscode.l10n.t('{0} processed', count(batch.numberRecordsProcessed)));
  }
  if (batch.numberRecordsFailed !== undefined) {
    parts.push(vscode.l10n.t('{0} failed', count(batch.numberRecordsFailed)));
  }
  if (batch.state === 'Failed' && batch.stateMessage) {
    parts.push(firstWords(batch.stateMessage));
  }
  return parts.join(' · ');
}

export function batchDescription(batch: BulkBatch): string {
  const parts = [batch.state];
  if (batch.numberRecordsProcessed !== undefined) {
    parts.push(vscode.l10n.t('{0} processed', count(batch.numberRecordsProcessed)));
  }
  if ((batch.numberRecordsFailed ?? 0) > 0) {
    parts.push(vscode.l10n.t('{0} failed', count(batch.numberRecordsFailed!)));
  }
  if (batch.state === 'Failed' && batch.stateMessage) {
    parts.push(batch.stateMessage);
  }
  return parts.join(' · ');
}
