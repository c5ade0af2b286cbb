/**
 * How fast a job goes and when it will end, from its history and (Bulk 1.0) its batches. Pure.
 *
 * - Rates are records per minute: "now" over the last few minutes of history, and on average since
 *   the job was created. Counts that go backwards (a job restarted, a counter reset) start a new
 *   stretch: nothing before the drop is used, and no rate is ever negative.
 * - Time left is only estimated where it can honestly be: Bulk 1.0 from the batches (classicLeft: the
 *   batches left played out on the slots busy now, with the latest round's batch time, running batches
 *   projected from their own records; a range from the spread, wider and "a rough guess" while the pace
 *   changes); Bulk 2.0 ingest only when the total number of records is known; never for queries. A job
 *   with no progress for a while is "stalled", a 1.0 job with none running while batches wait is
 *   "waiting" (on the org's queue): no figure is made for either, as none could be known.
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

export type NoEstimate = 'done' | 'noTotal' | 'tooEarly' | 'stalled' | 'notStarted' | 'waiting';

export interface Pace {
  done: boolean;
  /** Records per minute over the recent stretch (0 when stalled). */
  recentPerMinute?: number;
  averagePerMinute?: number;
  /** Time left (ms): low, high and the middle; close means "about". */
  left?: Left;
  /** Why there is no estimate. */
  noEstimate?: NoEstimate;
  /** How long without progress (stalled), or with no batch running (waiting). */
  stalledMs?: number;
  /** Waiting: the batches queued. */
  queued?: number;
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
  // The range, moved with the middle, only narrows while kept (the new one may say the estimate is surer now),
  // so its words do not flip between a range and "about" either.
  const mid = Math.max(aged, Math.min(newMid, before));
  const kept = { lowMs: previous.lowMs + mid - before, highMs: previous.highMs + mid - before };
  const fresh = { lowMs: next.lowMs, highMs: next.highMs };
  return {
    lowMs: Math.max(0, Math.min(mid, Math.max(kept.lowMs, fresh.lowMs))),
    highMs: Math.max(mid, Math.min(kept.highMs, fresh.highMs)),
    midMs: mid,
    rough: previous.rough === true && next.rough === true,
  };
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

/** How long a finished batch took: its processing time, else created to last modified. */
function batchTime(b: BulkBatch): number | undefined {
  if (b.totalProcessingTime !== undefined && b.totalProcessingTime > 0) {
    return b.totalProcessingTime;
  }
  const start = parseDate(b.createdDate);
  const end = parseDate(b.systemModstamp);
  return start !== undefined && end !== undefined && end > start ? end - start : undefined;
}

const FINISHED_BATCH = new Set(['Completed', 'Failed', 'NotProcessed']);

/** Nothing running while batches wait, for this long: the job waits on Salesforce's queue, and no time can be told. */
export const WAITING_MS = 30_000;
/** Salesforce processes a 1.0 batch in chunks of this many records (API 21.0 and later). */
const CHUNK = 200;
/** The latest batches and the usual ones differ by more than this factor: a change under way. */
const CHANGED = 1.5;

/** A batch seen: when it started, and how long it took (finished) or is expected to take (running, from its records). */
interface Seen {
  start: number;
  ms: number;
}

interface Running {
  age: number;
  /** Its whole time, from the share of its records done so far (likely, and at either end of the chunk it is in);
   *  unknown before its first records are in. */
  projected?: { soonest: number; likely: number; latest: number };
}

/** Which end of each running batch's own projection a play-out takes. */
type End = keyof NonNullable<Running['projected']>;

/**
 * Bulk 1.0, from what the batches really did.
 * - Batch time: what the latest batches to start take (as many as run at once, 3 at least): the finished ones
 *   their time, the running ones their age stretched by the share of their records still to do (a batch
 *   has as many records as the finished ones had). Conditions change during a job (a slow first round, other
 *   jobs taking the org's threads), so the latest round says more than the job's whole past.
 * - How many at once: as many as run now (Salesforce runs that many while the rest wait). None running while
 *   batches wait for WAITING_MS: the job waits on the org's queue, and no time is told ('waiting').
 * - The batches left are played out: each running batch ends when its own records say (else when a batch of
 *   its age is expected to), each queued one takes a slot as one frees. The middle uses the median batch time,
 *   the range the quartiles; a rough guess when few batches were seen.
 */
