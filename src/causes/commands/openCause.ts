import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { isCauseLink } from '../causeTypes';

/**
 * Opens what failed a record (a link of a cause: the hover's, a quick fix's): the workspace's file,
 * else the org's Setup page. Its argument comes from a command link, so it is checked.
 */
export async function openCause(deps: Deps, arg: unknown): Promise<void> {
  const a = (typeof arg === 'object' && arg !== null ? arg : {}) as { link?: unknown; orgKey?: unknown; failedCsv?: unknown };
  if (!isCauseLink(a.link) || !deps.causes) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open it from a failed record\'s hover or from "Why records failed" in the job\'s details.'));
    return;
  }
  await (await deps.causes()).open(a.link, {
    orgKey: typeof a.orgKey === 'string' ? a.orgKey : undefined,
    failedCsv: typeof a.failedCsv === 'string' ? a.failedCsv : undefined,
  });
}
