import * as vscode from 'vscode';

/**
 * The table of contents: create the few shared objects, then let each feature register itself.
 * Nothing here touches the network or the Salesforce CLI.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Bulk Jobs', { log: true });
  context.subscriptions.push(log);
  log.info('Bulk Job Inspector activated');
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
