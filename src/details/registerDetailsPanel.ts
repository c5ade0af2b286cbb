import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { RefreshSchedule } from '../tracked/poller';
import { DetailsPanels, type PanelChunk } from './detailsPanels';
import { DETAILS_VIEW_TYPE } from './detailsView';

/**
 * The details panels and the serializer that brings them back after a window reload. The panel's own
 * code (`host`) loads when the first panel opens. `schedule` (the poller) refreshes a visible panel's job.
 */
export function registerDetailsPanel(context: vscode.ExtensionContext, deps: Deps, schedule: RefreshSchedule, host: PanelChunk): DetailsPanels {
  const panels = new DetailsPanels(context.extensionUri, deps, schedule, host);
  context.subscriptions.push(
    panels,
    vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => panels.revive(panel, state),
    }),
  );
  return panels;
}
