/**
 * The hover on Bulk job (750) and batch (751) ids, registered at activation; what finds the id under
 * the cursor and answers it loads with the first hover (the `hover` chunk: `jobHoverProvider.ts`, with
 * the id finder, the answers, the miss cache and the markdown).
 */
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { JobEntry } from '../job/jobEntry';
import type { JobHoverProvider } from './jobHoverProvider';
import { once } from '../util/lazy';

/** Documents the hover works in: anything a person reads ids in (code, logs, CSV, JSON, output). */
export const HOVER_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-remote' },
  { scheme: 'vscode-userdata' },
  { scheme: 'output' },
];

/** The `hover` chunk's loader (`chunks.ts`). */
export type HoverChunk = () => Promise<{ JobHoverProvider: typeof JobHoverProvider }>;

export function registerHover(context: vscode.ExtensionContext, deps: Deps, chunk: HoverChunk): void {
  let answering: JobHoverProvider | undefined;
  const load = once(async () => {
    const [{ JobHoverProvider }, names] = await Promise.all([chunk(), deps.names()]);
    const made = new JobHoverProvider(deps, names);
    deps.store.tracked().forEach((e) => made.noteEntry(e)); // what the store learnt before the first hover
    answering = made;
    return made;
  });
  /** Until the first hover, only the batches seen are kept (Find its job reads them too). */
  const note = (entry: JobEntry): void => {
    if (answering) {
      answering.noteEntry(entry);
    } else if (entry.batches) {
      deps.batchJobs.remember(entry.orgKey, entry.batches);
    }
  };
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, {
      async provideHover(document, position, token) {
        if (!deps.settings.hoverEnabled()) {
          return undefined;
        }
        return (await load()).provideHover(document, position, token);
      },
    }),
    deps.orgs.onDidChange(() => answering?.clear()),
    deps.store.onDidChange((entry) => {
      for (const e of entry ? [entry] : deps.store.tracked()) {
        note(e);
      }
    }),
  );
}
