/**
 * The one way a view draws its tree (the Jobs view and the Org Jobs view): on a change the view
 * builds a new immutable model of what it shows, each node with a fingerprint of what its row shows,
 * and `diffTree` lists the node ids whose fingerprint changed, so only those rows are fired. Pure: no
 * vscode (the VS Code side is `modelTreeProvider.ts`).
 */

export interface ModelNode {
  /** Stable across builds: the same job, group or org has the same id. */
  readonly id: string;
}

export class TreeModel<M extends ModelNode> {
  readonly roots: M[] = [];
  private readonly nodes = new Map<string, M>();
  private readonly kids = new Map<string, M[]>();
  private readonly parents = new Map<string, M>();
  /** Per node id: what its row shows (a row fires when this changes). */
  private readonly fingerprints = new Map<string, string>();

  children(id: string): readonly M[] { return this.kids.get(id) ?? []; }
  parent(id: string): M | undefined { return this.parents.get(id); }
  node(id: string): M | undefined { return this.nodes.get(id); }
  fingerprint(id: string): string | undefined { return this.fingerprints.get(id); }

  add(node: M, parent: M | undefined, fingerprint: string): void {
    this.nodes.set(node.id, node);
    this.fingerprints.set(node.id, fingerprint);
    if (parent === undefined) {
      this.roots.push(node);
      return;
    }
    this.parents.set(node.id, parent);
    const list = this.kids.get(parent.id);
    if (list === undefined) { this.kids.set(parent.id, [node]); } else { list.push(node); }
  }
}

export interface TreeDiff {
  /** Fire everything (first build, other inputs shown, other roots). */
  all: boolean;
  /** Node ids to fire, top down: a node whose fingerprint changed (a fired node refreshes its children, so
   *  what is under it is not listed again). */
  changed: readonly string[];
}

/**
 * The ids to fire between two builds. Everything when there was no build yet, when `comparable` is
 * false (the view shows other orgs or another filter) or when the roots changed.
 */
export function diffTree<M extends ModelNode>(previous: TreeModel<M> | undefined, next: TreeModel<M>, comparable: boolean): TreeDiff {
  if (previous === undefined || !comparable
    || previous.roots.map((n) => n.id).join('\u0000') !== next.roots.map((n) => n.id).join('\u0000')) {
    return { all: true, changed: [] };
  }
  const changed: string[] = [];
  const visit = (nodes: readonly M[]): void => {
    for (const node of nodes) {
      if (previous.fingerprint(node.id) !== next.fingerprint(node.id)) {
        changed.push(node.id);
      } else {
        visit(next.children(node.id));
      }
    }
  };
  visit(next.roots);
  return { all: false, changed };
}
