import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliOutputError, parseOrgDisplay } from '../../../../src/orgs/cli/cliParse';
import { isExecutableFile, resolveCli } from '../../../../src/orgs/cli/cliResolve';
import { cliEnv, CliRunError, defaultTreeKillDeps, runCli, treeKiller } from '../../../../src/orgs/cli/cliRunner';

/** True once the process is gone (or a zombie nobody has reaped yet: it runs no more). */
function isGone(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && !isGone(pid); i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  return isGone(pid);
}

function readPid(file: string): number {
  return Number(fs.readFileSync(file, 'utf8').trim());
}

describe('orgs: running the CLI', () => {
  let dir: string;
  let home: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bj-cli-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'bj-home-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  function fakeCli(body: string, folder = dir): string {
    const file = path.join(folder, 'sf');
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  }

  /** A script that starts a grandchild (`sleep 60 &`), writes both pids, and waits. */
  function treeCli(): { cli: string; childPid: () => number; grandchildPid: () => number } {
    const child = path.join(dir, 'child.pid');
    const grandchild = path.join(dir, 'grandchild.pid');
    const cli = fakeCli(`sleep 60 &\necho $! > "${grandchild}"\necho $$ > "${child}"\nwait`);
    return { cli, childPid: () => readPid(child), grandchildPid: () => readPid(grandchild) };
  }

  async function untilWritten(file: string): Promise<void> {
    for (let i = 0; i < 200 && !(fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim()); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('passes arguments without a shell, adds --json and NO_COLOR, and reads stdout only', async () => {
    const cli = fakeCli('echo "spawn sf ENOENT" >&2; printf \'{"status":0,"result":{"args":"%s","color":"%s"}}\' "$*" "$NO_COLOR"');
    const out = await runCli(['org', 'display', '--target-org', 'a b;echo x'], { command: cli, timeoutMs: 5000, cwd: home });
    assert.deepStrictEqual(JSON.parse(out).result, { args: 'org display --target-org a b;echo x --json', color: '1' });
  });

  it('runs in the home folder it is given, not in the current or a workspace folder', async () => {
    const cli = fakeCli('printf \'{"cwd":"%s"}\' "$(pwd -P)"');
    const out = await runCli(['org', 'list'], { command: cli, timeoutMs: 5000, cwd: home });
    assert.strictEqual(JSON.parse(out).cwd, fs.realpathSync(home));
  });

  it('closes stdin', async () => {
    const cli = fakeCli('if read -r line; then printf \'{"stdin":"open"}\'; else printf \'{"stdin":"closed"}\'; fi');
    const out = await runCli(['org', 'list'], { command: cli, timeoutMs: 5000, cwd: home });
    assert.strictEqual(JSON.parse(out).stdin, 'closed');
  });

  it('returns the JSON of a failing command (non-zero exit)', async () => {
    const cli = fakeCli('echo \'{"status":1,"name":"NamedOrgNotFoundError","message":"nope"}\'; exit 1');
    const out = await runCli(['org', 'display'], { command: cli, timeoutMs: 5000, cwd: home });
    assert.throws(() => parseOrgDisplay(out), (e: CliOutputError) => e.problem === 'noSuchOrg');
  });

  it('says when the CLI is not there', async () => {
    await assert.rejects(runCli(['--version'], { command: path.join(dir, 'missing-sf'), timeoutMs: 5000, cwd: home }),
      (e: CliRunError) => e.failure === 'notFound');
  });

  it('refuses a command that is not an absolute path, without running anything', async () => {
    await assert.rejects(runCli(['--version'], { command: 'sf', timeoutMs: 5000, cwd: home }), (e: CliRunError) => e.failure === 'notFound');
  });

  it('gives up after the time box and kills the CLI and what it started', async () => {
    const { cli, childPid, grandchildPid } = treeCli();
    await assert.rejects(runCli(['org', 'list'], { command: cli, timeoutMs: 500, cwd: home }), (e: CliRunError) => e.failure === 'timeout');
    await untilWritten(path.join(dir, 'child.pid'));
    assert.ok(await waitUntilGone(childPid()), 'the CLI is still running');
    assert.ok(await waitUntilGone(grandchildPid()), 'the process the CLI started is still running');
  });

  it('can be cancelled, and then kills the CLI and what it started', async () => {
    const { cli, childPid, grandchildPid } = treeCli();
    const ac = new AbortController();
    const p = runCli(['org', 'list'], { command: cli, timeoutMs: 20_000, signal: ac.signal, cwd: home });
    await untilWritten(path.join(dir, 'child.pid'));
    ac.abort();
    await assert.rejects(p, (e: CliRunError) => e.failure === 'cancelled');
    assert.ok(await waitUntilGone(childPid()), 'the CLI is still running');
    assert.ok(await waitUntilGone(grandchildPid()), 'the process the CLI started is still running');
  });

  it('does not start at all when already cancelled', async () => {
    const marker = path.join(dir, 'ran');
    const cli = fakeCli(`touch "${marker}"`);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(runCli(['org', 'list'], { command: cli, timeoutMs: 5000, signal: ac.signal, cwd: home }), (e: CliRunError) => e.failure === 'cancelled');
    assert.ok(!fs.existsSync(marker));
  });

  it('refuses an answer over the cap as too large, not as a timeout, and stops the CLI', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const cli = fakeCli(`echo $$ > "${pidFile}"\nprintf '{"result":"'\nwhile :; do printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'; done`);
    await assert.rejects(runCli(['org', 'list'], { command: cli, timeoutMs: 20_000, cwd: home, maxOutputBytes: 64 * 1024 }),
      (e: CliRunError) => e.failure === 'tooLarge' && /more than/.test(e.message));
    assert.ok(await waitUntilGone(readPid(pidFile)), 'the CLI is still running');
  });

  it('reads an answer just under the cap in full', async () => {
    const cli = fakeCli('printf \'{"result":"\'; head -c 60000 /dev/zero | tr "\\0" x; printf \'"}\'');
    const out = await runCli(['org', 'list'], { command: cli, timeoutMs: 5000, cwd: home, maxOutputBytes: 64 * 1024 });
    assert.strictEqual(JSON.parse(out).result.length, 60000);
  });

  it('reports a crash with no output', async () => {
    const cli = fakeCli('exit 3');
    await assert.rejects(runCli(['org', 'list'], { command: cli, timeoutMs: 5000, cwd: home }),
      (e: CliRunError) => e.failure === 'crashed' && e.message.includes('3'));
  });

  it('never runs an sf planted in a workspace folder that is first on PATH', async () => {
    const workspace = fs.mkdtempSync(path.join(dir, 'workspace-'));
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    const marker = path.join(dir, 'planted-ran');
    fakeCli(`touch "${marker}"; echo '{"planted":true}'`, workspace);
    fakeCli('echo \'{"planted":false}\'', bin);
    const env = { ...cliEnv(), PATH: [workspace, path.join(workspace, 'node_modules', '.bin'), '.', '', bin].join(':') };
    const found = resolveCli({ command: 'sf', platform: 'linux', env, workspaceFolders: [workspace], homeDir: home, isExecutable: isExecutableFile('linux') });
    assert.deepStrictEqual(found, { ok: true, file: path.join(bin, 'sf') });
    const out = await runCli(['org', 'list'], { command: found.ok ? found.file : '', timeoutMs: 5000, cwd: home, env });
    assert.strictEqual(JSON.parse(out).planted, false);
    assert.ok(!fs.existsSync(marker), 'the planted sf ran');
  });
});