function classicLeft(batches: readonly BulkBatch[], now: number): Left | NoEstimate {
  const left = batches.filter((b) => !FINISHED_BATCH.has(b.state)).length;
  if (left === 0) {
    return { lowMs: 0, highMs: 0 };
  }
  const finished: Seen[] = [];
  const sizes: number[] = [];
  for (const b of batches) {
    const ms = b.state === 'Completed' || b.state === 'Failed' ? batchTime(b) : undefined;
    const end = parseDate(b.systemModstamp);
    if (ms !== undefined && end !== undefined) {
      finished.push({ start: end - ms, ms });
      if (b.state === 'Completed' && b.numberRecordsProcessed) {
        sizes.push(b.numberRecordsProcessed);
      }
    }
  }
  if (finished.length === 0) {
    return 'tooEarly';
  }
  const size = sizes.length ? quantile([...sizes].sort((a, b) => a - b), 0.5) : undefined;
  const running: Running[] = batches.filter((b) => b.state === 'InProgress').map((b) => {
    const age = Math.max(b.totalProcessingTime ?? 0, now - (parseDate(b.systemModstamp) ?? now), 0);
    const done = b.numberRecordsProcessed ?? 0;
    if (size === undefined || done <= 0 || age <= 0) {
      return { age };
    }
    // Records are processed in chunks of 200 (API 21.0 and later): the count is up to a chunk behind.
    const records = Math.max(size, done);
    const share = (n: number): number => Math.min(1, n / records);
    return { age, projected: { soonest: age / share(done + CHUNK), likely: age / share(done + CHUNK / 2), latest: age / share(done) } };
  });
  const queued = batches.filter((b) => b.state === 'Queued').length;
  let slots = running.length;
  if (slots === 0) {
    // Between one batch ending and the next starting (waitingOnQueue tells a longer wait): as many as ran when
    // the last one ended.
    const lastEnd = Math.max(...finished.map((f) => f.start + f.ms));
    slots = Math.max(1, finished.filter((f) => f.start < lastEnd && f.start + f.ms >= lastEnd).length);
  }
  // The latest round: the batches that started last, as many as run at once (3 at least).
  const latest = [...finished, ...running.flatMap((r) => (r.projected === undefined ? [] : [{ start: now - r.age, ms: r.projected.likely }]))]
    .sort((a, b) => b.start - a.start)
    .slice(0, Math.max(3, slots))
    .map((x) => x.ms)
    .sort((a, b) => a - b);
  const finishedMs = finished.map((f) => f.ms);
  const play = (batchMs: number, end: End): number => playOut(running, queued, slots, batchMs, finishedMs, end);
  const mid = play(quantile(latest, 0.5), 'likely');
  let low = Math.min(mid, play(quantile(latest, 0.25), 'soonest'));
  let high = Math.max(mid, play(quantile(latest, 0.75), 'latest'));
  // The latest round far from the job's usual batch time (a slow first round, the org busy): whether the
  // rest goes as the latest or as usual cannot be known yet, so the range spans both, and it is a rough guess.
  const usual = quantile([...finishedMs].sort((a, b) => a - b), 0.5);
  const recent = quantile(latest, 0.5);
  const changed = Math.max(usual, recent) > CHANGED * Math.min(usual, recent);
  if (changed) {
    low = Math.min(low, play(usual, 'soonest'));
    high = Math.max(high, play(usual, 'latest'));
  }
  // Few batches seen, a change under way, or a batch running past every one seen: a rough guess, said so, whose
  // range spans every batch time seen lately rather than the middle half of them.
  const longest = Math.max(...finishedMs);
  const rough = finished.length < 3 || changed || running.some((r) => r.projected === undefined && r.age > longest);
  if (rough) {
    low = Math.min(low, play(Math.min(latest[0], usual), 'soonest'));
    high = Math.max(high, play(latest[latest.length - 1], 'latest'));
  }
  return { lowMs: low, highMs: high, midMs: mid, rough };
}

/** Bulk 1.0: none running while batches wait, for WAITING_MS at least since the last one ended: how long, how many wait. */
function waitingOnQueue(batches: readonly BulkBatch[], now: number): { ms: number; queued: number } | undefined {
  const queued = batches.filter((b) => b.state === 'Queued').length;
  if (queued === 0 || batches.some((b) => b.state === 'InProgress')) {
    return undefined;
  }
  const ends = batches.filter((b) => FINISHED_BATCH.has(b.state)).map((b) => parseDate(b.systemModstamp)).filter((ms): ms is number => ms !== undefined);
  if (ends.length === 0) {
    return undefined; // not started yet: no batch has run
  }
  const ms = now - Math.max(...ends);
  return ms >= WAITING_MS ? { ms, queued } : undefined;
}

/** How much longer a running batch is expected to run, when batches take `batchMs`. */
function remaining(r: Running, batchMs: number, finished: readonly number[], end: End): number {
  if (r.projected !== undefined) {
    return Math.max(0, r.projected[end] - r.age);
  }
  if (r.age < batchMs) {
    return batchMs - r.age;
  }
  // Past the usual time: the finished batches that ran longer than this one has tell how much longer;
  // past all of them (a stuck or retried batch), as long again as it has overrun, and a little at least.
  const longer = finished.filter((ms) => ms > r.age);
  return longer.length ? longer.reduce((a, b) => a + b, 0) / longer.length - r.age : Math.max(0.1 * batchMs, r.age - batchMs);
}

