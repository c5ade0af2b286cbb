import type * as vscode from 'vscode';
import type { Deps } from '../deps';
import { FailedRowDiagnostics } from './failedRowDiagnostics';

/** The failed CSV's diagnostics, hover and quick fixes (opening a cause itself is `deps.causes`, made in activate()). */
export function registerCauses(context: vscode.ExtensionContext, deps: Deps): FailedRowDiagnostics {
  const rows = new FailedRowDiagnostics(deps);
  context.subscriptions.push(rows);
  return rows;
}
