/**
 * A row of the Org Jobs view and the view's message line, as text and a status (the view maps the
 * status to the Jobs view's icon, `views/jobText.ts` `statusIcon`). Words through `t`, numbers and
 * times through `model/format.ts`.
 */
import { deriveProgress } from '../job/jobRules';
import type { ApiUsage, BulkJob, DerivedStatus } from '../salesforce/types';
import { MAX_LIST_PAGES } from '../salesforce/bulk2';
import { creatorText, formatAgo, formatCount, formatShortClock, jobLabel, statusText, type Translate } from '../job/format';

export interface OrgJobRowView {
  id: string;
  /** "Account · insert" */
  label: string;
  /** "JobComplete · 12 records failed · MuleSoft Integration · 12 min ago" */
  description: string;
  status: DerivedStatus;
  tracked: boolean;
  /** The submitter as the tooltip says it: "Ada Lovelace (005…)" (`creatorText`), else their id, else undefined. */
  submitter?: string;
}

export interface RowOptions {
  t: Translate;
  locale?: string;
  now: number;
  nameOf(userId: string | undefined): string | undefined;
  isTracked(jobId: string): boolean;
}


export function orgJobRow(job: BulkJob, options: RowOptions): OrgJobRowView {
  const progress = deriveProgress(job);
  const name = options.nameOf(job.createdById);
  const submitter = job.createdById === undefined ? undefined : creatorText(job.createdById, name);
  const created = Date.parse(job.createdDate ?? '');
  const parts = [
    statusText(job, progress, { t: options.t, locale: options.locale }),
    name ?? job.createdById,
    Number.isNaN(created) ? undefined : formatAgo(options.now - created, options.t),
  ].filter((p): p is string => p !== undefined && p !== '');
  const tracked = options.isTracked(job.id);
  return { id: job.id, label: jobLabel(job, options.t), description: parts.join(' · '), status: progress.status, tracked, ...(submitter === undefined ? {} : { submitter }) };
}

export interface MessageLineInput {
  /** When the list shown was complete (ms). */
  asOf: number;
  jobs: number;
  usage?: ApiUsage;
  /** The last refresh failed (a page or all of it): the list shown is the last complete one. */
  error?: string;
  /** The list endpoints cut at the page cap ("jobs/query"). */
  truncated?: readonly string[];
}

/** "as of 12:03 · 2,341 jobs · API 4,321/15,000" (+ " · jobs/query stopped at 100 pages: older jobs not shown", " · refresh failed: …"). */
export function messageLine(input: MessageLineInput, options: { t: Translate; locale?: string }): string {
  const { t, locale } = options;
  const parts = [
    t('as of {0}', formatShortClock(input.asOf, locale)),
    input.jobs === 1 ? t('1 job') : t('{0} jobs', formatCount(input.jobs, locale)),
  ];
  if (input.usage !== undefined) {
    parts.push(t('API {0}/{1}', formatCount(input.usage.used, locale), formatCount(input.usage.max, locale)));
  }
  if (input.truncated !== undefined && input.truncated.length > 0) {
    parts.push(t('{0} stopped at {1} pages: older jobs not shown', input.truncated.join(', '), formatCount(MAX_LIST_PAGES, locale)));
  }
  if (input.error !== undefined) {
    parts.push(t('refresh failed: {0}', input.error));
  }
  return parts.join(' · ');
}
