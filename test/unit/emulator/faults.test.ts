/**
 * The emulator's test controls over real HTTP: fault injection, latency, the request log, the
 * concurrency counter, tokens (expiry, refresh), and the command line.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { DEMO_IDS, Emulator, startEmulator } from '../../emulator';
import { rawRequest, RawResponse } from '../../emulator/http';

describe('emulator: faults, log, concurrency, tokens', function () {
  let emu: Emulator;

  const jobPath = `/services/async/64.0/job/${DEMO_IDS.seedPageXml}`;
  const jsonJobPath = `/services/async/64.0/job/${DEMO_IDS.seedPageJson}`;
  const get1 = (p = jobPath, extra: { timeoutMs?: number; agent?: http.Agent } = {}): Promise<RawResponse> =>
    rawRequest(emu.url + p, { headers: { 'X-SFDC-Session': emu.token }, ...extra });

  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('faults', () => {
    it('status: an HTML page with that status, for `times` requests only', async () => {
      emu.fault({ path: '/job/', status: 503, times: 2 });
      for (let i = 0; i < 2; i++) {
        const r = await get1();
        assert.equal(r.status, 503);
        assert.equal(r.headers['content-type'], 'text/html; charset=UTF-8');
        assert.match(r.text, /^<!DOCTYPE html>/);
        assert.equal(r.headers['sforce-limit-info'], undefined);
      }
      const ok = await get1();
      assert.equal(ok.status, 200);
    });

    it('matches by method and by path (substring or RegExp), and can be removed', async () => {
      const remove = emu.fault({ method: 'POST', path: /SkL/, status: 500 });
      assert.equal((await get1()).status, 200, 'GET is not matched');
      const body = '<jobInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload"><state>Closed</state></jobInfo>';
      const post = await rawRequest(emu.url + jobPath, { method: 'POST', body, headers: { 'X-SFDC-Session': emu.token, 'Content-Type': 'application/xml' } });
      assert.equal(post.status, 500);
      remove();
      emu.fault({ path: 'SkG', status: 502 });
      assert.equal((await get1()).status, 200, 'other path');
      assert.equal((await get1(jsonJobPath)).status, 502);
      emu.clearFaults();
      assert.equal((await get1(jsonJobPath)).status, 200);
    });

    it('a gateway error never reaches Salesforce: the job is unchanged and the request not counted', async () => {
      const id = emu.jobs.create1({ state: 'Open' });
      emu.fault({ method: 'POST', status: 502, times: 1 });
      const body = '<jobInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload"><state>Closed</state></jobInfo>';
      const post = await rawRequest(`${emu.url}/services/async/64.0/job/${id}`, { method: 'POST', body, headers: { 'X-SFDC-Session': emu.token } });
      assert.equal(post.status, 502);
      assert.equal(emu.apiUsage, 0);
      assert.deepEqual({ flavour: emu.log[0].flavour, jobId: emu.log[0].jobId, status: emu.log[0].status }, { flavour: '1.0', jobId: id, status: 502 });
      const after = await get1(`/services/async/64.0/job/${id}`);
      assert.match(after.text, /<state>Open<\/state>/);
    });

    it('error: a Salesforce error body in the flavour and format of the request', async () => {
      emu.fault({ path: '/job/', error: { code: 'InvalidUser' }, times: 2 });
      const xml = await get1();
      assert.equal(xml.status, 400);
      assert.match(xml.text, /<exceptionCode>InvalidUser<\/exceptionCode>/);
      const json = await get1(jsonJobPath);
      assert.equal((JSON.parse(json.text) as { exceptionCode: string }).exceptionCode, 'InvalidUser');
      emu.fault({ path: '/jobs/', error: { code: 'REQUEST_LIMIT_EXCEEDED', status: 403, message: 'TotalRequests Limit exceeded.' }, times: 1 });
      const rest = await rawRequest(`${emu.url}/services/data/v64.0/jobs/ingest`, { headers: { Authorization: `Bearer ${emu.token}` } });
      assert.equal(rest.status, 403);
      assert.equal(rest.text, '[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests Limit exceeded."}]');
    });

    it('the API limit: once used up, 1.0 answers ExceededQuota and 2.0 403 REQUEST_LIMIT_EXCEEDED', async () => {
      const small = await startEmulator({ apiUsageMax: 2 });
      try {
        const session = { 'X-SFDC-Session': small.token };
        const url1 = `${small.url}${jobPath}`;
        assert.equal((await rawRequest(url1, { headers: session })).status, 200);
        assert.equal((await rawRequest(url1, { headers: session })).headers['sforce-limit-info'], 'api-usage=2/2');
        const over = await rawRequest(url1, { headers: session });
        assert.equal(over.status, 400);
        assert.match(over.text, /<exceptionCode>ExceededQuota<\/exceptionCode>/);
        assert.equal(over.headers['sforce-limit-info'], 'api-usage=2/2');
        const rest = await rawRequest(`${small.url}/services/data/v64.0/jobs/ingest`, { headers: { Authorization: `Bearer ${small.token}` } });
        assert.equal(rest.status, 403);
        assert.match(rest.text, /REQUEST_LIMIT_EXCEEDED/);
      } finally {
        await small.close();
      }
    });

    it('body html: 200 with a login page instead of XML', async () => {
      emu.fault({ body: 'html', times: 1 });
      const r = await get1();
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/html; charset=UTF-8');
      assert.match(r.text, /<html>/);
    });

    it('body malformed: 200 with the usual content type and a body that does not parse', async () => {
      emu.fault({ body: 'malformed', times: 2 });
      const xml = await get1();
      assert.equal(xml.status, 200);
      assert.equal(xml.headers['content-type'], 'application/xml; charset=UTF-8');
      assert.match(xml.text, /<id>[^<]*<\/state>/);
      const json = await get1(jsonJobPath);
      assert.equal(json.headers['content-type'], 'application/json; charset=UTF-8');
      assert.throws(() => JSON.parse(json.text));
    });

    it('body truncated: the connection ends mid-body', async () => {
      emu.fault({ body: 'truncated', times: 1 });
      const r = await get1();
      assert.equal(r.status, 200);
      assert.equal(r.truncated, true);
      assert.ok(r.raw.length < Number(r.headers['content-length']));
      assert.ok(r.raw.length > 0);
    });

    it('body empty: 200 with no body', async () => {
      emu.fault({ body: 'empty', times: 1 });
      const r = await get1();
      assert.equal(r.status, 200);
      assert.equal(r.text, '');
      assert.equal(r.headers['content-length'], '0');
    });

    it('reset: the socket is destroyed without an answer', async () => {
      emu.fault({ reset: true, times: 1 });
      await assert.rejects(get1(), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /socket hang up/.test(e.message));
      assert.equal((await get1()).status, 200);
      assert.equal(emu.log[0].status, 0);
    });

    it('hang: never answers (the client times out), and close() still returns', async () => {
      emu.fault({ hang: true, times: 1 });
      await assert.rejects(get1(jobPath, { timeoutMs: 150 }), (e: NodeJS.ErrnoException) => e.code === 'ETIMEDOUT');
      assert.equal((await get1()).status, 200);
    });

    it('latency: a fault delays the matching request; setLatency delays all', async () => {
      emu.fault({ latencyMs: 120, times: 1 });
      await get1();
      const slow = emu.log[0];
      assert.ok(slow.endedAt - slow.startedAt >= 115, `took ${slow.endedAt - slow.startedAt} ms`);
      emu.setLatency(60);
      await get1();
      const next = emu.log[1];
      assert.ok(next.endedAt - next.startedAt >= 55);
      emu.setLatency(0);
    });

    it('expireToken fault: the token expires just before that request', async () => {
      emu.fault({ path: 'SkG', expireToken: true, times: 1 });
      assert.equal((await get1()).status, 200);
      const r = await get1(jsonJobPath);
      assert.equal(r.status, 400);
      assert.match(r.text, /InvalidSessionId/);
    });
  });

  describe('the request log and the concurrency counter', () => {
    it('logs method, path as received (double slashes collapsed), status, flavour, job id and auth', async () => {
      await rawRequest(`${emu.url}//services//async/64.0/job/${DEMO_IDS.seedPageXml}?x=1`, { headers: { 'X-SFDC-Session': emu.token } });
      await rawRequest(`${emu.url}/services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestOpen}`, { headers: { Authorization: 'Bearer wrong' } });
      await rawRequest(`${emu.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${emu.token}` } });
      assert.equal(emu.log.length, 3);
      const [a, b, c] = emu.log;
      assert.deepEqual({ method: a.method, path: a.path, status: a.status, flavour: a.flavour, jobId: a.jobId, authOk: a.authOk },
        { method: 'GET', path: `/services/async/64.0/job/${DEMO_IDS.seedPageXml}?x=1`, status: 200, flavour: '1.0', jobId: DEMO_IDS.seedPageXml, authOk: true });
      assert.deepEqual({ status: b.status, flavour: b.flavour, authOk: b.authOk }, { status: 401, flavour: '2.0', authOk: false });
      assert.deepEqual({ status: c.status, flavour: c.flavour, authOk: c.authOk }, { status: 200, flavour: 'auth', authOk: true });
      assert.equal(a.at, emu.clock.now());
      assert.ok(a.endedAt >= a.startedAt);
      emu.clearLog();
      assert.equal(emu.log.length, 0);
    });

    it('counts the peak of requests in flight', async () => {
      emu.setLatency(50);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 7 });
      try {
        await Promise.all(Array.from({ length: 21 }, () => get1(jobPath, { agent })));
        assert.equal(emu.maxConcurrent, 7);
        emu.resetConcurrency();
        assert.equal(emu.maxConcurrent, 0);
        await get1(jobPath, { agent });
        assert.equal(emu.maxConcurrent, 1);
      } finally {
        agent.destroy();
      }
    });

    it('serves 200 concurrent requests (a 2 s latency keeps them all in flight together, also on a loaded machine)', async () => {
      emu.setLatency(2_000);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
      try {
        const answers = await Promise.all(Array.from({ length: 200 }, () => get1(jobPath, { agent })));
        assert.ok(answers.every((r) => r.status === 200));
        assert.equal(emu.maxConcurrent, 200);
      } finally {
        agent.destroy();
      }
    });
  });

  describe('tokens', () => {
    it('expireToken: 1.0 InvalidSessionId and 2.0 401 until a new token is issued; the old one stays invalid', async () => {
      const old = emu.token;
      emu.expireToken();
      const r1 = await rawRequest(emu.url + jobPath, { headers: { 'X-SFDC-Session': old } });
      assert.equal(r1.status, 400);
      assert.match(r1.text, /<exceptionCode>InvalidSessionId<\/exceptionCode>/);
      const r2 = await rawRequest(`${emu.url}/services/data/v64.0/jobs/query/${DEMO_IDS.v2Query}`, { headers: { Authorization: `Bearer ${old}` } });
      assert.equal(r2.status, 401);
      const fresh = emu.issueToken();
      assert.notEqual(fresh, old);
      assert.equal(emu.token, fresh);
      assert.equal((await get1()).status, 200);
      assert.equal((await rawRequest(emu.url + jobPath, { headers: { 'X-SFDC-Session': old } })).status, 400);
    });

    it('POST /services/oauth2/token refreshes with the refresh token; a wrong one is invalid_grant', async () => {
      emu.expireToken();
      const form = (refresh: string) => `grant_type=refresh_token&client_id=PlatformCLI&refresh_token=${encodeURIComponent(refresh)}`;
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const r = await rawRequest(`${emu.url}/services/oauth2/token`, { method: 'POST', body: form(emu.refreshToken), headers });
      assert.equal(r.status, 200);
      const answer = JSON.parse(r.text) as Record<string, string>;
      assert.deepEqual(Object.keys(answer).sort(), ['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
      assert.equal(answer.access_token, emu.token);
      assert.equal(answer.instance_url, emu.url);
      assert.equal(answer.id, `${emu.url}/id/${emu.orgId}/${emu.userId}`);
      assert.equal((await get1()).status, 200);
      const bad = await rawRequest(`${emu.url}/services/oauth2/token`, { method: 'POST', body: form('nope'), headers });
      assert.equal(bad.status, 400);
      assert.equal((JSON.parse(bad.text) as { error: string }).error, 'invalid_grant');
    });

    it('speaks TLS on the same port (for the CLI\'s sfdx-url login) with its own certificate', async () => {
      const { EMULATOR_CA_CERT_PATH, sfdxAuthUrl } = await import('../../emulator');
      const fs = await import('node:fs');
      const ca = fs.readFileSync(EMULATOR_CA_CERT_PATH);
      const r = await rawRequest(`${emu.url.replace('http:', 'https:')}${jobPath}`, { ca, headers: { 'X-SFDC-Session': emu.token } });
      assert.equal(r.status, 200);
      assert.equal(sfdxAuthUrl(emu), `force://PlatformCLI::${emu.refreshToken}@${emu.url.slice('http://'.length)}`);
      assert.match(sfdxAuthUrl(emu), /^force:\/\/([a-zA-Z0-9._-]+={0,2}):([a-zA-Z0-9._-]*={0,2}):([a-zA-Z0-9._-]+={0,2})@([a-zA-Z0-9:._-]+)$/);
    });
  });

  describe('what the Salesforce CLI needs to log in', () => {
    const bearer = () => ({ Authorization: `Bearer ${emu.token}` });

    it('userinfo, sobjects/User, the version list, the resource map', async () => {
      const info = JSON.parse((await rawRequest(`${emu.url}/services/oauth2/userinfo`, { headers: bearer() })).text) as Record<string, string>;
      assert.equal(info.user_id, emu.userId);
      assert.equal(info.organization_id, emu.orgId);
      assert.equal(info.preferred_username, emu.username);
      const user = JSON.parse((await rawRequest(`${emu.url}/services/data/v51.0/sobjects/User/${info.user_id}`, { headers: bearer() })).text) as Record<string, string>;
      assert.equal(user.Username, emu.username);
      const versions = JSON.parse((await rawRequest(`${emu.url}/services/data`)).text) as Array<{ version: string; url: string }>;
      assert.equal(versions[versions.length - 1].version, '64.0');
      assert.ok(versions.some((v) => v.url === '/services/data/v60.0'));
      const resources = await rawRequest(`${emu.url}//services/data/v60.0`, { headers: bearer() });
      assert.equal(resources.status, 200);
      assert.ok('jobs' in (JSON.parse(resources.text) as object));
    });

    it('ScratchOrgInfo → 400 INVALID_TYPE; Organization → one record; tooling SandboxProcess → none', async () => {
      const scratch = await rawRequest(`${emu.url}/services/data/v51.0/query?q=${encodeURIComponent('SELECT Id FROM ScratchOrgInfo limit 1')}`, { headers: bearer() });
      assert.equal(scratch.status, 400);
      assert.equal((JSON.parse(scratch.text) as Array<{ errorCode: string }>)[0].errorCode, 'INVALID_TYPE');
      const org = await rawRequest(`${emu.url}/services/data/v60.0/query?q=${encodeURIComponent('SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization')}`, { headers: bearer() });
      const record = (JSON.parse(org.text) as { records: Array<Record<string, unknown>> }).records[0];
      assert.equal(record.IsSandbox, true, 'a sandbox unless started with sandbox: false');
      assert.equal(record.OrganizationType, 'Enterprise Edition');
      const tooling = await rawRequest(`${emu.url}/services/data/v60.0/tooling/query?q=${encodeURIComponent('SELECT Id FROM SandboxProcess')}`, { headers: bearer() });
      assert.deepEqual((JSON.parse(tooling.text) as { totalSize: number; records: unknown[] }).records, []);
    });
  });

  describe('the command line', () => {
    it('prints one JSON line, serves, and stops on SIGTERM', async () => {
      const cli = path.resolve(__dirname, '../../emulator/cli.js');
      const child = spawn(process.execPath, [cli, '--port', '0', '--seed', 'demo', '--token', 'T0KEN', '--speed', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            if (out.includes('\n')) {
              resolve(out.split('\n')[0]);
            }
          });
          child.on('error', reject);
          child.on('exit', (code) => reject(new Error(`exited ${code}`)));
        });
        const started = JSON.parse(line) as { url: string; token: string; username: string };
        assert.equal(started.token, 'T0KEN');
        assert.equal(started.username, 'demo@bulk-emulator.example');
        const r = await rawRequest(`${started.url}${jobPath}`, { headers: { 'X-SFDC-Session': 'T0KEN' } });
        assert.equal(r.status, 200);
      } finally {
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      }
    });
  });

  it('a real clock moves by itself, sped up', async () => {
    const real = await startEmulator({ clock: 'real', speed: 1000, seed: 'empty' });
    try {
      const a = real.clock.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(real.clock.now() - a >= 5_000);
      real.clock.advance(1_000_000);
      assert.ok(real.clock.now() - a < 1_000_000);
    } finally {
      await real.close();
    }
  });
});
