import * as vscode from 'vscode';
import type { Deps } from '../../deps';
import { checkLookupInput } from '../../job/idText';
import { JobLookup, type LookupResult } from './lookupJob';
import { plainMessage } from '../../util/markdown';

/**
 * `bulkJobs.findJobOfBatch`, the hover's "Find its job" link: `{ batchId, orgKey? }`. The search a
 * hover never starts by itself, with cancellable progress, then the job's details (a Look Up of the batch).
 */
export function findJobOfBatch(memento: vscode.Memento, deps: Deps, arg: unknown): Promise<LookupResult> {
  const a = typeof arg === 'object' && arg !== null ? arg as Record<string, unknown> : {};
  const check = checkLookupInput(typeof a.batchId === 'string' ? a.batchId : '', vscode.l10n.t);
  if (!check.ok || check.kind !== 'batch') {
    const message = check.ok ? vscode.l10n.t('{0} is not a batch id (751…).', check.id18) : check.message;
    void vscode.window.showErrorMessage(plainMessage(message));
    return Promise.resolve({ ok: false, reason: 'invalid', message });
  }
  return new JobLookup(memento, deps).run({ id: check.id18, orgKey: typeof a.orgKey === 'string' ? a.orgKey : undefined });
}
