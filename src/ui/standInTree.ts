/**
 * A tree view's provider at activation, before the code that draws the tree is loaded: the view is
 * created with it, and its first `getChildren` (the view shown) loads the real provider, which it then
 * asks for everything. Both views use it, so that activation loads neither tree's drawing.
 */
import * as vscode from 'vscode';

export class StandInTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T[] | T | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private real: vscode.TreeDataProvider<T> | undefined;
  private forward: vscode.Disposable | undefined;

  /** `load` loads the real provider and calls `attach` with it. */
  constructor(private readonly load: () => Promise<unknown>) {}

  attach(real: vscode.TreeDataProvider<T>): void {
    this.real = real;
    this.forward = real.onDidChangeTreeData?.((e) => this.changed.fire(e ?? undefined));
    this.changed.fire(undefined);
  }

  async getChildren(node?: T): Promise<T[]> {
    if (this.real === undefined) {
      await this.load();
    }
    return (await this.real?.getChildren(node)) ?? [];
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real?.getTreeItem(node) ?? new vscode.TreeItem('');
  }

  getParent(node: T): vscode.ProviderResult<T> {
    return this.real?.getParent?.(node);
  }

  resolveTreeItem(item: vscode.TreeItem, node: T, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    return this.real?.resolveTreeItem ? this.real.resolveTreeItem(item, node, token) : item;
  }

  dispose(): void {
    this.forward?.dispose();
    this.changed.dispose();
  }
}
