/**
 * The Org Jobs view at activation: its tree view (collapsed until opened) on a stand-in provider, and
 * when the rest loads (the `orgJobs` chunk, `orgJobsChunk.ts`:
 * the service, the tree's drawing, the controller): the first time the view is shown, an Org Jobs
 * command runs, or an org is watched (at activation, so its background checks go on after a reload,
 * and whenever this window's focus changes, for a switch flipped in another window).
 */
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { OrgJobsFeature, startOrgJobs } from './orgJobsChunk';
import type { OrgJobsNode } from './orgJobsView';
import { ORG_JOBS_VIEW } from './orgJobsViewId';
import { watchedOrgs } from './watchedOrgs';
import { FOCUS_NOTE_MS } from '../schedule/focus';
import { StandInTree } from '../ui/standInTree';

/** The `orgJobs` chunk's loader (`chunks.ts`). */
export type OrgJobsChunk = () => Promise<{ startOrgJobs: typeof startOrgJobs }>;

/** Returns the Org Jobs feature, started on the first call. */
export function registerOrgJobs(context: vscode.ExtensionContext, deps: Deps, chunk: OrgJobsChunk): () => Promise<OrgJobsFeature> {
  const tree = new StandInTree<OrgJobsNode>(() => feature());
  const view = vscode.window.createTreeView(ORG_JOBS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  let started: Promise<OrgJobsFeature> | undefined;
  const feature = (): Promise<OrgJobsFeature> => {
    if (started === undefined) {
      started = Promise.all([chunk(), deps.names()]).then(([{ startOrgJobs }, names]) => {
        const f = startOrgJobs(context, deps, view, names);
        tree.attach(f.provider);
        return f;
      });
      started.catch((e: unknown) => {
        started = undefined; // tried again next time
        deps.log.error(`[orgJobs] could not load: ${String(e)}`);
      });
    }
    return started;
  };
  // The focus signal itself is the schedule's (`schedule/focus.ts`, noted by `registerSchedule`).
  const onFocusOrWatched = (): void => {
    if (started === undefined && watchedOrgs(context.globalState).length > 0) {
      void feature();
    }
  };
  onFocusOrWatched();
  const focusTimer = setInterval(onFocusOrWatched, FOCUS_NOTE_MS);
  context.subscriptions.push(
    tree,
    view,
    view.onDidChangeVisibility((e) => { if (e.visible) { void feature(); } }),
    vscode.window.onDidChangeWindowState(onFocusOrWatched),
    new vscode.Disposable(() => clearInterval(focusTimer)),
  );
  return feature;
}
