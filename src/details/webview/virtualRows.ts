/**
 * The batches table as a virtual list: which rows are drawn for a scroll position, where to scroll to
 * show a row, where a key moves the focus, and which row keeps the focus and the selection when the
 * rows change. Pure (no DOM): the webview (main.ts) applies it, the unit tests run it in plain Node.
 *
 * Every row has the same height; the rows above and below the drawn window are stood in for by two
 * spacers of that many rows' height, so the scroll bar and `aria-rowcount` speak for all of them.
 */

export interface Viewport {
  /** The scroll container's scrollTop and clientHeight, px. */
  scrollTop: number;
  height: number;
  rowHeight: number;
  /** Rows drawn beyond each edge, so a small scroll shows rows already there. */
  overscan: number;
  count: number;
}

export interface RowWindow {
  /** The first row drawn and one past the last (first === end: none). */
  first: number;
  end: number;
  /** The spacers' heights, px: the rows above and below the window. */
  before: number;
  after: number;
}

/** The rows to draw for a scroll position. */
export function visibleWindow(v: Viewport): RowWindow {
  const count = Math.max(0, Math.floor(v.count));
  const rowHeight = Math.max(1, v.rowHeight);
  if (count === 0) {
    return { first: 0, end: 0, before: 0, after: 0 };
  }
  const top = Math.max(0, v.scrollTop);
  const height = Math.max(0, v.height);
  const overscan = Math.max(0, Math.floor(v.overscan));
  const firstShown = Math.min(count - 1, Math.floor(top / rowHeight));
  const endShown = Math.min(count, Math.max(firstShown + 1, Math.ceil((top + height) / rowHeight)));
  const first = Math.max(0, firstShown - overscan);
  const end = Math.min(count, endShown + overscan);
  return { first, end, before: first * rowHeight, after: (count - end) * rowHeight };
}

/**
 * The scrollTop that shows row `index` whole: unchanged when it already is ('nearest', for the
 * keyboard), else the least move; 'center' puts it in the middle (a jump from the timeline).
 * `header` is the height the sticky column headings cover at the top of the container.
 */
export function scrollToShow(index: number, v: Omit<Viewport, 'overscan'>, block: 'nearest' | 'center', header = 0): number {
  const rowTop = index * v.rowHeight;
  const rowBottom = rowTop + v.rowHeight;
  const max = Math.max(0, v.count * v.rowHeight + header - v.height);
  const clamp = (n: number): number => Math.round(Math.min(max, Math.max(0, n)));
  if (block === 'center') {
    return clamp(rowTop + header - (v.height - v.rowHeight) / 2);
  }
  // The row sits `header` px lower in the container than in the list.
  if (rowTop < v.scrollTop) {
    return clamp(rowTop);
  }
  if (rowBottom + header > v.scrollTop + v.height) {
    return clamp(rowBottom + header - v.height);
  }
  return clamp(v.scrollTop);
}

export type MoveKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

export function isMoveKey(key: string): key is MoveKey {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'PageUp' || key === 'PageDown' || key === 'Home' || key === 'End';
}

/** Where a key moves the focus from row `index` (undefined: none focused yet, starts at the top). */
export function moveFocus(index: number | undefined, key: MoveKey, count: number, pageRows: number): number | undefined {
  if (count <= 0) {
    return undefined;
  }
  const from = index === undefined ? -1 : index;
  const page = Math.max(1, Math.floor(pageRows));
  const to = key === 'ArrowDown' ? from + 1
    : key === 'ArrowUp' ? from - 1
      : key === 'PageDown' ? from + page
        : key === 'PageUp' ? from - page
          : key === 'Home' ? 0
            : count - 1;
  return Math.min(count - 1, Math.max(0, index === undefined && key === 'ArrowUp' ? 0 : to));
}

/** The focused and the selected row, by key (a batch id), with where the focused one was. */
export interface RowCursor {
  focused?: string;
  /** The focused row's index when it was last placed: where the focus stays if its row goes. */
  focusedIndex?: number;
  selected?: string;
}

/**
 * The cursor after the rows changed (`keys` in their new order): the focused and selected rows stay
 * on the same batches wherever they moved; a focused row that is gone hands the focus to the row now
 * at its place (or the last), a selected one that is gone is no longer selected.
 */
export function keepCursor(cursor: RowCursor, keys: readonly string[]): RowCursor {
  const next: RowCursor = {};
  if (cursor.selected !== undefined && keys.includes(cursor.selected)) {
    next.selected = cursor.selected;
  }
  if (cursor.focused !== undefined && keys.length > 0) {
    const at = keys.indexOf(cursor.focused);
    const index = at >= 0 ? at : Math.min(keys.length - 1, Math.max(0, cursor.focusedIndex ?? 0));
    next.focused = keys[index];
    next.focusedIndex = index;
  }
  return next;
}
