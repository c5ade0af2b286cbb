/**
 * The charts' shapes kept in place between updates. A chart is described as marks — one per shape:
 * its key among its siblings, its tag and attributes, and its text (a label, a tooltip's <title>) or
 * its own marks — and `patchMarks` makes the drawing match: it keeps the element of every key that
 * stays, writes only the attributes and texts that changed, and makes or removes only the shapes that
 * came or went. An update of a 5,000-batch job moves a few columns of the timeline, not all of it.
 *
 * No DOM types (it runs on what `MarkElement` says), so the unit tests drive it in plain Node.
 */

export type Attrs = Record<string, string | number>;

export interface Mark {
  /** Unique among its siblings; `mark` makes it `<tag>:<key>` so a key never changes a shape's tag. */
  key: string;
  tag: string;
  attrs: Attrs;
  text?: string;
  children?: readonly Mark[];
}

/** The little of an element `patchMarks` uses (an SVG element in the webview). */
export interface MarkElement {
  readonly children: ArrayLike<MarkElement>;
  textContent: string | null;
  insertBefore(node: MarkElement, before: MarkElement | null): unknown;
  remove(): void;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

export function mark(key: string, tag: string, attrs: Attrs, text?: string, children?: readonly Mark[]): Mark {
  return { key: `${tag}:${key}`, tag, attrs, text, children };
}

/** The mark each element was last drawn from (its key among them). */
const drawn = new WeakMap<MarkElement, Mark>();

function patchMark(node: MarkElement, m: Mark, create: (tag: string) => MarkElement): void {
  const before = drawn.get(node);
  for (const name in m.attrs) {
    const value = m.attrs[name];
    if (before?.attrs[name] !== value) {
      node.setAttribute(name, String(value));
    }
  }
  if (before) {
    for (const name in before.attrs) {
      if (!(name in m.attrs)) {
        node.removeAttribute(name);
      }
    }
  }
  if (m.text !== undefined && before?.text !== m.text) {
    node.textContent = m.text;
  }
  if (m.children) {
    patchMarks(node, m.children, create);
  }
  drawn.set(node, m);
}

/** Makes `parent`'s children the `marks`, in order; `create` makes the element of a new one. */
export function patchMarks(parent: MarkElement, marks: readonly Mark[], create: (tag: string) => MarkElement): void {
  const children = parent.children;
  let same = children.length === marks.length;
  for (let i = 0; same && i < marks.length; i++) {
    same = drawn.get(children[i])?.key === marks[i].key;
  }
  if (!same) {
    const existing = new Map<string, MarkElement>();
    for (const child of Array.from(children)) {
      const key = drawn.get(child)?.key;
      if (key !== undefined && !existing.has(key)) {
        existing.set(key, child);
      } else {
        child.remove(); // not a mark, or a second of one key
      }
    }
    marks.forEach((m, index) => {
      let node = existing.get(m.key);
      if (node) {
        existing.delete(m.key);
      } else {
        node = create(m.tag);
        drawn.set(node, { key: m.key, tag: m.tag, attrs: {} });
      }
      if (parent.children[index] !== node) {
        parent.insertBefore(node, parent.children[index] ?? null);
      }
    });
    for (const stale of existing.values()) {
      stale.remove();
    }
  }
  for (let i = 0; i < marks.length; i++) {
    patchMark(children[i], marks[i], create);
  }
}
