import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliOutputError, parseOrgDisplay } from '../../../src/orgs/cliParse';
import { CliRunError, runCli } from '../../../src/orgs/cliRunner';

describe('orgs: running the CLI', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bj-cli-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function fakeCli(body: string): string {
    const file = path.join(dir, 'sf');
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  }

  it('passes arguments without a shell, adds --json and NO_COLOR, and reads stdout only', async () => {
    const cli = fakeCli('echo "spawn sf ENOENT" >&2; printf \'{"status":0,"result":{"args":"%s","color":"%s"}}\' "$*" "$NO_COLOR"');
    const out = await runCli(['org', 'display', '--target-org', 'a b;echo x'], { command: cli, timeoutMs: 5000 });
    assert.deepStrictEqual(JSON.parse(out).result, { args: 'org display --target-org a b;echo x --json', color: '1' });
  });

  it('returns the JSON of a failing command (non-zero exit)', async () => {
    const cli = fakeCli('echo \'{"status":1,"name":"NamedOrgNotFoundError","message":"nope"}\'; exit 1');
    const out = await runCli(['org', 'display'], { command: cli, timeoutMs: 5000 });
    assert.throws(() => parseOrgDisplay(out), (e: CliOutputError) => e.problem === 'noSuchOrg');
  });

  it('says when the CLI is not there', async () => {
    await assert.rejects(runCli(['--version'], { command: path.join(dir, 'missing-sf'), timeoutMs: 5000 }), (e: CliRunError) => e.failure === 'notFound');
  });

  it('gives up after the time box', async () => {
    const cli = fakeCli('exec sleep 30');
    await assert.rejects(runCli(['org', 'list'], { command: cli, timeoutMs: 300 }), (e: CliRunError) => e.failure === 'timeout');
  });

  it('can be cancelled', async () => {
    const cli = fakeCli('exec sleep 30');
    const ac = new AbortController();
    const p = runCli(['org', 'list'], { command: cli, timeoutMs: 10_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, (e: CliRunError) => e.failure === 'cancelled');
  });

  it('reports a crash with no output', async () => {
    const cli = fakeCli('exit 3');
    await assert.rejects(runCli(['org', 'list'], { command: cli, timeoutMs: 5000 }), (e: CliRunError) => e.failure === 'crashed');
  });
});
