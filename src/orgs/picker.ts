/**
 * Choosing an org: the quick pick (the proposed org, then the default first), progress while the Salesforce CLI is asked
 * for the first time, and what to do when there is no org at all.
 */
import * as vscode from 'vscode';
import { CLI_INSTALL_URL } from './login';
import type { OrgConnection, OrgRegistry } from './orgRegistry';
import { escapeIcons, plainMessage } from '../util/markdown';

export interface PickOrgOptions {
  placeHolder?: string;
  /** Keys of orgs not to offer. */
  exclude?: string[];
  /** The org proposed first (e.g. the one last used for this file), marked "last used". */
  preferred?: string;
  /** Show the pick even for a single org (a write to an org is chosen each time). */
  alwaysAsk?: boolean;
}

/** The only org (unless `alwaysAsk`), or the user's choice (the preferred, then the default first); undefined if cancelled or none. */
export async function pickOrg(orgs: OrgRegistry, options: PickOrgOptions = {}): Promise<OrgConnection | undefined> {
  const all = await withCliProgress(orgs, () => orgs.list());
  const candidates = all.filter((o) => !options.exclude?.includes(o.key));
  if (candidates.length === 0) {
    await explainNoOrg(orgs);
    return undefined;
  }
  if (candidates.length === 1 && !options.alwaysAsk) {
    return candidates[0];
  }
  const def = await orgs.getDefault();
  const rank = (key: string): number => (key === options.preferred ? 2 : key === def?.key ? 1 : 0);
  const sorted = [...candidates].sort((a, b) => rank(b.key) - rank(a.key));
  const picked = await vscode.window.showQuickPick(sorted.map((o) => ({
    label: escapeIcons(o.label),
    description: escapeIcons([o.username !== o.label ? o.username : undefined, o.key === options.preferred ? vscode.l10n.t('last used') : undefined,
      o.key === def?.key ? vscode.l10n.t('default') : undefined].filter(Boolean).join(' · ')),
    detail: o.source === 'manual' ? vscode.l10n.t('{0} · session id', o.instanceUrl) : vscode.l10n.t('{0} · Salesforce CLI', o.instanceUrl),
    org: o,
  })), { placeHolder: options.placeHolder ?? vscode.l10n.t('Choose an org'), matchOnDescription: true, matchOnDetail: true });
  return picked?.org;
}

/** A progress hint in the status bar the first time the CLI is asked (it can take seconds). */
function withCliProgress<T>(orgs: OrgRegistry, task: () => Promise<T>): Promise<T> {
  if (orgs.cliAsked) {
    return task();
  }
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Asking the Salesforce CLI for orgs…') }, task));
}

async function explainNoOrg(orgs: OrgRegistry): Promise<void> {
  const add = vscode.l10n.t('Add Org with Session Id…');
  const install = vscode.l10n.t('Install Salesforce CLI');
  const problem = orgs.lastCliProblem;
  const message = problem?.problem === 'cliNotFound'
    ? problem.message
    : vscode.l10n.t('No Salesforce org yet. Log in with the Salesforce CLI (`sf org login web --alias ALIAS`) or add an org with a session id.');
  const choice = await vscode.window.showWarningMessage(plainMessage(message), add, install);
  if (choice === add) {
    await vscode.commands.executeCommand('bulkJobs.addOrg');
  } else if (choice === install) {
    await vscode.env.openExternal(vscode.Uri.parse(CLI_INSTALL_URL));
  }
}
