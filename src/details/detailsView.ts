/** What VS Code knows of the details panel before its code is loaded: its view type and webview options. */
import * as vscode from 'vscode';

export const DETAILS_VIEW_TYPE = 'bulkJobs.details';

/** The webview options of every details panel: scripts on, local files only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
