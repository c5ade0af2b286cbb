/**
 * Opening a cause: the workspace first (no API call), then the org. An Apex frame opens its class or
 * trigger at the line, a validation rule or flow its metadata file, a field its column in the failed
 * CSV. When the workspace does not have it, the org is asked through the Tooling API (only now, on a
 * click; never while polling; answers kept per org in memory) and Setup opens on it.
 */
import * as vscode from 'vscode';
import { SfdxWorkspace, matchFlowByLabel, matchValidationRule, type MetadataFs, type ValidationRuleFile } from './workspaceMetadata';
import { ruleTitle } from './causeView';
import type { CauseLink, MatchedRule } from './causeTypes';
import { lookUpInOrg, setupUrlOf } from './orgLookup';
import { isBulkApiError } from '../salesforce/errors';
import { signalOf } from '../util/cancellation';
import type { OrgRegistry } from '../orgs/orgRegistry';
import { plainMessage } from '../util/markdown';

/** Where the cause was opened. */
export interface OpenedCause {
  where: 'workspace' | 'org' | 'none';
  /** A validation rule: its name (and formula when read). */
  rule?: MatchedRule;
}

export interface CauseContext {
  /** The org of the job the failure came from (needed to look in the org). */
  orgKey?: string;
  /** The failed CSV (a field's column is opened there). */
  failedCsv?: string;
}

export interface CauseLinksDeps {
  orgs: Pick<OrgRegistry, 'get' | 'clientFor'>;
  log: vscode.LogOutputChannel;
}

/** `vscode.workspace.fs` as `workspaceMetadata.ts` reads it. */
function metadataFs(): MetadataFs {
  const decoder = new TextDecoder();
  return {
    readFile: async (p) => decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.file(p))),
    readDirectory: async (p) => (await vscode.workspace.fs.readDirectory(vscode.Uri.file(p)))
      .map(([name, type]) => ({ name, isDirectory: (type & vscode.FileType.Directory) !== 0 })),
    exists: async (p) => {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.file(p));
        return true;
      } catch {
        return false;
      }
    },
  };
}

export class CauseLinks {
  /** Opens a URL outside VS Code (in-host tests replace it to see the URL). */
  openExternal: (uri: vscode.Uri) => Thenable<boolean> = (uri) => vscode.env.openExternal(uri);
  /** The org's answers, per org, by question: asked once per window. */
  private readonly orgCache = new Map<string, Map<string, Promise<unknown>>>();

  constructor(private readonly deps: CauseLinksDeps) {}

