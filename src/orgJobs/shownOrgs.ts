/**
 * Which orgs the Org Jobs view shows, kept per workspace (`bulkJobs.orgJobs.orgs`); absent: the
 * workspace's default org. "Choose Orgs for Org Jobs…" (`commands/chooseOrgs.ts`) changes them.
 */
import type * as vscode from 'vscode';
import type { OrgRegistry } from '../orgs/orgRegistry';
import { SHOWN_ORGS_KEY } from '../storage/keys';


/** The org keys kept, else the default org's; [] when there is none. */
export async function shownOrgs(state: vscode.Memento, orgs: OrgRegistry): Promise<string[]> {
  const kept = state.get<unknown>(SHOWN_ORGS_KEY);
  if (Array.isArray(kept) && kept.every((k) => typeof k === 'string') && kept.length > 0) {
    return kept as string[];
  }
  const def = await orgs.getDefault().catch(() => undefined);
  return def === undefined ? [] : [def.key];
}
