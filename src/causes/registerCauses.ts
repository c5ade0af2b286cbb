/**
 * What failed a record, at activation: nothing of it loads until it is needed. Opening a cause
 * (`causeLinks.ts`, the `causeLinks` chunk) loads with the first cause opened or named (the details
 * panel's "Why records failed", a failed row's hover or quick fix); the failed CSV's diagnostics, hover
 * and quick fixes (`failedRowDiagnostics.ts`, the `failedRows` chunk) load with the first CSV file opened.
 */
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { CauseLinks, CauseLinksDeps } from './causeLinks';
import type { FailedRowDiagnostics } from './failedRowDiagnostics';
import { madeWithFirstCsv } from '../ui/firstCsv';
import { once } from '../util/lazy';

/** The chunks' loaders (`chunks.ts`). */
export interface CausesChunks {
  causeLinks(): Promise<{ CauseLinks: typeof CauseLinks }>;
  failedRows(): Promise<{ FailedRowDiagnostics: typeof FailedRowDiagnostics }>;
}

/** The window's one `CauseLinks` (its org cache lives in it), made on the first call. */
export function causeLinksOnDemand(deps: CauseLinksDeps, chunks: CausesChunks): () => Promise<CauseLinks> {
  return once(async () => new (await chunks.causeLinks()).CauseLinks(deps));
}

/** The failed CSV's diagnostics, hover and quick fixes, loaded with the first CSV file opened (or on the first call). */
export function registerCauses(context: vscode.ExtensionContext, deps: Deps, chunks: CausesChunks): () => Promise<FailedRowDiagnostics> {
  // reads the CSV editors already open when made
  return madeWithFirstCsv(context, deps.log, 'causes', async () => new (await chunks.failedRows()).FailedRowDiagnostics(deps));
}
