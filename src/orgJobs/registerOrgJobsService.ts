import { randomUUID } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { Leases } from '../storage/lease';
import { keepLeases } from '../tracked/registerJobsView';
import { OrgJobNotifier } from './orgJobNotifier';
import { OrgJobsService } from './orgJobsService';
import { SharedLists } from './sharedLists';
import { SharedOrgState } from './sharedOrgState';
import { orgKeyLabel } from '../orgs/orgKey';

/** While a window is focused, how often it says so to the others (the focus signal every window reads). */
export const FOCUS_NOTE_MS = 5 * 60_000;

/**
 * The org-list service the Org Jobs view reads (`OrgJobsSource`), its notifications and what windows
 * share about watched orgs. Nothing is read until an org is shown, refreshed or watched.
 */
export function registerOrgJobsService(context: vscode.ExtensionContext, deps: Deps): OrgJobsService {
  const shared = new SharedOrgState(context.globalState, Date.now);
  // Its own lease per org (`orgJobs:<orgKey>`), so it never fights the explorer poller's.
  const leases = new Leases(context.globalState, Date.now, randomUUID());
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
    leases,
    log: deps.log,
    isTracked: (orgKey, jobId) => deps.store.get({ orgKey, jobId })?.tracked === true,
    notifier,
  });
  const noteFocus = (): void => {
    if (vscode.window.state.focused) {
      void shared.noteFocus(Date.now());
    }
  };
  noteFocus();
  const focusTimer = setInterval(noteFocus, FOCUS_NOTE_MS);
  context.subscriptions.push(
    service,
    keepLeases(leases, deps.log),
    vscode.window.onDidChangeWindowState(noteFocus),
    deps.orgs.onDidChange(() => service.sessionsChanged()),
    new vscode.Disposable(() => clearInterval(focusTimer)),
  );
  return service;
}
