import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { refOf } from '../jobs/jobStore';
import type { DetailsPanels } from '../panels/detailsPanels';

/**
 * `bulkJobs.openJobDetails`: argument a JobRef or a tree node carrying one; without one it asks
 * for an id (the lookup command).
 */
export function registerOpenJobDetails(context: vscode.ExtensionContext, _deps: Deps, panels: DetailsPanels): void {
  context.subscriptions.push(vscode.commands.registerCommand('bulkJobs.openJobDetails', async (arg?: unknown) => {
    const ref = refOf(arg);
    if (!ref) {
      await vscode.commands.executeCommand('bulkJobs.lookupJob');
      return;
    }
    panels.show(ref);
  }));
}
