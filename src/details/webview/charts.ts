/**
 * The panel's charts, drawn as SVG from `ChartsView` (src/details/chartsView.ts, where the layout is
 * worked out): progress over time, the batch timeline and where the time went. Elements are made
 * with createElementNS and every text goes in with textContent; colours are `--vscode-charts-*`
 * through classes in media/panel.css. Each chart is a <figure> whose SVG is an image described by
 * its summary, followed by a visually hidden table of what it was drawn from.
 *
 * A chart is drawn again only when what it is drawn from changed, and then patched (./marks.ts): its
 * shapes are kept by what they stand for (a batch's bar, a density column) and only the attributes
 * that moved are written. A few hundred elements at most whatever the number of batches (the density
 * strip of a big job is one path per tone, the dots of the progress line one path). The tables under
 * the charts are patched cell by cell, their rows reused.
 */
import type { ChartText, ChartsView, ProgressChartView, TableView, TimeSplitView, TimelineView } from '../chartsView';
import { BATCH_TONES } from '../timeline';
import { type Attrs, type Mark, type MarkElement, mark, patchMarks as patchMarksOf } from './marks';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const LEFT = 64;
const RIGHT = 8;
const PLOT = WIDTH - LEFT - RIGHT;

/** `patchMarks` on the chart's <svg>, its new shapes made in the SVG namespace. */
function patchMarks(parent: Element, marks: readonly Mark[]): void {
  patchMarksOf(parent as unknown as MarkElement, marks, (tag) => document.createElementNS(SVG, tag) as unknown as MarkElement);
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function html<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

const px = (n: number): string => n.toFixed(1);

interface Figure {
  root: HTMLElement;
  title: HTMLElement;
  summary: HTMLElement;
  drawing: SVGSVGElement;
  /** HTML next to the drawing (a legend). */
  extra: HTMLElement;
  table: HTMLTableElement;
  /** What is drawn now (its table's text): an update that brings the same is not redrawn. */
  drawn?: string;
  /** The legend's items now. */
  legend?: string;
}

function figure(key: string): Figure {
  const titleId = `chart-${key}-title`;
  const summaryId = `chart-${key}-summary`;
  const f: Figure = {
    root: html('figure', { class: 'chart', 'data-chart': key, hidden: '' }),
    title: html('h2', { id: titleId }),
    summary: html('p', { id: summaryId, class: 'chart-summary' }),
    drawing: svg('svg', { role: 'img', 'aria-labelledby': titleId, 'aria-describedby': summaryId, width: '100%', preserveAspectRatio: 'xMinYMin meet' }),
    extra: html('div', { class: 'chart-extra' }),
    table: html('table', { class: 'visually-hidden' }),
  };
  f.root.append(f.title, f.drawing, f.extra, f.summary, f.table);
  return f;
}

function setText(node: Node, text: string): void {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

/** Makes `tr`'s cells read `cells` (the first a row heading in the body), reusing the cells there. */
function patchRow(tr: HTMLTableRowElement, cells: readonly string[], head: boolean): void {
  cells.forEach((text, i) => {
    let cell = tr.children[i];
    if (!cell) {
      cell = head ? html('th', { scope: 'col' }) : i === 0 ? html('th', { scope: 'row' }) : html('td');
      tr.append(cell);
    }
    setText(cell, text);
  });
  while (tr.children.length > cells.length) {
    tr.lastElementChild?.remove();
  }
}

/** What each chart-table row holds now (its cells joined): a row whose text is unchanged is not touched. */
const rowText = new WeakMap<HTMLTableRowElement, string>();

/**
 * The table a chart is drawn from, patched in place and keyed by each row's text: when the rows slide
 * (a history point drops off the front, one comes at the end) only those two rows change in the DOM.
 */
function fillTable(table: HTMLTableElement, caption: string, view: TableView): void {
  if (!table.caption) {
    table.append(html('caption'), html('thead', {}), html('tbody'));
    (table.tHead as HTMLTableSectionElement).append(html('tr'));
  }
  setText(table.caption as HTMLTableCaptionElement, caption);
  patchRow((table.tHead as HTMLTableSectionElement).rows[0], view.head, true);
  const body = table.tBodies[0];
  const keys = view.rows.map((row) => row.join('\t'));
  const wanted = new Set(keys);
  const rows = body.rows;
  if (rows.length === keys.length && keys.every((key, i) => rowText.get(rows[i]) === key || !wanted.has(rowText.get(rows[i]) ?? ''))) {
    // The same rows, some with other text (a density table whose times moved by a second): patched
    // where they are, cell by cell.
    keys.forEach((key, i) => {
      if (rowText.get(rows[i]) !== key) {
        patchRow(rows[i], view.rows[i], false);
        rowText.set(rows[i], key);
      }
    });
    return;
  }
  const kept = new Map<string, HTMLTableRowElement>();
  // Rows whose text went are patched into the rows that came (cell by cell): a density table whose
  // times all moved by a second changes a few cells, not every element.
  const spare: HTMLTableRowElement[] = [];
  for (const tr of Array.from(body.rows)) {
    const key = rowText.get(tr) ?? '';
    if (wanted.has(key) && !kept.has(key)) {
      kept.set(key, tr);
    } else {
      tr.remove(); // out first, so the rows kept do not move for it
      spare.push(tr);
    }
  }
  let nextSpare = 0;
  view.rows.forEach((row, i) => {
    let tr = kept.get(keys[i]);
    if (tr) {
      kept.delete(keys[i]);
    } else {
      tr = spare[nextSpare++] ?? html('tr');
      patchRow(tr, row, false);
      rowText.set(tr, keys[i]);
    }
    if (body.rows[i] !== tr) {
      body.insertBefore(tr, body.rows[i] ?? null);
    }
  });
}

/** Shows or hides the figure; true when it must be drawn (it is shown and its data changed). */
function show(f: Figure, text: ChartText | undefined, height: number): boolean {
  f.root.hidden = text === undefined;
  if (!text) {
    f.drawing.replaceChildren();
    f.table.replaceChildren();
    f.drawn = undefined;
    return false;
  }
  // The table holds every number the drawing is made from, so the same table means the same drawing.
  const drawn = [text.title, text.summary, height, ...text.table.head, ...text.table.rows.map((row) => row.join('\t'))].join('\n');
  if (f.drawn === drawn) {
    return false;
  }
  f.drawn = drawn;
  f.title.textContent = text.title;
  f.summary.textContent = text.summary;
  f.drawing.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  fillTable(f.table, text.title, text.table);
  return true;
}

function axisLabel(key: string, x: number, y: number, text: string, anchor: 'start' | 'end' | 'middle' = 'start'): Mark {
  return mark(`label-${key}`, 'text', { x: px(x), y: px(y), class: 'axis-label', 'text-anchor': anchor }, text);
}

/** A shape with a tooltip (its <title>). */
function titled(key: string, tag: string, attrs: Attrs, title: string, children: Mark[] = []): Mark {
  return mark(key, tag, attrs, undefined, [...children, mark('title', 'title', {}, title)]);
}

// ---------------------------------------------------------------------------------------------

const PROGRESS_H = 130;

function drawProgress(f: Figure, view: ProgressChartView | undefined): void {
  if (!show(f, view, PROGRESS_H + 20) || !view) {
    return;
  }
  const top = 6;
  const line = (points: Array<{ x: number; y: number }>): string =>
    points.map((p) => `${px(LEFT + p.x * PLOT)},${px(top + (1 - p.y) * (PROGRESS_H - top))}`).join(' ');
  patchMarks(f.drawing, [
    mark('x-axis', 'line', { x1: LEFT, y1: PROGRESS_H, x2: WIDTH - RIGHT, y2: PROGRESS_H, class: 'axis' }),
    mark('y-axis', 'line', { x1: LEFT, y1: top, x2: LEFT, y2: PROGRESS_H, class: 'axis' }),
    axisLabel('max', LEFT - 4, top + 8, view.maxLabel, 'end'),
    axisLabel('zero', LEFT - 4, PROGRESS_H, '0', 'end'),
    axisLabel('start', LEFT, PROGRESS_H + 16, view.startLabel),
    axisLabel('end', WIDTH - RIGHT, PROGRESS_H + 16, view.endLabel, 'end'),
    mark('processed', 'polyline', { points: line(view.chart.processed), class: 'series processed' }),
    mark('failed', 'polyline', { points: line(view.chart.failed), class: 'series failed' }),
    // A dot per point, all in one path (hundreds of points, one element).
    mark('dots', 'path', { class: 'dot processed', d: view.chart.processed.map((p) => `M${px(LEFT + p.x * PLOT - 1.8)},${px(top + (1 - p.y) * (PROGRESS_H - top))} a1.8,1.8 0 1,0 3.6,0 a1.8,1.8 0 1,0 -3.6,0`).join('') }),
  ]);
  setLegend(f, [['processed', view.table.head[1]], ['failed', view.table.head[2]]]);
}

/** The legend under a drawing, rebuilt only when its items changed. */
function setLegend(f: Figure, items: Array<[string, string]>): void {
  const text = items.map((item) => item.join('\t')).join('\n');
  if (f.legend === text) {
    return;
  }
  f.legend = text;
  const list = html('ul', { class: 'legend' });
  for (const [key, label] of items) {
    const item = html('li');
    item.append(html('span', { class: `swatch ${key}`, 'aria-hidden': 'true' }), html('span', {}, label));
    list.append(item);
  }
  f.extra.replaceChildren(list);
}

// ---------------------------------------------------------------------------------------------

const STRIP_H = 36;
const DENSITY_H = 90;

/**
 * The batch timeline. Its shapes are keyed by what they stand for (a batch's bar by its id, a density
 * column by its place), so an update rewrites only the attributes that moved: with 5,000 batches a
 * refresh changes a few columns' heights and tooltips, and the strip of batches running at once.
 */
function drawTimeline(f: Figure, view: TimelineView | undefined): void {
  const timeline = view?.timeline;
  const rowH = timeline && timeline.mode === 'bars' ? Math.max(2, Math.min(12, 240 / timeline.count)) : 0;
  const barsH = timeline ? (timeline.mode === 'bars' ? rowH * timeline.count : DENSITY_H) : 0;
  const total = barsH + 8 + STRIP_H + 20;
  if (!show(f, view, total) || !view || !timeline) {
    return;
  }
  const marks: Mark[] = [];
  if (timeline.mode === 'bars') {
    const h = px(Math.max(1, rowH - (rowH > 3 ? 1 : 0)));
    for (const bar of timeline.bars) {
      // One group per batch: the time it waited (faint), the time it ran (solid), its numbers as a tooltip.
      const y = px((bar.n - 1) * rowH);
      const parts: Mark[] = [];
      if (bar.xRun > bar.x0) {
        parts.push(mark('wait', 'rect', { x: px(LEFT + bar.x0 * PLOT), y, width: px((bar.xRun - bar.x0) * PLOT), height: h, class: 'wait' }));
      }
      parts.push(mark('run', 'rect', { x: px(LEFT + bar.xRun * PLOT), y, width: px(Math.max(1.5, (bar.x1 - bar.xRun) * PLOT)), height: h }));
      marks.push(titled(bar.id, 'g', { class: `bar tone-${bar.tone}`, 'data-batch': bar.id }, view.barTitle(bar), parts));
    }
    marks.push(axisLabel('first', LEFT - 4, Math.min(barsH, 10), '#1', 'end'), axisLabel('last', LEFT - 4, barsH, `#${timeline.count}`, 'end'));
  } else {
    // The density strip: each tone's stacked columns as one path, then one invisible target per
    // column for its tooltip and its click (the column's most telling batch, see DensityBin.pick).
    const scale = DENSITY_H / Math.max(1, timeline.maxBin);
    const paths = new Map<string, string[]>(BATCH_TONES.map((tone) => [tone, []]));
    const targets: Mark[] = [];
    timeline.bins.forEach((bin, c) => {
      if (bin.total === 0) {
        return;
      }
      const x = px(LEFT + bin.x0 * PLOT);
      const w = px((bin.x1 - bin.x0) * PLOT + 0.3);
      let y = DENSITY_H;
      for (const tone of BATCH_TONES) {
        const h = bin.counts[tone] * scale;
        if (h > 0) {
          y -= h;
          (paths.get(tone) as string[]).push(`M${x},${px(y)}h${w}v${px(h)}h-${w}z`);
        }
      }
      targets.push(titled(`column-${c}`, 'rect', { x, y: 0, width: w, height: DENSITY_H, class: 'hit', ...(bin.pick ? { 'data-batch': bin.pick.id } : {}) }, view.binTitle(bin)));
    });
    for (const [tone, d] of paths) {
      if (d.length > 0) {
        marks.push(mark(`tone-${tone}`, 'path', { d: d.join(''), class: `tone-${tone}` }));
      }
    }
    marks.push(...targets, axisLabel('most', LEFT - 4, 10, String(timeline.maxBin), 'end'));
  }
  // Running at once: a step line under the bars.
  const stripTop = barsH + 8;
  const yOf = (n: number): number => stripTop + STRIP_H - (n / Math.max(1, timeline.maxConcurrent)) * STRIP_H;
  const steps = timeline.concurrency.map((c) => `L${px(LEFT + c.x0 * PLOT)},${px(yOf(c.n))} L${px(LEFT + c.x1 * PLOT)},${px(yOf(c.n))}`).join(' ');
  marks.push(
    titled('concurrency', 'path', { d: `M${LEFT},${stripTop + STRIP_H} ${steps} L${WIDTH - RIGHT},${stripTop + STRIP_H} Z`, class: 'concurrency' }, view.concurrencyLabel),
    axisLabel('concurrent', LEFT - 4, stripTop + 10, String(timeline.maxConcurrent), 'end'),
    axisLabel('none', LEFT - 4, stripTop + STRIP_H, '0', 'end'),
    axisLabel('start', LEFT, total - 4, view.startLabel),
    axisLabel('end', WIDTH - RIGHT, total - 4, view.endLabel, 'end'),
  );
  patchMarks(f.drawing, marks);
  const tones = BATCH_TONES.filter((tone) => timeline.mode === 'bars' ? timeline.bars.some((b) => b.tone === tone) : timeline.bins.some((b) => b.counts[tone] > 0));
  const waited = timeline.bars.some((b) => b.xRun > b.x0);
  setLegend(f, [
    ...tones.map((tone): [string, string] => [`tone-${tone}`, view.toneLabels[tone]]),
    ...(waited ? [['wait', view.waitLabel] as [string, string]] : []),
    ['concurrency', view.concurrencyLabel],
  ]);
}

// ---------------------------------------------------------------------------------------------

function drawTime(f: Figure, view: TimeSplitView | undefined): void {
  if (!show(f, view, 28) || !view) {
    return;
  }
  patchMarks(f.drawing, view.split.parts.filter((p) => p.ms > 0).map((p) =>
    titled(p.key, 'rect', { x: px(p.x0 * WIDTH), y: 0, width: px((p.x1 - p.x0) * WIDTH), height: 28, class: `part-${p.key}` }, `${view.labels[p.key]}: ${view.values[p.key]}`)));
  setLegend(f, view.split.parts.map((p): [string, string] => [`part-${p.key}`, `${view.labels[p.key]}: ${view.values[p.key]}`]));
}

// ---------------------------------------------------------------------------------------------

export interface Charts {
  /** The pace lines, for the panel's header. */
  pace: HTMLElement;
  /** The figures, for the panel's body. */
  section: HTMLElement;
  render(view: ChartsView | undefined): void;
}

/** Builds the charts' elements once; `onBatch` is called with a batch id when its bar is clicked. */
export function createCharts(onBatch: (batchId: string) => void): Charts {
  const pace = html('p', { id: 'pace', class: 'pace' });
  let paceText = '';
  const section = html('section', { id: 'charts', class: 'charts' });
  const progress = figure('progress');
  const timeline = figure('timeline');
  const time = figure('time');
  section.append(progress.root, timeline.root, time.root);
  timeline.drawing.addEventListener('click', (event) => {
    const id = (event.target as Element | null)?.closest('[data-batch]')?.getAttribute('data-batch');
    if (id) {
      onBatch(id);
    }
  });
  return {
    pace,
    section,
    render(view) {
      const lines = view?.pace ?? [];
      pace.hidden = lines.length === 0;
      if (paceText !== lines.join('\n')) {
        paceText = lines.join('\n');
        pace.replaceChildren(...lines.map((line) => html('span', { class: 'pace-line' }, line)));
      }
      drawProgress(progress, view?.progress);
      drawTimeline(timeline, view?.timeline);
      drawTime(time, view?.time);
      section.hidden = !view || (!view.progress && !view.timeline && !view.time);
    },
  };
}
