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

/**
 * What the timeline reads from one batch, apart from `now`: its dates parsed, when it started running,
 * its tone. Kept by batch id in a `TimelineCache` and read again only when one of the fields it comes
 * from changed (an update of a 5,000-batch job changes a handful of batches).
 */
interface BatchFacts {
  state: string;
  created: string | undefined;
  modifiedText: string | undefined;
  processingTime: number | undefined;
  failedRecords: number | undefined;
  /** Undefined without a created date: not drawn. */
  start: number | undefined;
  /** Last modified, never before `start`. */
  modified: number;
  /** Queued or in progress: its bar ends now. */
  open: boolean;
  /** When it started running (see the header); undefined: never seen running, its run starts at its end. */
  run: number | undefined;
  /** Its tone, and that tone's place in BATCH_TONES and in PICK_ORDER. */
  tone: BatchTone;
  toneIndex: number;
  pickRank: number;
}

function readFacts(b: BulkBatch): BatchFacts {
  const start = parseDate(b.createdDate);
  const modified = start === undefined ? 0 : Math.max(start, parseDate(b.systemModstamp) ?? start);
  const tone = batchToneOf(b);
  let run: number | undefined;
  if (start !== undefined) {
    switch (b.state) {
      case 'Queued':
      case 'NotProcessed':
        run = undefined;
        break;
      case 'InProgress':
        run = modified;
        break;
      default:
        run = b.totalProcessingTime !== undefined && b.totalProcessingTime > 0 ? Math.max(start, modified - b.totalProcessingTime) : start;
    }
  }
  return {
    state: b.state, created: b.createdDate, modifiedText: b.systemModstamp, processingTime: b.totalProcessingTime,
    failedRecords: b.numberRecordsFailed, start, modified, open: OPEN_STATES.has(b.state), run, tone,
    toneIndex: BATCH_TONES.indexOf(tone), pickRank: PICK_ORDER.indexOf(tone),
  };
}

/**
 * The timeline's memory between updates (one per panel): each batch's facts by id. Pure; the webview
 * keeps one and passes it to every `batchTimeline`.
 */
export class TimelineCache {
  private readonly facts = new Map<string, BatchFacts>();
  /** How many batches the last timeline read afresh (the others were reused as they were). */
  fresh = 0;

  factsOf(b: BulkBatch): BatchFacts {
    const known = this.facts.get(b.id);
    if (known && known.state === b.state && known.created === b.createdDate && known.modifiedText === b.systemModstamp
      && known.processingTime === b.totalProcessingTime && known.failedRecords === b.numberRecordsFailed) {
      return known;
    }
    this.fresh++;
    const facts = readFacts(b);
    this.facts.set(b.id, facts);
    return facts;
  }

  /** Forgets the batches no longer listed (there are only ever as many as the job has). */
  keep(batches: readonly BulkBatch[]): void {
    if (this.facts.size > batches.length) {
      const listed = new Set(batches.map((b) => b.id));
      for (const id of this.facts.keys()) {
        if (!listed.has(id)) {
          this.facts.delete(id);
        }
      }
    }
  }
}

/**
 * The batch timeline; `now` ends the bars of batches still queued or running. Undefined without dated
 * batches. `cache` (kept from the last update) spares reading again the batches that did not change.
 */
