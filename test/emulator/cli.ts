/**
 * Runs the emulator from a command line:
 *   node out/test/emulator/cli.js [--port 8123] [--seed demo|empty] [--token T] [--speed N] [--page-size N]
 * Prints one JSON line `{"url":…,"token":…,"username":…}` on stdout (plus `refreshToken` and
 * `sfdxAuthUrl`), then one line per request on stderr; stops on SIGINT / SIGTERM.
 */
import { sfdxAuthUrl, startEmulator } from './index';

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      throw new Error(`Unexpected argument: ${a}`);
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      args.set(a.slice(2, eq), a.slice(eq + 1));
    } else {
      args.set(a.slice(2), argv[++i] ?? '');
    }
  }
  return args;
}

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`--${name} needs a non-negative number, got "${value}"`);
  }
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seed = args.get('seed') ?? 'demo';
  if (seed !== 'demo' && seed !== 'empty') {
    throw new Error('--seed is demo or empty');
  }
  const emulator = await startEmulator({
    port: num(args.get('port'), 'port') ?? 0,
    seed,
    clock: 'real',
    speed: num(args.get('speed'), 'speed') ?? 1,
    token: args.get('token') || undefined,
    pageSize: num(args.get('page-size'), 'page-size'),
    onRequest: (e) => {
      process.stderr.write(`${new Date().toISOString()} ${e.method} ${e.path} -> ${e.status || 'no answer'} ${Math.round(e.endedAt - e.startedAt)}ms${e.fault ? ' [fault]' : ''}\n`);
    },
  });
  process.stdout.write(JSON.stringify({
    url: emulator.url,
    token: emulator.token,
    username: emulator.username,
    refreshToken: emulator.refreshToken,
    sfdxAuthUrl: sfdxAuthUrl(emulator),
  }) + '\n');
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
