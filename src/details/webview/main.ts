/**
 * The job details panel, in the webview. It builds its DOM once, then patches only what changed on
 * each update (keyed by field and batch id): no HTML is ever rebuilt, so nothing flickers, focus and
 * scroll stay where they are. Every value is written with textContent — a job field holding markup
 * shows as text. Messages are checked on receipt; state is kept with setState for window reloads.
 */
import { ExampleRowMessage, FailureGroupView, FailuresView, HostMessage, JobUpdateMessage, PanelState, WebviewMessage, isHostMessage, isJobUpdate } from '../protocol';
import { Translate, formatAgo, formatCount, formatDate, formatDuration, translator } from '../../job/format';
import { BatchRowView, FieldGroup, FieldRow, JobView, ProgressView, batchRow, buildJobView } from '../jobView';
import { buildChartsView } from '../chartsView';
import { TimelineCache } from '../timeline';
import type { BulkBatch } from '../../salesforce/types';
import { createCharts } from './charts';
import { RowCursor, isMoveKey, keepCursor, moveFocus, scrollToShow, visibleWindow } from './virtualRows';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

let t: Translate = translator(undefined);
let locale: string | undefined;
let lastGeneration = -1;
let current: JobUpdateMessage | undefined;
/** Example rows by error group, read from disk on request: in memory only, never in setState. */
const examples = new Map<string, ExampleRowMessage>();
let examplesAt: number | undefined;

// ---------------------------------------------------------------------------------------------
// Small DOM helpers: create once, set only when different.

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function setText(node: Element, text: string): void {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

function setAttr(node: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (node.hasAttribute(name)) {
      node.removeAttribute(name);
    }
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) {
    node.hidden = hidden;
  }
}

/**
 * Makes `container`'s children match `items` in order, reusing the child with the same key:
 * `create` builds a new child, `update` patches one (new or reused). Moves only what is out of place.
 */
/** The key of every child `reconcile` made (also in its data-key): read without touching the DOM. */
const childKeys = new WeakMap<Element, string>();

function reconcile<T>(container: Element, items: readonly T[], keyOf: (item: T) => string,
  create: (item: T) => HTMLElement, update: (node: HTMLElement, item: T) => void): void {
  const children = container.children;
  if (children.length === items.length && items.every((item, i) => childKeys.get(children[i]) === keyOf(item))) {
    // The same children in the same order (most updates, e.g. thousands of batch rows): patch them in place.
    items.forEach((item, i) => update(children[i] as HTMLElement, item));
    return;
  }
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(children) as HTMLElement[]) {
    existing.set(childKeys.get(child) ?? child.dataset.key ?? '', child);
  }
  items.forEach((item, index) => {
    const key = keyOf(item);
    let node = existing.get(key);
    if (node) {
      existing.delete(key);
    } else {
      node = create(item);
      node.dataset.key = key;
      childKeys.set(node, key);
    }
    update(node, item);
    if (container.children[index] !== node) {
      container.insertBefore(node, container.children[index] ?? null);
    }
  });
  for (const stale of existing.values()) {
    stale.remove();
  }
}

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

// ---------------------------------------------------------------------------------------------
// The skeleton, built once.

function button(action: WebviewMessage['type'], secondary = true): HTMLButtonElement {
  return el('button', { type: 'button', 'data-action': action, class: secondary ? 'secondary' : 'primary' }, el('span', { class: 'label' }));
}

