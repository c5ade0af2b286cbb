import * as assert from 'assert';
import * as vscode from 'vscode';
import { BulkClient } from '../../src/salesforce/bulkClient';
import type { LookupResult } from '../../src/details/commands/lookupJob';
import type { BulkJobsApi } from '../../src/extension';
import { startEmulator, type Emulator } from '../emulator';
import { DEMO_IDS } from '../emulator/seed';
import { bulkJobsApi, closeAllEditors, connectEmulatorOrg, waitFor, waitForRendered } from './panelHelpers';

async function hoversAt(doc: vscode.TextDocument, text: string, offsetInside = 3): Promise<string[]> {
  const position = doc.positionAt(doc.getText().indexOf(text) + offsetInside);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

/**
 * Sets `bulkJobs.hover.enabled` and waits until the extension itself reads it back (the reader the hover
 * asks, `deps.settings`): in a remote window the update resolves before the host hears of the change,
 * and the next hover (or suite) must not race it.
 */
async function setHoverEnabled(value: boolean | undefined): Promise<void> {
  const api = await bulkJobsApi();
  await vscode.workspace.getConfiguration('bulkJobs').update('hover.enabled', value, vscode.ConfigurationTarget.Global);
  await waitFor(`bulkJobs.hover.enabled read as ${value}`, () => vscode.workspace.getConfiguration('bulkJobs').inspect('hover.enabled')?.globalValue === value
    && api.deps.settings.hoverEnabled() === (value ?? true));
}

describe('hover on job ids (in host)', () => {
  before(async () => {
    await connectEmulatorOrg(await bulkJobsApi());
  });

  after(async () => {
    await setHoverEnabled(undefined);
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
    assert.match(text, /Created by\\: Emulator Demo User \\\(005\w+\\\)/, 'who created it, by name, the id beside it');
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

  it('summarises a batch id with its job once its batches were listed (here by a refresh)', async () => {
    const api = await bulkJobsApi();
    const orgKey = (await api.deps.orgs.getDefault())?.key;
    assert.ok(orgKey);
    const [batch] = (await api.deps.store.refresh({ orgKey, jobId: DEMO_IDS.classicFailed }, { withBatches: true })).batches ?? [];
    assert.ok(batch, 'a batch');
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
    await setHoverEnabled(false);
    const doc = await openDoc();
    const texts = await hoversAt(doc, id18);
    assert.ok(!texts.some((t) => t.includes('bulkJobs.')), texts.join('\n'));
  });
});

describe('hover on batch ids within the API budget (in host)', () => {
  let emulator: Emulator;
  let api: BulkJobsApi;
  let orgKey: string;
  let batchId: string;

  before(async () => {
    // An emulator of this suite's own, so its request log shows exactly what the hover and the command sent.
    emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
    api = await bulkJobsApi();
    orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
    await api.deps.orgs.setDefault(orgKey);
    const [batch] = await new BulkClient({ instanceUrl: emulator.url, apiVersion: '64.0', getAccessToken: async () => emulator.token }).listBatches(DEMO_IDS.classicJson);
    batchId = batch.id;
  });

  after(async () => {
    await closeAllEditors();
    await api?.deps.orgs.removeManual(orgKey);
    await emulator?.close();
  });

  it('answers an unknown batch id with a "Find its job" link and sends no request', async () => {
    emulator.clearLog();
    const doc = await vscode.workspace.openTextDocument({ content: `batch ${batchId} failed`, language: 'plaintext' });
    const [text] = await hoversAt(doc, batchId);
    assert.match(text ?? '', /its job is not known here/);
    const link = /\(command:bulkJobs\.findJobOfBatch\?([^)]*)\)/.exec(text ?? '');
    assert.ok(link, text);
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(link[1])), [{ batchId, orgKey }]);
    assert.deepStrictEqual(emulator.log.map((e) => e.path), [], 'no request');
  });

  it('"Find its job" finds the job within the budget, opens its details, and the next hover answers from memory', async () => {
    emulator.clearLog();
    const result = await vscode.commands.executeCommand<LookupResult>('bulkJobs.findJobOfBatch', { batchId, orgKey });
    assert.deepStrictEqual(result, { ok: true, ref: { orgKey, jobId: DEMO_IDS.classicJson } });
    const panel = await waitFor('the panel', () => api.panels.get({ orgKey, jobId: DEMO_IDS.classicJson }));
    await waitForRendered(panel, 'the creator named', (m) => m.createdByName !== undefined); // the panel's one names query is done
    const listings = emulator.log.filter((e) => e.path.endsWith('/batch')).length;
    assert.ok(listings >= 1 && listings <= 50 + 1, `${listings} batch listings`);
    assert.ok(emulator.log.some((e) => e.path.includes('jobs/query?jobType=Classic')), 'listed the Classic jobs');
    emulator.clearLog();
    const doc = await vscode.workspace.openTextDocument({ content: `{"batchId": "${batchId}"}`, language: 'json' });
    const [text] = await hoversAt(doc, batchId);
    assert.match(text ?? '', new RegExp(`Batch ${batchId} of job ${DEMO_IDS.classicJson}`));
    assert.deepStrictEqual(emulator.log.map((e) => e.path), [], 'answered from memory');
  });
});
