import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CliOutputError, connectedProblem, findProjectDefaultOrg, matchOrg, parseAccessToken, parseConfigGet,
  parseEnvelope, parseOrgDisplay, parseOrgList,
} from '../../../../src/orgs/cli/cliParse';

const TOKEN = '00D000000000001!AQ0AQH0dMHZfz972';

const display = JSON.stringify({
  status: 0,
  result: {
    id: '00D000000000001AAA', apiVersion: '60.0',
    accessToken: "[REDACTED] Use 'sf org auth show-access-token' to view", instanceUrl: 'http://127.0.0.1:8123/',
    username: 'user@example.com', connectedStatus: 'Connected', alias: 'demo',
  },
  warnings: ['Using an http URL is insecure.'],
});

describe('orgs: CLI output', () => {
  it('reads org display, trimming the slash and ignoring a redacted token', () => {
    const d = parseOrgDisplay(display);
    assert.deepStrictEqual(d, {
      username: 'user@example.com', instanceUrl: 'http://127.0.0.1:8123', alias: 'demo',
      orgId: '00D000000000001AAA', apiVersion: '60.0', connectedStatus: 'Connected',
    });
  });

  it('takes the token from an old CLI that did not redact it', () => {
    const old = JSON.stringify({ status: 0, result: { username: 'u@x.y', instanceUrl: 'https://x.my.salesforce.com', accessToken: TOKEN, connectedStatus: 'Connected' } });
    assert.strictEqual(parseOrgDisplay(old).accessToken, TOKEN);
  });

  it('reads show-access-token', () => {
    assert.strictEqual(parseAccessToken(JSON.stringify({ status: 0, result: { accessToken: TOKEN }, warnings: [] })), TOKEN);
    assert.throws(() => parseAccessToken(JSON.stringify({ status: 0, result: {} })), CliOutputError);
  });

  it('tolerates text before the JSON and reads warnings', () => {
    const env = parseEnvelope(`Warning: something\n${display}\n`);
    assert.strictEqual(env.status, 0);
    assert.deepStrictEqual(env.warnings, ['Using an http URL is insecure.']);
  });

  it('says "no JSON" for empty or broken output', () => {
    assert.throws(() => parseEnvelope(''), (e: CliOutputError) => e.problem === 'badOutput');
    assert.throws(() => parseEnvelope('{"status": 0, '), (e: CliOutputError) => e.problem === 'badOutput');
  });

  it('classifies CLI errors', () => {
    const err = (name: string, message: string): string => JSON.stringify({ status: 1, name, message, warnings: [] });
    assert.throws(() => parseOrgDisplay(err('NamedOrgNotFoundError', "No authorization information found for nope.")), (e: CliOutputError) => e.problem === 'noSuchOrg');
    assert.throws(() => parseOrgDisplay(err('RefreshTokenAuthError', 'Error authenticating with the refresh token due to: expired access/refresh token')), (e: CliOutputError) => e.problem === 'notAuthenticated');
    assert.throws(() => parseOrgDisplay(err('Error', 'fetch failed')), (e: CliOutputError) => e.problem === 'unreachable');
    assert.throws(() => parseOrgDisplay(err('Weird', 'odd')), (e: CliOutputError) => e.problem === 'failed' && e.message === 'odd');
  });

  it('never repeats a token found in an error message', () => {
    const env = parseEnvelope(JSON.stringify({ status: 1, name: 'X', message: `bad token ${TOKEN} and Bearer abc.def` }));
    assert.ok(!env.message!.includes(TOKEN));
    assert.ok(!env.message!.includes('abc.def'));
  });

  it('reads connectedStatus (status is 0 even when the org is unhealthy)', () => {
    assert.strictEqual(connectedProblem('Connected'), undefined);
    assert.strictEqual(connectedProblem(undefined), undefined);
    assert.strictEqual(connectedProblem('Session expired or invalid'), 'notAuthenticated');
    assert.strictEqual(connectedProblem('fetch failed'), 'unreachable');
  });

  it('merges org list groups, once per username', () => {
    const list = JSON.stringify({
      status: 0,
      result: {
        other: [{ username: 'a@x.y', alias: 'demo', instanceUrl: 'http://127.0.0.1:1/', isDefaultUsername: true, connectedStatus: 'Connected' }],
        nonScratchOrgs: [{ username: 'a@x.y', orgId: '00D1' }, { username: 'b@x.y', instanceUrl: 'https://b.my.salesforce.com' }],
        scratchOrgs: [{ username: 'c@x.y', alias: 'scratch', status: 'Active' }],
        sandboxes: [], devHubs: [], junk: 'x',
      },
    });
    const orgs = parseOrgList(list);
    assert.deepStrictEqual(orgs.map((o) => o.username), ['a@x.y', 'b@x.y', 'c@x.y']);
    assert.deepStrictEqual(orgs[0], { username: 'a@x.y', alias: 'demo', instanceUrl: 'http://127.0.0.1:1', orgId: '00D1', isDefault: true, isScratch: false, connectedStatus: 'Connected' });
    assert.strictEqual(orgs[2].isScratch, true);
    assert.strictEqual(matchOrg(orgs, 'demo')?.username, 'a@x.y');
    assert.strictEqual(matchOrg(orgs, 'B@X.Y')?.username, 'b@x.y');
    assert.strictEqual(matchOrg(orgs, 'none'), undefined);
  });

  it('reads config get', () => {
    assert.strictEqual(parseConfigGet(JSON.stringify({ status: 0, result: [{ name: 'target-org', value: 'demo', location: 'Global' }] })), 'demo');
    assert.strictEqual(parseConfigGet(JSON.stringify({ status: 0, result: [{ name: 'target-org' }] })), undefined);
  });
});

describe('orgs: project default org', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bj-proj-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(rel: string, text: string): void {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }

  it('prefers .sf/config.json target-org', () => {
    write('.sf/config.json', JSON.stringify({ 'target-org': 'sfAlias' }));
    write('.sfdx/sfdx-config.json', JSON.stringify({ defaultusername: 'old@x.y' }));
    assert.deepStrictEqual(findProjectDefaultOrg(dir), { org: 'sfAlias', source: path.join(dir, '.sf', 'config.json') });
  });

  it('falls back to .sfdx/sfdx-config.json defaultusername', () => {
    write('.sf/config.json', JSON.stringify({ 'target-dev-hub': 'hub' }));
    write('.sfdx/sfdx-config.json', JSON.stringify({ defaultusername: 'old@x.y' }));
    assert.strictEqual(findProjectDefaultOrg(dir)?.org, 'old@x.y');
  });

  it('looks in parent folders and survives broken files', () => {
    write('.sf/config.json', '{ not json');
    write('.sfdx/sfdx-config.json', JSON.stringify({ defaultusername: 'p@x.y' }));
    fs.mkdirSync(path.join(dir, 'force-app', 'main'), { recursive: true });
    assert.strictEqual(findProjectDefaultOrg(path.join(dir, 'force-app', 'main'))?.org, 'p@x.y');
  });

  it('says nothing when no config names an org', () => {
    const files: Record<string, string> = {};
    assert.strictEqual(findProjectDefaultOrg(dir, (f) => files[f]), undefined);
  });
});