const ui = {
  main: el('main', { id: 'main', 'aria-busy': 'false' }),
  title: el('h1', { id: 'title' }),
  badge: el('span', { id: 'badge', class: 'badge', 'data-tone': 'unknown' }),
  statusText: el('p', { id: 'status-text', class: 'status-text' }),
  org: el('span', { id: 'org' }),
  asOf: el('span', { id: 'as-of' }),
  refreshing: el('span', { id: 'refreshing', class: 'refreshing', role: 'status', 'aria-live': 'polite' }),
  toolbar: el('div', { id: 'toolbar', class: 'toolbar', role: 'group' }),
  buttons: {
    refresh: button('refresh', false),
    auto: button('toggleAutoRefresh'),
    close: button('close'),
    abort: button('abort'),
    setup: button('openInSetup'),
    json: button('copyJson'),
    track: button('track'),
    untrack: button('untrack'),
    download: button('downloadResults'),
  },
  banner: el('div', { id: 'banner', class: 'banner', role: 'alert', hidden: '' }),
  bannerMessage: el('p', { class: 'banner-message' }),
  bannerAdvice: el('p', { class: 'banner-advice' }),
  bannerRetry: button('refresh'),
  empty: el('p', { id: 'empty', class: 'empty' }),
  progress: el('section', { id: 'progress', class: 'progress' }),
  groups: el('div', { id: 'groups', class: 'groups' }),
  failures: el('section', { id: 'failures', class: 'failures', 'aria-labelledby': 'failures-title', hidden: '' }),
  failuresTitle: el('h2', { id: 'failures-title' }),
  failuresSummary: el('p', { class: 'failures-summary' }),
  failuresList: el('ol', { class: 'failure-groups' }),
  failuresMore: el('p', { class: 'empty', hidden: '' }),
  failuresReload: button('reloadFailed', false),
  reloadLinks: el('p', { id: 'reload-links', class: 'meta', hidden: '' }),
  batchesSection: el('section', { id: 'batches', class: 'batches', hidden: '' }),
  batchesTitle: el('h2', { id: 'batches-title' }),
  batchesEmpty: el('p', { class: 'empty', hidden: '' }),
  batchesTable: el('div', { class: 'table-wrap' }),
  batchesGrid: el('table', { role: 'grid', 'aria-labelledby': 'batches-title', 'aria-describedby': 'batches-help', 'aria-readonly': 'true', tabindex: '-1' }),
  batchesHead: el('tr', { 'aria-rowindex': '1' }),
  batchesBody: el('tbody'),
  batchesHelp: el('p', { id: 'batches-help', class: 'visually-hidden' }),
  batchesStatus: el('p', { id: 'batches-status', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' }),
  spacerTop: el('tr', { class: 'spacer', 'aria-hidden': 'true', hidden: '' }, el('td', { colspan: '7' })),
  spacerBottom: el('tr', { class: 'spacer', 'aria-hidden': 'true', hidden: '' }, el('td', { colspan: '7' })),
};

/**
 * The batches table is a virtual list (see virtualRows.ts): of up to 10,000 rows only those on
 * screen (and a few around) are in the DOM, recycled as it scrolls, between two spacers. The table is
 * a `role="grid"` whose `aria-rowcount` counts every row and each drawn row carries its
 * `aria-rowindex`; one row at a time is focusable (roving tabindex) and the arrow keys, Page Up/Down,
 * Home and End move it through all the rows, scrolling it into view. The focused and selected rows
 * are kept by batch id across updates.
 */
const batchTable = {
  sorted: [] as readonly BulkBatch[],
  keys: [] as string[],
  cursor: {} as RowCursor,
  /** Measured from a drawn row; the CSS fixes it. */
  rowHeight: 0,
  /** The rows drawn now, by batch id. */
  drawn: new Map<string, HTMLElement>(),
  scheduled: false,
  /**
   * The scroll box as last measured (on scroll, resize, or when first needed): an update draws from
   * these without reading the layout, so the browser lays the page out once, after the update.
   */
  box: { scrollTop: 0, height: 0, header: 0 },
};
const ROW_HEIGHT = 26;
const OVERSCAN = 12;

function measureTable(): void {
  batchTable.box = { scrollTop: ui.batchesTable.scrollTop, height: ui.batchesTable.clientHeight, header: ui.batchesHead.getBoundingClientRect().height };
}

function tableViewport(): { scrollTop: number; height: number; rowHeight: number; count: number; header: number } {
  if (batchTable.box.height === 0) {
    measureTable(); // not measured yet, or not laid out then
  }
  const { scrollTop, height, header } = batchTable.box;
  return {
    scrollTop,
    // Not laid out (a hidden panel): draw a screenful anyway.
    height: height || 600,
    rowHeight: batchTable.rowHeight || ROW_HEIGHT,
    count: batchTable.sorted.length,
    header,
  };
}

function setSpacer(spacer: HTMLElement, px: number): void {
  setHidden(spacer, px <= 0);
  const height = `${px}px`;
  if (spacer.style.height !== height) {
    spacer.style.height = height;
  }
}

/** Draws the rows in (and near) the scroll container's view; rows that left it are reused for those that came in. */
function drawBatchWindow(): void {
  const { sorted, drawn, cursor } = batchTable;
  const v = tableViewport();
  // Before its rows are in, the box is only as tall as its headings: draw at least a window's height.
  const w = visibleWindow({ ...v, height: Math.max(v.height, window.innerHeight), overscan: OVERSCAN });
  setSpacer(ui.spacerTop, w.before);
  setSpacer(ui.spacerBottom, w.after);
  const wanted = new Set(batchTable.keys.slice(w.first, w.end));
  const free: HTMLElement[] = [];
  let focusLost = false;
  for (const [key, tr] of drawn) {
    if (!wanted.has(key)) {
      drawn.delete(key);
      free.push(tr);
      focusLost ||= document.activeElement === tr || tr.contains(document.activeElement);
    }
  }
  // The row to enter the table on with Tab: the focused one when drawn, else the first drawn.
  const tabKey = cursor.focused !== undefined && wanted.has(cursor.focused) ? cursor.focused : batchTable.keys[w.first];
  const options = { t, now: Date.now(), locale };
  let previous: Element = ui.spacerTop;
  for (let index = w.first; index < w.end; index++) {
    const batch = sorted[index];
    let tr = drawn.get(batch.id);
    if (!tr) {
      tr = free.pop() ?? createBatchRow();
      tr.dataset.key = batch.id;
      drawn.set(batch.id, tr);
    }
    updateBatchRow(tr, batchRow(batch, options));
    setAttr(tr, 'aria-rowindex', String(index + 2));
    setAttr(tr, 'aria-selected', cursor.selected === batch.id ? 'true' : 'false');
    const tabIndex = batch.id === tabKey ? 0 : -1;
    if (tr.tabIndex !== tabIndex) {
      tr.tabIndex = tabIndex;
    }
    if (previous.nextElementSibling !== tr) {
      previous.after(tr);
    }
    previous = tr;
  }
  for (const tr of free) {
    tr.remove();
  }
  if (focusLost) {
    ui.batchesGrid.focus({ preventScroll: true }); // its row scrolled away: the keys still move on from it
  }
  if (!batchTable.rowHeight && w.end > w.first) {
    const measured = (drawn.get(batchTable.keys[w.first]) as HTMLElement).getBoundingClientRect().height;
    if (measured > 0) {
      batchTable.rowHeight = measured;
      if (Math.abs(measured - ROW_HEIGHT) > 0.5) {
        drawBatchWindow();
      }
    }
  }
}

function scheduleBatchWindow(): void {
  if (!batchTable.scheduled) {
    batchTable.scheduled = true;
    requestAnimationFrame(() => {
      batchTable.scheduled = false;
      measureTable();
      drawBatchWindow();
    });
  }
}

/** Moves the focus to row `index`, scrolled into view (centred for a jump), and returns its element. */
function focusBatchRow(index: number, block: 'nearest' | 'center'): HTMLElement | undefined {
  const key = batchTable.keys[index];
  if (key === undefined) {
    return undefined;
  }
  batchTable.cursor = { ...batchTable.cursor, focused: key, focusedIndex: index };
  measureTable();
  const v = tableViewport();
  ui.batchesTable.scrollTop = scrollToShow(index, v, block, v.header);
  batchTable.box.scrollTop = ui.batchesTable.scrollTop;
  drawBatchWindow();
  const row = batchTable.drawn.get(key);
  if (row) {
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'nearest' }); // the table itself may be below the fold of the panel
  }
  return row;
}

