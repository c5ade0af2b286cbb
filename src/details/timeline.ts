/**
 * Layouts of the panel's charts, in fractions of the drawing (x and y from 0 to 1), so the webview
 * only scales and draws them. Pure and unit-tested.
 *
 * - The batch timeline (Bulk 1.0): one bar per batch from its created to its last-modified time, in
 *   created order, coloured by state; up to BAR_LIMIT batches, beyond that the bars merge into a
 *   density strip (per stretch of time: how many batches of each state were live). Both carry the
 *   number of batches running at once over time. The API gives no start time: a finished batch ran
 *   for its `totalProcessingTime` before its last modification (the rest of its bar it waited in the
 *   queue), one in progress since its last modification (when it went InProgress).
 * - Progress over time: records processed and failed against time, from the history.
 * - Where the time went: the job's processing time split into Apex, other API-active time and the rest.
 */
import type { BulkBatch, BulkJob } from '../salesforce/types';
import type { HistoryPoint } from '../job/history';
import { type Tone, batchTone } from '../job/jobStatus';
import { parseDate } from '../job/dates';

/** More batches than this are drawn as a density strip. */
export const BAR_LIMIT = 200;
/** Columns of the density strip and of the "running at once" line. */
export const BINS = 120;

/** A batch's tone (`job/jobStatus.ts` `batchTone` decides it; a batch is never `open`). */
export type BatchTone = Exclude<Tone, 'open'>;
export const BATCH_TONES: readonly BatchTone[] = ['passed', 'warning', 'failed', 'running', 'queued', 'aborted', 'unknown'];

/** `batchTone`, narrowed: a batch in a state called `Open` (none today) is drawn as unknown. */
export function batchToneOf(batch: BulkBatch): BatchTone {
  const tone = batchTone(batch);
  return tone === 'open' ? 'unknown' : tone;
}

export interface TimelineBar {
  id: string;
  /** Its number in the job (1 = created first). */
  n: number;
  tone: BatchTone;
  state: string;
  x0: number;
  x1: number;
  /** Where it started running (x0 ≤ xRun ≤ x1): before that it was queued. */
  xRun: number;
  start: number;
  end: number;
  processed?: number;
  failed?: number;
  stateMessage?: string;
}

export interface DensityBin {
  x0: number;
  x1: number;
  /** Batches live in this stretch, per tone. */
  counts: Record<BatchTone, number>;
  total: number;
  /**
   * The batch a click on this stretch leads to: the first (by number) of the most telling tone live
   * in it (failed, then with failed records, running, not processed, queued, completed).
   */
  pick?: { id: string; n: number };
}

/** Which tone a click on a density column leads to first. */
const PICK_ORDER: readonly BatchTone[] = ['failed', 'warning', 'running', 'aborted', 'unknown', 'queued', 'passed'];

export interface Timeline {
  /** ms since epoch of x = 0 and x = 1. */
  start: number;
  end: number;
  count: number;
  mode: 'bars' | 'density';
  bars: TimelineBar[];
  bins: DensityBin[];
  /** Batches running at once (started, not yet finished), the most in each column. */
  concurrency: Array<{ x0: number; x1: number; n: number }>;
  maxConcurrent: number;
  /** The most live batches in one density column (its scale). */
  maxBin: number;
}

const parse = parseDate;

const OPEN_STATES = new Set(['Queued', 'InProgress']);

/** Batches in created order (then by id): the order their numbers (#1, #2 …) follow. */
export function createdOrder(batches: readonly BulkBatch[]): BulkBatch[] {
  // ISO-8601 UTC dates and ids compare as plain strings (no locale rules; thousands of batches).
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  const order = (a: BulkBatch, b: BulkBatch): number => cmp(a.createdDate ?? '', b.createdDate ?? '') || cmp(a.id, b.id);
  // The API lists batches in the order they were made: most lists need no sort at all.
  for (let i = 1; i < batches.length; i++) {
    if (order(batches[i - 1], batches[i]) > 0) {
      return [...batches].sort(order);
    }
  }
  return [...batches];
}

/** Each batch's number in its job, by id. */
export function batchNumbers(batches: readonly BulkBatch[]): Map<string, number> {
  return new Map(createdOrder(batches).map((b, i) => [b.id, i + 1]));
}

function emptyCounts(): Record<BatchTone, number> {
  return { passed: 0, warning: 0, failed: 0, running: 0, queued: 0, aborted: 0, unknown: 0 };
}

/** When a batch started running (see the header); `end` when it was never seen running (queued, not processed). */
function runStart(b: BulkBatch, start: number, modified: number, end: number): number {
  switch (b.state) {
    case 'Queued':
    case 'NotProcessed':
      return end;
    case 'InProgress':
      return modified;
    default:
      return b.totalProcessingTime !== undefined && b.totalProcessingTime > 0 ? Math.max(start, end - b.totalProcessingTime) : start;
  }
}

