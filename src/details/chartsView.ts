/**
 * The panel's charts, ready to draw: the pace lines at the top, progress over time, the batch
 * timeline (1.0) and where the time went, each with the words a screen reader gets instead (a
 * summary and the table the chart is drawn from). Pure: built in the webview from the job update,
 * unit-tested and benchmarked in plain Node.
 */
import type { BulkBatch, BulkJob, JobProgress } from '../salesforce/types';
import { Translate, formatClock, formatCount, formatDuration } from '../job/format';
import type { HistoryPoint } from '../job/history';
import { jobPace, paceLines } from '../job/pace';
import { BatchTone, DensityBin, ProgressChart, Timeline, TimelineBar, TimelineCache, TimePart, TimeSplit, batchTimeline, progressChart, timeSplit } from './timeline';

export interface TableView {
  head: string[];
  rows: string[][];
}

export interface ChartText {
  title: string;
  /** What the chart shows, in a sentence or two (its accessible description). */
  summary: string;
  table: TableView;
}

export interface ProgressChartView extends ChartText {
  chart: ProgressChart;
  startLabel: string;
  endLabel: string;
  maxLabel: string;
}

export interface TimelineView extends ChartText {
  timeline: Timeline;
  startLabel: string;
  endLabel: string;
  /** A bar's tooltip, by batch id. */
  barTitle: (bar: TimelineBar) => string;
  binTitle: (bin: DensityBin) => string;
  toneLabels: Record<BatchTone, string>;
  concurrencyLabel: string;
  /** The faint start of a bar. */
  waitLabel: string;
}

export interface TimeSplitView extends ChartText {
  split: TimeSplit;
  labels: Record<TimePart, string>;
  values: Record<TimePart, string>;
}

export interface ChartsView {
  /** "1,200 records/min now · 950 records/min on average", "Time left: about 4 min". */
  pace: string[];
  progress?: ProgressChartView;
  timeline?: TimelineView;
  time?: TimeSplitView;
}

export interface ChartsInput {
  job: BulkJob;
  batches?: readonly BulkBatch[];
  progress?: JobProgress;
  history: readonly HistoryPoint[];
  now: number;
}

function share(ms: number, total: number, locale?: string): string {
  return `${formatCount(Math.round((100 * ms) / total), locale)} %`;
}

function progressView(history: readonly HistoryPoint[], t: Translate, locale?: string): ProgressChartView | undefined {
  const chart = progressChart(history);
  if (!chart) {
    return undefined;
  }
  const first = history[0];
  const last = history[history.length - 1];
  return {
    chart,
    title: t('Progress over time'),
    summary: t('Records processed went from {0} at {1} to {2} at {3}; {4} failed.',
      formatCount(first.processed, locale), formatClock(first.at, locale), formatCount(last.processed, locale), formatClock(last.at, locale), formatCount(last.failed, locale)),
    startLabel: formatClock(chart.start, locale),
    endLabel: formatClock(chart.end, locale),
    maxLabel: formatCount(chart.max, locale),
    table: {
      head: [t('Time'), t('Processed'), t('Failed'), t('Batches done')],
      rows: history.map((p) => [formatClock(p.at, locale), formatCount(p.processed, locale), formatCount(p.failed, locale),
        p.batchesTotal === undefined ? '—' : `${formatCount(p.batchesDone ?? 0, locale)}/${formatCount(p.batchesTotal, locale)}`]),
    },
  };
}

function toneLabels(t: Translate): Record<BatchTone, string> {
  return { passed: t('completed'), warning: t('completed with failed records'), failed: t('failed'), running: t('in progress'), queued: t('queued'), aborted: t('not processed'), unknown: t('other state') };
}

