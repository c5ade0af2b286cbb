/**
 * The VS Code side of the one way both views draw a tree (`treeModel.ts`): the view hands in each new
 * build, and this fires the rows whose fingerprint changed (or everything). VS Code matches fired
 * elements by identity, so it holds one handle object per node id for the life of the view; the
 * handle carries what commands take from a row (`orgKey`, `jobId`), the model what is drawn.
 */
import * as vscode from 'vscode';
import { diffTree, TreeModel, type ModelNode } from './treeModel';

export abstract class ModelTreeProvider<M extends ModelNode, H extends ModelNode> implements vscode.TreeDataProvider<H>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<H[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly handles = new Map<string, H>();
  private tree: TreeModel<M> | undefined;

  /** The object VS Code holds for a node (made once per id). */
  protected abstract handle(model: M): H;
  /** How a node is drawn (`model` undefined: asked for a node the last build no longer has). */
  protected abstract item(model: M | undefined, handle: H): vscode.TreeItem;
  /** Called before each read; a view that builds lazily builds here. */
  protected fresh(): void { /* built by whoever calls update */ }

  dispose(): void {
    this.changed.dispose();
  }

  /**
   * Shows a new build, firing only what changed (`comparable` false: other inputs, fire everything).
   * Returns how many nodes were fired (undefined: all).
   */
  update(next: TreeModel<M>, comparable: boolean): number | undefined {
    const diff = diffTree(this.tree, next, comparable);
    this.tree = next;
    if (diff.all) {
      this.changed.fire(undefined);
      return undefined;
    }
    const fired = diff.changed.map((id) => this.handles.get(id)).filter((n): n is H => n !== undefined);
    if (fired.length > 0) {
      this.changed.fire(fired);
    }
    return fired.length;
  }

  /** The last build (an empty one before the first). */
  get current(): TreeModel<M> {
    this.fresh();
    return this.tree ?? new TreeModel<M>();
  }

  /** The handle of a node the last build has (for reveal). */
  nodeOf(id: string): H | undefined {
    const model = this.current.node(id);
    return model === undefined ? undefined : this.handleOf(model);
  }

  getChildren(node?: H): H[] | Promise<H[]> {
    return this.childrenOf(node);
  }

  protected childrenOf(node?: H): H[] {
    const models = node === undefined ? this.current.roots : this.current.children(node.id);
    return models.map((m) => this.handleOf(m));
  }

  getParent(node: H): H | undefined {
    const parent = this.current.parent(node.id);
    return parent === undefined ? undefined : this.handleOf(parent);
  }

  getTreeItem(node: H): vscode.TreeItem {
    return this.item(this.current.node(node.id), node);
  }

  private handleOf(model: M): H {
    let handle = this.handles.get(model.id);
    if (handle === undefined) {
      handle = this.handle(model);
      this.handles.set(model.id, handle);
    }
    return handle;
  }
}