/** The batch timeline; `now` ends the bars of batches still queued or running. Undefined without dated batches. */
export function batchTimeline(batches: readonly BulkBatch[], now: number): Timeline | undefined {
  const spans: Array<{ b: BulkBatch; n: number; start: number; end: number; run: number }> = [];
  createdOrder(batches).forEach((b, i) => {
    const start = parse(b.createdDate);
    if (start === undefined) {
      return;
    }
    const modified = Math.max(start, parse(b.systemModstamp) ?? start);
    const end = OPEN_STATES.has(b.state) ? Math.max(now, modified) : modified;
    spans.push({ b, n: i + 1, start, end, run: runStart(b, start, modified, end) });
  });
  if (spans.length === 0) {
    return undefined;
  }
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  const width = Math.max(1, end - start);
  const x = (ms: number): number => (ms - start) / width;
  const col = (ms: number): number => Math.min(BINS - 1, Math.floor(x(ms) * BINS));

  // Running at once: a sweep over the sorted starts and ends (an end before a start at the same instant).
  const running = spans.filter((s) => s.run < s.end);
  const starts = new Float64Array(running.length);
  const ends = new Float64Array(running.length);
  running.forEach((s, k) => {
    starts[k] = s.run;
    ends[k] = s.end;
  });
  starts.sort();
  ends.sort();
  const most = new Array<number>(BINS).fill(0);
  let live = 0;
  let maxConcurrent = 0;
  let i = 0;
  let j = 0;
  for (let c = 0; c < BINS; c++) {
    let m = live; // what was carried into the column
    for (;;) {
      const isEnd = j < ends.length && (i >= starts.length || ends[j] <= starts[i]);
      const at = isEnd ? ends[j] : i < starts.length ? starts[i] : NaN;
      if (Number.isNaN(at) || col(at) !== c) {
        break;
      }
      if (isEnd) {
        live--;
        j++;
      } else {
        live++;
        i++;
      }
      m = Math.max(m, live);
    }
    most[c] = m;
    maxConcurrent = Math.max(maxConcurrent, m);
  }
  const concurrency = most.map((n, c) => ({ x0: c / BINS, x1: (c + 1) / BINS, n }));

  const mode = spans.length > BAR_LIMIT ? 'density' : 'bars';
  const bars: TimelineBar[] = mode === 'bars'
    ? spans.map(({ b, n, start: s, end: f, run }) => ({
      id: b.id, n, tone: batchToneOf(b), state: b.state, x0: x(s), x1: x(f), xRun: x(run), start: s, end: f,
      processed: b.numberRecordsProcessed, failed: b.numberRecordsFailed, stateMessage: b.stateMessage,
    }))
    : [];
  let bins: DensityBin[] = [];
  let maxBin = 0;
  if (mode === 'density') {
    // Per column and tone, a difference array over the columns each batch covers.
    const diff = BATCH_TONES.map(() => new Array<number>(BINS + 1).fill(0));
    for (const s of spans) {
      const row = diff[BATCH_TONES.indexOf(batchToneOf(s.b))];
      row[col(s.start)] += 1;
      row[col(s.end) + 1] -= 1;
    }
    bins = Array.from({ length: BINS }, (_, c) => ({ x0: c / BINS, x1: (c + 1) / BINS, counts: emptyCounts(), total: 0 }));
    BATCH_TONES.forEach((tone, i) => {
      let running = 0;
      for (let c = 0; c < BINS; c++) {
        running += diff[i][c];
        bins[c].counts[tone] = running;
        bins[c].total += running;
      }
    });
    maxBin = Math.max(...bins.map((b) => b.total));
    // What a click on each column leads to (spans are in number order: the first of a tone wins).
    const best = new Array<number>(BINS).fill(PICK_ORDER.length);
    for (const s of spans) {
      const rank = PICK_ORDER.indexOf(batchToneOf(s.b));
      for (let c = col(s.start), last = col(s.end); c <= last; c++) {
        if (rank < best[c]) {
          best[c] = rank;
          bins[c].pick = { id: s.b.id, n: s.n };
        }
      }
    }
  }
  return { start, end, count: spans.length, mode, bars, bins, concurrency, maxConcurrent, maxBin };
}

export interface ProgressChart {
  start: number;
  end: number;
  /** The y scale's top (records). */
  max: number;
  processed: Array<{ x: number; y: number }>;
  failed: Array<{ x: number; y: number }>;
}

/** Records processed and failed against time; y = 1 is `max`. Undefined with fewer than two points. */
export function progressChart(history: readonly HistoryPoint[]): ProgressChart | undefined {
  if (history.length < 2) {
    return undefined;
  }
  const start = history[0].at;
  const end = history[history.length - 1].at;
  const max = Math.max(1, ...history.map((p) => p.processed));
  const width = Math.max(1, end - start);
  const at = (p: HistoryPoint, v: number): { x: number; y: number } => ({ x: (p.at - start) / width, y: v / max });
  return {
    start, end, max,
    processed: history.map((p) => at(p, p.processed)),
    failed: history.map((p) => at(p, p.failed)),
  };
}

export type TimePart = 'apex' | 'api' | 'rest';

export interface TimeSplit {
  totalMs: number;
  parts: Array<{ key: TimePart; ms: number; x0: number; x1: number }>;
}

/**
 * The job's total processing time as Apex, API-active time other than Apex, and the rest (queueing,
 * locking, platform work). Undefined when the job reports no processing time.
 */
export function timeSplit(job: BulkJob): TimeSplit | undefined {
  const total = job.totalProcessingTime ?? 0;
  if (total <= 0) {
    return undefined;
  }
  const apex = Math.min(total, Math.max(0, job.apexProcessingTime ?? 0));
  const active = Math.min(total, Math.max(apex, job.apiActiveProcessingTime ?? 0));
  const values: Array<[TimePart, number]> = [['apex', apex], ['api', active - apex], ['rest', total - active]];
  let x = 0;
  return {
    totalMs: total,
    parts: values.map(([key, ms]) => {
      const part = { key, ms, x0: x, x1: x + ms / total };
      x = part.x1;
      return part;
    }),
  };
}