function timelineView(batches: readonly BulkBatch[], now: number, t: Translate, locale: string | undefined, cache: TimelineCache | undefined): TimelineView | undefined {
  const timeline = batchTimeline(batches, now, cache);
  if (!timeline) {
    return undefined;
  }
  const labels = toneLabels(t);
  const failed = batches.filter((b) => b.state === 'Failed').length;
  const span = formatDuration(timeline.end - timeline.start, { coarse: true });
  const summary = [
    t('{0} batches over {1}, at most {2} running at once.', formatCount(timeline.count, locale), span, formatCount(timeline.maxConcurrent, locale)),
    failed > 0 ? t('{0} failed.', formatCount(failed, locale)) : t('None failed.'),
    timeline.mode === 'density'
      ? t('Drawn as a density strip: each column counts the batches live in it; a click on a column shows one of its batches in the batches table, failed ones first.')
      : t('Each batch is a bar from created to last modified, faint while it waited in the queue; the batches table lists them all.'),
  ].join(' ');
  const barTitle = (bar: TimelineBar): string => [
    t('Batch #{0} · {1}', bar.n, bar.state),
    t('{0} – {1}: queued {2}, ran {3}', formatClock(bar.start, locale), formatClock(bar.end, locale),
      formatDuration((bar.xRun - bar.x0) * (timeline.end - timeline.start), { coarse: true }), formatDuration((bar.x1 - bar.xRun) * (timeline.end - timeline.start), { coarse: true })),
    t('{0} processed · {1} failed', formatCount(bar.processed ?? 0, locale), formatCount(bar.failed ?? 0, locale)),
    ...(bar.stateMessage ? [bar.stateMessage] : []),
  ].join('\n');
  const binAt = (x: number): number => timeline.start + x * (timeline.end - timeline.start);
  const binTitle = (bin: DensityBin): string => [
    t('{0} – {1}: {2} batches', formatClock(binAt(bin.x0), locale), formatClock(binAt(bin.x1), locale), formatCount(bin.total, locale)),
    ...(Object.keys(labels) as BatchTone[]).filter((tone) => bin.counts[tone] > 0).map((tone) => `${labels[tone]}: ${formatCount(bin.counts[tone], locale)}`),
    ...(bin.pick ? [t('Click to show batch #{0} in the table', formatCount(bin.pick.n, locale))] : []),
  ].join('\n');
  // A column per tone; "other state" only when a batch is in a state this version does not know.
  const columns = (Object.keys(labels) as BatchTone[]).filter((tone) => tone !== 'unknown' || timeline.bins.some((b) => b.counts.unknown > 0));
  const table: TableView = timeline.mode === 'bars'
    ? {
      head: [t('Batch'), t('State'), t('From'), t('To'), t('Processed'), t('Failed')],
      rows: timeline.bars.map((b) => [`#${b.n}`, b.state, formatClock(b.start, locale), formatClock(b.end, locale), formatCount(b.processed ?? 0, locale), formatCount(b.failed ?? 0, locale)]),
    }
    : {
      head: [t('From'), t('To'), t('Batches'), ...columns.map((tone) => labels[tone])],
      rows: timeline.bins.filter((b) => b.total > 0).map((b) => [formatClock(binAt(b.x0), locale), formatClock(binAt(b.x1), locale), formatCount(b.total, locale),
        ...columns.map((tone) => formatCount(b.counts[tone], locale))]),
    };
  return {
    timeline, title: t('Batch timeline'), summary, table, barTitle, binTitle, toneLabels: labels, concurrencyLabel: t('Batches running at once'), waitLabel: t('waiting in the queue'),
    startLabel: formatClock(timeline.start, locale), endLabel: formatClock(timeline.end, locale),
  };
}

function timeView(job: BulkJob, t: Translate, locale?: string): TimeSplitView | undefined {
  const split = timeSplit(job);
  if (!split) {
    return undefined;
  }
  const labels: Record<TimePart, string> = { apex: t('Apex'), api: t('API active, not Apex'), rest: t('The rest') };
  const values = {} as Record<TimePart, string>;
  for (const part of split.parts) {
    values[part.key] = `${formatDuration(part.ms, { locale })} (${share(part.ms, split.totalMs, locale)})`;
  }
  return {
    split, labels, values,
    title: t('Where the time went'),
    summary: t('{0} of processing time: {1} Apex, {2} API active other than Apex, {3} the rest.',
      formatDuration(split.totalMs, { locale }), values.apex, values.api, values.rest),
    table: { head: [t('Part'), t('Time'), t('Share')], rows: split.parts.map((p) => [labels[p.key], formatDuration(p.ms, { locale }), share(p.ms, split.totalMs, locale)]) },
  };
}

export interface ChartsOptions {
  t: Translate;
  locale?: string;
  /** The timeline's memory of the last update (the webview keeps one per panel): unchanged batches are not read again. */
  timelineCache?: TimelineCache;
}

export function buildChartsView(input: ChartsInput, options: ChartsOptions): ChartsView {
  const { t, locale } = options;
  const pace = jobPace(input);
  return {
    pace: paceLines(pace, options),
    progress: progressView(input.history, t, locale),
    timeline: input.job.flavour === '1.0' && input.batches ? timelineView(input.batches, input.now, t, locale, options.timelineCache) : undefined,
    time: timeView(input.job, t, locale),
  };
}
