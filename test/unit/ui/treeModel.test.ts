import * as assert from 'assert';
import { diffTree, TreeModel } from '../../../src/ui/treeModel';

interface Node { id: string }

/** `[id, parentId | undefined, fingerprint]` rows, in order. */
function tree(rows: Array<[string, string | undefined, string]>): TreeModel<Node> {
  const model = new TreeModel<Node>();
  const nodes = new Map<string, Node>();
  for (const [id, parent, fingerprint] of rows) {
    const node = { id };
    nodes.set(id, node);
    model.add(node, parent === undefined ? undefined : nodes.get(parent), fingerprint);
  }
  return model;
}

describe('ui/treeModel', () => {
  it('keeps roots, children and parents by id', () => {
    const t = tree([['org:a', undefined, 'A'], ['job:1', 'org:a', '1'], ['job:2', 'org:a', '2'], ['org:b', undefined, 'B']]);
    assert.deepStrictEqual(t.roots.map((n) => n.id), ['org:a', 'org:b']);
    assert.deepStrictEqual(t.children('org:a').map((n) => n.id), ['job:1', 'job:2']);
    assert.deepStrictEqual(t.children('org:b'), []);
    assert.strictEqual(t.parent('job:2')?.id, 'org:a');
    assert.strictEqual(t.parent('org:a'), undefined);
    assert.strictEqual(t.node('job:1')?.id, 'job:1');
    assert.strictEqual(t.fingerprint('job:2'), '2');
  });

  it('fires only the rows whose fingerprint changed, and not what is under a fired node', () => {
    const before = tree([['org:a', undefined, 'A'], ['job:1', 'org:a', '1'], ['job:2', 'org:a', '2'], ['org:b', undefined, 'B'], ['job:3', 'org:b', '3']]);
    const rowChanged = tree([['org:a', undefined, 'A'], ['job:1', 'org:a', '1'], ['job:2', 'org:a', '2*'], ['org:b', undefined, 'B'], ['job:3', 'org:b', '3']]);
    assert.deepStrictEqual(diffTree(before, rowChanged, true), { all: false, changed: ['job:2'] });
    const orgChanged = tree([['org:a', undefined, 'A*'], ['job:1', 'org:a', '1*'], ['org:b', undefined, 'B'], ['job:3', 'org:b', '3']]);
    assert.deepStrictEqual(diffTree(before, orgChanged, true), { all: false, changed: ['org:a'] });
    assert.deepStrictEqual(diffTree(before, before, true), { all: false, changed: [] });
  });

  it('fires everything on the first build, when told the inputs differ, or when the roots changed', () => {
    const a = tree([['job:1', undefined, '1']]);
    assert.deepStrictEqual(diffTree(undefined, a, true), { all: true, changed: [] });
    assert.strictEqual(diffTree(a, a, false).all, true);
    assert.strictEqual(diffTree(a, tree([['job:1', undefined, '1'], ['job:2', undefined, '2']]), true).all, true);
  });
});
