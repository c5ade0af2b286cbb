/**
 * Which orgs the Org Jobs view shows, kept per workspace (`bulkJobs.orgJobs.orgs`); absent: the
 * workspace's default org. "Choose Orgs for Org Jobs…" is a multi-pick of the known orgs.
 */
import * as vscode from 'vscode';
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

/** Returns the keys chosen (and keeps them), undefined if cancelled or there is no org. */
export async function chooseOrgs(state: vscode.Memento, orgs: OrgRegistry, current: readonly string[]): Promise<string[] | undefined> {
  const all = await orgs.list().catch(() => []);
  if (all.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No Salesforce org yet. Log in with the Salesforce CLI or add an org with a session id.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(all.map((o) => ({ label: o.label, description: o.username !== o.label ? o.username : undefined, picked: current.includes(o.key), key: o.key })), {
    canPickMany: true,
    placeHolder: vscode.l10n.t('Orgs whose jobs the Org Jobs view shows'),
  });
  if (picked === undefined || picked.length === 0) {
    return undefined;
  }
  const keys = picked.map((p) => p.key);
  await state.update(SHOWN_ORGS_KEY, keys);
  return keys;
}
