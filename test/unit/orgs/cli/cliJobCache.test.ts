/** The Salesforce CLI's bulk-data caches (`~/.sf/bulk-data-<command>-cache.json`): reading and matching orgs. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliCacheFile, cliJobsOfOrg, parseCliBulkCache, readCliBulkCaches } from '../../../../src/orgs/cli/cliJobCache';

describe('results: jobs started from the CLI (bulk-data caches)', () => {
  it('reads the CLI cache shape { jobId: { jobId, username, apiVersion, timestamp } }', () => {
    const text = JSON.stringify({
      '750Hn00000AbCdEIAV': { jobId: '750Hn00000AbCdEIAV', username: 'me@acme.com', apiVersion: '62.0', timestamp: '2026-11-28T10:00:00.000Z' },
      '750Hn00000AbCdF': { value: { jobId: '750Hn00000AbCdF', username: 'other@acme.com' }, timestamp: 1764324000000 },
      notAJob: { jobId: 'hello' },
      '751Hn00000AbCdEIAV': { jobId: '751Hn00000AbCdEIAV', username: 'me@acme.com' },
      broken: 'x',
    });
    const jobs = parseCliBulkCache(text, 'upsert');
    assert.deepStrictEqual(jobs, [
      { jobId: '750Hn00000AbCdEIAV', username: 'me@acme.com', apiVersion: '62.0', startedAt: Date.parse('2026-11-28T10:00:00.000Z'), command: 'upsert' },
      { jobId: '750Hn00000AbCdFIAV', username: 'other@acme.com', apiVersion: undefined, startedAt: 1764324000000, command: 'upsert' },
    ]);
  });

  it('gives nothing for a damaged file', () => {
    assert.deepStrictEqual(parseCliBulkCache('{not json', 'import'), []);
    assert.deepStrictEqual(parseCliBulkCache('[1,2]', 'import'), []);
  });

  it('reads every command\'s file from a state folder, newest first, and matches an org by username', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-state-'));
    try {
      fs.writeFileSync(cliCacheFile('import', dir), JSON.stringify({ a: { jobId: '750Hn00000AAAAAIA5', username: 'Me@Acme.com', timestamp: '2026-11-27T00:00:00Z' } }));
      fs.writeFileSync(cliCacheFile('delete', dir), JSON.stringify({ b: { jobId: '750Hn00000BBBBBIA5', username: 'me@acme.com', timestamp: '2026-11-28T00:00:00Z' } }));
      fs.writeFileSync(cliCacheFile('export', dir), JSON.stringify({ c: { jobId: '750Hn00000CCCCCIA5', username: 'someone@else.com' } }));
      const all = await readCliBulkCaches(dir);
      assert.deepStrictEqual(all.map((j) => [j.jobId, j.command]), [
        ['750Hn00000BBBBBIA5', 'delete'],
        ['750Hn00000AAAAAIA5', 'import'],
        ['750Hn00000CCCCCIA5', 'export'],
      ]);
      assert.deepStrictEqual(cliJobsOfOrg(all, 'me@acme.com').map((j) => j.jobId), ['750Hn00000BBBBBIA5', '750Hn00000AAAAAIA5']);
      assert.deepStrictEqual(cliJobsOfOrg(all, undefined), []);
      assert.deepStrictEqual(await readCliBulkCaches(path.join(dir, 'missing')), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
