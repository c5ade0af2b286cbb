/**
 * The failed CSV (`<jobId>-failed.csv`) guided row by row: each failed row carries a diagnostic
 * ("Bulk Jobs", what its error means), its hover says what to do with links to the cause, and the
 * quick fixes open the cause. Like the preflight's diagnostics (load/preflightDiagnostics.ts): checked
 * on open and, debounced, as the person types; a row that is removed, or changed since the file was
 * opened (taken as fixed), or whose sf__Error is cleared, loses its diagnostic.
 *
 * Row texts are kept in memory only, while the document is open (never in VS Code's state).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { JobRef } from '../job/jobRef';
import { failedFileJobId } from '../load/preflightDiagnostics';
import { buildRowCauseView, type CauseView } from './causeView';
import type { CauseLink } from './causeTypes';
import { readFailedRows } from './failedRows';

const DEBOUNCE_MS = 400;
/** The command the hover's and quick fixes' links run (the only one the hover's markdown may run). */
export const OPEN_CAUSE_COMMAND = 'bulkJobs.openCause';

/** What `bulkJobs.openCause` is given. */
export interface OpenCauseArgs {
  link: CauseLink;
  orgKey?: string;
  failedCsv?: string;
}

interface RowCause {
  range: vscode.Range;
  cause: CauseView;
}

interface Checked {
  rows: RowCause[];
  job?: JobRef;
}

export class FailedRowDiagnostics implements vscode.Disposable, vscode.HoverProvider, vscode.CodeActionProvider {
  readonly collection = vscode.languages.createDiagnosticCollection('Bulk Jobs');
  /** Per document: the row texts as first seen (a row whose text is no longer among them was changed). */
  private readonly originals = new Map<string, Set<string>>();
  private readonly checked = new Map<string, Checked>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];
  /** Resolves when the last scheduled check of each document is done (tests wait for it). */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly deps: Deps) {
    const selector: vscode.DocumentSelector = { scheme: 'file', pattern: '**/*-failed.csv' };
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.soon(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.soon(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.languages.registerHoverProvider(selector, this),
      vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    ];
    for (const d of vscode.workspace.textDocuments) {
      this.soon(d, 0);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) {
      clearTimeout(t);
    }
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  /** Checks now (tests call it; otherwise on open and as the person types). */
  async check(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const failed = await readFailedRows(doc.getText());
    if (!failed) {
      this.collection.delete(doc.uri);
      this.checked.delete(key);
      return;
    }
    let originals = this.originals.get(key);
    if (!originals) {
      originals = new Set(failed.rows.map((r) => r.text));
      this.originals.set(key, originals);
    }
    const job = this.jobOf(doc.uri);
    const object = job ? this.deps.store.get(job)?.job?.object : undefined;
    const views = new Map<string, CauseView>();
    const rows: RowCause[] = [];
    for (const row of failed.rows) {
      if (!originals.has(row.text)) {
        continue; // changed since the file was opened: taken as fixed
      }
      let cause = views.get(row.error);
      if (!cause) {
        cause = buildRowCauseView(row.error, vscode.l10n.t, object);
        views.set(row.error, cause);
      }
      if (row.line - 1 < doc.lineCount) {
        rows.push({ range: doc.lineAt(row.line - 1).range, cause }); // the row's first line: where the person looks
      }
    }
    this.checked.set(key, { rows, job });
    this.collection.set(doc.uri, rows.map(toDiagnostic));
  }

  /** The check under way for a document, if any (tests). */
  settled(uri: vscode.Uri): Promise<void> {
    return this.pending.get(uri.toString()) ?? Promise.resolve();
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const checked = this.checked.get(doc.uri.toString());
    const row = checked?.rows.find((r) => r.range.start.line === position.line);
    if (!checked || !row) {
      return undefined;
    }
    return new vscode.Hover(causeMarkdown(row.cause, { orgKey: checked.job?.orgKey, failedCsv: doc.uri.fsPath }), row.range);
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const checked = this.checked.get(doc.uri.toString());
    const row = checked?.rows.find((r) => r.range.start.line === range.start.line);
    if (!checked || !row) {
      return [];
    }
    const diagnostic = this.collection.get(doc.uri)?.find((d) => d.range.start.line === row.range.start.line);
    return row.cause.links.map((link) => {
      const action = new vscode.CodeAction(vscode.l10n.t('Open {0}', link.label), vscode.CodeActionKind.QuickFix);
      const args: OpenCauseArgs = { link, orgKey: checked.job?.orgKey, failedCsv: doc.uri.fsPath };
      action.command = { command: OPEN_CAUSE_COMMAND, title: action.title, arguments: [args] };
      if (diagnostic) {
        action.diagnostics = [diagnostic];
      }
      return action;
    });
  }

  /** The job the file's rows failed in: the download that wrote it, else a tracked job of that id. */
  private jobOf(uri: vscode.Uri): JobRef | undefined {
    const downloaded = this.deps.results.jobOfFailedFile(uri.fsPath);
    if (downloaded) {
      return downloaded;
    }
    const jobId = failedFileJobId(uri);
    const entry = jobId ? this.deps.store.findById(jobId)[0] : undefined;
    return entry ? { orgKey: entry.orgKey, jobId: entry.jobId } : undefined;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.collection.delete(uri);
    this.originals.delete(key);
    this.checked.delete(key);
  }

  private soon(doc: vscode.TextDocument, ms: number): void {
    if (doc.uri.scheme !== 'file' || !failedFileJobId(doc.uri)) {
      return;
    }
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.pending.set(key, new Promise((resolve) => {
      this.timers.set(key, setTimeout(() => {
        this.timers.delete(key);
        this.check(doc)
          .catch((e) => this.deps.log.warn(`[causes] ${path.basename(doc.fileName)} could not be read: ${String(e instanceof Error ? e.message : e)}`))
          .finally(resolve);
      }, ms));
    }));
  }
}

function toDiagnostic(row: RowCause): vscode.Diagnostic {
  const d = new vscode.Diagnostic(row.range, `${row.cause.statusCode || vscode.l10n.t('Error')}: ${row.cause.meaning}`, vscode.DiagnosticSeverity.Error);
  d.source = 'Bulk Jobs';
  d.code = row.cause.source ? { value: row.cause.statusCode, target: vscode.Uri.parse(row.cause.source) } : row.cause.statusCode;
  return d;
}

/** Markdown text with its special characters escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** What the code means, what to do, and the links (command links limited to `bulkJobs.openCause`). */
export function causeMarkdown(cause: CauseView, context: { orgKey?: string; failedCsv?: string }): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [OPEN_CAUSE_COMMAND] };
  md.appendMarkdown(`**${escape(cause.statusCode || vscode.l10n.t('Error'))}**: ${escape(cause.meaning)}\n\n`);
  if (cause.exception) {
    md.appendMarkdown(`\`${cause.exception.replace(/`/g, "'")}\`\n\n`);
  }
  md.appendMarkdown(`${escape(vscode.l10n.t('What to do: {0}', cause.action))}\n\n`);
  const links = cause.links.map((link) => {
    const args: OpenCauseArgs = { link, ...context };
    return `[${escape(link.label)}](command:${OPEN_CAUSE_COMMAND}?${encodeURIComponent(JSON.stringify([args]))})`;
  });
  if (cause.source) {
    links.push(`[${escape(vscode.l10n.t('Salesforce Documentation'))}](${cause.source})`);
  }
  if (links.length) {
    md.appendMarkdown(links.join(' · '));
  }
  return md;
}