export function batchTimeline(batches: readonly BulkBatch[], now: number, cache = new TimelineCache()): Timeline | undefined {
  cache.fresh = 0;
  const ordered = createdOrder(batches);
  // The drawn batches, in number order, in flat arrays: thousands per update, no object each.
  const count = ordered.length;
  const drawn: BulkBatch[] = [];
  const facts: BatchFacts[] = [];
  const numbers = new Int32Array(count);
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const runs = new Float64Array(count);
  let start = Infinity;
  let end = -Infinity;
  for (let i = 0; i < count; i++) {
    const b = ordered[i];
    const f = cache.factsOf(b);
    if (f.start === undefined) {
      continue;
    }
    const k = drawn.length;
    const e = f.open ? Math.max(now, f.modified) : f.modified;
    drawn.push(b);
    facts.push(f);
    numbers[k] = i + 1;
    starts[k] = f.start;
    ends[k] = e;
    runs[k] = f.run ?? e;
    start = Math.min(start, f.start);
    end = Math.max(end, e);
  }
  cache.keep(batches);
  const n = drawn.length;
  if (n === 0) {
    return undefined;
  }
  const width = Math.max(1, end - start);
  const x = (ms: number): number => (ms - start) / width;
  const col = (ms: number): number => Math.min(BINS - 1, Math.floor(x(ms) * BINS));

  // Running at once: a sweep over the sorted starts and ends (an end before a start at the same instant).
  let running = 0;
  for (let k = 0; k < n; k++) {
    if (runs[k] < ends[k]) {
      running++;
    }
  }
  const runStarts = new Float64Array(running);
  const runEnds = new Float64Array(running);
  for (let k = 0, r = 0; k < n; k++) {
    if (runs[k] < ends[k]) {
      runStarts[r] = runs[k];
      runEnds[r] = ends[k];
      r++;
    }
  }
  runStarts.sort();
  runEnds.sort();
  const most = new Array<number>(BINS).fill(0);
  let live = 0;
  let maxConcurrent = 0;
  let i = 0;
  let j = 0;
  for (let c = 0; c < BINS; c++) {
    let m = live; // what was carried into the column
    for (;;) {
      const isEnd = j < runEnds.length && (i >= runStarts.length || runEnds[j] <= runStarts[i]);
      const at = isEnd ? runEnds[j] : i < runStarts.length ? runStarts[i] : NaN;
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
  const concurrency = most.map((m, c) => ({ x0: c / BINS, x1: (c + 1) / BINS, n: m }));

  const mode = n > BAR_LIMIT ? 'density' : 'bars';
  const bars: TimelineBar[] = [];
  if (mode === 'bars') {
    for (let k = 0; k < n; k++) {
      const b = drawn[k];
      bars.push({
        id: b.id, n: numbers[k], tone: facts[k].tone, state: b.state, x0: x(starts[k]), x1: x(ends[k]), xRun: x(runs[k]), start: starts[k], end: ends[k],
        processed: b.numberRecordsProcessed, failed: b.numberRecordsFailed, stateMessage: b.stateMessage,
      });
    }
  }
  let bins: DensityBin[] = [];
  let maxBin = 0;
  if (mode === 'density') {
    // Per column and tone, a difference array over the columns each batch covers.
    const diff = BATCH_TONES.map(() => new Array<number>(BINS + 1).fill(0));
    const byRank: number[][] = PICK_ORDER.map(() => []);
    for (let k = 0; k < n; k++) {
      const row = diff[facts[k].toneIndex];
      row[col(starts[k])] += 1;
      row[col(ends[k]) + 1] -= 1;
      byRank[facts[k].pickRank].push(k);
    }
    // What a click on each column leads to: the first batch (by number) of the most telling tone live
    // in it. Tone by tone, in number order, each batch takes the columns of its span still free; a
    // column taken is skipped from then on (`nextFree`), so each is visited once, however long the
    // spans (a batch of a big job spans dozens of columns).
    const pick = new Int32Array(BINS).fill(-1);
    const nextFree = Int32Array.from({ length: BINS + 1 }, (_, c) => c);
    const free = (c: number): number => {
      while (nextFree[c] !== c) {
        nextFree[c] = nextFree[nextFree[c]];
        c = nextFree[c];
      }
      return c;
    };
    for (const ks of byRank) {
      for (const k of ks) {
        const last = col(ends[k]);
        for (let c = free(col(starts[k])); c <= last; c = free(c + 1)) {
          pick[c] = k;
          nextFree[c] = c + 1;
        }
      }
    }
    bins = Array.from({ length: BINS }, (_, c) => ({ x0: c / BINS, x1: (c + 1) / BINS, counts: emptyCounts(), total: 0 }));
    BATCH_TONES.forEach((tone, t) => {
      let live = 0;
      for (let c = 0; c < BINS; c++) {
        live += diff[t][c];
        bins[c].counts[tone] = live;
        bins[c].total += live;
      }
    });
    for (let c = 0; c < BINS; c++) {
      maxBin = Math.max(maxBin, bins[c].total);
      if (pick[c] >= 0) {
        bins[c].pick = { id: drawn[pick[c]].id, n: numbers[pick[c]] };
      }
    }
  }
  return { start, end, count: n, mode, bars, bins, concurrency, maxConcurrent, maxBin };
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
