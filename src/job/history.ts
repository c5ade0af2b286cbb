/**
 * A job's history: one point per fetch whose data changed, kept small. Pure (no vscode, no DOM):
 * the rules for adding, thinning and merging points, used by `src/tracked/jobHistory.ts` (which stores
 * them) and checked on receipt by the panel's messages.
 *
 * Thinning keeps the first and the last point and every point where the slope changes (a point on
 * the straight line between its neighbours tells nothing); when that is still too many, it keeps an
 * even spread in time, choosing in each stretch the point where the slope turns the most.
 */

/** A time-left estimate (ms): low, high and the middle; close means "about". */
export interface Left {
  lowMs: number;
  highMs: number;
  /** The most likely; (low + high) / 2 when not set. */
  midMs?: number;
  /** Few batches to go by, the batches' pace changing, or one running past all seen: said as a rough guess. */
  rough?: boolean;
}

export interface HistoryPoint {
  /** When the job was fetched (ms since epoch). */
  at: number;
  processed: number;
  failed: number;
  /** 1.0 jobs with a known batch count. */
  batchesDone?: number;
  batchesTotal?: number;
  /** The time left shown as of this fetch: the next estimate keeps it (counted down) unless it moved enough. */
  left?: Left;
}

/** A few hundred points at most per job (about 10 kB in globalState). */
export const MAX_POINTS = 300;

function sameValues(a: HistoryPoint, b: HistoryPoint): boolean {
  return a.processed === b.processed && a.failed === b.failed && a.batchesDone === b.batchesDone && a.batchesTotal === b.batchesTotal;
}

/** Is `b` on the straight line from `a` to `c` (every count, within half a record)? */
function onLine(a: HistoryPoint, b: HistoryPoint, c: HistoryPoint): boolean {
  if (a.batchesTotal !== b.batchesTotal || b.batchesTotal !== c.batchesTotal) {
    return false;
  }
  const span = c.at - a.at;
  if (span <= 0) {
    return true;
  }
  const f = (b.at - a.at) / span;
  const near = (x: number | undefined, y: number | undefined, z: number | undefined): boolean =>
    x === undefined || y === undefined || z === undefined ? x === y && y === z : Math.abs(x + (z - x) * f - y) <= 0.5;
  return near(a.processed, b.processed, c.processed) && near(a.failed, b.failed, c.failed) && near(a.batchesDone, b.batchesDone, c.batchesDone);
}

/** How sharply the records' slope turns at `b` (records per ms). */
function turn(a: HistoryPoint, b: HistoryPoint, c: HistoryPoint): number {
  const before = (b.processed - a.processed) / Math.max(1, b.at - a.at);
  const after = (c.processed - b.processed) / Math.max(1, c.at - b.at);
  return Math.abs(after - before) + Math.abs((c.failed - b.failed) / Math.max(1, c.at - b.at) - (b.failed - a.failed) / Math.max(1, b.at - a.at));
}

/** Sorted by time, one point per instant (the later one in the input wins), without invalid points. */
function normalise(points: readonly HistoryPoint[]): HistoryPoint[] {
  const byTime = new Map<number, HistoryPoint>();
  for (const p of points) {
    if (isHistoryPoint(p)) {
      byTime.set(p.at, p);
    }
  }
  return [...byTime.values()].sort((a, b) => a.at - b.at);
}

/** At most `max` points: first and last kept, straight stretches dropped, then an even spread of the turning points. */
export function thinHistory(points: readonly HistoryPoint[], max = MAX_POINTS): HistoryPoint[] {
  const sorted = normalise(points);
  if (sorted.length <= 2) {
    return sorted;
  }
  const kept: HistoryPoint[] = [sorted[0]];
  for (let i = 1; i < sorted.length - 1; i++) {
    if (!onLine(kept[kept.length - 1], sorted[i], sorted[i + 1])) {
      kept.push(sorted[i]);
    }
  }
  kept.push(sorted[sorted.length - 1]);
  if (kept.length <= max) {
    return kept;
  }
  // Too many turning points: one per equal stretch of time, the one that turns the most.
  const first = kept[0];
  const last = kept[kept.length - 1];
  const buckets = Math.max(0, max - 2);
  const span = Math.max(1, last.at - first.at);
  const best = new Map<number, { point: HistoryPoint; score: number }>();
  for (let i = 1; i < kept.length - 1; i++) {
    const bucket = Math.min(buckets - 1, Math.floor(((kept[i].at - first.at) / span) * buckets));
    const score = turn(kept[i - 1], kept[i], kept[i + 1]);
    const current = best.get(bucket);
    if (!current || score > current.score) {
      best.set(bucket, { point: kept[i], score });
    }
  }
  return [first, ...[...best.values()].map((b) => b.point).sort((a, b) => a.at - b.at), last];
}

/** Adds a fetch's point; a point with the same counts as the last two replaces the middle one (a plateau needs two). */
export function addPoint(points: readonly HistoryPoint[], point: HistoryPoint, max = MAX_POINTS): HistoryPoint[] {
  const last = points[points.length - 1];
  if (last && point.at <= last.at) {
    return thinHistory([...points, point], max);
  }
  const beforeLast = points[points.length - 2];
  if (last && beforeLast && sameValues(last, point) && sameValues(beforeLast, last)) {
    return [...points.slice(0, -1), point];
  }
  const next = [...points, point];
  return next.length > max ? thinHistory(next, max) : next;
}

/** What two windows wrote: the union by time, then thinned. */
export function mergeHistories(a: readonly HistoryPoint[], b: readonly HistoryPoint[], max = MAX_POINTS): HistoryPoint[] {
  return thinHistory([...a, ...b], max);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function isHistoryPoint(value: unknown): value is HistoryPoint {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const p = value as Record<string, unknown>;
  return isCount(p.at) && isCount(p.processed) && isCount(p.failed)
    && (p.batchesDone === undefined || isCount(p.batchesDone))
    && (p.batchesTotal === undefined || isCount(p.batchesTotal))
    && (p.left === undefined || isLeft(p.left));
}

function isLeft(value: unknown): value is Left {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const l = value as Record<string, unknown>;
  return isCount(l.lowMs) && isCount(l.highMs) && (l.midMs === undefined || isCount(l.midMs))
    && (l.rough === undefined || typeof l.rough === 'boolean');
}

/** A history as stored or sent: an array of valid points, not absurdly long. */
export function isHistory(value: unknown): value is HistoryPoint[] {
  return Array.isArray(value) && value.length <= 4 * MAX_POINTS && value.every(isHistoryPoint);
}
