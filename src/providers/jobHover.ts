import * as vscode from 'vscode';
import { isBulkApiError } from '../api/errors';
import { FoundId } from '../api/ids';
import type { Deps } from '../deps';
import type { JobEntry } from '../jobs/jobStore';
import { HOVER_COMMANDS, HoverContent, HoverJob, hoverMarkdown } from '../model/hoverMarkdown';
import { idAtPosition } from '../model/idText';
import { signalOf } from '../util/cancellation';

/** Documents the hover works in: anything a person reads ids in (code, logs, CSV, JSON, output). */
export const HOVER_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-remote' },
  { scheme: 'vscode-userdata' },
  { scheme: 'output' },
];

/** How long an unknown id's answer (not found, an error) is remembered: moving the mouse sends nothing. */
const MISS_TTL_MS = 30_000;
/** Each request a hover sends to Salesforce gets this long at most. */
const HOVER_TIMEOUT_MS = 3_000;
/**
 * The whole answer, which may first wait for the Salesforce CLI to list the orgs (seconds on a cold
 * start; VS Code shows "Loading…" meanwhile). What arrives later is still cached for the next hover.
 */
const HOVER_TOTAL_MS = 10_000;

/** `promise`, or undefined once the time is up or the hover is cancelled (the work itself goes on and is cached). */
function bounded<T>(promise: Promise<T>, token: vscode.CancellationToken, ms: number): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    const cancel = token.onCancellationRequested(() => resolve(undefined));
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      cancel.dispose();
    });
  });
}

/**
 * Hover on Bulk job (750) and batch (751) ids. Answers from the store (tracked and recently fetched
 * jobs) at once; an unknown id is fetched once, with a short timeout and the hover's cancellation,
 * and what came back (even "not found") is remembered briefly.
 */
export class JobHoverProvider implements vscode.HoverProvider {
  private readonly misses = new Map<string, { at: number; content: HoverContent }>();

  constructor(private readonly deps: Deps, private readonly isEnabled: () => boolean) {}

  /** Forgets the misses (an org was added or removed: the answer may differ now). */
  clear(): void {
    this.misses.clear();
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.isEnabled()) {
      return undefined;
    }
    const found = idAtPosition(document.lineAt(position.line).text, position.character);
    if (!found) {
      return undefined;
    }
    const content = this.fromMemory(found) ?? await this.fetch(found, token);
    if (!content || token.isCancellationRequested) {
      return undefined;
    }
    const markdown = new vscode.MarkdownString(hoverMarkdown(content, { t: vscode.l10n.t, now: Date.now(), locale: vscode.env.language }), true);
    markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    return new vscode.Hover(markdown, new vscode.Range(position.line, found.start, position.line, found.end));
  }

  private toHoverJob(entry: JobEntry, orgLabel?: string): HoverJob {
    return {
      ref: { orgKey: entry.orgKey, jobId: entry.jobId },
      orgLabel: orgLabel ?? entry.orgKey.replace(/^manual:/, ''),
      job: entry.job,
      progress: entry.progress,
      fetchedAt: entry.fetchedAt,
      tracked: entry.tracked,
      history: this.deps.history?.get(entry),
      batches: entry.batches,
      error: entry.lastError && (entry.fetchedAt === undefined || entry.lastError.at >= entry.fetchedAt) ? entry.lastError : undefined,
    };
  }

  /** What the store already knows, or a recent miss: no I/O at all. */
  private fromMemory(found: FoundId): HoverContent | undefined {
    const now = Date.now();
    const entries = found.kind === 'job'
      ? this.deps.store.findById(found.id18)
      : this.deps.store.tracked().filter((e) => e.batches?.some((b) => b.id === found.id18));
    const known = entries.filter((e) => e.job);
    if (known.length > 0) {
      return { kind: 'jobs', id: found.id18, idKind: found.kind, jobs: known.map((e) => this.toHoverJob(e)) };
    }
    const miss = this.misses.get(found.id18);
    if (miss && now - miss.at < MISS_TTL_MS) {
      return miss.content;
    }
    this.misses.delete(found.id18);
    return undefined;
  }

  private remember(id18: string, content: HoverContent): HoverContent {
    this.misses.set(id18, { at: Date.now(), content });
    return content;
  }

  /** Asks the default org (or the only one) once. */
  private async fetch(found: FoundId, token: vscode.CancellationToken): Promise<HoverContent | undefined> {
    const work = this.ask(found, signalOf(token)).catch((e: unknown) => {
      this.deps.log.debug(`[hover] ${found.id18}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    return bounded(work, token, HOVER_TOTAL_MS);
  }

  private async ask(found: FoundId, signal: AbortSignal): Promise<HoverContent | undefined> {
    const { orgs, store } = this.deps;
    const all = await orgs.list();
    if (all.length === 0) {
      return this.remember(found.id18, { kind: 'noOrg', id: found.id18, idKind: found.kind });
    }
    const org = (await orgs.getDefault()) ?? (all.length === 1 ? all[0] : undefined);
    if (!org) {
      return this.remember(found.id18, {
        kind: 'unknown', id: found.id18, idKind: found.kind,
        message: vscode.l10n.t('Not among the jobs seen so far, and several orgs are connected: look it up to choose the org.'),
      });
    }
    try {
      let jobId = found.id18;
      if (found.kind === 'batch') {
        const client = await orgs.clientFor(org.key);
        const parent = await client.findJobOfBatch(found.id18, { signal, timeoutMs: HOVER_TIMEOUT_MS });
        if (!parent) {
          return this.remember(found.id18, {
            kind: 'unknown', id: found.id18, idKind: 'batch', orgLabel: org.label,
            message: vscode.l10n.t('No recent Bulk API 1.0 job in {0} has this batch.', org.label),
          });
        }
        jobId = parent;
      }
      const entry = await store.refresh({ orgKey: org.key, jobId }, { signal, timeoutMs: HOVER_TIMEOUT_MS, withBatches: found.kind === 'batch' });
      return { kind: 'jobs', id: found.id18, idKind: found.kind, jobs: [this.toHoverJob(entry, org.label)] };
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'cancelled') {
        return undefined;
      }
      return this.remember(found.id18, {
        kind: 'unknown', id: found.id18, idKind: found.kind, orgLabel: org.label,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }
}

export function registerHover(context: vscode.ExtensionContext, deps: Deps): JobHoverProvider {
  const provider = new JobHoverProvider(deps, () => deps.settings.hoverEnabled());
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, provider),
    deps.orgs.onDidChange(() => provider.clear()),
  );
  return provider;
}
