import * as vscode from 'vscode';
import type { OrgJobsFeature } from '../orgJobsChunk';

/** `bulkJobs.orgJobs.watch`. */
export const watch = (feature: OrgJobsFeature): Promise<void> => setWatched(feature, true);
/** `bulkJobs.orgJobs.unwatch`. */
export const unwatch = (feature: OrgJobsFeature): Promise<void> => setWatched(feature, false);

/** Watch / stop watching the shown orgs, and say on screen what that does. */
async function setWatched({ deps, service, controller }: OrgJobsFeature, on: boolean): Promise<void> {
  await Promise.all(controller.orgKeys.map((k) => service.setWatched(k, on)));
  const names = controller.orgKeys.map((k) => controller.labelOf(k)).join(', ');
  const secs = String(Math.round(deps.settings.orgJobsRefreshMs() / 1000));
  const text = !on
    ? vscode.l10n.t('Stopped watching {0}: no background checks or failure notifications', names)
    : deps.settings.orgJobsNotifications()
      ? vscode.l10n.t('Watching {0}: refreshed every {1} s while shown; failures notified', names, secs)
      : vscode.l10n.t('Watching {0}: refreshed every {1} s while shown; notifications are off in the settings', names, secs);
  vscode.window.setStatusBarMessage(text, 8000);
}
