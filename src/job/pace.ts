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
import type { HistoryPoint, Left } from './history';
import { isDone } from './jobRules';
import { parseDate } from './dates';

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
  /** Time left (ms): low, high and the middle; close means "about". */
  left?: Left;
  /** Why there is no estimate. */
  noEstimate?: NoEstimate;
  /** How long without progress (set when stalled). */
  stalledMs?: number;
  /** Done: created to last modified. */
  totalMs?: number;
}

export type { Left };

/** The estimate a view showed, and when: the next one keeps it (counted down) unless it moved enough. */
export interface ShownLeft extends Left {
  at: number;
}

/** A new estimate replaces the shown one (counted down) only when their middles differ by more than this share. */
export const STEADY_SHARE = 0.25;

export interface PaceInput {
  job: BulkJob;
  batches?: readonly BulkBatch[];
  progress?: JobProgress;
  history: readonly HistoryPoint[];
  now: number;
  /** Records the job will have, when known (2.0 ingest the extension uploaded itself); else unknown. */
  totalRecords?: number;
  /** What was shown last for this job: kept, counted down, while the new estimate is close to it. By
   *  default the estimate recorded on the latest history point (src/tracked/jobHistory.ts records it). */
  previous?: ShownLeft;
}

export function midOf(left: Left): number {
  return left.midMs ?? (left.lowMs + left.highMs) / 2;
}

/**
 * Hysteresis: the shown estimate, counted down by the time since it was shown, stays while the new one
 * is within STEADY_SHARE of it (at least a quarter of a minute), so one poll's noise never flips the
 * wording; a new estimate that differs more replaces it.
 */
export function steadyLeft(previous: ShownLeft | undefined, next: Left, now: number): Left {
  if (!previous || now < previous.at || midOf(next) === 0) {
    return next;
  }
  const before = midOf(previous);
  const aged = Math.max(0, before - (now - previous.at));
  const newMid = midOf(next);
  if (aged <= 0 || Math.abs(newMid - aged) > STEADY_SHARE * Math.max(aged, newMid, 60_000)) {
    return next;
  }
  // Close: counted down, or held (never raised) when the new one is higher, so the words only move one way.
  const mid = Math.max(aged, Math.min(newMid, before));
  const shift = mid - before;
  return { lowMs: Math.max(0, previous.lowMs + shift), highMs: Math.max(0, previous.highMs + shift), midMs: mid, rough: next.rough };
}

/** The estimate recorded on the latest history point at or before `now`. */
function recordedLeft(history: readonly HistoryPoint[], now: number): ShownLeft | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const p = history[i];
    if (p.at <= now) {
      return p.left ? { ...p.left, at: p.at } : undefined;
    }
  }
  return undefined;
}