function selectBatchRow(index: number): void {
  batchTable.cursor = { ...batchTable.cursor, selected: batchTable.keys[index] };
  focusBatchRow(index, 'nearest');
}

function onBatchKey(event: KeyboardEvent): void {
  const { cursor, keys } = batchTable;
  const focusedIndex = cursor.focused !== undefined ? cursor.focusedIndex : undefined;
  if (isMoveKey(event.key)) {
    measureTable();
    const v = tableViewport();
    const next = moveFocus(focusedIndex, event.key, keys.length, (v.height - v.header) / v.rowHeight - 1);
    if (next !== undefined) {
      event.preventDefault();
      focusBatchRow(next, 'nearest');
    }
  } else if ((event.key === 'Enter' || event.key === ' ') && focusedIndex !== undefined && !(event.target as Element).closest('button')) {
    event.preventDefault();
    selectBatchRow(focusedIndex);
  }
}

/** Clicking a batch's bar in the timeline: its row in the batches table, scrolled to, focused and selected. */
function showBatchRow(batchId: string): void {
  const index = batchTable.keys.indexOf(batchId);
  if (index < 0) {
    return;
  }
  batchTable.cursor = { ...batchTable.cursor, selected: batchId };
  const row = focusBatchRow(index, 'center');
  if (!row) {
    return;
  }
  setText(ui.batchesStatus, t('Batch {0}: row {1} of {2}', batchId, formatCount(index + 1, locale), formatCount(batchTable.keys.length, locale)));
  row.classList.add('flash');
  setTimeout(() => row.classList.remove('flash'), 1500);
}

const charts = createCharts(showBatchRow);
/** Each batch's place on the timeline, kept between updates: only the batches that changed are read again. */
const timelineCache = new TimelineCache();

