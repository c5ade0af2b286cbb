import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEMO_IDS } from '../emulator/seed';
import { bulkJobsApi, closeAllEditors, connectEmulatorOrg } from './panelHelpers';

async function hoversAt(doc: vscode.TextDocument, text: string, offsetInside = 3): Promise<string[]> {
  const position = doc.positionAt(doc.getText().indexOf(text) + offsetInside);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

describe('hover on job ids (in host)', () => {
  before(async () => {
    await connectEmulatorOrg(await bulkJobsApi());
  });

  after(async () => {
    await vscode.workspace.getConfiguration('bulkJobs').update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  const id18 = DEMO_IDS.classicAborted;
  const id15 = DEMO_IDS.v2Query.slice(0, 15);

  async function openDoc(): Promise<vscode.TextDocument> {
    const content = `log: job ${id18} aborted\n"jobId","${id15}"\nnot an id: x${id18}y\n`;
    const doc = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  it('summarises an 18-character job id', async () => {
    const doc = await openDoc();
    const [text] = await hoversAt(doc, id18);
    assert.ok(text, 'a hover');
    assert.match(text, /Lead · update/);
    assert.match(text, /Aborted/);
    assert.match(text, /Records\\: 2,000 processed · \*\*12 failed\*\*/);
    assert.match(text, /command:bulkJobs\.openJobDetails\?/);
    assert.match(text, /command:bulkJobs\.copyJobId\?/);
  });

  it('summarises a 15-character id (a 2.0 query job) and answers again from memory', async () => {
    const doc = await openDoc();
    const [first] = await hoversAt(doc, id15);
    assert.match(first ?? '', /Account · query/);
    assert.match(first ?? '', /JobComplete/);
    const started = Date.now();
    const [again] = await hoversAt(doc, id15, 10);
    assert.match(again ?? '', /Account · query/);
    assert.ok(Date.now() - started < 2_000);
  });

  it('summarises a batch id with its job', async () => {
    const api = await bulkJobsApi();
    const orgKey = (await api.deps.orgs.getDefault())?.key;
    assert.ok(orgKey);
    const [batch] = await (await api.deps.orgs.clientFor(orgKey)).listBatches(DEMO_IDS.classicFailed);
    const doc = await vscode.workspace.openTextDocument({ content: `{"batchId": "${batch.id}"}`, language: 'json' });
    const [text] = await hoversAt(doc, batch.id);
    assert.match(text ?? '', /Contact · insert/);
    assert.match(text ?? '', new RegExp(`Batch ${batch.id} of job ${DEMO_IDS.classicFailed}`));
  });

  it('does not match an id inside a longer token', async () => {
    const doc = await openDoc();
    const texts = await hoversAt(doc, `x${id18}y`, 5);
    assert.ok(!texts.some((t) => t.includes('bulkJobs.')), texts.join('\n'));
  });

  it('can be turned off', async () => {
    await vscode.workspace.getConfiguration('bulkJobs').update('hover.enabled', false, vscode.ConfigurationTarget.Global);
    const doc = await openDoc();
    const texts = await hoversAt(doc, id18);
    assert.ok(!texts.some((t) => t.includes('bulkJobs.')), texts.join('\n'));
  });
});
