import * as assert from 'assert';
import { type Mark, type MarkElement, mark, patchMarks } from '../../../../src/details/webview/marks';

/** An element as far as patchMarks uses one, counting every write. */
class FakeElement implements MarkElement {
  readonly kids: FakeElement[] = [];
  readonly attributes = new Map<string, string>();
  parent?: FakeElement;
  private text: string | null = null;

  constructor(readonly tag: string, private readonly writes: string[]) {}

  get children(): ArrayLike<FakeElement> {
    return this.kids;
  }

  get textContent(): string | null {
    return this.text;
  }

  set textContent(text: string | null) {
    this.writes.push(`text ${this.tag} ${text}`);
    this.text = text;
  }

  insertBefore(node: MarkElement, before: MarkElement | null): unknown {
    const child = node as FakeElement;
    child.parent?.kids.splice(child.parent.kids.indexOf(child), 1);
    const at = before ? this.kids.indexOf(before as FakeElement) : this.kids.length;
    this.kids.splice(at < 0 ? this.kids.length : at, 0, child);
    child.parent = this;
    this.writes.push(`insert ${child.tag}`);
    return node;
  }

  remove(): void {
    this.parent?.kids.splice(this.parent.kids.indexOf(this), 1);
    this.parent = undefined;
    this.writes.push(`remove ${this.tag}`);
  }

  setAttribute(name: string, value: string): void {
    this.writes.push(`set ${name}=${value}`);
    this.attributes.set(name, value);
  }

  removeAttribute(name: string): void {
    this.writes.push(`unset ${name}`);
    this.attributes.delete(name);
  }
}

function drawing(): { root: FakeElement; writes: string[]; draw: (marks: Mark[]) => void } {
  const writes: string[] = [];
  const root = new FakeElement('svg', writes);
  return { root, writes, draw: (marks) => patchMarks(root, marks, (tag) => new FakeElement(tag, writes)) };
}

/** A density strip of `n` columns, column `c` `height(c)` high, each with a tooltip. */
function columns(n: number, height: (c: number) => number, pick?: (c: number) => string | undefined): Mark[] {
  return Array.from({ length: n }, (_, c) => {
    const id = pick?.(c);
    return mark(`column-${c}`, 'rect', { x: c * 5, y: 90 - height(c), width: 5, height: height(c), ...(id ? { 'data-batch': id } : {}) }, undefined,
      [mark('title', 'title', {}, `column ${c}: ${height(c)} batches`)]);
  });
}

describe('chart marks (patching the drawing)', () => {
  it('draws every mark the first time, in order, with its attributes and text', () => {
    const { root, draw } = drawing();
    draw([mark('a', 'line', { x1: 0, x2: 10 }), mark('label', 'text', { x: 3 }, '#1'), ...columns(3, (c) => c + 1)]);
    assert.deepStrictEqual(root.kids.map((k) => k.tag), ['line', 'text', 'rect', 'rect', 'rect']);
    assert.strictEqual(root.kids[1].textContent, '#1');
    assert.strictEqual(root.kids[4].attributes.get('height'), '3');
    assert.strictEqual(root.kids[4].kids[0].textContent, 'column 2: 3 batches');
  });

  it('an update that moves one column writes only that column (same elements, no insert or remove)', () => {
    const { root, writes, draw } = drawing();
    draw(columns(120, () => 10));
    const before = [...root.kids];
    writes.length = 0;
    draw(columns(120, (c) => (c === 57 ? 11 : 10)));
    assert.deepStrictEqual(writes, ['set y=79', 'set height=11', 'text title column 57: 11 batches']);
    assert.ok(root.kids.every((k, i) => k === before[i]), 'every element kept');
    writes.length = 0;
    draw(columns(120, (c) => (c === 57 ? 11 : 10)));
    assert.deepStrictEqual(writes, [], 'the same drawing writes nothing');
  });

  it('adds, removes and moves marks by key, and drops an attribute no longer given', () => {
    const { root, writes, draw } = drawing();
    draw(columns(4, () => 5, (c) => (c === 2 ? 'B2' : undefined)));
    const third = root.kids[2];
    assert.strictEqual(third.attributes.get('data-batch'), 'B2');
    writes.length = 0;
    // Column 0 went, a label came first, column 2 no longer leads to a batch.
    draw([mark('max', 'text', { x: 0 }, '12'), ...columns(4, () => 5).slice(1)]);
    assert.deepStrictEqual(root.kids.map((k) => k.tag), ['text', 'rect', 'rect', 'rect']);
    assert.strictEqual(root.kids[2], third, 'column 2 kept');
    assert.strictEqual(third.attributes.has('data-batch'), false);
    assert.ok(writes.includes('unset data-batch'));
    assert.strictEqual(writes.filter((w) => w.startsWith('remove')).length, 1, 'only column 0 removed');
  });

  it('a key never changes a shape\'s tag, and a stray child (not drawn from a mark) is removed', () => {
    const { root, writes, draw } = drawing();
    root.insertBefore(new FakeElement('circle', writes), null);
    draw([mark('x', 'rect', {})]);
    draw([mark('x', 'path', {})]);
    assert.deepStrictEqual(root.kids.map((k) => k.tag), ['path']);
  });
});