function buildSkeleton(): void {
  const { buttons } = ui;
  ui.toolbar.append(buttons.refresh, buttons.auto, buttons.close, buttons.abort, buttons.download, buttons.setup, buttons.json, buttons.track, buttons.untrack);
  ui.failures.append(ui.failuresTitle, ui.failuresSummary, ui.failuresList, ui.failuresMore, ui.failuresReload);
  ui.banner.append(ui.bannerMessage, ui.bannerAdvice, ui.bannerRetry);
  ui.batchesBody.append(ui.spacerTop, ui.spacerBottom);
  ui.batchesGrid.append(el('thead', {}, ui.batchesHead), ui.batchesBody);
  ui.batchesTable.append(ui.batchesGrid);
  ui.batchesSection.append(ui.batchesTitle, ui.batchesHelp, ui.batchesStatus, ui.batchesEmpty, ui.batchesTable);
  ui.batchesTable.addEventListener('scroll', scheduleBatchWindow, { passive: true });
  window.addEventListener('resize', scheduleBatchWindow);
  ui.batchesTable.addEventListener('keydown', onBatchKey);
  ui.batchesTable.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const row = target?.closest('button') ? undefined : (target?.closest('tr[data-key]') as HTMLElement | null);
    const index = row ? batchTable.keys.indexOf(row.dataset.key ?? '') : -1;
    if (index >= 0) {
      selectBatchRow(index);
    }
  });
  ui.main.append(
    el('header', { class: 'header' },
      el('div', { class: 'title-row' }, ui.title, ui.badge),
      ui.statusText,
      charts.pace,
      el('p', { class: 'meta' }, ui.org, ui.asOf, ui.refreshing),
      ui.reloadLinks,
      ui.toolbar),
    ui.banner,
    ui.empty,
    ui.progress,
    charts.section,
    ui.failures,
    ui.groups,
    ui.batchesSection,
  );
  document.body.append(ui.main);
  // One listener for every button, by its data-action / data-copy (no inline handlers: the CSP forbids them).
  ui.main.addEventListener('click', (event) => {
    const target = (event.target as Element | null)?.closest('button');
    if (!target) {
      return;
    }
    const copy = target.getAttribute('data-copy');
    if (copy) {
      post({ type: 'copyId', id: copy });
      return;
    }
    const linked = target.getAttribute('data-linked-job');
    if (linked) {
      post({ type: 'openLinkedJob', jobId: linked });
      return;
    }
    const causeKey = target.getAttribute('data-cause-key');
    if (causeKey) {
      post({ type: 'openCause', key: causeKey, index: Number(target.getAttribute('data-cause-index')) });
      return;
    }
    const causeAction = target.getAttribute('data-cause-action');
    if (causeAction) {
      post({ type: 'causeAction', key: causeAction });
      return;
    }
    const causeSource = target.getAttribute('data-cause-source');
    if (causeSource) {
      post({ type: 'openCauseSource', key: causeSource });
      return;
    }
    const failureKey = target.getAttribute('data-failure-key');
    if (failureKey) {
      post({ type: 'showFailedRows', key: failureKey });
      return;
    }
    const action = target.getAttribute('data-action') as WebviewMessage['type'] | null;
    if (action && action !== 'copyId' && action !== 'rendered' && action !== 'showFailedRows' && action !== 'showExample' && action !== 'openLinkedJob'
      && action !== 'openCause' && action !== 'causeAction' && action !== 'openCauseSource') {
      post({ type: action } as WebviewMessage);
    }
  });
  // An example row is asked for when its <details> opens ('toggle' does not bubble: captured).
  ui.main.addEventListener('toggle', (event) => {
    const details = event.target as HTMLDetailsElement;
    const key = details.classList?.contains('failure-example') ? (details.closest('li') as HTMLElement | null)?.dataset.key : undefined;
    if (details.open && key !== undefined && !examples.has(key)) {
      post({ type: 'showExample', key });
    }
  }, true);
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function setButton(b: HTMLButtonElement, label: string, visible = true): void {
  setText(b.querySelector('.label') as Element, label);
  setHidden(b, !visible);
}

function advice(kind: string): string {
  switch (kind) {
    case 'sessionExpired': return t('Sign in to the org again (for example with sf org login web), then refresh.');
    case 'notFound': return t('Check the job id and that it belongs to this org.');
    case 'noPermission': return t('Ask your Salesforce admin for the "Manage Data Integrations" permission, or sign in as the job\'s owner.');
    case 'quotaExceeded': return t('The org is over its API limit: wait a while, then refresh.');
    case 'timeout':
    case 'network': return t('Check your connection to the org, then refresh.');
    case 'server': return t('Salesforce had a problem answering: refresh in a moment.');
    default: return t('Refresh to try again.');
  }
}

