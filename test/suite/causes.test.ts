import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import type { StoredDownload } from '../../src/downloads/resultDownloads';
import type { FailureGroupView } from '../../src/details/protocol';
import type { JobDetailsPanel } from '../../src/details/jobDetailsPanel';
import { CAUSE_IDS, SFDX_WORKSPACE_FIXTURE, TOOLING_IDS, startEmulator, type Emulator } from '../emulator';
import { bulkJobsApi, closeAllEditors, waitFor, waitForRendered } from './panelHelpers';

const MIN = 60_000;

/**
 * From a failed record to what failed it, in the real extension host: the `causes` scenario's failed
 * Account load (its own emulator), the sample SFDX workspace copied into the test workspace, and the
 * org's Setup page seen through the opener the links use (replaced here to see the URL).
 */
describe('causes: from a failed record to what failed it (in host)', function () {
  this.timeout(90_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let orgKey: string;
  let root: string;
  let dir: string;
  let panel: JobDetailsPanel;
  let realOpen: ((uri: vscode.Uri) => Thenable<boolean>) | undefined;
  const opened: string[] = [];
  const copied = ['sfdx-project.json', 'force-app', 'unpackaged'];
  const ref = (): { orgKey: string; jobId: string } => ({ orgKey, jobId: CAUSE_IDS.accountLoad });

  const groups = (): FailureGroupView[] => panel.lastPosted?.failures?.groups ?? [];
  const group = (code: string, text?: string): FailureGroupView => {
    const found = groups().find((g) => g.statusCode === code && (text === undefined || g.message.includes(text)));
    assert.ok(found, `a ${code} group in ${JSON.stringify(groups().map((g) => g.statusCode))}`);
    return found;
  };

  before(async () => {
    emulator = await startEmulator({ seed: 'empty', causes: true, clock: 'manual' });
    emulator.clock.advance(3 * MIN); // the Account load completed at t0 + 2 min
    api = await bulkJobsApi();
    orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'the test host opens a folder');
    fs.cpSync(SFDX_WORKSPACE_FIXTURE, root, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-causes-inhost-'));
    assert.ok(api.deps.causes);
    const causes = await api.deps.causes();
    realOpen = causes.openExternal;
    causes.openExternal = async (uri) => {
      opened.push(uri.toString(true));
      return true;
    };
  });

  after(async () => {
    await closeAllEditors();
    if (api?.deps.causes && realOpen) {
      (await api.deps.causes()).openExternal = realOpen;
    }
    for (const name of copied) {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
    }
    fs.rmSync(dir, { recursive: true, force: true });
    if (orgKey) {
      await api.deps.orgs.removeManual(orgKey);
    }
    await emulator?.close();
  });

  it('Why records failed names the validation rule and the trigger, and says what to do', async () => {
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref());
    panel = await waitFor('the panel', () => api.panels.get(ref()));
    await waitForRendered(panel, 'the job', (m) => m.job?.object === 'Account' && !m.refreshing);
    const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref(), { dir, quiet: true });
    assert.strictEqual(stored?.rows.failed, 240);
    await waitForRendered(panel, 'the rule named from the workspace', (m) => m.failures?.groups.some((g) => g.cause?.rule !== undefined) === true);
    const rule = group('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.strictEqual(rule.cause?.rule?.title, 'validation rule Require_Industry on Account');
    assert.match(rule.cause?.rule?.formula ?? '', /Industry/, 'its condition formula, read from the file');
    const apex = group('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'NullPointerException');
    assert.deepStrictEqual(apex.cause?.links.map((l) => l.label), ['AccountService.cls:42', 'AccountTrigger.trigger:5']);
    assert.match(apex.cause?.meaning ?? '', /\S/);
    assert.strictEqual(group('UNABLE_TO_LOCK_ROW').cause?.actionId, 'reloadSerial');
  });

  it('the Apex link opens AccountService.cls at line 42', async () => {
    const apex = group('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'NullPointerException');
    await panel.receive({ type: 'openCause', key: apex.key, index: 0 });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor opened');
    assert.strictEqual(path.basename(editor.document.fileName), 'AccountService.cls');
    assert.strictEqual(editor.selection.active.line + 1, 42);
    assert.ok(editor.document.fileName.startsWith(root) || fs.realpathSync(editor.document.fileName).startsWith(fs.realpathSync(root)));
    assert.deepStrictEqual(opened, [], 'the workspace had it: the org was not opened');
  });

  it('a workspace without the class opens it in the org (Setup), through the Tooling API', async () => {
    const cls = path.join(root, 'force-app/main/default/classes/AccountService.cls');
    const kept = fs.readFileSync(cls);
    fs.rmSync(cls);
    try {
      const tooling = (): number => emulator.log.filter((e) => e.path.includes('/tooling/query')).length;
      const before = tooling();
      const apex = group('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'NullPointerException');
      await panel.receive({ type: 'openCause', key: apex.key, index: 0 });
      const setup = `${emulator.url.replace(/\/$/, '')}/lightning/setup/ApexClasses/page?address=%2F${TOOLING_IDS.accountService}`;
      assert.deepStrictEqual(opened, [vscode.Uri.parse(setup).toString(true)]);
      assert.ok(tooling() > before, 'asked the Tooling API');
      const asked = tooling();
      await panel.receive({ type: 'openCause', key: apex.key, index: 0 });
      assert.strictEqual(tooling(), asked, 'the answer is kept for this org');
      assert.strictEqual(opened.length, 2);
    } finally {
      fs.writeFileSync(cls, kept);
    }
  });

  it('a panel message with a link index it does not have, or of the wrong shape, opens nothing', async () => {
    const count = opened.length;
    await panel.receive({ type: 'openCause', key: group('DUPLICATES_DETECTED').key, index: 0 });
    await panel.receive({ type: 'openCause', key: 'x', index: -1 });
    assert.strictEqual(opened.length, count);
  });

  it('the failed CSV: a diagnostic per failed row, a hover with the links, quick fixes; a removed row loses its diagnostic', async () => {
    const file = api.deps.results.get(ref())?.files.failed;
    assert.ok(file && fs.existsSync(file));
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const { collection } = await api.failedRows();
    const diagnostics = (): readonly vscode.Diagnostic[] => collection.get(uri) ?? [];
    await waitFor('240 diagnostics', () => diagnostics().length === 240);
    assert.ok(diagnostics().every((d) => d.source === 'Bulk Jobs'));
    const npe = diagnostics().find((d) => doc.lineAt(d.range.start.line).text.includes('NullPointerException'));
    assert.ok(npe, 'a row of the null pointer');
    assert.match(npe.message, /^CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY: /);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, npe.range.start);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /command:bulkJobs\.openCause\?/);
    assert.match(text, /\[AccountService\\?\.cls:42\]/);

    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, npe.range);
    const open = fixes.find((f) => f.title === 'Open AccountService.cls:42');
    assert.ok(open?.command, JSON.stringify(fixes.map((f) => f.title)));
    await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
    assert.strictEqual(path.basename(vscode.window.activeTextEditor?.document.fileName ?? ''), 'AccountService.cls');
    assert.strictEqual((vscode.window.activeTextEditor?.selection.active.line ?? -1) + 1, 42);

    const editor = await vscode.window.showTextDocument(doc);
    const line = npe.range.start.line;
    await editor.edit((e) => e.delete(doc.lineAt(line).rangeIncludingLineBreak));
    await waitFor('one diagnostic fewer', () => diagnostics().length === 239);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
