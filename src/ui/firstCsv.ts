/**
 * What only CSV editors need (the preflight's diagnostics, a failed file's diagnostics) is made once:
 * with the first CSV document opened (or one already open at activation), or on the first call, which
 * a command makes. Its module loads as a chunk then, not at activation. A failed load is logged and
 * tried again with the next CSV or call.
 */
import * as vscode from 'vscode';
import { once } from '../util/lazy';

export const isCsvDocument = (d: vscode.TextDocument): boolean =>
  d.languageId === 'csv' || d.uri.path.toLowerCase().endsWith('.csv');

export function madeWithFirstCsv<T extends vscode.Disposable>(
  context: vscode.ExtensionContext,
  log: { error(message: string): void },
  name: string,
  make: () => Promise<T>,
): () => Promise<T> {
  const made = once(async () => {
    const it = await make();
    context.subscriptions.push(it);
    return it;
  }, (e) => log.error(`[${name}] could not load: ${String(e)}`));
  const opened = (d: vscode.TextDocument): void => {
    if (isCsvDocument(d)) void made();
  };
  vscode.workspace.textDocuments.forEach(opened);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(opened));
  return made;
}
