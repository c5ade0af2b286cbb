/**
 * The one owner of how numbers, spans of time, dates, ids and job statuses are written, for the
 * details panel's view model, the hover's markdown and (through thin vscode wrappers) the explorer.
 * Pure: no vscode, no DOM; the caller passes the locale and a translate function.
 */
import type { BulkJob, DerivedStatus, JobProgress } from '../api/types';

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

/** A time of day, "12:03:15 PM": the charts' axes (the day is in the panel's dates). */
export function formatClock(ms: number, locale?: string): string {
  const key = `c|${locale ?? ''}`;
  const memo = `${key}|${ms}`;
  const known = formattedClocks.get(memo);
  if (known !== undefined) {
    return known;
  }
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
    formatters.set(key, f);
  }
  if (formattedClocks.size >= 10_000) {
    formattedClocks.clear();
  }
  const text = f.format(new Date(ms));
  formattedClocks.set(memo, text);
  return text;
}

/** The charts format the same instants on every update (history points, batch times): like formattedDates below. */
const formattedClocks = new Map<string, string>();

/** Counts written so far, by locale and number (a panel writes thousands of the same counts per update). */
const formattedCounts = new Map<string, Map<number, string>>();

export function formatCount(n: number, locale?: string): string {
  let byNumber = formattedCounts.get(locale ?? '');
  if (!byNumber) {
    byNumber = new Map();
    formattedCounts.set(locale ?? '', byNumber);
  }
  let text = byNumber.get(n);
  if (text === undefined) {
    if (byNumber.size >= 10_000) {
      byNumber.clear();
    }
    text = numberFormat(locale).format(n);
    byNumber.set(n, text);
  }
  return text;
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

/**
 * Formatted dates by locale and value: a panel of thousands of batches formats the same dates on
 * every update, and Intl formatting costs microseconds each. Bounded: emptied when it grows large.
 */
const formattedDates = new Map<string, DateText>();
const MAX_FORMATTED_DATES = 50_000;

/** A normalised ISO-8601 UTC date (or ms since epoch) as local time, with the exact UTC value kept for a tooltip. */
export function formatDate(value: string | number, locale?: string): DateText {
  const key = `${locale ?? ''}|${value}`;
  let text = formattedDates.get(key);
  if (!text) {
    if (formattedDates.size >= MAX_FORMATTED_DATES) {
      formattedDates.clear();
    }
    text = formatDateNow(value, locale);
    formattedDates.set(key, text);
  }
  return text;
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

/** A derived status in a word or two: "running", "completed with failures". */
export function statusLabel(status: DerivedStatus, t: Translate): string {
  switch (status) {
    case 'open': return t('open');
    case 'queued': return t('queued');
    case 'running': return t('running');
    case 'completed': return t('completed');
    case 'completedWithFailures': return t('completed with failures');
    case 'failed': return t('failed');
    case 'aborted': return t('aborted');
  }
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