function renderHeader(message: JobUpdateMessage, view: JobView | undefined, now: number): void {
  setText(ui.title, view?.title ?? t('Job {0}', message.ref.jobId));
  document.title = ui.title.textContent ?? '';
  setText(ui.badge, view?.state ?? t('Unknown'));
  setAttr(ui.badge, 'data-tone', view?.tone ?? 'unknown');
  setText(ui.statusText, view?.statusText ?? '');
  setAttr(ui.toolbar, 'aria-label', t('Actions'));
  setText(ui.org, t('Org: {0}', message.orgLabel));
  if (message.fetchedAt !== undefined) {
    const date = formatDate(new Date(message.fetchedAt).toISOString(), locale);
    setText(ui.asOf, t('As of {0} ({1})', date.text, formatAgo(now - message.fetchedAt, t)));
    setAttr(ui.asOf, 'title', date.title);
  } else {
    setText(ui.asOf, t('Not fetched yet'));
    setAttr(ui.asOf, 'title', undefined);
  }
  setText(ui.refreshing, message.refreshing ? t('Refreshing…') : '');
  setAttr(ui.main, 'aria-busy', message.refreshing ? 'true' : 'false');

  const { buttons } = ui;
  setButton(buttons.refresh, message.refreshing ? t('Refreshing…') : t('Refresh'));
  const autoPossible = !(view?.done ?? false);
  setButton(buttons.auto, message.autoRefresh.enabled ? t('Auto-refresh: on') : t('Auto-refresh: off'), autoPossible);
  setAttr(buttons.auto, 'aria-pressed', message.autoRefresh.enabled ? 'true' : 'false');
  setAttr(buttons.auto, 'title', message.autoRefresh.enabled && message.autoRefresh.nextAt !== undefined
    ? t('Next refresh in {0}', formatDuration(message.autoRefresh.nextAt - now, { coarse: true }))
    : undefined);
  setButton(buttons.close, t('Close Job'), view?.actions.close ?? false);
  setButton(buttons.abort, t('Abort Job'), view?.actions.abort ?? false);
  setButton(buttons.setup, t('Open in Salesforce Setup'));
  setButton(buttons.json, t('Copy as JSON'), view !== undefined);
  setButton(buttons.download, t('Download Results…'), view?.done ?? false);
  setButton(buttons.track, t('Track'), !message.tracked);
  setButton(buttons.untrack, t('Untrack'), message.tracked);

  setHidden(ui.banner, message.error === undefined);
  if (message.error) {
    setText(ui.bannerMessage, message.error.message);
    setText(ui.bannerAdvice, message.job
      ? `${advice(message.error.kind)} ${t('Showing the last known data.')}`
      : advice(message.error.kind));
    setButton(ui.bannerRetry, t('Retry'));
  }
  setHidden(ui.empty, view !== undefined);
  setText(ui.empty, message.refreshing ? t('Loading the job…') : message.error ? '' : t('No data for this job yet.'));
}

function createBar(item: ProgressView): HTMLElement {
  const labelId = `progress-${item.key}-label`;
  return el('div', { class: 'progress-item' },
    el('div', { class: 'progress-label', id: labelId }),
    el('div', { class: 'bar', role: 'progressbar', 'aria-labelledby': labelId, 'aria-valuemin': '0' },
      el('div', { class: 'fill' }), el('div', { class: 'fail' })),
    el('div', { class: 'progress-text' }));
}

function updateBar(node: HTMLElement, item: ProgressView): void {
  setText(node.querySelector('.progress-label') as Element, item.label);
  const bar = node.querySelector('.bar') as HTMLElement;
  setAttr(bar, 'aria-valuemax', String(item.max));
  setAttr(bar, 'aria-valuenow', String(item.value));
  setAttr(bar, 'aria-valuetext', item.text);
  const pct = (n: number): string => `${item.max > 0 ? (100 * n) / item.max : 0}%`;
  // Records: succeeded + failed; batches: done, of which `failed` failed.
  const ok = item.key === 'records' ? item.value : item.value - item.failed;
  const fill = node.querySelector('.fill') as HTMLElement;
  const fail = node.querySelector('.fail') as HTMLElement;
  if (fill.style.width !== pct(ok)) {
    fill.style.width = pct(Math.max(0, ok));
  }
  if (fail.style.width !== pct(item.failed)) {
    fail.style.width = pct(item.failed);
  }
  setText(node.querySelector('.progress-text') as Element, item.text);
  setAttr(node.querySelector('.progress-text') as Element, 'data-failed', item.failed > 0 ? 'true' : undefined);
}

/** A small "Copy" button next to an id; its aria-label names what it copies. */
function copyButton(): HTMLButtonElement {
  return el('button', { type: 'button', class: 'copy' }, el('span', { class: 'copy-label' }));
}

function createRow(): HTMLElement {
  return el('div', { class: 'field' }, el('dt'), el('dd', {}, el('span', { class: 'value' })));
}

function updateRow(node: HTMLElement, row: FieldRow): void {
  setText(node.querySelector('dt') as Element, row.label);
  const value = node.querySelector('.value') as HTMLElement;
  setText(value, row.value);
  setAttr(value, 'title', row.title);
  setAttr(node, 'data-error', row.error ? 'true' : undefined);
  const dd = node.querySelector('dd') as HTMLElement;
  let copy = dd.querySelector('button.copy') as HTMLButtonElement | null;
  if (row.copy) {
    if (!copy) {
      copy = copyButton();
      dd.append(copy);
    }
    setAttr(copy, 'data-copy', row.copy);
    setText(copy.firstElementChild as Element, t('Copy'));
    setAttr(copy, 'aria-label', t('Copy {0}', row.label));
    setAttr(copy, 'title', t('Copy {0}', row.label));
  } else {
    copy?.remove();
  }
}

function createGroup(group: FieldGroup): HTMLElement {
  const headingId = `group-${group.key}`;
  return el('section', { class: 'group', 'aria-labelledby': headingId, 'data-group': group.key },
    el('h2', { id: headingId }), el('dl'));
}

