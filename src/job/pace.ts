/**
 * How fast a job goes and when it will end, from its history and (Bulk 1.0) its batches. Pure.
 *
 * - Rates are records per minute: "now" over the last few minutes of history, and on average since
 *   the job was created. Counts that go backwards (a job restarted, a counter reset) start a new
 *   stretch: nothing before the drop is used, and no rate is ever negative.
 * - Time left is only estimated where it can honestly be: Bulk 1.0 from the batches (batches left ×
 *   recent batch time ÷ batches running at once, a range from the spread of recent batch times);
 *   Bulk 2.0 ingest only when the total number of records is known; never for queries. A job with
 *   no progress for a while is "stalled", and no estimate is made.
 * - Once the job is done there is no estimate: its total duration and average rate instead.
 */
import type { BulkBatch, BulkJob, JobProgress } from '../salesforce/types';
import { Translate, formatCount, formatDuration } from './format';
import type { HistoryPoint } from './history';
import { isDone } from './jobRules';

/** The stretch of history "now" is measured over. */
export const RECENT_MS = 5 * 60_000;
/** "Now" needs at least this much history: two fetches a second apart tell no rate. */
export const MIN_RECENT_SPAN_MS = 30_000;
/** No change for this long while running: stalled. */
export const STALLED_MS = 3 * 60_000;
/** How many recently finished batches give the batch time. */
const RECENT_BATCHES = 10;

export type NoEstimate = 'done' | 'noTotal' | 'tooEarly' | 'stalled' | 'notStarted';

export interface Pace {
  done: boolean;
  /** Records per minute over the recent stretch (0 when stalled). */
  recentPerMinute?: number;
  averagePerMinute?: number;
  /** Time left, low and high (ms): equal or close means "about". */
  left?: { lowMs: number; highMs: number };
  /** Why there is no estimate. */
  noEstimate?: NoEstimate;
  /** How long without progress (set when stalled). */
  stalledMs?: number;
  /** Done: created to last modified. */
  totalMs?: number;
}

export interface PaceInput {
  job: BulkJob;
  batches?: readonly BulkBatch[];
  progress?: JobProgress;
  history: readonly HistoryPoint[];
  now: number;
  /** Records the job will have, when known (2.0 ingest the extension uploaded itself); else unknown. */
  totalRecords?: number;
}

/** The points since the last time a count went backwards. */
export function currentStretch(history: readonly HistoryPoint[]): readonly HistoryPoint[] {
  let start = 0;
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1];
    const b = history[i];
    if (b.processed < a.processed || b.failed < a.failed || (b.batchesDone ?? 0) < (a.batchesDone ?? 0)) {
      start = i;
    }
  }
  return history.slice(start);
}

function perMinute(records: number, ms: number): number | undefined {
  return ms > 0 ? Math.max(0, (records * 60_000) / ms) : undefined;
}

