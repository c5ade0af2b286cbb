import * as vscode from 'vscode';
import type { Deps } from '../deps';

/** A CLI alias or username that is safe to put on a command line as it is. */
const SAFE_ALIAS = /^[\w.@+-]+$/;

/**
 * "Sign In Again" after a session expired: a new session id for a manual org, `sf org login web`
 * in a terminal for a CLI org (the person completes the login in their browser).
 */
export async function reauthenticate(deps: Deps, orgKey: string): Promise<void> {
  const org = await deps.orgs.get(orgKey).catch(() => undefined);
  if (!org || org.source === 'manual') {
    await vscode.commands.executeCommand('bulkJobs.addOrg', org ? { instanceUrl: org.instanceUrl } : undefined);
    return;
  }
  const alias = SAFE_ALIAS.test(org.label) ? org.label : (org.username && SAFE_ALIAS.test(org.username) ? org.username : 'ALIAS');
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Salesforce login') });
  terminal.show();
  // Not executed: the person checks it and presses Enter.
  terminal.sendText(`sf org login web -o ${alias}`, false);
}