function updateGroup(node: HTMLElement, group: FieldGroup): void {
  setText(node.querySelector('h2') as Element, group.title);
  reconcile(node.querySelector('dl') as Element, group.rows, (row) => row.key, createRow, updateRow);
}

const BATCH_COLUMNS = ['id', 'state', 'stateMessage', 'processed', 'failed', 'created', 'modified'] as const;

function createBatchRow(): HTMLElement {
  const tr = el('tr');
  for (const column of BATCH_COLUMNS) {
    const cell = column === 'id' ? el('th', { scope: 'row', 'data-col': column }) : el('td', { 'data-col': column });
    cell.append(el('span', { class: 'value' }));
    if (column === 'id') {
      cell.append(copyButton());
    }
    tr.append(cell);
  }
  return tr;
}

/** What each batch row shows now: a row whose batch did not change is not touched (thousands of rows per update). */
let shownBatchRows = new WeakMap<HTMLElement, BatchRowView>();

function sameBatchRow(a: BatchRowView, b: BatchRowView): boolean {
  return a.id === b.id && a.state === b.state && a.tone === b.tone && a.stateMessage === b.stateMessage && a.processed === b.processed
    && a.failed === b.failed && a.hasFailures === b.hasFailures && a.created?.text === b.created?.text && a.modified?.text === b.modified?.text;
}

function updateBatchRow(node: HTMLElement, row: BatchRowView): void {
  const shown = shownBatchRows.get(node);
  if (shown && sameBatchRow(shown, row)) {
    return;
  }
  shownBatchRows.set(node, row);
  const cell = (column: string): HTMLElement => node.querySelector(`[data-col="${column}"]`) as HTMLElement;
  const value = (column: string): HTMLElement => cell(column).querySelector('.value') as HTMLElement;
  setText(value('id'), row.id);
  const copy = cell('id').querySelector('button.copy') as HTMLElement;
  setAttr(copy, 'data-copy', row.id);
  setText(copy.firstElementChild as Element, t('Copy'));
  setAttr(copy, 'aria-label', t('Copy batch id {0}', row.id));
  setAttr(copy, 'title', t('Copy batch id'));
  setText(value('state'), row.state);
  setAttr(value('state'), 'data-tone', row.tone);
  setAttr(value('state'), 'class', 'value badge small');
  setText(value('stateMessage'), row.stateMessage);
  setAttr(value('stateMessage'), 'title', row.stateMessage || undefined);
  setText(value('processed'), row.processed);
  setText(value('failed'), row.failed);
  setAttr(node, 'data-failures', row.hasFailures ? 'true' : undefined);
  setText(value('created'), row.created?.text ?? '—');
  setAttr(value('created'), 'title', row.created?.title);
  setText(value('modified'), row.modified?.text ?? '—');
  setAttr(value('modified'), 'title', row.modified?.title);
}

function renderBatches(view: JobView | undefined): void {
  const rows = view?.batches;
  setHidden(ui.batchesSection, rows === undefined);
  batchTable.sorted = rows ?? [];
  batchTable.keys = batchTable.sorted.map((b) => b.id);
  batchTable.cursor = keepCursor(batchTable.cursor, batchTable.keys);
  if (!rows) {
    return;
  }
  setText(ui.batchesTitle, t('Batches ({0})', rows.length));
  setHidden(ui.batchesEmpty, rows.length > 0);
  setHidden(ui.batchesTable, rows.length === 0);
  setText(ui.batchesEmpty, t('No batches yet.'));
  const headings = [t('Batch id'), t('State'), t('State message'), t('Processed'), t('Failed'), t('Created'), t('Last modified')];
  reconcile(ui.batchesHead, headings, (h) => h, () => el('th', { scope: 'col' }), (node, h) => setText(node, h));
  setAttr(ui.batchesGrid, 'aria-rowcount', String(rows.length + 1));
  setText(ui.batchesHelp, t('{0} batches, failures first. Only the rows on screen are drawn: the arrow keys, Page Up, Page Down, Home and End move through all of them; Enter selects one.', formatCount(rows.length, locale)));
  drawBatchWindow();
}

/** "Why records failed": one item per cause, largest first, each with an example row and a link to its rows. */
function createFailureGroup(): HTMLElement {
  return el('li', { class: 'failure-group' },
    el('div', { class: 'failure-head' }, el('span', { class: 'failure-count' }), el('span', { class: 'failure-code badge small', 'data-tone': 'failed' }), el('span', { class: 'failure-message' })),
    el('p', { class: 'failure-fields' }),
    el('div', { class: 'failure-cause' },
      el('p', { class: 'cause-rule' }),
      el('pre', { class: 'cause-formula' }),
      el('p', { class: 'cause-exception' }),
      el('p', { class: 'cause-meaning' }),
      el('p', { class: 'cause-action' }),
      el('p', { class: 'cause-note' }),
      el('div', { class: 'cause-links', role: 'group' }),
      el('div', { class: 'cause-buttons' },
        el('button', { type: 'button', class: 'primary cause-do' }, el('span', { class: 'label' })),
        el('button', { type: 'button', class: 'secondary cause-source' }, el('span', { class: 'label' })))),
    el('details', { class: 'failure-example' }, el('summary'), el('dl')),
    el('button', { type: 'button', class: 'secondary' }, el('span', { class: 'label' })));
}

