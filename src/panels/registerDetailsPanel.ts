import * as vscode from 'vscode';
import { registerCopyJobAsJson } from '../commands/copyJobAsJson';
import { registerOpenJobDetails } from '../commands/openJobDetails';
import type { Deps } from '../deps';
import type { RefreshSchedule } from '../jobs/poller';
import { DetailsPanels } from './detailsPanels';
import { DETAILS_VIEW_TYPE } from './jobDetailsPanel';

/**
 * The details panel: its commands and the serializer that brings panels back after a window reload.
 * `schedule` (the poller) refreshes the job of a visible panel.
 */
export function registerDetailsPanel(context: vscode.ExtensionContext, deps: Deps, schedule: RefreshSchedule): DetailsPanels {
  const panels = new DetailsPanels(context.extensionUri, deps, schedule);
  context.subscriptions.push(
    panels,
    vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => panels.revive(panel, state),
    }),
  );
  registerOpenJobDetails(context, deps, panels);
  registerCopyJobAsJson(context, deps);
  return panels;
}
