import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { jobArg } from './jobCommandHelpers';

export async function copyJobId(deps: Deps, arg: unknown): Promise<void> {
  const ref = await jobArg(deps, arg, vscode.l10n.t('Job whose id to copy'));
  if (ref) {
    await vscode.env.clipboard.writeText(ref.jobId);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', ref.jobId), 3000);
  }
}