function updateFailureGroup(node: HTMLElement, group: FailureGroupView): void {
  setText(node.querySelector('.failure-count') as Element, group.count === 1 ? t('1 row') : t('{0} rows', formatCount(group.count, locale)));
  setText(node.querySelector('.failure-code') as Element, group.statusCode || t('Error'));
  setText(node.querySelector('.failure-message') as Element, group.message);
  const fields = node.querySelector('.failure-fields') as HTMLElement;
  setHidden(fields, group.fields.length === 0);
  setText(fields, t('Fields: {0}', group.fields.join(', ')));
  const example = examples.get(group.key);
  setText(node.querySelector('.failure-example summary') as Element, example?.exampleId ? t('Example row ({0})', example.exampleId) : t('Example row'));
  const rows: Array<[string, string]> = example ? example.values : [['', t('Loading…')]];
  reconcile(node.querySelector('.failure-example dl') as Element, example?.problem ? [['', example.problem]] : rows, ([column]) => column,
    () => el('div', { class: 'field' }, el('dt'), el('dd')),
    (row, [column, value]) => {
      setText(row.querySelector('dt') as Element, column);
      setText(row.querySelector('dd') as Element, value === '' ? t('(empty)') : value);
    });
  updateCause(node.querySelector('.failure-cause') as HTMLElement, group);
  const show = node.querySelector(':scope > button') as HTMLButtonElement;
  setAttr(show, 'data-failure-key', group.key);
  setText(show.querySelector('.label') as Element, t('Show These Rows'));
  setAttr(show, 'title', t('Open the failed rows of this error in a new editor'));
}

/** The buttons a cause's action can be (the others are words only). */
const CAUSE_ACTION_LABELS: Record<string, string> = {
  reloadSerial: 'Reload in Serial Mode…',
  reloadAsUpsert: 'Reload as Upsert…',
};

/** What the code means, what to do, and one button per link to what failed the rows. */
function updateCause(node: HTMLElement, group: FailureGroupView): void {
  const cause = group.cause;
  setHidden(node, cause === undefined);
  if (!cause) {
    return;
  }
  const rule = node.querySelector('.cause-rule') as HTMLElement;
  setHidden(rule, cause.rule === undefined);
  setText(rule, cause.rule ? t('Failed by the {0}', cause.rule.title) : '');
  const formula = node.querySelector('.cause-formula') as HTMLElement;
  setHidden(formula, cause.rule?.formula === undefined);
  setText(formula, cause.rule?.formula ?? '');
  const exception = node.querySelector('.cause-exception') as HTMLElement;
  setHidden(exception, cause.exception === undefined);
  setText(exception, cause.exception ?? '');
  setText(node.querySelector('.cause-meaning') as Element, cause.meaning);
  setText(node.querySelector('.cause-action') as Element, t('What to do: {0}', cause.action));
  reconcile(node.querySelector('.cause-links') as Element, cause.links.map((link, index) => ({ link, index })), ({ link, index }) => `${index}:${link.kind}:${link.label}`,
    () => el('button', { type: 'button', class: 'link cause-link' }, el('span', { class: 'label' })),
    (b, { link, index }) => {
      setAttr(b, 'data-cause-key', group.key);
      setAttr(b, 'data-cause-index', String(index));
      setAttr(b, 'data-cause-kind', link.kind);
      setText(b.querySelector('.label') as Element, link.label);
      setAttr(b, 'title', link.kind === 'field' ? t('Go to this column in the failed records') : t('Open it in the workspace, else in the org'));
    });
  const note = node.querySelector('.cause-note') as HTMLElement;
  setHidden(note, cause.actionId !== 'reloadSmallerBatches');
  setText(note, cause.actionId === 'reloadSmallerBatches'
    ? t('Reload Failed Records cannot set a batch size yet: load the failed CSV with Bulk API 1.0 in batches of fewer than 200 records with another tool (Data Loader\'s Batch size), or fix the trigger first.')
    : '');
  const action = node.querySelector('.cause-do') as HTMLButtonElement;
  const actionLabel = cause.actionId ? CAUSE_ACTION_LABELS[cause.actionId] : undefined;
  setHidden(action, actionLabel === undefined);
  setAttr(action, 'data-cause-action', group.key);
  setText(action.querySelector('.label') as Element, actionLabel ? t(actionLabel) : '');
  const source = node.querySelector('.cause-source') as HTMLButtonElement;
  setHidden(source, cause.source === undefined);
  setAttr(source, 'data-cause-source', group.key);
  setText(source.querySelector('.label') as Element, t('Salesforce Documentation'));
}