/** What a view remembers after showing `pace` at `now`, to pass back as `previous`. */
export function shownLeft(pace: Pace, now: number): ShownLeft | undefined {
  return pace.left ? { ...pace.left, at: now } : undefined;
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

const parse = parseDate;

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
 * Bulk 1.0, from what the batches really did. The batch time is taken from the recently finished
 * batches and the ones still running (a batch running for 5 min says batches take at least that
 * long); the batches left are then played out on as many slots as are busy now (Salesforce runs
 * that many at once while some wait): each running batch ends when a batch of its age is expected to
 * end, each queued one takes a slot as one frees. The middle uses the median batch time, the range
 * the quartiles. A batch running longer than any seen is expected to run about as long again.
 */
function classicLeft(batches: readonly BulkBatch[], now: number): Left | NoEstimate {
  // One pass over the batches (thousands, every update): the running ones' ages, the counts, and the
  // RECENT_BATCHES last finished (latest first; of two that ended together, the one listed first).
  const runningAges: number[] = [];
  const recent: Array<{ b: BulkBatch; end: number }> = [];
  let left = 0;
  let queued = 0;
  for (const b of batches) {
    if (b.state === 'InProgress') {
      runningAges.push(Math.max(b.totalProcessingTime ?? 0, now - (parse(b.systemModstamp) ?? now), 0));
    } else if (b.state === 'Completed' || b.state === 'Failed') {
      const end = parse(b.systemModstamp) ?? 0;
      if (recent.length < RECENT_BATCHES || end > recent[recent.length - 1].end) {
        let at = recent.length;
        while (at > 0 && recent[at - 1].end < end) {
          at--;
        }
        recent.splice(at, 0, { b, end });
        if (recent.length > RECENT_BATCHES) {
          recent.pop();
        }
      }
    }
    if (!FINISHED_BATCH.has(b.state)) {
      left++;
      if (b.state === 'Queued') {
        queued++;
      }
    }
  }
  const finished = recent.map(({ b }) => batchTime(b)).filter((ms): ms is number => ms !== undefined);
  if (left === 0) {
    return { lowMs: 0, highMs: 0 };
  }
  if (finished.length === 0) {
    return 'tooEarly';
  }
  // A running batch's age is only a lower bound of its time: it counts once it is past the usual time.
  const usual = quantile([...finished].sort((a, b) => a - b), 0.5);
  const times = [...finished, ...runningAges.filter((ms) => ms > usual)].sort((a, b) => a - b);
  const slots = Math.max(1, runningAges.length);
  const play = (batchMs: number): number => playOut(runningAges, queued, slots, batchMs, finished);
  const mid = play(quantile(times, 0.5));
  const low = Math.min(mid, play(quantile(times, 0.25)));
  const high = Math.max(mid, play(quantile(times, 0.75)));
  // Few batches seen, or a batch running past every one seen: a rough guess, and said so.
  const rough = finished.length < 3 || runningAges.some((age) => age > times[times.length - 1] && age > Math.max(...finished));
  return { lowMs: low, highMs: high, midMs: mid, rough };
}

/** How much longer a batch that has run `age` ms is expected to run, when batches take `batchMs`. */
function remaining(age: number, batchMs: number, finished: readonly number[]): number {
  if (age < batchMs) {
    return batchMs - age;
  }
  // Past the usual time: the finished batches that ran longer than this one has tell how much longer;
  // past all of them (a stuck or retried batch), as long again as it has overrun, and a little at least.
  const longer = finished.filter((ms) => ms > age);
  return longer.length ? longer.reduce((a, b) => a + b, 0) / longer.length - age : Math.max(0.1 * batchMs, age - batchMs);
}

/** When the last batch ends: running batches finish, queued ones take the slots as they free. */
function playOut(runningAges: readonly number[], queued: number, slots: number, batchMs: number, finished: readonly number[]): number {
  const free = runningAges.map((age) => remaining(age, batchMs, finished));
  while (free.length < slots) {
    free.push(0);
  }
  for (let i = 0; i < queued; i++) {
    let k = 0;
    for (let j = 1; j < free.length; j++) {
      if (free[j] < free[k]) {
        k = j;
      }
    }
    free[k] += batchMs;
  }
  return Math.max(0, ...free);
}

/** Bulk 2.0 ingest with a known total: records left at the recent rate, and at the average one. */
function ingestLeft(left: number, rates: number[]): Left | NoEstimate {
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
  let left: Left | NoEstimate;
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
    pace.left = steadyLeft(input.previous ?? recordedLeft(history, now), left, now);
  }
  return pace;
}

/** Rounded to the minute (under an hour), else to 5 minutes: the words never claim more precision. */
function roundLeft(ms: number): number {
  const unit = ms < 60 * 60_000 ? 60_000 : 5 * 60_000;
  return Math.max(unit, Math.round(ms / unit) * unit);
}

/**
 * "less than a minute"; "about 4 min" when low and high are close (or round to the same words);
 * else "3 min–6 min". Values are rounded, not cut, so the words are not systematically low. A rough
 * estimate says so.
 */
export function leftText(left: Left, t: Translate): string {
  const mid = midOf(left);
  if (mid < 60_000 && left.highMs < 90_000) {
    return t('less than a minute');
  }
  const low = roundLeft(Math.min(left.lowMs, mid));
  const high = roundLeft(Math.max(left.highMs, mid));
  const coarse = (ms: number): string => formatDuration(ms, { coarse: true });
  const text = low === high || coarse(low) === coarse(high) || left.highMs - left.lowMs <= 0.2 * mid
    ? t('about {0}', coarse(roundLeft(mid)))
    : t('{0}–{1}', coarse(low), coarse(high));
  return left.rough ? t('{0} (a rough guess)', text) : text;
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
