import * as vscode from 'vscode';
import type { OrgJobsController } from '../orgJobsController';
import type { OrgJobsFeature } from '../orgJobsChunk';
import { ORG_JOBS_VIEW } from '../orgJobsView';

/**
 * `bulkJobs.orgJobs.reveal` (a notification's "Show"): `{ orgKey, jobIds }`: shows the org, focuses
 * the view, selects the first job and expands its group.
 */
export async function reveal({ controller, view }: OrgJobsFeature, arg: unknown): Promise<void> {
  const { orgKey, jobIds } = (arg ?? {}) as { orgKey?: unknown; jobIds?: unknown };
  if (typeof orgKey !== 'string' || !Array.isArray(jobIds) || typeof jobIds[0] !== 'string') {
    return;
  }
  if (!controller.orgKeys.includes(orgKey)) {
    await controller.loadOrgs([...controller.orgKeys, orgKey]);
  }
  await vscode.commands.executeCommand(`${ORG_JOBS_VIEW}.focus`);
  let node = controller.nodeForJob(orgKey, jobIds[0]);
  if (node === undefined && !isFilterOff(controller)) {
    await controller.setFilter({}); // the job is filtered out: show it anyway
    node = controller.nodeForJob(orgKey, jobIds[0]);
  }
  if (node !== undefined) {
    await view.reveal(node, { select: true, focus: true, expand: true });
  }
}

function isFilterOff(controller: OrgJobsController): boolean {
  return Object.keys(controller.filter).length === 0;
}
