import * as vscode from 'vscode';
import type { OrgRegistry } from './orgRegistry';
import { loginCommandLine, type LoginTarget } from './cli/loginCommand';

export const CLI_INSTALL_URL = 'https://developer.salesforce.com/tools/salesforcecli';

/**
 * Opens a terminal with `sf org login web …` typed but not run: the person checks it, presses Enter
 * and completes the login in their browser. Aliases that are not safe on a command line are left out.
 */
export function openLoginTerminal(target: LoginTarget): void {
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Salesforce login') });
  terminal.show();
  terminal.sendText(loginCommandLine(target), false);
}

/**
 * "Sign In Again" after a session expired: a new session id for a manual org, `sf org login web`
 * in a terminal for a CLI org.
 */
export async function reauthenticate(orgs: OrgRegistry, orgKey: string): Promise<void> {
  const org = await orgs.get(orgKey).catch(() => undefined);
  if (!org || org.source === 'manual') {
    await vscode.commands.executeCommand('bulkJobs.addOrg', org ? { instanceUrl: org.instanceUrl } : undefined);
    return;
  }
  openLoginTerminal({ aliases: [org.label, org.username], instanceUrl: org.instanceUrl });
}
