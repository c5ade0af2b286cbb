import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { JobEntry } from '../tracked/jobStore';
import { HOVER_COMMANDS, HoverContent, hoverMarkdown } from './hoverMarkdown';
import { idAtPosition } from '../job/idText';
import { MissCache } from './missCache';
import { signalOf } from '../util/cancellation';
import { HoverAnswers } from './hoverAnswers';

/** Documents the hover works in: anything a person reads ids in (code, logs, CSV, JSON, output). */
export const HOVER_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-remote' },
  { scheme: 'vscode-userdata' },
  { scheme: 'output' },
];

/**
 * Hover on Bulk job (750) and batch (751) ids: `HoverAnswers` decides what to say (from memory when
 * it can, one capped request for an unknown job id, never a search for a batch); this wraps it in
 * trusted markdown and keeps its caches current from the store's changes and the orgs'.
 */
export class JobHoverProvider implements vscode.HoverProvider {
  private readonly misses = new MissCache<HoverContent>();
  private readonly answers: HoverAnswers;

  constructor(deps: Deps, private readonly isEnabled: () => boolean) {
    this.answers = new HoverAnswers({
      store: deps.store, orgs: deps.orgs, batches: deps.batchJobs, misses: this.misses, t: vscode.l10n.t,
      debug: (message) => deps.log.debug(message), history: deps.history,
    });
  }

  /** Forgets the misses (an org was added, removed or signed in again: the answer may differ now). */
  clear(): void {
    this.misses.clear();
  }

  /** A refresh anywhere (poller, panel, lookup): its batches and whether its org answers. */
  noteEntry(entry: JobEntry): void {
    this.answers.note(entry);
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.isEnabled()) {
      return undefined;
    }
    const found = idAtPosition(document.lineAt(position.line).text, position.character);
    if (!found) {
      return undefined;
    }
    const content = await this.answers.answer(found, signalOf(token));
    if (!content || token.isCancellationRequested) {
      return undefined;
    }
    const markdown = new vscode.MarkdownString(hoverMarkdown(content, { t: vscode.l10n.t, now: Date.now(), locale: vscode.env.language }), true);
    markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    return new vscode.Hover(markdown, new vscode.Range(position.line, found.start, position.line, found.end));
  }
}

export function registerHover(context: vscode.ExtensionContext, deps: Deps): JobHoverProvider {
  const provider = new JobHoverProvider(deps, () => deps.settings.hoverEnabled());
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, provider),
    deps.orgs.onDidChange(() => provider.clear()),
    deps.store.onDidChange((entry) => {
      for (const e of entry ? [entry] : deps.store.tracked()) {
        provider.noteEntry(e);
      }
    }),
  );
  return provider;
}