/** When the last batch ends: running batches finish, queued ones take the slots as they free. */
function playOut(running: readonly Running[], queued: number, slots: number, batchMs: number, finished: readonly number[], end: End): number {
  const free = running.map((r) => remaining(r, batchMs, finished, end));
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
  const created = parseDate(job.createdDate);
  const stretchStart = stretch.length < history.length ? stretch[0]?.at : created ?? stretch[0]?.at;
  const stretchBase = stretch.length < history.length ? stretch[0]?.processed ?? 0 : 0;

  if (done) {
    const ends = [parseDate(job.systemModstamp), ...(input.batches ?? []).map((b) => parseDate(b.systemModstamp))].filter((ms): ms is number => ms !== undefined);
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
  const waiting = job.flavour === '1.0' && input.batches ? waitingOnQueue(input.batches, now) : undefined;
  if (waiting) {
    pace.noEstimate = 'waiting';
    pace.stalledMs = waiting.ms;
    pace.queued = waiting.queued;
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

/** The unit a time left is rounded to: a minute under an hour, else 5 minutes. */
function unitOf(ms: number): number {
  return ms < 60 * 60_000 ? 60_000 : 5 * 60_000;
}

/** Rounded to its unit: the words never claim more precision. */
function roundLeft(ms: number): number {
  const unit = unitOf(ms);
  return Math.max(unit, Math.round(ms / unit) * unit);
}

/** What the words of a time left say, rounded: under a minute, about one figure, or a range. */
export type LeftWords = { kind: 'underMinute' } | { kind: 'about'; ms: number } | { kind: 'range'; lowMs: number; highMs: number };

/**
 * "less than a minute" while the middle is under a minute (and the high end under 1½); "about 4 min" when low and
 * high are close (or round to the same words); else "3 min–6 min". Values are rounded, not cut, so the words are not
 * systematically low, and a range never has the same two ends.
 */
export function leftWords(left: Left): LeftWords {
  const mid = midOf(left);
  if (mid < 60_000 && left.highMs < 90_000) {
    return { kind: 'underMinute' };
  }
  const low = roundLeft(Math.min(left.lowMs, mid));
  const high = roundLeft(Math.max(left.highMs, mid));
  const coarse = (ms: number): string => formatDuration(ms, { coarse: true });
  return low === high || coarse(low) === coarse(high) || left.highMs - left.lowMs <= 0.2 * mid
    ? { kind: 'about', ms: roundLeft(mid) }
    : { kind: 'range', lowMs: low, highMs: high };
}

/** The span the words claim (ms): under a minute is 0–1 min; a rounded figure reaches half its unit either side. */
export function wordsSpan(words: LeftWords): { lowMs: number; highMs: number } {
  switch (words.kind) {
    case 'underMinute': return { lowMs: 0, highMs: 60_000 };
    case 'about': return { lowMs: words.ms - unitOf(words.ms) / 2, highMs: words.ms + unitOf(words.ms) / 2 };
    case 'range': return { lowMs: words.lowMs - unitOf(words.lowMs) / 2, highMs: words.highMs + unitOf(words.highMs) / 2 };
  }
}

/** The time left in words; a rough estimate says so. */
export function leftText(left: Left, t: Translate): string {
  const words = leftWords(left);
  const coarse = (ms: number): string => formatDuration(ms, { coarse: true });
  if (words.kind === 'underMinute') {
    return t('less than a minute');
  }
  const text = words.kind === 'about' ? t('about {0}', coarse(words.ms))
      : t('{0}–{1}', coarse(words.lowMs), coarse(words.highMs));
  return left.rough ? t('{0} (a rough guess)', text) : text;
}

export function rateText(perMinute: number, t: Translate, locale?: string): string {
  return t('{0} records/min', formatCount(Math.round(perMinute), locale));
}

function noEstimateText(pace: Pace, t: Translate, locale?: string): string {
  switch (pace.noEstimate) {
    case 'noTotal': return t('time left cannot be known (the total number of records is not known)');
    case 'stalled': return t('stalled: no progress for {0}', formatDuration(pace.stalledMs ?? 0, { coarse: true }));
    case 'notStarted': return t('time left: not started yet');
    case 'waiting': return t('time left: waiting for Salesforce to run the {0} queued batches (none running for {1})', formatCount(pace.queued ?? 0, locale), formatDuration(pace.stalledMs ?? 0, { coarse: true }));
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
  const left = pace.left ? t('Time left: {0}', leftText(pace.left, t)) : noEstimateText(pace, t, locale);
  return rates.length ? [rates.join(' · '), left] : [left];
}

/** One line for the hover and the Jobs view's tooltip. */
export function paceLine(pace: Pace, options: { t: Translate; locale?: string }): string {
  return paceLines(pace, options).join(' · ');
}
