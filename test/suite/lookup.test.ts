import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEMO_IDS } from '../emulator/seed';
import type { BulkJobsApi } from '../../src/extension';
import type { LookupResult } from '../../src/details/commands/lookupJob';
import { bulkJobsApi, closeAllEditors, connectEmulatorOrg, waitFor, waitForRendered } from './panelHelpers';

function lookup(arg: unknown): Thenable<LookupResult> {
  return vscode.commands.executeCommand<LookupResult>('bulkJobs.lookupJob', arg);
}

describe('look up job (in host)', () => {
  let api: BulkJobsApi;
  let orgKey: string;

  before(async () => {
    api = await bulkJobsApi();
    orgKey = await connectEmulatorOrg(api);
  });

  afterEach(closeAllEditors);

  it('says which rule a bad id breaks', async () => {
    const cases: Array<[string, RegExp]> = [
      ['750D00000004Sk', /15 or 18 characters; this one has 14/],
      ['750D00000004SkLIAX', /last three characters should be IAU/],
      ['001D00000004SkL', /starts with 750 .* this one starts with 001/],
      ['750D0000-004SkL', /only letters/],
    ];
    for (const [id, expected] of cases) {
      const result = await lookup({ id });
      assert.strictEqual(result.ok, false, id);
      assert.ok(!result.ok && result.reason === 'invalid', id);
      assert.match(result.ok ? '' : result.message ?? '', expected);
    }
  });

  it('looks up a 15-character id, opens its panel and remembers it', async () => {
    const id15 = DEMO_IDS.classicJson.slice(0, 15);
    const result = await lookup({ id: id15, orgKey });
    assert.deepStrictEqual(result, { ok: true, ref: { orgKey, jobId: DEMO_IDS.classicJson } });
    const panel = await waitFor('the panel', () => api.panels.get({ orgKey, jobId: DEMO_IDS.classicJson }));
    const shown = await waitForRendered(panel, 'the job', (m) => m.job !== undefined);
    assert.strictEqual(shown.job?.contentType, 'JSON');
    const recent = api.globalState.get<Array<{ jobId: string }>>('bulkJobs.recentLookups') ?? [];
    assert.strictEqual(recent[0]?.jobId, DEMO_IDS.classicJson);
  });

  it('resolves a batch id to its job', async () => {
    const client = await api.deps.orgs.clientFor(orgKey);
    const [batch] = await client.listBatches(DEMO_IDS.classicXml);
    const result = await lookup({ id: batch.id, orgKey });
    assert.deepStrictEqual(result, { ok: true, ref: { orgKey, jobId: DEMO_IDS.classicXml } });
  });

  it('reports a job the org does not have', async () => {
    const result = await lookup({ id: '750D00000009ZZZ', orgKey });
    assert.strictEqual(result.ok, false);
    assert.ok(!result.ok && result.reason === 'notFound', JSON.stringify(result));
  });
});
