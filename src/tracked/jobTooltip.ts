/**
 * The tooltip of a tracked job's row, as markdown: its fields, its creator, its pace and why polling is
 * slowed. Pure (no vscode): the Jobs view wraps it in an untrusted MarkdownString. Every value is
 * escaped, so a job field or a user's name cannot add links, markup or theme icons. It needs the pace
 * (`job/pace.ts`), so it is part of the Jobs view's chunk, not of activation.
 */
import type { JobEntry } from '../job/jobEntry';
import type { HistoryPoint } from '../job/history';
import { jobPace, paceLine } from '../job/pace';
import { statusLabel } from '../job/jobStatus';
import { creatorText, formatCount, formatDate, jobLabel, type Translate } from '../job/format';
import { escapeMarkdown } from '../util/markdown';

export interface TooltipOptions {
  t: Translate;
  locale?: string;
  now: number;
  orgLabel: string;
  /** Why polling is slowed or paused (`schedule/pollText.ts`), if it is. */
  polling?: string;
  /** The job's points over time, for its rate and time left (one line). */
  history?: readonly HistoryPoint[];
  /** The creator's name, when known (`salesforce/org/userNames.ts`). */
  createdByName?: string;
}

export function jobTooltip(entry: JobEntry, options: TooltipOptions): string {
  const { t, locale, now } = options;
  const job = entry.job;
  const count = (n: number): string => formatCount(n, locale);
  const time = (value: string | number): string => formatDate(value, locale).text;
  const rows: [string, string | undefined][] = [
    [t('Job id'), entry.jobId],
    [t('Org'), options.orgLabel],
    [t('Status'), entry.progress ? statusLabel(entry.progress.status, t) : undefined],
    [t('State'), job?.state],
    [t('API'), job ? `Bulk ${job.flavour}${job.apiVersion ? ` (v${job.apiVersion})` : ''}` : undefined],
    [t('Records processed'), entry.progress ? count(entry.progress.recordsProcessed) : undefined],
    [t('Records failed'), entry.progress ? count(entry.progress.recordsFailed) : undefined],
    [t('Batches'), entry.progress?.batchesTotal !== undefined ? `${count(entry.progress.batchesDone ?? 0)}/${count(entry.progress.batchesTotal)}` : undefined],
    [t('Pace'), job && options.history ? paceLine(jobPace({ job, batches: entry.batches, progress: entry.progress, history: options.history, now }), { t, locale }) : undefined],
    [t('Created by'), job?.createdById ? creatorText(job.createdById, options.createdByName) : undefined],
    [t('Created'), job?.createdDate ? time(job.createdDate) : undefined],
    [t('Error'), job?.errorMessage],
  ];
  let md = `**${escapeMarkdown(job ? jobLabel(job, t) : entry.jobId)}**\n\n`;
  for (const [name, value] of rows) {
    if (value !== undefined && value !== '') {
      md += `${escapeMarkdown(name)}: ${escapeMarkdown(value)}  \n`;
    }
  }
  if (entry.fetchedAt !== undefined) {
    md += `\n_${escapeMarkdown(t('as of {0}', time(entry.fetchedAt)))}_\n`;
  }
  if (entry.lastError) {
    md += `\n$(warning) ${escapeMarkdown(t('Last refresh failed ({0}): {1}', time(entry.lastError.at), entry.lastError.message))}\n`;
  }
  if (options.polling) {
    md += `\n$(info) ${escapeMarkdown(options.polling)}\n`;
  }
  return md;
}
