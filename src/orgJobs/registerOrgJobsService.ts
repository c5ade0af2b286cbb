import * as path from 'path';
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { OrgJobNotifier } from './orgJobNotifier';
import { OrgJobsService } from './orgJobsService';
import { SharedLists } from './sharedLists';
import { SharedOrgState } from './sharedOrgState';
import { orgKeyLabel } from '../orgs/orgKey';
import type { OrgUserNames } from '../salesforce/org/userNames';

/**
 * The org-list service the Org Jobs view reads (`OrgJobsSource`), its notifications and what windows
 * share about watched orgs. Nothing is read until an org is shown, refreshed or watched. Started by
 * the `orgJobs` chunk (`orgJobsChunk.ts`); the focus signal is noted from activation (`registerOrgJobs.ts`).
 */
export function registerOrgJobsService(context: vscode.ExtensionContext, deps: Deps, names: OrgUserNames): OrgJobsService {
  const shared = new SharedOrgState(context.globalState, Date.now);
  const notifier: OrgJobNotifier = new OrgJobNotifier({
    settings: deps.settings,
    shared,
    log: deps.log,
    orgLabel: async (orgKey) => (await deps.orgs.get(orgKey).catch(() => undefined))?.label ?? orgKeyLabel(orgKey),
    nameOf: (orgKey, userId) => service.nameOf(orgKey, userId),
  });
  const service: OrgJobsService = new OrgJobsService({
    clientFor: (orgKey) => deps.orgs.clientFor(orgKey),
    lastApiUsage: (orgKey) => deps.orgs.lastApiUsage(orgKey),
    settings: deps.settings,
    shared,
    lists: new SharedLists(path.join(context.globalStorageUri.fsPath, 'orgJobs'), (message) => deps.log.warn(`[orgJobs] ${message}`)),
    // The window's leases (its own keys per org, `orgJobs:<orgKey>`, apart from the poller's) and its one timer.
    leases: deps.schedule.leases,
    scheduler: deps.schedule.scheduler,
    log: deps.log,
    isTracked: (orgKey, jobId) => deps.store.get({ orgKey, jobId })?.tracked === true,
    names,
    notifier,
  });
  context.subscriptions.push(
    service,
    deps.orgs.onDidChange(() => service.sessionsChanged()),
  );
  return service;
}
