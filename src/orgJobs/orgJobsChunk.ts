/**
 * What the `orgJobs` chunk starts, on first use (`registerOrgJobs.ts` says when): the org-list service
 * (`registerOrgJobsService.ts`), the tree's drawing (`OrgJobsView`) and what the view shows
 * (`OrgJobsController`), on the tree view made at activation. The Org Jobs commands get this.
 */
import type * as vscode from 'vscode';
import type { Deps } from '../deps';
import { OrgJobsController } from './orgJobsController';
import type { OrgJobsService } from './orgJobsService';
import { OrgJobsView, type OrgJobsNode } from './orgJobsView';
import { registerOrgJobsService } from './registerOrgJobsService';
import type { OrgUserNames } from '../salesforce/org/userNames';

export interface OrgJobsFeature {
  deps: Deps;
  /** The workspace's state: the orgs shown, the filter. */
  state: vscode.Memento;
  /** The org-list service the view reads (its `deps`: the notifier, the shared state). */
  service: OrgJobsService;
  /** The tree's drawing. */
  provider: OrgJobsView;
  view: vscode.TreeView<OrgJobsNode>;
  controller: OrgJobsController;
}

/** `names`: the window's users' names (`deps.names()`, loaded with the chunk), shared with the panel, the Jobs view and the hover. */
export function startOrgJobs(context: vscode.ExtensionContext, deps: Deps, view: vscode.TreeView<OrgJobsNode>, names: OrgUserNames): OrgJobsFeature {
  const service = registerOrgJobsService(context, deps, names);
  const provider = new OrgJobsView();
  const controller = new OrgJobsController(deps, service, context.workspaceState, provider, view);
  context.subscriptions.push(provider, controller);
  void controller.loadOrgs();
  return { deps, state: context.workspaceState, service, provider, view, controller };
}
