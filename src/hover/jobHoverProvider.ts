import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { JobEntry } from '../job/jobEntry';
import { HOVER_COMMANDS, HoverContent, hoverMarkdown } from './hoverMarkdown';
import { idAtPosition } from '../job/idText';
import { MissCache } from './missCache';
import { signalOf } from '../util/cancellation';
import { HoverAnswers } from './hoverAnswers';
import type { OrgUserNames } from '../salesforce/org/userNames';

/**
 * Hover on Bulk job (750) and batch (751) ids: `HoverAnswers` decides what to say (from memory when
 * it can, one capped request for an unknown job id, never a search for a batch); this wraps it in
 * trusted markdown and keeps its caches current from the store's changes and the orgs'.
 */
export class JobHoverProvider {
  private readonly misses = new MissCache<HoverContent>();
  private readonly answers: HoverAnswers;

  /** `names`: the window's users' names (`deps.names()`), who created each job. */
  constructor(deps: Deps, names: OrgUserNames) {
    this.answers = new HoverAnswers({
      store: deps.store, orgs: deps.orgs, batches: deps.batchJobs, misses: this.misses, t: vscode.l10n.t,
      debug: (message) => deps.log.debug(message), history: deps.history, names,
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
    const found = idAtPosition(document.lineAt(position.line).text, position.character);
    if (!found) {
      return undefined;
    }
    const line = position.line;
    const content = await this.answers.answer(found, signalOf(token));
    if (!content || token.isCancellationRequested) {
      return undefined;
    }
    const markdown = new vscode.MarkdownString(hoverMarkdown(content, { t: vscode.l10n.t, now: Date.now(), locale: vscode.env.language }), true);
    markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    return new vscode.Hover(markdown, new vscode.Range(line, found.start, line, found.end));
  }
}
