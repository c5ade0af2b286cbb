import type * as vscode from 'vscode';
import type { Deps } from '../deps';
import { OrgJobsService } from './orgJobsService';
import { SharedOrgState } from './sharedOrgState';

/** The org-list service the Org Jobs view reads (`OrgJobsSource`); nothing is read until an org is shown or refreshed. */
export function registerOrgJobsService(context: vscode.ExtensionContext, deps: Deps): OrgJobsService {
  const watch = new SharedOrgState(context.globalState, Date.now);
  const service = new OrgJobsService(deps.orgs, watch, deps.log);
  context.subscriptions.push(service);
  return service;
}