function renderFailures(failures: FailuresView | undefined): void {
  setHidden(ui.failures, failures === undefined);
  if (examplesAt !== failures?.at) {
    examples.clear(); // another download: other files
    examplesAt = failures?.at;
  }
  if (!failures) {
    return;
  }
  setText(ui.failuresTitle, t('Why records failed'));
  const when = formatDate(new Date(failures.at).toISOString(), locale);
  setText(ui.failuresSummary, failures.failedRows === 0
    ? t('No records failed ({0} succeeded, {1} unprocessed). Results downloaded {2} to {3}.',
      formatCount(failures.successRows, locale), formatCount(failures.unprocessedRows, locale), when.text, failures.folder)
    : t('{0} failed, {1} succeeded, {2} unprocessed. Results downloaded {3} to {4}.',
      formatCount(failures.failedRows, locale), formatCount(failures.successRows, locale), formatCount(failures.unprocessedRows, locale), when.text, failures.folder));
  reconcile(ui.failuresList, failures.groups, (g) => g.key, createFailureGroup, updateFailureGroup);
  const hidden = failures.groupCount - failures.groups.length;
  setHidden(ui.failuresMore, hidden <= 0);
  setText(ui.failuresMore, t('{0} more causes are in the failed file.', formatCount(hidden, locale)));
  setHidden(ui.failuresReload, failures.failedRows === 0);
  setText(ui.failuresReload.querySelector('.label') as Element, t('Reload Failed Records…'));
  setAttr(ui.failuresReload, 'title', t('Fix the failed file, check it against the object and load it again as a new job'));
}

/** "Reload of 750…" and "Reloaded as 750…", each id a link to that job's details. */
function renderReloadLinks(message: JobUpdateMessage): void {
  const items: Array<[string, string]> = [];
  if (message.reloadOf) items.push([t('Reload of'), message.reloadOf]);
  for (const id of message.reloadedAs ?? []) items.push([t('Reloaded as'), id]);
  setHidden(ui.reloadLinks, items.length === 0);
  reconcile(ui.reloadLinks, items, ([label, id]) => `${label}|${id}`,
    () => el('span', { class: 'reload-link' }, el('span', { class: 'reload-label' }), el('button', { type: 'button', class: 'link' })),
    (node, [label, id]) => {
      setText(node.querySelector('.reload-label') as Element, `${label} `);
      const link = node.querySelector('button') as HTMLButtonElement;
      setAttr(link, 'data-linked-job', id);
      setText(link, id);
      setAttr(link, 'title', t('Open the details of job {0}', id));
    });
}

function render(message: JobUpdateMessage): void {
  const now = Date.now();
  const view = message.job ? buildJobView(message.job, message.batches, message.progress, { t, now, locale, createdByName: message.createdByName }) : undefined;
  renderHeader(message, view, now);
  reconcile(ui.progress, view?.progress ?? [], (p) => p.key, createBar, updateBar);
  charts.render(message.job
    ? buildChartsView({ job: message.job, batches: message.batches, progress: message.progress, history: message.history ?? [], now }, { t, locale, timelineCache })
    : undefined);
  renderFailures(message.failures);
  renderReloadLinks(message);
  reconcile(ui.groups, view?.groups ?? [], (g) => g.key, createGroup, updateGroup);
  renderBatches(view);
}

// ---------------------------------------------------------------------------------------------
// Messages and state.

function onMessage(data: unknown): void {
  if (!isHostMessage(data)) {
    return; // Not ours, or from another version: ignore rather than half-handle.
  }
  const message: HostMessage = data;
  if (message.type === 'exampleRow') {
    examples.set(message.key, message);
    if (current) {
      render(current);
    }
    return;
  }
  if (message.type === 'init') {
    t = translator(message.l10n);
    locale = message.locale;
    shownBatchRows = new WeakMap(); // every row's words change with the language
    if (current) {
      render(current);
    }
    return;
  }
  if (message.generation <= lastGeneration) {
    return; // A stale reply overtaken by a newer one.
  }
  lastGeneration = message.generation;
  current = message;
  const started = performance.now();
  render(message);
  post({ type: 'rendered', generation: message.generation, ms: performance.now() - started });
  vscode.setState({ orgKey: message.ref.orgKey, jobId: message.ref.jobId, last: message });
}

function start(): void {
  buildSkeleton();
  const saved = vscode.getState() as PanelState | undefined;
  if (saved && isJobUpdate(saved.last)) {
    // After a window reload: show the last known data at once; the host refreshes it. "Why records
    // failed" comes with the host's first update (a state saved by an older version held example rows).
    current = { ...saved.last, failures: undefined };
    vscode.setState({ orgKey: saved.orgKey, jobId: saved.jobId, last: current });
    render(current);
  }
  window.addEventListener('message', (event: MessageEvent) => onMessage(event.data));
  // Relative times ("3 min ago", "running for 5 min") move on by themselves.
  setInterval(() => {
    if (current) {
      render(current);
    }
  }, 30_000);
  post({ type: 'ready' });
}

start();
