import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { hostPaths, hostSourceDir } from './hostPaths';

/**
 * A real VS Code (code-server: VS Code's server and web workbench) on 127.0.0.1, with its own
 * user-data, extensions, XDG and HOME folders inside one temporary RUN folder.
 * See shared/reference/real-vscode.md. Install it first: `npm run host:install`.
 */
export interface CodeServerOptions {
  /** .vsix files to install (`--install-extension`) before the server starts. */
  vsix?: string[];
  /** Extension folders to link into the extensions dir as `publisher.name-version` (no packaging). */
  linkExtensions?: string[];
  /** Merged into the seeded User/settings.json. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and so for its extension host (e.g. the emulator's URL). */
  env?: Record<string, string>;
  /** Folders put first on the PATH of the server and its extension host (e.g. a folder with an `sf` shim). */
  pathPrepend?: string[];
  /** Lets the workbench honour the `payload` URL parameter (in-host tests). */
  smokeTestDriver?: boolean;
  /** Port on 127.0.0.1; default a free one. */
  port?: number;
  /** Where to put everything; default a new folder under the OS temp dir, removed on stop(). */
  runDir?: string;
  /** Receives the server's output lines; default: kept in `output` only. */
  onOutput?: (line: string) => void;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly runDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Everything the server printed so far. */
  readonly output: string[];
  /** Workbench URL for a folder, optionally with a smoke-test `payload`. */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  /** `vscode-remote://` URI of a local path, as the workbench's payload expects. */
  remoteUri(localPath: string): string;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 60_000;

export function assertHostInstalled(): void {
  const missing = [hostPaths.node24, hostPaths.codeServerEntry, hostPaths.chromium].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(`The test host is not installed (missing ${missing.join(', ')}). Run: npm run host:install`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

function defaultSettings(): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'github.gitAuthentication': false,
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
}

function layout(runDir: string) {
  const dirs = {
    userDataDir: path.join(runDir, 'udd'),
    extensionsDir: path.join(runDir, 'exts'),
    home: path.join(runDir, 'home'),
    xdgConfig: path.join(runDir, 'xdg-config'),
    xdgData: path.join(runDir, 'xdg-data'),
    xdgCache: path.join(runDir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  return dirs;
}

function serverEnv(dirs: ReturnType<typeof layout>, options: CodeServerOptions): NodeJS.ProcessEnv {
  const pathPrepend = [...(options.pathPrepend ?? []), path.dirname(hostPaths.node24)];
  return {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    PATH: `${pathPrepend.join(':')}:${process.env.PATH ?? ''}`,
    ...options.env,
  };
}

function commonArgs(dirs: ReturnType<typeof layout>): string[] {
  return ['--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

function installVsix(vsix: string, dirs: ReturnType<typeof layout>, env: NodeJS.ProcessEnv): void {
  const launcher = path.join(hostSourceDir, 'launch.js');
  const result = spawnSync(hostPaths.node24, [launcher, ...commonArgs(dirs), '--install-extension', vsix, '--force'],
    { env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

function linkExtension(folder: string, extensionsDir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.symlinkSync(path.resolve(folder), target, 'dir');
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/healthz`, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => { request.destroy(); resolve(false); });
  });
}

async function waitHealthy(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output.slice(-30).join('\n')}`);
    }
    if (await healthy(url)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${HEALTH_TIMEOUT_MS / 1000}s:\n${output.slice(-30).join('\n')}`);
}

/** SIGTERM the whole process group (server, extension host, its children), SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signalGroup('SIGKILL');
    await exited;
  }
  // Children that outlived the server in the same group (e.g. the extension host) get the same end.
  await new Promise((r) => setTimeout(r, 200));
  signalGroup('SIGKILL');
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertHostInstalled();
  const ownRunDir = options.runDir === undefined;
  const runDir = options.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-jobs-code-server-'));
  const dirs = layout(runDir);
  const env = serverEnv(dirs, options);

  // User settings, and the same as the server's Machine settings: in a remote window (which code-server
  // always is) settings with "scope": "machine" (e.g. bulkJobs.cliPath) are read only from there.
  const settings = JSON.stringify({ ...defaultSettings(), ...options.settings }, null, 2);
  for (const scope of ['User', 'Machine']) {
    fs.mkdirSync(path.join(dirs.userDataDir, scope), { recursive: true });
    fs.writeFileSync(path.join(dirs.userDataDir, scope, 'settings.json'), settings);
  }

  for (const vsix of options.vsix ?? []) {
    installVsix(vsix, dirs, env);
  }
  for (const folder of options.linkExtensions ?? []) {
    linkExtension(folder, dirs.extensionsDir);
  }

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    path.join(hostSourceDir, 'launch.js'),
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    ...commonArgs(dirs),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(options.smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
  ];
  const child = spawn(hostPaths.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      options.onOutput?.(line);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const server: CodeServer = {
    url,
    port,
    runDir,
    userDataDir: dirs.userDataDir,
    extensionsDir: dirs.extensionsDir,
    output,
    remoteUri: (localPath) => `vscode-remote://127.0.0.1:${port}${path.resolve(localPath)}`,
    workbenchUrl(folder, payload) {
      let result = `${url}/?folder=${encodeURIComponent(path.resolve(folder))}`;
      if (payload) {
        result += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      }
      return result;
    },
    async stop() {
      await stopGroup(child);
      if (ownRunDir) {
        fs.rmSync(runDir, { recursive: true, force: true });
      }
    },
  };
  try {
    await waitHealthy(url, child, output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
