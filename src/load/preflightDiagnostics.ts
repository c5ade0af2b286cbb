/**
 * The preflight's findings as diagnostics ("Bulk Jobs") in the CSV editor, for the files a load is
 * known for: a `<jobId>-failed.csv` of a tracked job (its object, operation and external id) or a
 * CSV the person chose a load for. Checked again on open, on save and, debounced, as they type,
 * so fixing a row makes its diagnostics go away.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { SObjectDescribe } from '../salesforce/types';
import type { Deps } from '../deps';
import { asLoadOperation } from './loadOperation';
import type { PreflightResult } from './preflight';
import type { Finding, PreflightSpec } from './preflightColumns';

export interface LoadTarget {
  orgKey: string;
  spec: PreflightSpec;
}

const DEBOUNCE_MS = 400;
const FAILED_FILE = /^([a-zA-Z0-9]{15,18})-failed\.csv$/;

/** The job id a `<jobId>-failed.csv` is named after. */
export function failedFileJobId(uri: vscode.Uri): string | undefined {
  return FAILED_FILE.exec(path.basename(uri.fsPath))?.[1];
}

export class PreflightDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('Bulk Jobs');
  private readonly targets = new Map<string, LoadTarget>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: Deps) {
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.soon(d, 0)),
      vscode.workspace.onDidSaveTextDocument((d) => this.soon(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.soon(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
    for (const d of vscode.workspace.textDocuments) this.soon(d, 0);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  /** What `uri` is loaded as: chosen for it, else from the tracked job its `<jobId>-failed.csv` name names. */
  targetOf(uri: vscode.Uri): LoadTarget | undefined {
    const chosen = this.targets.get(uri.toString());
    if (chosen) return chosen;
    const jobId = failedFileJobId(uri);
    const entry = jobId ? this.deps.store.findById(jobId).find((e) => e.job?.object && asLoadOperation(e.job.operation)) : undefined;
    const operation = asLoadOperation(entry?.job?.operation);
    if (!entry?.job?.object || !operation) return undefined;
    return { orgKey: entry.orgKey, spec: { object: entry.job.object, operation, externalIdFieldName: entry.job.externalIdFieldName } };
  }

  setTarget(uri: vscode.Uri, target: LoadTarget): void {
    this.targets.set(uri.toString(), target);
  }

  /** Forgets what was chosen for `uri` (a cancelled load: the next run asks again). */
  forgetTarget(uri: vscode.Uri): void {
    this.targets.delete(uri.toString());
  }

  /** The describes a check of `header` needs (the object's, and its relationship columns' targets). */
  async describes(target: LoadTarget, header: readonly string[], signal?: AbortSignal): Promise<Map<string, SObjectDescribe>> {
    const { relationshipTargets } = await import(/* webpackChunkName: "reload" */ './preflight');
    const client = await this.deps.orgs.clientFor(target.orgKey);
    const main = await client.describe(target.spec.object, { signal });
    const all = new Map([[main.name, main], [target.spec.object, main]]);
    for (const name of relationshipTargets(header, main)) {
      const d = await client.describe(name, { signal }).catch(() => undefined); // a warning on the column, not a failure
      if (d) all.set(name, d);
    }
    return all;
  }

  /** Checks the document now and shows the findings; undefined when no load is known for it. */
  async check(doc: vscode.TextDocument): Promise<PreflightResult | undefined> {
    const target = this.targetOf(doc.uri);
    if (!target) return undefined;
    const { preflight, readHeader } = await import(/* webpackChunkName: "reload" */ './preflight');
    const { detectDelimiter } = await import(/* webpackChunkName: "reload" */ '../salesforce/load/fileFormat');
    const text = doc.getText(); // the editor decoded it already
    const delimiter = detectDelimiter(text.slice(0, 256 * 1024), text.length <= 256 * 1024);
    const describes = await this.describes(target, await readHeader(pieces(text), delimiter));
    const result = await preflight(pieces(text), target.spec, describes, vscode.l10n.t, undefined, delimiter);
    this.show(doc.uri, result);
    return result;
  }

  show(uri: vscode.Uri, result: PreflightResult): void {
    this.collection.set(uri, result.findings.map(toDiagnostic));
  }

  private soon(doc: vscode.TextDocument, ms: number): void {
    if (doc.uri.scheme !== 'file' || !doc.fileName.toLowerCase().endsWith('.csv') || !this.targetOf(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.check(doc).catch((e) => this.deps.log.warn(`[preflight] ${path.basename(doc.fileName)} could not be checked: ${String(e instanceof Error ? e.message : e)}`));
    }, ms));
  }
}

/** The document's text in pieces (its header is read from the first, not from the whole text). */
async function* pieces(text: string): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += 64 * 1024) yield text.slice(at, at + 64 * 1024);
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const start = new vscode.Position(f.line - 1, f.column - 1);
  const d = new vscode.Diagnostic(new vscode.Range(start, start.translate(0, f.length)), f.message,
    f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'Bulk Jobs';
  d.code = f.kind;
  return d;
}
