import * as vscode from 'vscode';
import { refOf } from '../../tracked/jobStore';
import type { DetailsPanels } from '../detailsPanels';

/**
 * `bulkJobs.openJobDetails`: argument a JobRef or a tree node carrying one; without one it asks
 * for an id (the lookup command).
 */
export async function openJobDetails(panels: DetailsPanels, arg?: unknown): Promise<void> {
  const ref = refOf(arg);
  if (!ref) {
    await vscode.commands.executeCommand('bulkJobs.lookupJob');
    return;
  }
  await panels.show(ref);
}