function parse(date: string | undefined): number | undefined {
  const ms = date ? Date.parse(date) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** The last point where anything moved (the start of the current plateau). */
function lastChange(stretch: readonly HistoryPoint[]): HistoryPoint | undefined {
  for (let i = stretch.length - 1; i > 0; i--) {
    const a = stretch[i - 1];
    const b = stretch[i];
    if (a.processed !== b.processed || a.failed !== b.failed || a.batchesDone !== b.batchesDone) {
      return b;
    }
  }
  return stretch[0];
}

function recentRate(stretch: readonly HistoryPoint[]): number | undefined {
  const last = stretch[stretch.length - 1];
  if (!last || stretch.length < 2) {
    return undefined;
  }
  // The latest point at least RECENT_MS before the last one, else the first of the stretch.
  let base = stretch[0];
  for (const p of stretch) {
    if (p.at <= last.at - RECENT_MS) {
      base = p;
    }
  }
  return last.at - base.at >= MIN_RECENT_SPAN_MS ? perMinute(last.processed - base.processed, last.at - base.at) : undefined;
}

function quantile(sorted: readonly number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/** How long one batch takes: its processing time, else created to last modified. */
function batchTime(b: BulkBatch): number | undefined {
  if (b.totalProcessingTime !== undefined && b.totalProcessingTime > 0) {
    return b.totalProcessingTime;
  }
  const start = parse(b.createdDate);
  const end = parse(b.systemModstamp);
  return start !== undefined && end !== undefined && end > start ? end - start : undefined;
}

const FINISHED_BATCH = new Set(['Completed', 'Failed', 'NotProcessed']);

/**
 * Bulk 1.0: batches left × recent batch time ÷ batches running at once. A batch still in progress
 * has run at least since it last changed (it went InProgress): that counts as a batch time too, so
 * batches that run much longer than the first ones lengthen the estimate instead of being ignored.
 */
function classicLeft(batches: readonly BulkBatch[], now: number): Pace['left'] | NoEstimate {
  const running = batches.filter((b) => b.state === 'InProgress')
    .map((b) => now - (parse(b.systemModstamp) ?? now)).filter((ms) => ms > 0);
  const finished = batches.filter((b) => b.state === 'Completed' || b.state === 'Failed')
    .map((b) => ({ b, end: parse(b.systemModstamp) ?? 0 }))
    .sort((x, y) => y.end - x.end)
    .slice(0, RECENT_BATCHES)
    .map(({ b }) => batchTime(b)).filter((ms): ms is number => ms !== undefined);
  const times = finished.length ? [...finished, ...running].sort((a, b) => a - b) : [];
  const left = batches.filter((b) => !FINISHED_BATCH.has(b.state)).length;
  if (left === 0) {
    return { lowMs: 0, highMs: 0 };
  }
  if (times.length === 0) {
    return 'tooEarly';
  }
  const parallel = Math.max(1, batches.filter((b) => b.state === 'InProgress').length);
  // A batch in progress is partly done: count it as half a batch left.
  const queued = batches.filter((b) => b.state === 'Queued').length;
  const work = queued + (left - queued) / 2;
  const rounds = Math.max(1, Math.ceil(work / parallel));
  return { lowMs: rounds * quantile(times, 0.25), highMs: rounds * quantile(times, 0.75) };
}

/** Bulk 2.0 ingest with a known total: records left at the recent rate, and at the average one. */
function ingestLeft(left: number, rates: number[]): Pace['left'] | NoEstimate {
  if (left <= 0) {
    return { lowMs: 0, highMs: 0 };
  }
  const usable = rates.filter((r) => r > 0);
  if (usable.length === 0) {
    return 'tooEarly';
  }
  const times = usable.map((r) => (left / r) * 60_000);
  return { lowMs: Math.min(...times), highMs: Math.max(...times) };
}

export function jobPace(input: PaceInput): Pace {
  const { job, progress, history, now } = input;
  const done = isDone({ job, progress });
  const stretch = currentStretch(history);
  const last = stretch[stretch.length - 1];
  const processed = progress?.recordsProcessed ?? job.numberRecordsProcessed ?? last?.processed ?? 0;
  const created = parse(job.createdDate);
  const stretchStart = stretch.length < history.length ? stretch[0]?.at : created ?? stretch[0]?.at;
  const stretchBase = stretch.length < history.length ? stretch[0]?.processed ?? 0 : 0;

  if (done) {
    const ends = [parse(job.systemModstamp), ...(input.batches ?? []).map((b) => parse(b.systemModstamp))].filter((ms): ms is number => ms !== undefined);
    const end = ends.length ? Math.max(...ends) : last?.at;
    const totalMs = created !== undefined && end !== undefined ? Math.max(0, end - created) : undefined;
    return { done, totalMs, averagePerMinute: totalMs === undefined ? undefined : perMinute(processed, totalMs), noEstimate: 'done' };
  }
  const pace: Pace = { done };
  const until = last?.at ?? now;
  if (stretchStart !== undefined) {
    pace.averagePerMinute = perMinute(processed - stretchBase, until - stretchStart);
  }
  pace.recentPerMinute = recentRate(stretch);
  const moved = lastChange(stretch);
  if (progress?.status === 'open' || progress?.status === 'queued') {
    pace.noEstimate = 'notStarted';
    return pace;
  }
  if (moved && last && stretch.length >= 2 && now - moved.at >= STALLED_MS && processed > 0) {
    pace.stalledMs = now - moved.at;
    pace.recentPerMinute = 0;
    pace.noEstimate = 'stalled';
    return pace;
  }
  let left: Pace['left'] | NoEstimate;
  if (job.flavour === '1.0') {
    left = input.batches ? classicLeft(input.batches, now) : 'tooEarly';
  } else if (job.kind === 'ingest' && input.totalRecords !== undefined) {
    left = ingestLeft(input.totalRecords - processed, [pace.recentPerMinute ?? 0, pace.averagePerMinute ?? 0]);
  } else {
    left = 'noTotal';
  }
  if (typeof left === 'string') {
    pace.noEstimate = left;
  } else {
    pace.left = left;
  }
  return pace;
}

/** "about 4 min" (low and high within a fifth of each other), else "3 min–6 min". */
export function leftText(left: { lowMs: number; highMs: number }, t: Translate): string {
  const mid = (left.lowMs + left.highMs) / 2;
  if (mid < 60_000 && left.highMs < 90_000) {
    return t('less than a minute');
  }
  if (left.highMs - left.lowMs <= 0.2 * mid) {
    return t('about {0}', formatDuration(mid, { coarse: true }));
  }
  return t('{0}–{1}', formatDuration(left.lowMs, { coarse: true }), formatDuration(left.highMs, { coarse: true }));
}

export function rateText(perMinute: number, t: Translate, locale?: string): string {
  return t('{0} records/min', formatCount(Math.round(perMinute), locale));
}

function noEstimateText(pace: Pace, t: Translate): string {
  switch (pace.noEstimate) {
    case 'noTotal': return t('time left cannot be known (the total number of records is not known)');
    case 'stalled': return t('stalled: no progress for {0}', formatDuration(pace.stalledMs ?? 0, { coarse: true }));
    case 'notStarted': return t('time left: not started yet');
    case 'tooEarly':
    default: return t('time left: too early to tell');
  }
}

/** The pace in a line or two: what the panel's header, the hover and the tooltip show. */
export function paceLines(pace: Pace, options: { t: Translate; locale?: string }): string[] {
  const { t, locale } = options;
  if (pace.done) {
    const parts: string[] = [];
    if (pace.totalMs !== undefined) {
      parts.push(t('Took {0}', formatDuration(pace.totalMs, { coarse: pace.totalMs >= 60_000 })));
    }
    if (pace.averagePerMinute !== undefined) {
      parts.push(t('{0} on average', rateText(pace.averagePerMinute, t, locale)));
    }
    return parts.length ? [parts.join(' · ')] : [];
  }
  const rates: string[] = [];
  if (pace.recentPerMinute !== undefined) {
    rates.push(t('{0} now', rateText(pace.recentPerMinute, t, locale)));
  }
  if (pace.averagePerMinute !== undefined) {
    rates.push(t('{0} on average', rateText(pace.averagePerMinute, t, locale)));
  }
  const left = pace.left ? t('Time left: {0}', leftText(pace.left, t)) : noEstimateText(pace, t);
  return rates.length ? [rates.join(' · '), left] : [left];
}

/** One line for the hover and the Jobs view's tooltip. */
export function paceLine(pace: Pace, options: { t: Translate; locale?: string }): string {
  return paceLines(pace, options).join(' · ');
}
