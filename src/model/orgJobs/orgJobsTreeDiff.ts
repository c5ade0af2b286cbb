/**
 * Which nodes of the Org Jobs tree to redraw between two builds (`orgJobsTree.ts`): everything on
 * the first build or when the orgs shown or the filter changed; otherwise the org nodes whose label
 * or counts changed, the groups whose label or shown rows changed (a job that entered or left them),
 * and the rows that stayed in their group but show something else. A row that moved is drawn by its
 * groups' refresh, so it is not listed. Pure: no vscode.
 */
import type { OrgJobsTree } from './orgJobsTree';

export type TreeDiff = { all: true } | { all: false; ids: string[] };

export function diffTrees(prev: OrgJobsTree | undefined, next: OrgJobsTree): TreeDiff {
  if (prev === undefined || prev.shape !== next.shape) {
    return { all: true };
  }
  const ids: string[] = [];
  for (const [id, node] of next.byId) {
    const old = prev.byId.get(id);
    if (node.kind === 'more' || old === undefined || old.kind !== node.kind) {
      continue; // new nodes come with their parent's refresh
    }
    if (node.kind === 'job') {
      if (old.kind === 'job' && old.parent === node.parent && old.sig !== node.sig) {
        ids.push(id);
      }
    } else if ((old as { sig: string }).sig !== node.sig) {
      ids.push(id);
    }
  }
  return { all: false, ids };
}