describe('orgs: killing the CLI process tree', () => {
  function recorder(failGroup = false, taskkillFails = false) {
    const calls: unknown[][] = [];
    return {
      calls,
      deps: {
        kill: (pid: number, signal: NodeJS.Signals) => {
          calls.push(['kill', pid, signal]);
          if (failGroup && pid < 0) {
            throw Object.assign(new Error('no such process group'), { code: 'ESRCH' });
          }
        },
        run: (file: string, args: readonly string[], failed: () => void) => {
          calls.push(['run', file, ...args]);
          if (taskkillFails) failed();
        },
      },
    };
  }

  it('on Windows runs taskkill /T /F by its absolute path under %SystemRoot%', () => {
    const r = recorder();
    treeKiller('win32', { ...r.deps, systemRoot: 'D:\\WINNT' })(4242);
    assert.deepStrictEqual(r.calls, [['run', 'D:\\WINNT\\System32\\taskkill.exe', '/pid', '4242', '/T', '/F']]);
  });

  it('on Windows, when taskkill fails (or cannot start), the CLI\'s process is still killed', () => {
    const r = recorder(false, true);
    treeKiller('win32', { ...r.deps, systemRoot: 'C:\\Windows' })(4242);
    assert.deepStrictEqual(r.calls, [['run', 'C:\\Windows\\System32\\taskkill.exe', '/pid', '4242', '/T', '/F'], ['kill', 4242, 'SIGKILL']]);
  });

  it('on Windows, a taskkill that cannot start (the real spawner) ends in killing the CLI\'s process', async () => {
    const killed: number[] = [];
    await new Promise<void>((resolve) => {
      treeKiller('win32', { ...defaultTreeKillDeps(), systemRoot: '/no/such/root', kill: (pid) => { killed.push(pid); resolve(); } })(4242);
    });
    assert.deepStrictEqual(killed, [4242]);
  });

  it('on Windows without %SystemRoot% uses C:\\Windows', () => {
    const r = recorder();
    treeKiller('win32', r.deps)(7);
    assert.deepStrictEqual(r.calls, [['run', 'C:\\Windows\\System32\\taskkill.exe', '/pid', '7', '/T', '/F']]);
  });

  for (const platform of ['darwin', 'linux'] as const) {
    it(`on ${platform} sends SIGKILL to the whole process group`, () => {
      const r = recorder();
      treeKiller(platform, r.deps)(4242);
      assert.deepStrictEqual(r.calls, [['kill', -4242, 'SIGKILL']]);
    });

    it(`on ${platform} falls back to the process itself when there is no group`, () => {
      const r = recorder(true);
      treeKiller(platform, r.deps)(4242);
      assert.deepStrictEqual(r.calls, [['kill', -4242, 'SIGKILL'], ['kill', 4242, 'SIGKILL']]);
    });
  }
});
