/** "Choose Orgs for Org Jobs…": a multi-pick of the known orgs; the view then shows those. */
import * as vscode from 'vscode';
import type { OrgRegistry } from '../../orgs/orgRegistry';
import { SHOWN_ORGS_KEY } from '../../storage/keys';
import type { OrgJobsFeature } from '../orgJobsChunk';
import { escapeIcons } from '../../util/markdown';

export async function chooseOrgs({ deps, state, controller }: OrgJobsFeature): Promise<void> {
  const keys = await pickOrgs(state, deps.orgs, controller.orgKeys);
  if (keys !== undefined) {
    await controller.loadOrgs(keys);
  }
}

/** Returns the keys chosen (and keeps them), undefined if cancelled or there is no org. */
async function pickOrgs(state: vscode.Memento, orgs: OrgRegistry, current: readonly string[]): Promise<string[] | undefined> {
  const all = await orgs.list().catch(() => []);
  if (all.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No Salesforce org yet. Log in with the Salesforce CLI or add an org with a session id.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(all.map((o) => ({ label: escapeIcons(o.label), description: o.username !== o.label ? escapeIcons(o.username ?? '') : undefined, picked: current.includes(o.key), key: o.key })), {
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
