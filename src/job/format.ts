/**
 * The one owner of how numbers, spans of time, dates, ids and job statuses are written, for the
 * details panel's view model, the hover's markdown and (through thin vscode wrappers) the Jobs view.
 * Pure: no vscode, no DOM; the caller passes the locale and a translate function.
 */
import type { BulkJob, JobProgress } from '../salesforce/types';

/** `vscode.l10n.t` on the host; a bundle lookup in the webview. `{0}`, `{1}` … are replaced by the arguments. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Replaces `{0}`, `{1}` … the way `vscode.l10n.t` does; unknown placeholders stay as they are. */
export function formatMessage(message: string, args: ReadonlyArray<string | number>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** A translate function over a bundle such as VS Code's `l10n.bundle` (English when missing). */
export function translator(bundle: Record<string, string> | undefined): Translate {
  return (message, ...args) => formatMessage(bundle?.[message] ?? message, args);
}

/**
 * Intl formatters are slow to create (tens of µs each) and a panel formats hundreds of values per
 * update: keep one per locale and kind. A cache of immutable formatters, not shared state.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string | undefined, fractionDigits?: number): Intl.NumberFormat {
  const key = `n|${locale ?? ''}|${fractionDigits ?? ''}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    formatters.set(key, f);
  }
  return f;
}

function dateFormat(locale: string | undefined): Intl.DateTimeFormat {
  const key = `d|${locale ?? ''}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    formatters.set(key, f);
  }
  return f;
}

function clockFormat(locale: string | undefined, style: 'medium' | 'short' = 'medium'): Intl.DateTimeFormat {
  const key = `c|${locale ?? ''}|${style}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeStyle: style });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Texts already written, by kind, locale and value: a panel of thousands of batches writes the same
 * counts and dates on every update, and Intl formatting costs microseconds each. Bounded: emptied
 * when it grows large. Like the formatters, a cache of immutable values, not shared state.
 */
const written = new Map<string, unknown>();

function remembered<T>(key: string, make: () => T): T {
  let value = written.get(key) as T | undefined;
  if (value === undefined) {
    if (written.size >= 50_000) {
      written.clear();
    }
    value = make();
    written.set(key, value);
  }
  return value;
}

/** A time of day, "12:03:15 PM": the charts' axes (the day is in the panel's dates). */
export function formatClock(ms: number, locale?: string): string {
  // To the second it shows, so the same second is one cache entry (a chart's column edges move by
  // fractions of a second as a job runs; Intl formatting costs tens of microseconds each).
  const second = Math.floor(ms / 1000) * 1000;
  return remembered(`c|${locale ?? ''}|${second}`, () => clockFormat(locale).format(new Date(second)));
}

/** A time of day to the minute, "12:03 PM": the org jobs' "as of". */
export function formatShortClock(ms: number, locale?: string): string {
  return remembered(`s|${locale ?? ''}|${ms}`, () => clockFormat(locale, 'short').format(new Date(ms)));
}

export function formatCount(n: number, locale?: string): string {
  return remembered(`n|${locale ?? ''}|${n}`, () => numberFormat(locale).format(n));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A span of time in human units: `850 ms`, `1.2 s`, `42 s`, `3 min 4 s`, `2 h 5 min`, `3 d 4 h`.
 * `coarse` drops seconds once the span reaches a minute ("running for 3 min").
 */
export function formatDuration(ms: number, options: { coarse?: boolean; locale?: string } = {}): string {
  const span = Math.max(0, ms);
  if (span < SECOND) {
    return options.coarse ? '0 s' : `${Math.round(span)} ms`;
  }
  if (span < 10 * SECOND && !options.coarse) {
    const tenths = Math.floor(span / 100) / 10;
    return `${numberFormat(options.locale, 1).format(tenths)} s`;
  }
  if (span < MINUTE) {
    return `${Math.floor(span / SECOND)} s`;
  }
  if (span < HOUR) {
    const minutes = Math.floor(span / MINUTE);
    const seconds = Math.floor((span % MINUTE) / SECOND);
    return options.coarse || seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  if (span < DAY) {
    const hours = Math.floor(span / HOUR);
    const minutes = Math.floor((span % HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** "just now" under 5 s, else "3 min ago". */
export function formatAgo(ms: number, t: Translate): string {
  return ms < 5_000 ? t('just now') : t('{0} ago', formatDuration(ms, { coarse: true }));
}

export interface DateText {
  /** Local date and time for reading. */
  text: string;
  /** The exact UTC value, for a tooltip. */
  title: string;
}

/** A normalised ISO-8601 UTC date (or ms since epoch) as local time, with the exact UTC value kept for a tooltip. */
export function formatDate(value: string | number, locale?: string): DateText {
  return remembered(`d|${locale ?? ''}|${typeof value}|${value}`, () => formatDateNow(value, locale));
}

function formatDateNow(value: string | number, locale?: string): DateText {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return { text: String(value), title: String(value) };
  }
  const text = dateFormat(locale).format(date);
  return { text, title: `${date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} UTC` };
}

/** "a job id, shortened for a title": the last 6 of its 15 case-sensitive characters, `…Ab3xYz`. */
export function shortId(id: string): string {
  return `…${id.slice(0, 15).slice(-6)}`;
}

/** "Closed · 2 batches still running", "JobComplete · 12 records failed", "Failed: <why>". */
export function statusText(job: BulkJob, progress: JobProgress | undefined, options: { t: Translate; locale?: string }): string {
  const { t, locale } = options;
  // From the progress (counted from the batch list when there is one), else from the job's counters.
  const stillRunning = progress?.batchesTotal !== undefined
    ? Math.max(0, progress.batchesTotal - (progress.batchesDone ?? 0))
    : (job.numberBatchesQueued ?? 0) + (job.numberBatchesInProgress ?? 0);
  switch (progress?.status) {
    case 'open':
      return job.flavour === '1.0' ? t('{0} · accepting batches', job.state) : t('{0} · waiting for the data upload', job.state);
    case 'queued':
      return job.flavour === '1.0' && stillRunning > 0
        ? t('{0} · {1} batches queued', job.state, formatCount(stillRunning, locale))
        : t('{0} · queued', job.state);
    case 'running':
      return job.flavour === '1.0' && stillRunning > 0
        ? (stillRunning === 1 ? t('{0} · 1 batch still running', job.state) : t('{0} · {1} batches still running', job.state, formatCount(stillRunning, locale)))
        : t('{0} · running', job.state);
    case 'completed':
      return t('{0} · completed', job.state);
    case 'completedWithFailures':
      return progress.recordsFailed === 1
        ? t('{0} · 1 record failed', job.state)
        : t('{0} · {1} records failed', job.state, formatCount(progress.recordsFailed, locale));
    case 'failed':
      return job.errorMessage ? t('{0}: {1}', job.state, job.errorMessage) : job.state;
    case 'aborted':
    default:
      return job.state;
  }
}

export function jobLabel(job: BulkJob, t: Translate): string {
  const object = job.object ?? (job.kind === 'query' ? t('Query') : t('(unknown object)'));
  return job.operation ? `${object} · ${job.operation}` : object;
}

/** "Account · insert · …Ab3xYz" (or "Job …Ab3xYz" before the job is known). */
export function panelTitle(jobId: string, job: BulkJob | undefined, t: Translate): string {
  if (!job || (!job.object && !job.operation)) {
    return t('Job {0}', shortId(jobId));
  }
  return [job.object, job.operation, shortId(jobId)].filter((part) => part).join(' · ');
}

/**
 * Who created a job, as the panel, the Jobs view's tooltip and the hover write it: "Ada Lovelace
 * (005…)" when the name is known (`salesforce/org/userNames.ts`), else the id. The name is another
 * org user's text: markdown escapes it (`util/markdown.ts`), the panel sets it as text.
 */
export function creatorText(userId: string, name: string | undefined): string {
  return name === undefined || name === '' ? userId : `${name} (${userId})`;
}
