import * as assert from 'assert';
import { isMoveKey, keepCursor, moveFocus, scrollToShow, visibleWindow } from '../../../../src/details/webview/virtualRows';

describe('details/webview/virtualRows: the batches table as a virtual list', () => {
  describe('visibleWindow', () => {
    it('draws the rows on screen and the overscan around them; the spacers stand in for the rest', () => {
      // 5,000 rows of 25 px, 500 px tall, scrolled to row 400.
      const w = visibleWindow({ scrollTop: 10_000, height: 500, rowHeight: 25, overscan: 5, count: 5_000 });
      assert.deepStrictEqual(w, { first: 395, end: 425, before: 395 * 25, after: (5_000 - 425) * 25 });
      assert.strictEqual(w.before + (w.end - w.first) * 25 + w.after, 5_000 * 25, 'the list keeps its full height');
    });

    it('clamps at the top and the bottom, and past the end', () => {
      assert.deepStrictEqual(visibleWindow({ scrollTop: 0, height: 100, rowHeight: 20, overscan: 3, count: 1_000 }), { first: 0, end: 8, before: 0, after: 992 * 20 });
      assert.deepStrictEqual(visibleWindow({ scrollTop: 19_900, height: 100, rowHeight: 20, overscan: 3, count: 1_000 }), { first: 992, end: 1_000, before: 992 * 20, after: 0 });
      const past = visibleWindow({ scrollTop: 1e9, height: 100, rowHeight: 20, overscan: 0, count: 10 });
      assert.deepStrictEqual(past, { first: 9, end: 10, before: 180, after: 0 }, 'a stale scrollTop after the rows shrank still draws the last row');
    });

    it('draws every row of a short list, none of an empty one, and survives a zero height (a hidden panel)', () => {
      assert.deepStrictEqual(visibleWindow({ scrollTop: 0, height: 800, rowHeight: 25, overscan: 10, count: 12 }), { first: 0, end: 12, before: 0, after: 0 });
      assert.deepStrictEqual(visibleWindow({ scrollTop: 0, height: 800, rowHeight: 25, overscan: 10, count: 0 }), { first: 0, end: 0, before: 0, after: 0 });
      assert.deepStrictEqual(visibleWindow({ scrollTop: 0, height: 0, rowHeight: 0, overscan: 2, count: 100 }), { first: 0, end: 3, before: 0, after: 97 });
    });
  });

  describe('scrollToShow', () => {
    const v = { scrollTop: 1_000, height: 500, rowHeight: 25, count: 5_000 };

    it('leaves the scroll alone when the row is already whole on screen', () => {
      assert.strictEqual(scrollToShow(45, v, 'nearest'), 1_000);
    });

    it('moves the least to show a row above or below, counting the sticky headings', () => {
      assert.strictEqual(scrollToShow(10, v, 'nearest'), 250);
      assert.strictEqual(scrollToShow(80, v, 'nearest'), 81 * 25 - 500);
      assert.strictEqual(scrollToShow(58, v, 'nearest', 30), 59 * 25 + 30 - 500);
    });

    it('centres a row jumped to, clamped to the list', () => {
      assert.strictEqual(scrollToShow(4_320, v, 'center'), Math.round(4_320 * 25 - 237.5));
      assert.strictEqual(scrollToShow(0, v, 'center'), 0);
      assert.strictEqual(scrollToShow(4_999, v, 'center'), 5_000 * 25 - 500);
    });
  });

  describe('moveFocus', () => {
    it('moves by one, by a page, to the ends, and never out of the list', () => {
      assert.strictEqual(moveFocus(5, 'ArrowDown', 100, 20), 6);
      assert.strictEqual(moveFocus(5, 'ArrowUp', 100, 20), 4);
      assert.strictEqual(moveFocus(0, 'ArrowUp', 100, 20), 0);
      assert.strictEqual(moveFocus(99, 'ArrowDown', 100, 20), 99);
      assert.strictEqual(moveFocus(5, 'PageDown', 100, 20), 25);
      assert.strictEqual(moveFocus(90, 'PageDown', 100, 20), 99);
      assert.strictEqual(moveFocus(5, 'PageUp', 100, 20), 0);
      assert.strictEqual(moveFocus(50, 'Home', 100, 20), 0);
      assert.strictEqual(moveFocus(50, 'End', 100, 20), 99);
    });

    it('starts at the top when no row had the focus, and has nowhere to go in an empty list', () => {
      assert.strictEqual(moveFocus(undefined, 'ArrowDown', 100, 20), 0);
      assert.strictEqual(moveFocus(undefined, 'ArrowUp', 100, 20), 0);
      assert.strictEqual(moveFocus(undefined, 'End', 100, 20), 99);
      assert.strictEqual(moveFocus(3, 'ArrowDown', 0, 20), undefined);
    });

    it('knows its keys', () => {
      assert.deepStrictEqual(['ArrowDown', 'PageUp', 'End', 'Enter', 'a', 'Tab'].map(isMoveKey), [true, true, true, false, false, false]);
    });
  });

  describe('keepCursor: focus and selection across updates', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];

    it('follows the focused and selected batches when rows move (a batch failed and sorted to the top)', () => {
      const cursor = { focused: 'd', focusedIndex: 3, selected: 'b' };
      assert.deepStrictEqual(keepCursor(cursor, ['d', 'a', 'b', 'c', 'e']), { focused: 'd', focusedIndex: 0, selected: 'b' });
      assert.deepStrictEqual(keepCursor(cursor, ['x', ...keys]), { focused: 'd', focusedIndex: 4, selected: 'b' });
    });

    it('keeps the focus at its place when its row goes, and drops a selection that went', () => {
      assert.deepStrictEqual(keepCursor({ focused: 'c', focusedIndex: 2, selected: 'c' }, ['a', 'b', 'd', 'e']), { focused: 'd', focusedIndex: 2 });
      assert.deepStrictEqual(keepCursor({ focused: 'e', focusedIndex: 4 }, ['a', 'b']), { focused: 'b', focusedIndex: 1 });
      assert.deepStrictEqual(keepCursor({ focused: 'e', focusedIndex: 4, selected: 'a' }, []), {});
    });

    it('changes nothing when the rows are the same, and invents no focus', () => {
      assert.deepStrictEqual(keepCursor({ focused: 'c', focusedIndex: 2, selected: 'e' }, keys), { focused: 'c', focusedIndex: 2, selected: 'e' });
      assert.deepStrictEqual(keepCursor({}, keys), {});
    });
  });
});
