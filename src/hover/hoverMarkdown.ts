/**
 * The hover's text, as markdown, built from what is known about an id. Pure (no vscode): the
 * provider wraps it in a MarkdownString whose command links are trusted for our commands only.
 * Every server string is escaped, so a job field cannot add links, images or markup.
 */
import type { BulkBatch, BulkJob, JobProgress } from '../salesforce/types';
import { Translate, creatorText, formatAgo, formatCount, formatDate, statusText } from '../job/format';
import type { HistoryPoint } from '../job/history';
import { panelTitle } from '../job/format';
import { statusCodicon } from '../job/jobStatus';
import { jobPace, paceLine } from '../job/pace';
import { escapeMarkdown } from '../util/markdown';

/** The only commands a hover link may run (`isTrusted.enabledCommands`). */
export const HOVER_COMMANDS = [
  'bulkJobs.openJobDetails',
  'bulkJobs.trackJob',
  'bulkJobs.untrackJob',
  'bulkJobs.refreshJob',
  'bulkJobs.copyJobId',
  'bulkJobs.lookupJob',
  'bulkJobs.selectOrg',
  'bulkJobs.addOrg',
  'bulkJobs.findJobOfBatch',
] as const;

export type HoverCommand = typeof HOVER_COMMANDS[number];

export interface HoverJob {
  ref: { orgKey: string; jobId: string };
  orgLabel: string;
  job?: BulkJob;
  progress?: JobProgress;
  fetchedAt?: number;
  tracked: boolean;
  /** The last refresh failed (the data shown, if any, is older). */
  error?: { kind: string; message: string };
  /** Points over time (and 1.0 batches): the rate and time left line. */
  history?: readonly HistoryPoint[];
  batches?: readonly BulkBatch[];
  /** The name of the job's creator, when known (`salesforce/org/userNames.ts`). */
  createdByName?: string;
}

export type HoverContent =
  /** One job (or the job of the hovered batch), possibly in several orgs. */
  | { kind: 'jobs'; id: string; idKind: 'job' | 'batch'; jobs: HoverJob[] }
  /** Nothing connected to ask. */
  | { kind: 'noOrg'; id: string; idKind: 'job' | 'batch' }
  /** A batch whose job no listing here has shown: the search is offered, never started by the hover. */
  | { kind: 'batchUnknown'; id: string; idKind: 'batch'; orgKey?: string; orgLabel?: string }
  /** Asked, and the org does not know it (or asking failed, or took too long). */
  | { kind: 'unknown'; id: string; idKind: 'job' | 'batch'; orgLabel?: string; message: string };

export interface HoverOptions {
  t: Translate;
  now: number;
  locale?: string;
}


export function commandLink(label: string, command: HoverCommand, args?: unknown): string {
  const query = args === undefined ? '' : `?${encodeURIComponent(JSON.stringify([args]))}`;
  return `[${escapeMarkdown(label)}](command:${command}${query})`;
}

function kindWord(idKind: 'job' | 'batch', t: Translate): string {
  return idKind === 'job' ? t('Bulk API job') : t('Bulk API batch');
}

function jobSection(entry: HoverJob, content: { id: string; idKind: 'job' | 'batch' }, options: HoverOptions): string[] {
  const { t, locale, now } = options;
  const lines: string[] = [];
  const ref = entry.ref;
  const job = entry.job;
  if (job) {
    const title = panelTitle(ref.jobId, job, t);
    lines.push(`$(${statusCodicon(entry.progress?.status).id}) **${escapeMarkdown(title)}** · ${escapeMarkdown(statusText(job, entry.progress, { t, locale }))}`);
    const processed = entry.progress?.recordsProcessed ?? job.numberRecordsProcessed ?? 0;
    const failed = entry.progress?.recordsFailed ?? job.numberRecordsFailed ?? 0;
    const failedText = failed > 0 ? `**${escapeMarkdown(t('{0} failed', formatCount(failed, locale)))}**` : escapeMarkdown(t('{0} failed', '0'));
    lines.push(`${escapeMarkdown(t('Records: {0} processed', formatCount(processed, locale)))} · ${failedText}`);
    if (entry.history) {
      lines.push(escapeMarkdown(paceLine(jobPace({ job, batches: entry.batches, progress: entry.progress, history: entry.history, now }), { t, locale })));
    }
    if (job.systemModstamp) {
      const modified = formatDate(job.systemModstamp, locale);
      lines.push(escapeMarkdown(t('Last modified: {0} ({1})', modified.text, formatAgo(now - Date.parse(job.systemModstamp), t))));
    }
    if (job.createdById) {
      lines.push(escapeMarkdown(t('Created by: {0}', creatorText(job.createdById, entry.createdByName))));
    }
  } else {
    lines.push(`**${escapeMarkdown(kindWord('job', t))}** \`${ref.jobId}\``);
  }
  if (content.idKind === 'batch') {
    lines.push(escapeMarkdown(t('Batch {0} of job {1}', content.id, ref.jobId)));
  }
  const asOf = entry.fetchedAt === undefined ? '' : ` · ${escapeMarkdown(t('as of {0}', formatAgo(now - entry.fetchedAt, t)))}`;
  lines.push(`${escapeMarkdown(t('Org: {0}', entry.orgLabel))}${asOf}`);
  if (entry.error) {
    lines.push(`$(warning) ${escapeMarkdown(entry.error.message)}`);
  }
  const target = { orgKey: ref.orgKey, jobId: ref.jobId };
  lines.push([
    commandLink(t('Open details'), 'bulkJobs.openJobDetails', target),
    entry.tracked ? commandLink(t('Untrack'), 'bulkJobs.untrackJob', target) : commandLink(t('Track'), 'bulkJobs.trackJob', target),
    commandLink(t('Refresh'), 'bulkJobs.refreshJob', target),
    commandLink(t('Copy 18-char id'), 'bulkJobs.copyJobId', target),
  ].join(' · '));
  return lines;
}

/** The hover's markdown: paragraphs separated by blank lines, links only to HOVER_COMMANDS. */
export function hoverMarkdown(content: HoverContent, options: HoverOptions): string {
  const { t } = options;
  switch (content.kind) {
    case 'noOrg':
      return [
        `**${escapeMarkdown(kindWord(content.idKind, t))}** \`${content.id}\``,
        escapeMarkdown(t('No Salesforce org is connected, so its details cannot be shown.')),
        [commandLink(t('Select an org…'), 'bulkJobs.selectOrg'), commandLink(t('Add an org with a session id…'), 'bulkJobs.addOrg')].join(' · '),
      ].join('\n\n');
    case 'unknown':
      return [
        `**${escapeMarkdown(kindWord(content.idKind, t))}** \`${content.id}\``,
        `$(info) ${escapeMarkdown(content.message)}`,
        commandLink(t('Look up in another org…'), 'bulkJobs.lookupJob', { id: content.id }),
      ].join('\n\n');
    case 'batchUnknown':
      return [
        `**${escapeMarkdown(kindWord('batch', t))}** \`${content.id}\``,
        `$(info) ${escapeMarkdown(t('Batch {0} — its job is not known here.', content.id))}`,
        commandLink(content.orgLabel ? t('Find its job in {0}', content.orgLabel) : t('Find its job'), 'bulkJobs.findJobOfBatch',
          content.orgKey === undefined ? { batchId: content.id } : { batchId: content.id, orgKey: content.orgKey }),
      ].join('\n\n');
    case 'jobs':
      return content.jobs.map((entry) => jobSection(entry, content, options).join('\n\n')).join('\n\n---\n\n');
  }
}