  /** The SFDX projects of the open workspace folders (those with an sfdx-project.json), read afresh. */
  async workspaces(): Promise<SfdxWorkspace[]> {
    const fs = metadataFs();
    const found: SfdxWorkspace[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') {
        continue;
      }
      const ws = await SfdxWorkspace.open(fs, folder.uri.fsPath.replace(/\\/g, '/'));
      if (ws) {
        found.push(ws);
      }
    }
    return found;
  }

  /** The workspace's validation rule whose error message is `message` (free: no API call). */
  async workspaceRule(message: string, object: string): Promise<ValidationRuleFile | undefined> {
    for (const ws of await this.workspaces()) {
      const match = matchValidationRule(message, await ws.validationRules(object));
      if (match) {
        return match.rule;
      }
    }
    return undefined;
  }

  /** Opens the link; says on screen when it leads nowhere. */
  async open(link: CauseLink, context: CauseContext): Promise<OpenedCause> {
    const inWorkspace = await this.openInWorkspace(link, context);
    if (inWorkspace) {
      return inWorkspace;
    }
    if (link.kind === 'field') {
      void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('Open the failed records first (Download Failed Records) to go to column {0}.', link.field)));
      return { where: 'none' };
    }
    if (!context.orgKey) {
      void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('{0} is not in this workspace.', link.label)));
      return { where: 'none' };
    }
    return this.openInOrg(link, context.orgKey);
  }

  private async openInWorkspace(link: CauseLink, context: CauseContext): Promise<OpenedCause | undefined> {
    if (link.kind === 'field') {
      return context.failedCsv && (await openColumn(context.failedCsv, link.field)) ? { where: 'workspace' } : undefined;
    }
    for (const ws of await this.workspaces()) {
      switch (link.kind) {
        case 'apex': {
          const file = await ws.findFrame({ kind: link.apex, candidates: link.candidates });
          if (file) {
            await openAt(file, link.line, link.column);
            return { where: 'workspace' };
          }
          break;
        }
        case 'validationRule': {
          if (!link.object) {
            break;
          }
          const match = matchValidationRule(link.message, await ws.validationRules(link.object));
          if (match) {
            await openAt(match.rule.path, undefined, undefined, '<errorConditionFormula>');
            return { where: 'workspace', rule: { title: ruleTitle(vscode.l10n.t, match.rule.name, match.rule.object), formula: match.rule.errorConditionFormula || undefined } };
          }
          break;
        }
        case 'flow': {
          const flow = matchFlowByLabel(link.flowLabel, await ws.flows())[0];
          if (flow) {
            await openAt(flow.path);
            return { where: 'workspace' };
          }
          break;
        }
      }
    }
    return undefined;
  }

  private async openInOrg(link: CauseLink, orgKey: string): Promise<OpenedCause> {
    const org = await this.deps.orgs.get(orgKey);
    if (!org) {
      void vscode.window.showErrorMessage(plainMessage(vscode.l10n.t('Org {0} is not connected any more.', orgKey)));
      return { where: 'none' };
    }
    try {
      const found = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification, cancellable: true, title: plainMessage(vscode.l10n.t('Looking for {0} in {1}…', link.label, org.label)),
      }, (_p, token) => lookUpInOrg(() => this.deps.orgs.clientFor(orgKey), link, {
        signal: signalOf(token), t: vscode.l10n.t, cached: (key, ask) => this.cached(orgKey, key, ask),
      }));
      if (!found) {
        void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('{0} was found neither in this workspace nor in {1}.', link.label, org.label)));
        return { where: 'none' };
      }
      await this.openExternal(vscode.Uri.parse(setupUrlOf(org.instanceUrl, found.kind, found.id)));
      return { where: 'org', rule: found.rule };
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'cancelled') {
        return { where: 'none' };
      }
      this.deps.log.warn(`[causes] ${link.kind} lookup in ${orgKey} failed: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(plainMessage(vscode.l10n.t('Could not look {0} up in {1}: {2}', link.label, org.label, e instanceof Error ? e.message : String(e))));
      return { where: 'none' };
    }
  }

  /** One answer per org and question; a failed question is asked again next time. */
  private cached<T>(orgKey: string, key: string, ask: () => Promise<T>): Promise<T> {
    let org = this.orgCache.get(orgKey);
    if (!org) {
      org = new Map();
      this.orgCache.set(orgKey, org);
    }
    let answer = org.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = ask();
      org.set(key, answer);
      answer.catch(() => org?.delete(key));
    }
    return answer;
  }
}

/** Opens a file, at a 1-based line and column when given, else at the first `find` text when given. */
async function openAt(file: string, line?: number, column?: number, find?: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  let position = new vscode.Position(0, 0);
  if (line !== undefined && line > 0) {
    const l = Math.min(line - 1, doc.lineCount - 1);
    position = new vscode.Position(l, Math.max(0, Math.min((column ?? 1) - 1, doc.lineAt(l).text.length)));
  } else if (find) {
    const at = doc.getText().indexOf(find);
    if (at >= 0) {
      position = doc.positionAt(at);
    }
  }
  const range = line !== undefined && line > 0 ? doc.lineAt(position.line).range : new vscode.Range(position, position);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Selection(range.start, range.end), preview: false });
}

/** Opens the failed CSV with the header cell of `field` selected; false when the file or column is not there. */
async function openColumn(file: string, field: string): Promise<boolean> {
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  } catch {
    return false;
  }
  const { parseCsvRecord } = await import(/* webpackChunkName: "causes" */ '../salesforce/csv');
  const header = doc.lineCount > 0 ? doc.lineAt(0).text : '';
  const cells = parseCsvRecord(header.replace(/^\uFEFF/, ''));
  const index = cells.findIndex((c) => c.trim().toLowerCase() === field.toLowerCase());
  if (index < 0) {
    return false;
  }
  let from = 0;
  for (let i = 0; i < index; i++) {
    from = header.indexOf(cells[i], from) + cells[i].length; // past the cells before it (a short name inside a longer one is not it)
  }
  const start = header.indexOf(cells[index], from);
  const range = new vscode.Range(0, Math.max(0, start), 0, Math.max(0, start) + cells[index].length);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Selection(range.start, range.end), preview: false });
  return true;
}
